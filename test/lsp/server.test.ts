import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { TestLspClient, fileUri, SERVER_BUNDLE } from '../support/lsp-client';
import { CHECK_DOCUMENT_COMMAND, STATUS_NOTIFICATION, type StatusParams } from '../../protocol/server';

const examples = path.resolve(__dirname, '../../examples');
const bakeryPath = path.join(examples, 'bakery.solution.md');
const bakery = readFileSync(bakeryPath, 'utf8');

/** The text a diagnostic's range covers in `text`. */
function covered(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (range.start.line === range.end.line) return lines[range.start.line].slice(range.start.character, range.end.character);
  return [lines[range.start.line].slice(range.start.character), ...lines.slice(range.start.line + 1, range.end.line), lines[range.end.line].slice(0, range.end.character)].join('\n');
}

describe('language server over stdio', () => {
  let client: TestLspClient;
  before(async () => {
    client = new TestLspClient({ check: { delayMs: 0 } });
    await client.initialize();
  });
  after(async () => client.shutdown());

  test('publishes the checker findings on open, on the exact equation and answer', async () => {
    const uri = fileUri(bakeryPath);
    client.open(uri, bakery, 1);
    const { diagnostics } = await client.waitForVersion(uri, 1);
    const byCode = (c: string) => diagnostics.filter((d) => d.code === c);
    assert.equal(byCode('wrong-equation').length, 1, JSON.stringify(diagnostics));
    const eq = byCode('wrong-equation')[0];
    assert.equal(covered(bakery, eq.range), '5 + 3 × 2 = 16');
    assert.equal(eq.range.start.line, bakery.split('\n').findIndex((l) => l.includes('5 + 3 × 2')));
    assert.equal(String(eq.message), '5 + 3 × 2 = 16 is wrong: 5 + 3 × 2 = 11');
    assert.equal(eq.source, 'mathcritic');
    assert.equal(eq.severity, 1);
    assert.deepEqual(eq.data, { stepIndex: 0 });
    const answer = byCode('wrong-final-answer');
    assert.equal(answer.length, 1);
    assert.equal(covered(bakery, answer[0].range), '$2,000');
  });

  test('an edit that fixes the equation clears its finding; breaking it again brings it back', async () => {
    const uri = fileUri(bakeryPath) + '?edit';
    client.open(uri, bakery, 1);
    await client.waitForVersion(uri, 1);
    const fixed = bakery.replace('5 + 3 × 2 = 16', '5 + 3 × 2 = 11');
    client.change(uri, 2, fixed);
    const after = await client.waitForVersion(uri, 2);
    assert.equal(after.diagnostics.filter((d) => d.code === 'wrong-equation').length, 0);
    client.change(uri, 3, fixed.replace('16 × 10 = 160', '16 × 10 = 150'));
    const again = await client.waitForVersion(uri, 3);
    const eq = again.diagnostics.filter((d) => d.code === 'wrong-equation');
    assert.equal(eq.length, 1);
    assert.match(String(eq[0].message), /16 × 10 = 150 is wrong: 16 × 10 = 160/);
  });

  test('a burst of edits ends with the diagnostics of the last version', async () => {
    const uri = 'untitled:burst.solution.md';
    client.open(uri, bakery, 1);
    await client.waitForVersion(uri, 1);
    for (let v = 2; v <= 20; v++) client.change(uri, v, bakery.replace('16 × 10 = 160', `16 × 10 = ${150 + v}`));
    const last = await client.waitForVersion(uri, 20);
    assert.ok(last.diagnostics.some((d) => String(d.message).includes('16 × 10 = 170 is wrong')));
  });

  test('CRLF documents get the same ranges in their own lines', async () => {
    const crlf = bakery.replace(/\n/g, '\r\n');
    const uri = fileUri(path.join(examples, 'crlf.solution.md'));
    client.open(uri, crlf, 1);
    const { diagnostics } = await client.waitForVersion(uri, 1);
    const eq = diagnostics.find((d) => d.code === 'wrong-equation')!;
    assert.equal(covered(crlf, eq.range), '5 + 3 × 2 = 16');
  });

  test('an ordinary Markdown file gets no diagnostics', async () => {
    const uri = fileUri(path.join(examples, 'README.md'));
    client.open(uri, readFileSync(path.join(examples, 'README.md'), 'utf8'), 1);
    const { diagnostics } = await client.waitForVersion(uri, 1);
    assert.deepEqual(diagnostics, []);
    const status = client.notifications.filter((n) => n.method === STATUS_NOTIFICATION).map((n) => n.params as StatusParams).filter((s) => s.uri === uri);
    assert.equal(status.at(-1)?.state, 'not-a-solution');
  });

  test('hover on a step says what was checked there', async () => {
    const uri = fileUri(bakeryPath) + '?hover';
    client.open(uri, bakery, 1);
    await client.waitForVersion(uri, 1);
    const line = bakery.split('\n').findIndex((l) => l.includes('16 × 10 = 160'));
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 12 } })) as { contents: { value: string } };
    assert.match(hover.contents.value, /step 2 of 3/);
    assert.match(hover.contents.value, /✓ 16 × 10 = 160/);
    const none = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 0 } });
    assert.equal(none, null);
  });

  test('what a document quotes back is short and inert: a 200,000-digit number, a final answer written as a link', async () => {
    const uri = 'untitled:hostile-quotes.solution.md';
    const huge = '9'.repeat(200_000);
    const text = `---\nanswer: 5\n---\n# Problem\n\nP.\n\n# Solution\n\nStep 1: ${huge} + 1 = 5.\n\nThe answer is [here](https://evil.example/x).\n`;
    client.open(uri, text, 1);
    const { diagnostics } = await client.waitForVersion(uri, 1);
    const wrong = diagnostics.find((d) => d.code === 'wrong-equation');
    assert.ok(wrong, 'the slip is still found');
    const message = String(wrong.message);
    assert.ok(message.length < 1_100, `message of ${message.length} characters`);
    assert.match(message, /\(200,000 characters\)/);
    const line = text.split('\n').findIndex((l) => l.startsWith('The answer is'));
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 3 } })) as { contents: { value: string } } | null;
    assert.ok(hover, 'the answer line has a hover');
    assert.doesNotMatch(hover.contents.value, /(^|[^\\])\]\(|https?:\/\//, 'no link in the hover');
    const first = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: text.split('\n').findIndex((l) => l.startsWith('Step 1')), character: 3 } })) as { contents: { value: string } };
    assert.ok(first.contents.value.length < 3_000, `hover of ${first.contents.value.length} characters`);
  });

  test('the check command returns a summary and the status notification counts problems', async () => {
    const uri = fileUri(bakeryPath) + '?cmd';
    client.open(uri, bakery, 1);
    await client.waitForVersion(uri, 1);
    const summary = await client.connection.sendRequest('workspace/executeCommand', { command: CHECK_DOCUMENT_COMMAND, arguments: [uri] });
    assert.deepEqual(summary, { uri, isSolution: true, problems: 2, errors: 2 });
    const status = client.notifications.map((n) => n.params as StatusParams).filter((s) => s?.uri === uri).at(-1);
    assert.equal(status?.problems, 2);
  });
});

describe('settings through workspace/configuration', () => {
  test('severity overrides and "off" apply after a configuration change', async () => {
    const client = new TestLspClient({ check: { delayMs: 0 }, severity: { 'wrong-equation': 'warning' } });
    try {
      await client.initialize();
      const uri = fileUri(bakeryPath);
      client.open(uri, bakery, 1);
      const first = await client.waitForVersion(uri, 1);
      assert.equal(first.diagnostics.find((d) => d.code === 'wrong-equation')?.severity, 2);
      client.settings = { check: { delayMs: 0 }, severity: { 'wrong-equation': 'off', 'wrong-final-answer': 'hint' } };
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const next = await client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'wrong-equation'));
      assert.equal(next.diagnostics.find((d) => d.code === 'wrong-final-answer')?.severity, 4);
    } finally {
      await client.shutdown();
    }
  });

  test('settings sent with initialize: an open is checked once, with them; an unchanged configuration does not re-check', async () => {
    const settings = { check: { delayMs: 150 }, severity: { 'wrong-equation': 'warning' } };
    const client = new TestLspClient(settings);
    try {
      await client.initialize({ trusted: false, settings });
      const uri = fileUri(bakeryPath);
      client.open(uri, bakery, 1);
      const first = await client.waitForVersion(uri, 1);
      assert.equal(first.diagnostics.find((d) => d.code === 'wrong-equation')?.severity, 2, 'the first publish already has the user severity');
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      // Longer than delayMs: a second check of the same version (the open seen as a change, or the
      // configuration announcement) would have published by now.
      await new Promise((r) => setTimeout(r, 600));
      const checked = client.notifications.filter((n) => n.method === 'mathcritic/status' && (n.params as StatusParams).uri === uri && (n.params as StatusParams).state === 'done');
      assert.equal(checked.length, 1, JSON.stringify(checked));
    } finally {
      await client.shutdown();
    }
  });

  test('a bad setting value falls back to its default instead of breaking the server', async () => {
    const client = new TestLspClient({ check: { delayMs: 'soon' }, severity: { 'wrong-equation': 'loud' }, solutionGlobs: 7 });
    try {
      await client.initialize();
      const uri = fileUri(bakeryPath);
      client.open(uri, bakery, 1);
      const d = await client.waitForVersion(uri, 1);
      assert.ok(d.diagnostics.some((x) => x.code === 'wrong-equation' && x.severity === 1));
    } finally {
      await client.shutdown();
    }
  });
});

test('started without a transport flag, the server says how to start it and exits 2', () => {
  const r = spawnSync(process.execPath, [SERVER_BUNDLE], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--stdio/);
});
