import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TestLspClient, fileUri } from '../support/lsp-client';
import { OpenAITestServer } from '../support/openai-test-server';
import { tempDir } from '../engine/curate/helpers';
import { CRITIQUE_DOCUMENT_COMMAND, CURATOR_LABEL_COMMAND } from '../../protocol/server';

const MODEL = 'mathcritic-model';

describe('"Not an error" on a critic diagnostic', () => {
  let server: OpenAITestServer;
  before(async () => (server = await OpenAITestServer.start()));
  after(async () => server.close());
  const critique = JSON.stringify({ steps: [{ step: 2, correct: false, comment: 'Recount.' }], first_wrong_step: 2, feedback: 'The eggs left are 9. Recount.' });

  const client = async () => {
    const c = new TestLspClient({ check: { delayMs: 0 }, critic: { baseUrl: server.baseUrl, model: 'test-model', trigger: 'onCommand' } });
    await c.initialize({ trusted: true, storagePath: tempDir() });
    return c;
  };
  const critiqueNow = async (c: TestLspClient, uri: string) => {
    server.script({ content: critique });
    const before = c.published.length;
    await c.connection.sendRequest('workspace/executeCommand', { command: CRITIQUE_DOCUMENT_COMMAND, arguments: [uri] });
    // The critique's own publish is the last one once the command has answered.
    await new Promise((r) => setTimeout(r, 100));
    const mine = c.published.slice(before).filter((p) => p.uri === uri);
    return mine[mine.length - 1].diagnostics.filter((d) => d.source === MODEL);
  };

  test('is remembered in the labels journal: the diagnostic stays away, across a restart, until the step changes', async () => {
    const dir = tempDir();
    const doc = path.join(dir, 'eggs.solution.md');
    copyFileSync(path.resolve(__dirname, '../../examples/eggs.solution.md'), doc);
    const text = readFileSync(doc, 'utf8').replace('Janet', 'Jan').replace('#### 18', 'Step 3: So she makes $18.\n\n#### 18');
    const uri = fileUri(doc);
    let c = await client();
    try {
      c.open(uri, text, 1);
      await c.waitForVersion(uri, 1);
      const [d] = await critiqueNow(c, uri);
      assert.ok(d, 'the critic names step 2');
      const actions = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as Array<{
        title: string;
        command?: { command: string; arguments: unknown[] };
      }>;
      const notAnError = actions.find((a) => a.title === 'Not an error');
      assert.ok(notAnError, actions.map((a) => a.title).join(' | '));
      assert.equal(notAnError.command?.command, CURATOR_LABEL_COMMAND);
      const gone = c.published.length;
      await c.connection.sendRequest('workspace/executeCommand', notAnError.command);
      const after = await c.waitForDiagnostics(uri, (p) => c.published.indexOf(p) >= gone);
      assert.equal(after.diagnostics.filter((x) => x.source === MODEL).length, 0, 'gone at once');
      const journal = readFileSync(path.join(dir, '.mathcritic', 'labels.journal'), 'utf8');
      assert.match(journal, /"rate-step","step":1,"rating":"correct"/);
      assert.deepEqual(await critiqueNow(c, uri), [], 'the same critique again: still away');
      // A later step changing does not bring it back.
      c.change(uri, 2, text.replace('So she makes', 'All in all she makes'));
      await c.waitForVersion(uri, 2);
      assert.deepEqual(await critiqueNow(c, uri), []);
    } finally {
      await c.shutdown();
    }
    // A new server (a restart, another window) reads the journal.
    c = await client();
    try {
      c.open(uri, text, 1);
      await c.waitForVersion(uri, 1);
      assert.deepEqual(await critiqueNow(c, uri), [], 'remembered across a restart');
      const edited = text.replace('9 * 2 = $18', '9 * 2 = $18 (nine eggs at two dollars)');
      c.change(uri, 2, edited);
      await c.waitForVersion(uri, 2);
      const back = await critiqueNow(c, uri);
      assert.equal(back.length, 1, 'the step changed: the critic is heard again');
    } finally {
      await c.shutdown();
    }
  });
});
