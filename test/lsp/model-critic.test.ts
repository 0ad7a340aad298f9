import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TestLspClient, fileUri } from '../support/lsp-client';
import { OpenAITestServer } from '../support/openai-test-server';
import { CRITIQUE_DOCUMENT_COMMAND, EXPORT_CRITIQUE_COMMAND, STATUS_NOTIFICATION, type CritiqueSummary, type StatusParams } from '../../protocol/server';

const examples = path.resolve(__dirname, '../../examples');
const eggsPath = path.join(examples, 'eggs.solution.md');
const eggs = readFileSync(eggsPath, 'utf8');
const bakery = readFileSync(path.join(examples, 'bakery.solution.md'), 'utf8');
const critique = (step: number | null, feedback = 'The eggs left are 16 - 3 - 4 = 9, so check the count again. Then redo the sale.') =>
  JSON.stringify({ steps: step ? [{ step, correct: false, comment: feedback }] : [], first_wrong_step: step, feedback: step ? feedback : '' });

describe('model critic in the language server', () => {
  let server: OpenAITestServer;
  before(async () => (server = await OpenAITestServer.start()));
  after(async () => server.close());

  const start = async (critic: Record<string, unknown>, trusted = true) => {
    const client = new TestLspClient({ check: { delayMs: 0 }, critic: { baseUrl: server.baseUrl, model: 'test-model', ...critic } });
    await client.initialize({ trusted, storagePath: mkdtempSync(path.join(tmpdir(), 'mathcritic-storage-')) });
    return client;
  };
  const save = (client: TestLspClient, uri: string) => void client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });

  test('on save: a diagnostic on the first wrong step with the critic\'s first sentence, data for a quick fix', async () => {
    const client = await start({ trigger: 'onSave' });
    try {
      const uri = fileUri(eggsPath) + '?save';
      client.open(uri, eggs, 1);
      await client.waitForVersion(uri, 1);
      const asked = server.requests.length;
      assert.equal(asked, server.requests.length, 'nothing is sent on open');
      server.script({ content: critique(2) });
      save(client, uri);
      const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.source === 'mathcritic-model'));
      const d = diagnostics.find((x) => x.source === 'mathcritic-model')!;
      assert.equal(d.code, 'critic-first-wrong-step');
      assert.equal(d.severity, 1);
      assert.equal(String(d.message), 'Step 2: The eggs left are 16 - 3 - 4 = 9, so check the count again.');
      assert.equal((d.data as { stepIndex: number }).stepIndex, 1);
      assert.match((d.data as { critiqueId: string }).critiqueId, /^[0-9a-f]{32}$/);
      const line = eggs.split('\n')[d.range.start.line];
      assert.match(line, /^Step 2|^2\.|\S/);
      assert.equal(server.requests.length, asked + 1);
      // Hover on that step carries the whole critique.
      const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })) as { contents: { value: string } };
      const shown = unescapeMarkdown(hover.contents.value);
      assert.match(shown, /Critic \(test-model, critique-v1\)/);
      assert.match(shown, /Then redo the sale\./);
    } finally {
      await client.shutdown();
    }
  });

  test("a critique's Markdown is shown as text in the hover: no image fetched, no link, no HTML", async () => {
    const client = await start({ trigger: 'onSave' });
    try {
      const uri = fileUri(eggsPath) + '?markdown';
      client.open(uri, eggs, 1);
      await client.waitForVersion(uri, 1);
      const hostile = 'Wrong count. ![pixel](https://tracker.example/p.png?k=1) See [the fix](command:workbench.action.terminal.new) or https://evil.example/x <img src=x onerror=alert(1)> `code` **bold**';
      server.script({ content: critique(2, hostile) });
      save(client, uri);
      const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.source === 'mathcritic-model'));
      const d = diagnostics.find((x) => x.source === 'mathcritic-model')!;
      const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })) as { contents: { value: string } };
      const value = hover.contents.value;
      assert.ok(value.includes('tracker'), 'the critique is in the hover');
      // Every Markdown mark of the critique is escaped: no image, link, autolink, tag or code span is left to render.
      assert.doesNotMatch(value, /(^|[^\\])!\[/, 'no image');
      assert.doesNotMatch(value, /(^|[^\\])\]\(/, 'no link');
      assert.doesNotMatch(value, /https?:\/\//, 'no bare address to autolink');
      assert.doesNotMatch(value, /(^|[^\\])<img/, 'no HTML');
      assert.doesNotMatch(value, /(^|[^\\])`code/, 'no code span');
      assert.equal(unescapeMarkdown(value).includes(hostile), true, 'read as text, it is the critique as written');
    } finally {
      await client.shutdown();
    }
  });

  test('export: the critique of exactly this text becomes a JSONL training record', async () => {
    const client = await start({ trigger: 'onCommand' });
    try {
      const uri = fileUri(eggsPath) + '?export';
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'mathcritic-export-')), 'critiques.jsonl');
      client.open(uri, eggs, 1);
      await client.waitForVersion(uri, 1);
      await assert.rejects(client.connection.sendRequest('workspace/executeCommand', { command: EXPORT_CRITIQUE_COMMAND, arguments: [uri, file] }), /no critique of this text yet/);
      server.script({ content: critique(2) });
      await client.connection.sendRequest('workspace/executeCommand', { command: CRITIQUE_DOCUMENT_COMMAND, arguments: [uri] });
      await client.connection.sendRequest('workspace/executeCommand', { command: EXPORT_CRITIQUE_COMMAND, arguments: [uri, file] });
      const [record] = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.equal(record.id, 'gsm8k-eggs');
      assert.equal(record.first_wrong_step, 1);
      assert.equal(record.messages.length, 3);
      // After an edit, the old critique is not exported with the new text.
      client.change(uri, 2, eggs.replace('16 - 3 - 4 = 9', '16 - 7 = 9'));
      await client.waitForVersion(uri, 2);
      await assert.rejects(client.connection.sendRequest('workspace/executeCommand', { command: EXPORT_CRITIQUE_COMMAND, arguments: [uri, file] }), /no critique of this text yet/);
    } finally {
      await client.shutdown();
    }
  });

  test('K = 3 critiques: agreement in the message, low agreement lowers the severity', async () => {
    const client = await start({ trigger: 'onCommand', samples: 3, temperature: 0.8 });
    try {
      const uri = fileUri(eggsPath) + '?k';
      client.open(uri, eggs, 1);
      await client.waitForVersion(uri, 1);
      server.script([{ content: critique(2) }, { content: critique(2) }, { content: critique(1) }]);
      const summary = (await client.connection.sendRequest('workspace/executeCommand', { command: CRITIQUE_DOCUMENT_COMMAND, arguments: [uri] })) as CritiqueSummary;
      assert.deepEqual([summary.ok, summary.firstWrongStep, summary.votes, summary.readable], [true, 1, 2, 3]);
      const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.source === 'mathcritic-model'));
      const d = diagnostics.find((x) => x.source === 'mathcritic-model')!;
      assert.match(String(d.message), /\(2 of 3 critiques\)$/);
      assert.equal(d.severity, 2, 'two of three is a warning');
    } finally {
      await client.shutdown();
    }
  });

  test('both critics on one step: said once, checker diagnostic kept', async () => {
    const client = await start({ trigger: 'onCommand' });
    try {
      const uri = fileUri(path.join(examples, 'bakery.solution.md')) + '?both';
      client.open(uri, bakery, 1);
      await client.waitForVersion(uri, 1);
      server.script({ content: critique(1, 'Multiply before adding: 5 + 3 × 2 = 11.') });
      await client.connection.sendRequest('workspace/executeCommand', { command: CRITIQUE_DOCUMENT_COMMAND, arguments: [uri] });
      const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.source === 'mathcritic-model'));
      const model = diagnostics.filter((x) => x.source === 'mathcritic-model');
      assert.equal(model.length, 1);
      assert.match(String(model[0].message), /The embedded checker flags this step too\.$/);
      assert.ok(diagnostics.some((x) => x.source === 'mathcritic' && x.code === 'wrong-equation'));
    } finally {
      await client.shutdown();
    }
  });

  test('a critique cached on disk is shown again on reopen without a request', async () => {
    const storagePath = mkdtempSync(path.join(tmpdir(), 'mathcritic-storage-'));
    const settings = { check: { delayMs: 0 }, critic: { baseUrl: server.baseUrl, model: 'test-model', trigger: 'onCommand' } };
    const uri = fileUri(eggsPath) + '?reopen';
    let client = new TestLspClient(settings);
    await client.initialize({ trusted: true, storagePath });
    client.open(uri, eggs, 1);
    await client.waitForVersion(uri, 1);
    server.script({ content: critique(2) });
    await client.connection.sendRequest('workspace/executeCommand', { command: CRITIQUE_DOCUMENT_COMMAND, arguments: [uri] });
    await client.shutdown();
    const asked = server.requests.length;
    client = new TestLspClient(settings);
    try {
      await client.initialize({ trusted: true, storagePath });
      client.open(uri, eggs, 1);
      const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.source === 'mathcritic-model'));
      assert.equal(diagnostics.filter((d) => d.source === 'mathcritic-model').length, 1);
      assert.equal(server.requests.length, asked);
    } finally {
      await client.shutdown();
    }
  });

  test('an edit while the critic is reading cancels the request; no stale diagnostic', async () => {
    const client = await start({ trigger: 'onSave' });
    try {
      const uri = fileUri(eggsPath) + '?cancel';
      client.open(uri, eggs, 1);
      await client.waitForVersion(uri, 1);
      server.script({ content: critique(2), delayMs: 2_000 });
      const before = server.requests.length;
      save(client, uri);
      // Edit only once the request is at the server: a fixed wait raced it on a loaded machine.
      await until(() => server.requests.length > before, 'the critique request to reach the server');
      client.change(uri, 2, eggs + '\n');
      await client.waitForVersion(uri, 2);
      await until(() => server.requests.at(-1)!.aborted, 'the request in flight to be aborted');
      assert.equal(server.requests.at(-1)!.aborted, true);
      const last = await client.waitForDiagnostics(uri);
      assert.ok(!last.diagnostics.some((d) => d.source === 'mathcritic-model'));
    } finally {
      await client.shutdown();
    }
  });

  test('an endpoint that is down: one message, an error status, the checker\'s diagnostics stay', async () => {
    const client = new TestLspClient({ check: { delayMs: 0 }, critic: { baseUrl: 'http://127.0.0.1:9/v1', model: 'm', trigger: 'onSave', timeoutMs: 2000 } });
    client.record('window/logMessage');
    try {
      await client.initialize({ trusted: true });
      const uri = fileUri(path.join(examples, 'bakery.solution.md')) + '?down';
      client.open(uri, bakery, 1);
      await client.waitForVersion(uri, 1);
      // Each save's attempt is waited for (its error status), not a fixed time: retries take longer on a loaded machine.
      const errors = () => client.notifications.filter((n) => n.method === STATUS_NOTIFICATION && (n.params as StatusParams).uri === uri && (n.params as StatusParams).state === 'error').length;
      for (let i = 0; i < 3; i++) {
        const before = errors();
        save(client, uri);
        await until(() => errors() > before, `save ${i + 1}'s attempt to end in an error status`, 30_000);
      }
      const logs = client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message).filter((m) => /Could not reach/.test(m));
      assert.equal(new Set(logs).size, 1, 'said once');
      const status = client.notifications.filter((n) => n.method === STATUS_NOTIFICATION).map((n) => n.params as StatusParams).filter((s) => s.uri === uri).at(-1)!;
      assert.equal(status.state, 'error');
      assert.match(status.message ?? '', /Could not reach the model/);
      const { diagnostics } = await client.waitForDiagnostics(uri);
      assert.ok(diagnostics.some((d) => d.code === 'wrong-equation'));
    } finally {
      await client.shutdown();
    }
  });

  test('untrusted workspace: nothing is sent, the command says why', async () => {
    const client = await start({ trigger: 'onSave' }, false);
    try {
      const uri = fileUri(eggsPath) + '?untrusted';
      const asked = server.requests.length;
      client.open(uri, eggs, 1);
      await client.waitForVersion(uri, 1);
      save(client, uri);
      await assert.rejects(client.connection.sendRequest('workspace/executeCommand', { command: CRITIQUE_DOCUMENT_COMMAND, arguments: [uri] }), /not trusted/);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(server.requests.length, asked);
    } finally {
      await client.shutdown();
    }
  });
});

/** What Markdown shows of text escaped with backslashes. */
const unescapeMarkdown = (value: string) => value.replace(/\\(.)/g, '$1');

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
