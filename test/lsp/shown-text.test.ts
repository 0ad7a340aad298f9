import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from 'vscode-languageserver/node';
import { redactOutgoing } from '../../server/src/lsp/secret-redaction';
import { inertLinks } from '../../server/src/engine/text/inert-links';
import { markdownText } from '../../server/src/lsp/markdown-text';

// VS Code's notifications link `[label](https:… | command:… | file:…)`: the pattern they render.
const NOTIFICATION_LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+\)/i;

test('a notification links nothing: shown messages and error replies lose their link syntax, and read the same', () => {
  const hostile = 'record [run me](command:workbench.action.terminal.new?%5B%5D) and [site](https://evil.example/x) skipped';
  for (const msg of [
    { jsonrpc: '2.0', method: 'window/showMessage', params: { type: 2, message: hostile } },
    { jsonrpc: '2.0', id: 1, method: 'window/showMessageRequest', params: { type: 2, message: hostile, actions: [{ title: 'Open' }] } },
    { jsonrpc: '2.0', id: 2, error: { code: -32603, message: hostile } },
  ] as unknown as Message[]) {
    const out = JSON.stringify(redactOutgoing(msg));
    assert.doesNotMatch(out, NOTIFICATION_LINK, out);
    assert.match(out, /record \[run me\] \(command:workbench/);
  }
});

test('data is not rewritten: a diagnostic or a record keeps its brackets as written', () => {
  const msg = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'u', diagnostics: [{ message: 'see [a](b)' }] } } as Message;
  assert.equal(redactOutgoing(msg), msg);
});

test('inertLinks leaves text without link syntax as it is', () => {
  for (const t of ['5 + 3 × 2 = 16', 'f(x) = [x]', 'a]b (c)', '']) assert.equal(inertLinks(t), t);
  assert.equal(inertLinks('[a](b)[c](d)'), '[a] (b)[c] (d)');
});

test('Markdown text for a hover escapes every mark that could link, embed, tag or format', () => {
  const out = markdownText('![i](https://x.example/p.png) [l](command:x) <b>b</b> `c` *e* www.example.com');
  assert.doesNotMatch(out, /(^|[^\\])[![<`*]/);
  assert.doesNotMatch(out, /https?:\/\/|www\.example/);
  assert.equal(out.replace(/\\(.)/g, '$1'), '![i](https://x.example/p.png) [l](command:x) <b>b</b> `c` *e* www.example.com');
});
