import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { TestLspClient, fileUri } from '../support/lsp-client';

const doc = (body: string, front = 'answer: 18\n') => `---\n${front}---\n# Problem\n\nP\n\n# Solution\n\n${body}`;

/** Applies a code action's versioned edit to `text`, checking it was made for `version`. */
function apply(text: string, action: CodeAction, uri: string, version: number): string {
  const changes = action.edit?.documentChanges as TextDocumentEdit[] | undefined;
  assert.ok(changes?.length === 1, `one document edit in ${JSON.stringify(action)}`);
  assert.deepEqual(changes[0].textDocument, { uri, version });
  return TextDocument.applyEdits(TextDocument.create(uri, 'markdown', version, text), changes[0].edits as TextEdit[]);
}

describe('checker code actions through the real server', () => {
  let client: TestLspClient;
  let n = 0;
  before(async () => {
    client = new TestLspClient({ check: { delayMs: 0 } });
    await client.initialize();
  });
  after(async () => client.shutdown());

  const opened = async (text: string) => {
    const uri = fileUri(path.join(tmpdir(), `fixes-${process.pid}-${n++}.solution.md`));
    client.open(uri, text, 1);
    const { diagnostics } = await client.waitForVersion(uri, 1);
    return { uri, diagnostics };
  };
  const actionsFor = (uri: string, diagnostics: Diagnostic[], only?: string[]) =>
    client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics, ...(only ? { only } : {}) },
    }) as Promise<CodeAction[]>;

  test('a wrong equation: "Replace 16 with 11", preferred, written as the text writes numbers', async () => {
    const text = doc('Step 1: 5 + 3 × 2 = 16 cakes.\n\nStep 2: 1,200 + 1,300 = 2,600 and $1.50 + $1.50 = $3.50\n\nStep 3: $1{,}200 + 300 = 1{,}600\n\n#### 18\n');
    const { uri, diagnostics } = await opened(text);
    const eq = diagnostics.filter((d) => d.code === 'wrong-equation');
    const titles: string[] = [];
    let fixed = text;
    for (const d of eq) {
      const action = (await actionsFor(uri, [d])).find((a) => a.title.startsWith('Replace'))!;
      assert.ok(action, `a fix for ${d.message}`);
      assert.equal(action.kind, 'quickfix');
      assert.equal(action.isPreferred, true);
      assert.deepEqual(action.diagnostics, [d]);
      titles.push(action.title);
      fixed = apply(fixed, action, uri, 1);
    }
    assert.deepEqual(titles, ['Replace 16 with 11', 'Replace 2,600 with 2,500', 'Replace 3.50 with 3.00', 'Replace 1{,}600 with 1{,}500']);
    assert.match(fixed, /= 11 cakes/);
    assert.match(fixed, /= 2,500 and \$1\.50 \+ \$1\.50 = \$3\.00/);
    assert.match(fixed, /= 1\{,\}500/);
  });

  test('a missing final answer: "Add a final answer line", not preferred (it is a guess)', async () => {
    const text = doc('Step 1: 9 * 2 = 18 dollars.\n', 'answer: 20\n');
    const { uri, diagnostics } = await opened(text);
    const missing = diagnostics.filter((d) => d.code === 'missing-final-answer');
    const action = (await actionsFor(uri, missing)).find((a) => a.title.startsWith('Add a final answer line'))!;
    assert.ok(action, JSON.stringify(await actionsFor(uri, missing)));
    assert.equal(action.isPreferred, false);
    assert.match(apply(text, action, uri, 1), /18 dollars\.\n\nThe answer is 18\.\n$/);
  });

  test('"Disable <code> for this step" inserts the directive above the step, and the finding goes', async () => {
    const text = doc('Step 1: 2 + 2 = 4\n\n  Step 2: 3 + 3 = 7\n\nStep 3: 4 + 4 = 9\n\n#### 18\n');
    const { uri, diagnostics } = await opened(text);
    const second = diagnostics.find((d) => d.code === 'wrong-equation' && d.range.start.line === 11)!;
    assert.ok(second, JSON.stringify(diagnostics));
    const disable = (await actionsFor(uri, [second])).find((a) => a.title === 'Disable wrong-equation for this step')!;
    assert.ok(disable);
    const edited = apply(text, disable, uri, 1);
    assert.match(edited, /\n\n {2}<!-- mathcritic-disable-next-step wrong-equation -->\n {2}Step 2: 3 \+ 3 = 7/);
    client.change(uri, 2, edited);
    const after = await client.waitForVersion(uri, 2);
    assert.deepEqual(
      after.diagnostics.map((d) => `${d.code}@${d.range.start.line}`),
      ['wrong-equation@14'],
      'step 3 keeps its finding; step 2 is silenced',
    );
  });

  test('a second code for the same step joins the directive already above it', async () => {
    const text = doc('Step 1: 2 + 2 = 4\n\n<!-- mathcritic-disable-next-step wrong-quantity -->\nStep 2: 3 + 3 = 7. The answer is 17.\n');
    const { uri, diagnostics } = await opened(text);
    const eq = diagnostics.find((d) => d.code === 'wrong-equation')!;
    const disable = (await actionsFor(uri, [eq])).find((a) => a.title === 'Disable wrong-equation for this step')!;
    const once = apply(text, disable, uri, 1);
    assert.match(once, /\n<!-- mathcritic-disable-next-step wrong-quantity wrong-equation -->\nStep 2:/);
    assert.equal(once.split('mathcritic-disable-next-step').length, 2, 'one directive, not two');
    client.change(uri, 2, once);
    const after = await client.waitForVersion(uri, 2);
    const answer = after.diagnostics.find((d) => d.code === 'wrong-final-answer')!;
    const twice = apply(
      once,
      (await actionsFor(uri, [answer])).find((a) => a.title === 'Disable wrong-final-answer for this step')!,
      uri,
      2,
    );
    assert.match(twice, /<!-- mathcritic-disable-next-step wrong-quantity wrong-equation wrong-final-answer -->\nStep 2:/);
    client.change(uri, 3, twice);
    assert.deepEqual((await client.waitForVersion(uri, 3)).diagnostics, []);
  });

  test('every checker finding offers a disable action; a document-level one disables it for the document', async () => {
    const text = doc('Step 1: 2 + 2 = 5\n\nThe answer is 17.\n\n<!-- mathcritic-disable-next-step wrong-equaton -->\n');
    const { uri, diagnostics } = await opened(text);
    for (const d of diagnostics) {
      const titles = (await actionsFor(uri, [d])).map((a) => a.title);
      assert.ok(
        titles.some((t) => t === `Disable ${d.code} for this step` || t === `Disable ${d.code} for this document`),
        `${d.code}: ${titles.join(' | ')}`,
      );
    }
    const invalid = diagnostics.find((d) => d.code === 'invalid-directive')!;
    const action = (await actionsFor(uri, [invalid])).find((a) => a.title === 'Disable invalid-directive for this document')!;
    const edited = apply(text, action, uri, 1);
    assert.ok(edited.startsWith('---\nanswer: 18\n---\n<!-- mathcritic-disable invalid-directive -->\n# Problem'), edited);
    client.change(uri, 2, edited);
    const after = await client.waitForVersion(uri, 2);
    assert.deepEqual(after.diagnostics.map((d) => d.code).sort(), ['wrong-equation', 'wrong-final-answer']);
  });

  test('source.fixAll.mathcritic applies every safe fix at once (the guessed answer line is not one)', async () => {
    const text = doc('Step 1: 5 + 3 × 2 = 16.\n\nStep 2: 16 × 10 = 150, and 2 × 2 = 5 = 5.\n', 'answer: 160\n');
    const { uri, diagnostics } = await opened(text);
    for (const only of [['source.fixAll'], ['source.fixAll.mathcritic'], ['source']]) {
      const actions = await actionsFor(uri, diagnostics, only);
      assert.deepEqual(
        actions.map((a) => a.kind),
        ['source.fixAll.mathcritic'],
        `only ${only}: ${JSON.stringify(actions.map((a) => a.title))}`,
      );
    }
    const [all] = await actionsFor(uri, [], ['source.fixAll.mathcritic']);
    const fixed = apply(text, all, uri, 1);
    assert.match(fixed, /= 11\.\n\nStep 2: 16 × 10 = 160, and 2 × 2 = 4 = 5\./, 'one fix per overlapping chain: the next run fixes what is left');
    assert.doesNotMatch(fixed, /The answer is/);
    assert.equal(
      (await actionsFor(uri, diagnostics, ['quickfix'])).some((a) => a.kind === 'source.fixAll.mathcritic'),
      false,
      'a quick-fix request gets no fix-all',
    );
    client.change(uri, 2, fixed);
    const after = await client.waitForVersion(uri, 2);
    const [again] = await actionsFor(uri, [], ['source.fixAll.mathcritic']);
    const twice = apply(fixed, again, uri, 2);
    client.change(uri, 3, twice);
    const last = await client.waitForVersion(uri, 3);
    assert.ok(after.diagnostics.length > last.diagnostics.length);
    assert.deepEqual(
      last.diagnostics.filter((d) => d.code === 'wrong-equation'),
      [],
      twice,
    );
  });

  test('no fix for a diagnostic the server did not publish (a forged range)', async () => {
    const text = doc('Step 1: 2 + 2 = 5\n\n#### 18\n');
    const { uri, diagnostics } = await opened(text);
    const forged = { ...diagnostics[0], range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
    assert.deepEqual(
      (await actionsFor(uri, [forged])).filter((a) => a.kind === 'quickfix'),
      [],
    );
  });
});

describe('.mathcritic.json in the editor', () => {
  test('severities and disabled codes of the nearest file apply; a malformed one is shown once, then defaults', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'mathcritic-lsp-config-'));
    const file = path.join(root, 'a.solution.md');
    const config = path.join(root, '.mathcritic.json');
    const good = JSON.stringify({ severity: { 'wrong-equation': 'warning' }, disable: ['wrong-final-answer'] });
    writeFileSync(config, good);
    const client = new TestLspClient({ check: { delayMs: 0 }, severity: { 'wrong-equation': 'hint' } });
    const registered: unknown[] = [];
    client.connection.onRequest('client/registerCapability', (p: { registrations: unknown[] }) => {
      registered.push(...p.registrations);
      return null;
    });
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: fileUri(root),
      workspaceFolders: [{ uri: fileUri(root), name: 'root' }],
      capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    await client.connection.sendNotification('initialized', {});
    const changed = () => client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(config), type: 2 }] });
    const codes = (p: { diagnostics: Diagnostic[] }) => p.diagnostics.map((d) => [d.code, d.severity]).sort();
    try {
      const uri = fileUri(file);
      const text = doc('Step 1: 2 + 2 = 5\n\nThe answer is 17.\n');
      client.open(uri, text, 1);
      const first = await client.waitForVersion(uri, 1);
      assert.deepEqual(codes(first), [['wrong-equation', 2]], 'the file wins over the settings (hint) and disables the wrong final answer');
      assert.ok(
        registered.some((r) => JSON.stringify(r).includes('**/.mathcritic.json')),
        `a watcher for config files: ${JSON.stringify(registered)}`,
      );
      writeFileSync(config, '{ "severity": { "wrong-equation": "warning", } }');
      await changed();
      for (let v = 2; v <= 3; v++) {
        client.change(uri, v, text + '\n'.repeat(v));
        const p = await client.waitForVersion(uri, v);
        assert.deepEqual(
          codes(p),
          [
            ['wrong-equation', 4],
            ['wrong-final-answer', 1],
          ],
          'checked as if the file were not there',
        );
      }
      const shown = () => client.notifications.filter((m) => m.method === 'window/showMessage').map((m) => (m.params as { message: string }).message);
      assert.equal(shown().length, 1, `shown once: ${JSON.stringify(shown())}`);
      assert.ok(shown()[0].includes(config) && /:1:\d+: not valid JSON/.test(shown()[0]), shown()[0]);
      // Fixed: its values apply again, and no message.
      writeFileSync(config, good);
      await changed();
      client.change(uri, 4, text);
      assert.deepEqual(codes(await client.waitForVersion(uri, 4)), [['wrong-equation', 2]]);
      assert.equal(shown().length, 1);
    } finally {
      await client.shutdown();
    }
  });
});
