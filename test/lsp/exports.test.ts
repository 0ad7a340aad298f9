import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { TestLspClient, fileUri } from '../support/lsp-client';
import { OpenAITestServer, type RecordedRequest } from '../support/openai-test-server';
import { EXPORT_TRAINING_DATA_COMMAND, type ExportTrainingDataParams, type ExportTrainingDataResult } from '../../protocol/server';
import { critiqueRecordSchema, refinementRecordSchema, selfTalkRecordSchema } from '../../server/src/engine/export/schemas';
import { readDataset } from '../../server/src/engine/datasets';

/** The scripted models: a critic that flags "= 20", an actor that fixes it, a smoother. */
function respond(req: RecordedRequest) {
  const system = String(req.body.messages[0].content);
  const user = String(req.body.messages[1].content);
  const slow = /Slow/.test(user) ? 300 : 0;
  if (/critiques/.test(system)) {
    if (/Garbage\?/.test(user)) return { content: 'no idea', delayMs: slow };
    const wrong = /= 20/.test(user);
    return {
      delayMs: slow,
      content: JSON.stringify({ steps: [{ step: 1, correct: true, comment: 'Checks out.' }, ...(wrong ? [{ step: 2, correct: false, comment: '9 * 2 is 18' }] : [])], first_wrong_step: wrong ? 2 : null, feedback: wrong ? '9 * 2 is 18, not 20.' : '' }),
    };
  }
  if (/natural first-person/.test(system)) {
    if (/Bad\?/.test(user)) return { content: 'So the answer is \\boxed{7}.' };
    if (/Sum\?/.test(user)) return { content: '2 + 2 = 4, so \\boxed{4}.' };
    return { content: '9 eggs are sold. Then 9 * 2 = 20… wait, 9 * 2 is 18, not 20. So she makes \\boxed{18}.' };
  }
  return { content: 'Step 2: She makes 9 * 2 = $18.\nStep 3: \\boxed{18}' };
}

const doc = (id: string, problem: string, steps: string[], answer: string) =>
  `---\nid: ${id}\nanswer: ${answer}\n---\n# Problem\n\n${problem}\n\n# Solution\n\n${steps.map((s, i) => `Step ${i + 1}: ${s}`).join('\n\n')}\n`;

const EGGS = { problem: 'Eggs?', steps: ['16 - 7 = 9', '9 * 2 = 20', 'The answer is 20.'], answer: '18' };
const SUM = { problem: 'Sum?', steps: ['2 + 2 = 4', 'The answer is 4.'], answer: '4' };
const BAD = { problem: 'Bad?', steps: ['2 + 2 = 4', 'The answer is 4.'], answer: '4' };
const GARBAGE = { problem: 'Garbage?', steps: ['1 + 1 = 2'], answer: '2' };

function fixtures() {
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-exports-'));
  const folder = path.join(dir, 'solutions');
  mkdirSync(path.join(folder, 'more'), { recursive: true });
  writeFileSync(path.join(folder, 'eggs.solution.md'), doc('f-eggs', EGGS.problem, EGGS.steps, EGGS.answer));
  writeFileSync(path.join(folder, 'more', 'sum.solution.md'), doc('f-sum', SUM.problem, SUM.steps, SUM.answer));
  writeFileSync(path.join(folder, 'bad.solution.md'), doc('f-bad', BAD.problem, BAD.steps, BAD.answer));
  writeFileSync(path.join(folder, 'README.md'), '# Notes\n\nNot a solution.\n');
  const dataset = path.join(dir, 'data.jsonl');
  writeFileSync(
    dataset,
    [{ id: 'd-eggs', ...EGGS }, { id: 'd-sum', ...SUM }, { id: 'd-bad', ...BAD }, { id: 'd-garbage', ...GARBAGE }].map((r) => JSON.stringify(r)).join('\n') + '\n',
  );
  return { dir, folder, dataset };
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('Export Training Data in the language server', () => {
  let server: OpenAITestServer;
  let client: TestLspClient;
  before(async () => {
    server = await OpenAITestServer.start();
    server.setResponder(respond);
    client = new TestLspClient({ check: { delayMs: 0 }, critic: { baseUrl: server.baseUrl, model: 'critic-model', trigger: 'onCommand' }, actor: { model: 'actor-model' } });
    client.record('$/progress');
    await client.initialize({ trusted: true, storagePath: mkdtempSync(path.join(tmpdir(), 'mathcritic-storage-')) });
  });
  after(async () => {
    await client.shutdown();
    await server.close();
  });

  const exportData = (params: ExportTrainingDataParams) => client.connection.sendRequest('workspace/executeCommand', { command: EXPORT_TRAINING_DATA_COMMAND, arguments: [params] }) as Promise<ExportTrainingDataResult>;
  const progressOf = (token: string | number | undefined) =>
    client.notifications.filter((n) => n.method === '$/progress' && (n.params as { token: unknown }).token === token).map((n) => (n.params as { value: { kind: string; message?: string; percentage?: number; cancellable?: boolean } }).value);

  const cases = [
    { kind: 'critique', schema: critiqueRecordSchema, folder: ['f-bad', 'f-eggs', 'f-sum'], dataset: ['d-bad', 'd-eggs', 'd-sum'], datasetCounts: { written: 3, rejected: 0, failed: 1 } },
    { kind: 'refinement', schema: refinementRecordSchema, folder: ['f-eggs'], dataset: ['d-eggs'], datasetCounts: { written: 1, rejected: 2, failed: 1 } },
    { kind: 'self-talk', schema: selfTalkRecordSchema, folder: ['f-eggs', 'f-sum'], dataset: ['d-eggs', 'd-sum'], datasetCounts: { written: 2, rejected: 2, failed: 0 } },
  ] as const;

  for (const c of cases) {
    test(`${c.kind} records from a folder and from a JSONL dataset: valid records, progress with counts`, async () => {
      const { dir, folder, dataset } = fixtures();
      const fromFolder = path.join(dir, `${c.kind}-folder.jsonl`);
      const tokens = client.progressTokens.length;
      const r1 = await exportData({ kind: c.kind, source: { type: 'folder', path: folder }, file: fromFolder });
      assert.equal(r1.total, 3, 'the README is not a solution');
      assert.equal(r1.written, c.folder.length);
      assert.equal(r1.cancelled, false);
      const folderRecords = lines(fromFolder);
      for (const r of folderRecords) c.schema.parse(r);
      assert.deepEqual(folderRecords.map((r) => r.id).sort(), [...c.folder]);
      assert.equal(client.progressTokens.length, tokens + 1, 'a work-done progress was created');
      const p1 = progressOf(client.progressTokens.at(-1));
      assert.equal(p1[0].kind, 'begin');
      assert.equal(p1[0].cancellable, true);
      assert.equal(p1.at(-1)!.kind, 'end');
      assert.equal(p1.filter((v) => v.kind === 'report').at(-1)!.message!.split(' · ')[0], '3 / 3');

      const fromDataset = path.join(dir, `${c.kind}-dataset.jsonl`);
      const r2 = await exportData({ kind: c.kind, source: { type: 'dataset', path: dataset }, file: fromDataset });
      assert.deepEqual({ written: r2.written, rejected: r2.rejected, failed: r2.failed }, c.datasetCounts);
      const datasetRecords = lines(fromDataset);
      for (const r of datasetRecords) c.schema.parse(r);
      assert.deepEqual(datasetRecords.map((r) => r.id).sort(), [...c.dataset]);
      const reports = progressOf(client.progressTokens.at(-1)).filter((v) => v.kind === 'report');
      const last = reports.at(-1)!;
      assert.match(last.message!, /^4 \/ 4/);
      if (c.datasetCounts.failed) assert.match(last.message!, / · 1 failed$/);
      assert.equal(last.percentage, 100);
      assert.ok(reports.some((v) => /^[123] \/ 4/.test(v.message!)), 'counts go up as solutions finish');
    });
  }

  test('refinement records carry the MathCritique pipeline aliases and the refinement', async () => {
    const { dir, dataset } = fixtures();
    const file = path.join(dir, 'refine.jsonl');
    await exportData({ kind: 'refinement', source: { type: 'dataset', path: dataset }, file });
    const [eggs] = lines(file);
    assert.equal(eggs.question, 'Eggs?');
    assert.equal(eggs.origin_response, eggs.response);
    assert.equal(eggs.critic, eggs.critique);
    assert.equal(eggs.critic_model, 'critic-model');
    assert.equal(eggs.actor_model, 'actor-model');
    assert.deepEqual(eggs.refined_steps, ['16 - 7 = 9', 'She makes 9 * 2 = $18.', '\\boxed{18}']);
    assert.equal(eggs.refinement_correct, true);
    assert.equal(eggs['correctness-new'], true);
  });

  test('the current document: its text in the editor, unsaved edits included', async () => {
    const { dir } = fixtures();
    const file = path.join(dir, 'current.jsonl');
    const uri = fileUri(path.join(dir, 'unsaved.solution.md'));
    client.open(uri, doc('open-doc', EGGS.problem, EGGS.steps, EGGS.answer), 1);
    await client.waitForVersion(uri, 1);
    const r = await exportData({ kind: 'critique', source: { type: 'document', uri }, file });
    assert.equal(r.written, 1);
    const [record] = lines(file);
    critiqueRecordSchema.parse(record);
    assert.equal(record.id, 'open-doc');
    assert.equal(record.first_wrong_step, 1);
    // A rerun on the same file adds nothing: the id is already there.
    const again = await exportData({ kind: 'critique', source: { type: 'document', uri }, file });
    assert.deepEqual([again.written, again.skipped], [0, 1]);
    assert.equal(lines(file).length, 1);
  });

  test('a Parquet target, from a JSON-array dataset: written whole when the run ends, resumed by the ids in it', async () => {
    const { dir } = fixtures();
    const source = path.join(dir, 'data.json');
    writeFileSync(source, JSON.stringify([{ id: 'd-eggs', ...EGGS }, { id: 'd-sum', ...SUM }], null, 2));
    const file = path.join(dir, 'critiques.parquet');
    const first = await exportData({ kind: 'critique', source: { type: 'dataset', path: source }, file });
    assert.equal(first.written, 2);
    assert.ok(!existsSync(`${file}.partial.jsonl`), 'the journal is gone once the Parquet file is written');
    const rows: Record<string, unknown>[] = [];
    for await (const r of readDataset(file)) rows.push(r.raw);
    assert.deepEqual(rows.map((r) => r.id).sort(), ['d-eggs', 'd-sum']);
    for (const r of rows) critiqueRecordSchema.parse(r);
    const again = await exportData({ kind: 'critique', source: { type: 'dataset', path: source }, file });
    assert.equal(again.written, 0);
    assert.equal(again.skipped, 2);
  });

  test('bad arguments and a non-JSONL target are refused before anything is sent', async () => {
    const { dir, dataset } = fixtures();
    const asked = server.requests.length;
    await assert.rejects(exportData({ kind: 'critique', source: { type: 'dataset', path: dataset }, file: path.join(dir, 'out.json') }), /export to a \.jsonl or \.parquet file/);
    await assert.rejects(exportData({ kind: 'nonsense' as 'critique', source: { type: 'dataset', path: dataset }, file: path.join(dir, 'x.jsonl') }), /bad export arguments/);
    await assert.rejects(exportData({ kind: 'critique', source: { type: 'dataset', path: dataset }, file: dataset }), /its own input/);
    await assert.rejects(exportData({ kind: 'critique', source: { type: 'folder', path: path.join(dir, 'nope') }, file: path.join(dir, 'y.jsonl') }), /is not a folder/);
    assert.equal(server.requests.length, asked);
  });
});

describe('Export Training Data: cancel and resume', () => {
  let server: OpenAITestServer;
  before(async () => {
    server = await OpenAITestServer.start();
    server.setResponder(respond);
  });
  after(async () => server.close());

  const slowDataset = (n: number) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-exports-cancel-'));
    const dataset = path.join(dir, 'slow.jsonl');
    writeFileSync(dataset, Array.from({ length: n }, (_, i) => JSON.stringify({ id: `s${i + 1}`, problem: `Slow ${i + 1}: Sum?`, steps: ['2 + 2 = 4', 'The answer is 4.'], answer: '4' })).join('\n') + '\n');
    return { dir, dataset, file: path.join(dir, 'out.jsonl') };
  };
  const startClient = async () => {
    const client = new TestLspClient({ check: { delayMs: 0 }, critic: { baseUrl: server.baseUrl, model: 'critic-model', trigger: 'onCommand', concurrency: 1 } });
    client.record('$/progress');
    await client.initialize({ trusted: true });
    return client;
  };
  const waitFor = async (pred: () => boolean, timeoutMs = 10_000) => {
    const start = Date.now();
    while (!pred()) {
      if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const doneIn = (client: TestLspClient, token: unknown) =>
    Math.max(0, ...client.notifications.filter((n) => n.method === '$/progress' && (n.params as { token: unknown }).token === token).map((n) => Number(/^(\d+) \//.exec((n.params as { value: { message?: string } }).value.message ?? '')?.[1] ?? 0)));
  const checkWholeLines = (file: string) => {
    const text = readFileSync(file, 'utf8');
    assert.ok(text.endsWith('\n'), 'the file ends on a whole line');
    const records = text.split('\n').filter(Boolean).map((l) => critiqueRecordSchema.parse(JSON.parse(l)));
    return records.map((r) => r.id);
  };

  test('Cancel on the server-created progress: the request in flight is aborted, whole lines kept, a rerun completes without duplicates', async () => {
    const client = await startClient();
    try {
      const { dataset, file } = slowDataset(6);
      const run = client.connection.sendRequest('workspace/executeCommand', { command: EXPORT_TRAINING_DATA_COMMAND, arguments: [{ kind: 'critique', source: { type: 'dataset', path: dataset }, file }] }) as Promise<ExportTrainingDataResult>;
      await waitFor(() => client.progressTokens.length > 0);
      const token = client.progressTokens.at(-1);
      // A second export into the same file while the first runs would duplicate ids: refused.
      await assert.rejects(
        client.connection.sendRequest('workspace/executeCommand', { command: EXPORT_TRAINING_DATA_COMMAND, arguments: [{ kind: 'critique', source: { type: 'dataset', path: dataset }, file }] }),
        /already running/,
      );
      await waitFor(() => doneIn(client, token) >= 2);
      void client.connection.sendNotification('window/workDoneProgress/cancel', { token });
      const first = await run;
      assert.equal(first.cancelled, true);
      assert.ok(first.written >= 2 && first.written < 6, `written ${first.written}`);
      await waitFor(() => server.requests.at(-1)!.aborted);
      const kept = checkWholeLines(file);
      assert.equal(kept.length, first.written);

      const asked = server.requests.length;
      const second = (await client.connection.sendRequest('workspace/executeCommand', { command: EXPORT_TRAINING_DATA_COMMAND, arguments: [{ kind: 'critique', source: { type: 'dataset', path: dataset }, file }] })) as ExportTrainingDataResult;
      assert.equal(second.cancelled, false);
      assert.equal(second.skipped, first.written);
      assert.equal(second.written, 6 - first.written);
      assert.equal(server.requests.length - asked, 6 - first.written, 'only the rest is asked');
      const ids = checkWholeLines(file);
      assert.deepEqual([...ids].sort(), ['s1', 's2', 's3', 's4', 's5', 's6']);
      assert.equal(new Set(ids).size, ids.length, 'no duplicate ids');
    } finally {
      await client.shutdown();
    }
  });

  test("VS Code's way: a client workDoneToken gets the progress, cancelling the request stops the export", async () => {
    const client = await startClient();
    try {
      const { dataset, file } = slowDataset(5);
      const source = new CancellationTokenSource();
      const tokens = client.progressTokens.length;
      const run = client.connection.sendRequest('workspace/executeCommand', { command: EXPORT_TRAINING_DATA_COMMAND, arguments: [{ kind: 'critique', source: { type: 'dataset', path: dataset }, file }], workDoneToken: 'client-token' }, source.token) as Promise<ExportTrainingDataResult>;
      await waitFor(() => doneIn(client, 'client-token') >= 1);
      assert.equal(client.progressTokens.length, tokens, 'no server-created progress when the client sent a token');
      source.cancel();
      const first = await run;
      assert.equal(first.cancelled, true);
      await waitFor(() => server.requests.at(-1)!.aborted);
      const kept = checkWholeLines(file);
      assert.equal(kept.length, first.written);
      const second = (await client.connection.sendRequest('workspace/executeCommand', { command: EXPORT_TRAINING_DATA_COMMAND, arguments: [{ kind: 'critique', source: { type: 'dataset', path: dataset }, file }], workDoneToken: 'client-token-2' })) as ExportTrainingDataResult;
      assert.equal(second.written + second.skipped, 5);
      const ids = checkWholeLines(file);
      assert.equal(new Set(ids).size, 5);
      assert.equal(ids.length, 5);
    } finally {
      await client.shutdown();
    }
  });
});

describe('Export Training Data without an endpoint', () => {
  test('no critic configured: a clear message, nothing sent, no file', async () => {
    const server = await OpenAITestServer.start();
    const client = new TestLspClient({ check: { delayMs: 0 } });
    try {
      await client.initialize({ trusted: true });
      const { dir, dataset } = fixtures();
      const file = path.join(dir, 'none.jsonl');
      await assert.rejects(
        client.connection.sendRequest('workspace/executeCommand', { command: EXPORT_TRAINING_DATA_COMMAND, arguments: [{ kind: 'self-talk', source: { type: 'dataset', path: dataset }, file }] }),
        /no critique model is configured, so nothing was sent\. Set mathcritic\.critic\.baseUrl and mathcritic\.critic\.model/,
      );
      assert.equal(existsSync(file), false);
      assert.equal(server.requests.length, 0);
    } finally {
      await client.shutdown();
      await server.close();
    }
  });

  test('an untrusted workspace: nothing is sent even with an endpoint configured', async () => {
    const server = await OpenAITestServer.start();
    const client = new TestLspClient({ check: { delayMs: 0 }, critic: { baseUrl: server.baseUrl, model: 'critic-model' } });
    try {
      await client.initialize({ trusted: false });
      const { dir, dataset } = fixtures();
      const file = path.join(dir, 'untrusted.jsonl');
      await assert.rejects(
        client.connection.sendRequest('workspace/executeCommand', { command: EXPORT_TRAINING_DATA_COMMAND, arguments: [{ kind: 'critique', source: { type: 'dataset', path: dataset }, file }] }),
        /not trusted, so nothing is sent/,
      );
      assert.equal(existsSync(file), false);
      assert.equal(server.requests.length, 0);
    } finally {
      await client.shutdown();
      await server.close();
    }
  });
});
