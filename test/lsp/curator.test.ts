import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TestLspClient, fileUri } from '../support/lsp-client';
import { OpenAITestServer } from '../support/openai-test-server';
import { SMALL, tempDir, writeDataset } from '../engine/curate/helpers';
import { CRITIQUE_DOCUMENT_COMMAND, CURATOR_LABEL_COMMAND } from '../../protocol/server';
import {
  CURATOR_CHANGED,
  CURATOR_CLOSE,
  CURATOR_EXPORT,
  CURATOR_FIND,
  CURATOR_LABEL,
  CURATOR_OPEN,
  CURATOR_PROGRESS,
  CURATOR_RECORD,
  CURATOR_STATS,
  type CurationState,
  type CuratorExportResult,
  type CuratorOpenResult,
  type CuratorProgressParams,
  type CuratorStats,
  type JournalEntry,
  type RecordView,
} from '../../protocol/curator';

const start = async () => {
  const client = new TestLspClient({ check: { delayMs: 0 } });
  await client.initialize();
  return client;
};

const until = async (pred: () => boolean, what: string, timeoutMs = 5000) => {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('curator requests over the real server', () => {
  let client: TestLspClient;
  before(async () => (client = await start()));
  after(async () => client.shutdown());
  const req = <T>(method: string, params: object) => client.connection.sendRequest(method, params) as Promise<T>;

  test('open, record, label, find, stats, export, close', async () => {
    const dir = tempDir();
    const file = writeDataset([...SMALL.slice(0, 2), 'not json', ...SMALL.slice(2)], { dir });
    const uri = fileUri(file);
    const opened = await req<CuratorOpenResult>(CURATOR_OPEN, { uri });
    assert.equal(opened.count, 5);
    assert.deepEqual(opened.skipped.map((s) => s.line), [3]);
    assert.match(opened.skipped[0].reason, /not valid JSON/);
    assert.equal(opened.journalPath, `${file}.journal`);
    assert.equal(opened.journalNotice, undefined);

    const view = await req<RecordView>(CURATOR_RECORD, { uri, index: 3 });
    assert.equal(view.key, 'd');
    assert.equal(view.critique?.firstWrongStep, 1);
    assert.ok(view.findings.some((f) => f.step === 1 && f.code === 'wrong-equation'));
    assert.equal(view.curation.updatedAt, null);

    const state = await req<CurationState>(CURATOR_LABEL, { uri, index: 3, event: { kind: 'rate-step', step: 1, rating: 'incorrect' } });
    assert.deepEqual(state.ratings, { 1: 'incorrect' });
    assert.equal((await req<RecordView>(CURATOR_RECORD, { uri, index: 3 })).curation.ratings[1], 'incorrect');
    assert.equal(await req(CURATOR_FIND, { uri, from: -1, direction: 1, filter: { source: 'critic', unlabelled: true } }), 4);
    assert.equal(await req(CURATOR_FIND, { uri, from: 0, direction: -1, filter: {} }), null);
    const stats = await req<CuratorStats>(CURATOR_STATS, { uri });
    assert.equal(stats.labelled, 1);
    assert.deepEqual(stats.ratings, { correct: 0, neutral: 0, incorrect: 1 });

    const target = path.join(dir, 'curated.jsonl');
    const exported = await req<CuratorExportResult>(CURATOR_EXPORT, { uri, target });
    assert.deepEqual(exported, { written: 5, path: target });
    assert.deepEqual(JSON.parse(readFileSync(target, 'utf8').split('\n')[3]).step_ratings, [null, -1]);
    await req(CURATOR_CLOSE, { uri });
    // A request after close (or after a server restart) opens the dataset again.
    assert.equal((await req<RecordView>(CURATOR_RECORD, { uri, index: 3 })).curation.ratings[1], 'incorrect');
  });

  test('errors are ResponseErrors that say what to do', async () => {
    const dir = tempDir();
    const missing = fileUri(path.join(dir, 'gone.jsonl'));
    await assert.rejects(req(CURATOR_OPEN, { uri: missing }), (e: { code: number; message: string }) => e.code === -32803 && /does not exist/.test(e.message));
    const notJsonl = fileUri(writeDataset(['{', '"problem": "p"', '}'], { dir, name: 'pretty.json' }));
    await assert.rejects(req(CURATOR_OPEN, { uri: notJsonl }), /not a dataset of solution records/);
    const uri = fileUri(writeDataset(SMALL, { dir }));
    await req(CURATOR_OPEN, { uri });
    await assert.rejects(req(CURATOR_RECORD, { uri, index: 5 }), (e: { code: number; message: string }) => e.code === -32602 && /Record 5 is out of range: the dataset has 5 records/.test(e.message));
    await assert.rejects(req(CURATOR_LABEL, { uri, index: 0, event: { kind: 'first-wrong-step', step: 7 } }), /Step 7 is out of range/);
    await assert.rejects(req(CURATOR_LABEL, { uri, index: 0, event: { kind: 'nonsense' } }), /Not a curation event/);
    await assert.rejects(req(CURATOR_OPEN, { uri: 'untitled:Untitled-1' }), /file: URIs/);
  });

  test('a torn journal line is reported at open, not a failure', async () => {
    const dir = tempDir();
    const file = writeDataset(SMALL, { dir });
    const uri = fileUri(file);
    await req(CURATOR_LABEL, { uri, index: 1, event: { kind: 'first-wrong-step', step: 0 } });
    await req(CURATOR_CLOSE, { uri });
    const { appendFileSync } = await import('node:fs');
    appendFileSync(`${file}.journal`, '{"v":1,"id":"x","rec');
    const opened = await req<CuratorOpenResult>(CURATOR_OPEN, { uri });
    assert.match(opened.journalNotice ?? '', /cut short/);
    assert.equal((await req<RecordView>(CURATOR_RECORD, { uri, index: 1 })).curation.firstWrongStep, 0);
  });

  // Before: the open said nothing, and the labels were simply absent from the page and its stats.
  test('labels that match no record and labels on a missing step are named at open (the page banner) and in the server log', async () => {
    const dir = tempDir();
    const file = writeDataset(SMALL, { dir });
    const uri = fileUri(file);
    const now = new Date().toISOString();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      `${file}.journal`,
      `${JSON.stringify({ v: 1, id: 'u', record: 'no-such-id', at: now, by: 'x', event: { kind: 'note', text: 'lost?' } })}\n` +
        `${JSON.stringify({ v: 1, id: 'r', record: 'b', at: now, by: 'x', event: { kind: 'rate-step', step: 99, rating: 'correct' } })}\n`,
    );
    const opened = await req<CuratorOpenResult>(CURATOR_OPEN, { uri });
    assert.match(opened.journalNotice ?? '', /"no-such-id" \(1 label, from journal line 1/);
    assert.match(opened.journalNotice ?? '', /step 99 of record 1 \(line 2, id "b"\), which has 2 steps/);
    const stats = await req<CuratorStats>(CURATOR_STATS, { uri });
    assert.deepEqual(stats.unmatchedLabels, { records: 1, labels: 1 });
    assert.equal(stats.rejectedLabels, 1);
    assert.deepEqual(stats.ratings, { correct: 0, neutral: 0, incorrect: 0 });
    const logged = () => client.notifications.some((n) => n.method === 'window/logMessage' && /Curator: The journal .*no-such-id/.test((n.params as { message: string }).message));
    await until(logged, 'the notice in the server log');
  });
});

describe('two windows on one dataset (two server processes)', () => {
  test('a label made in one is visible in the other, which is told CURATOR_CHANGED', async () => {
    const a = await start();
    const b = await start();
    try {
      a.record(CURATOR_CHANGED);
      b.record(CURATOR_CHANGED);
      const changedIn = (c: TestLspClient) => c.notifications.filter((n) => n.method === CURATOR_CHANGED).length;
      const file = writeDataset(SMALL);
      const uri = fileUri(file);
      await a.connection.sendRequest(CURATOR_OPEN, { uri });
      await b.connection.sendRequest(CURATOR_OPEN, { uri });
      await a.connection.sendRequest(CURATOR_LABEL, { uri, index: 2, event: { kind: 'first-wrong-step', step: 1 } });
      // B reads what the journal grew by before answering.
      const seen = (await b.connection.sendRequest(CURATOR_RECORD, { uri, index: 2 })) as RecordView;
      assert.equal(seen.curation.firstWrongStep, 1);
      await until(() => b.notifications.some((n) => n.method === CURATOR_CHANGED && (n.params as { uri: string }).uri === uri), 'CURATOR_CHANGED in B');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(changedIn(a), 0, 'a window is not told about its own labels');
      // B's later label wins in A too; neither overwrote the other's other fields.
      await b.connection.sendRequest(CURATOR_LABEL, { uri, index: 2, event: { kind: 'note', text: 'from B' } });
      await until(() => changedIn(a) > 0, 'CURATOR_CHANGED in A');
      await a.connection.sendRequest(CURATOR_LABEL, { uri, index: 2, event: { kind: 'rate-step', step: 0, rating: 'correct' } });
      const inA = (await a.connection.sendRequest(CURATOR_RECORD, { uri, index: 2 })) as RecordView;
      const inB = (await b.connection.sendRequest(CURATOR_RECORD, { uri, index: 2 })) as RecordView;
      assert.deepEqual(inA.curation, inB.curation);
      assert.equal(inA.curation.note, 'from B');
      assert.equal(inA.curation.firstWrongStep, 1);
      assert.deepEqual(inA.curation.ratings, { 0: 'correct' });
      const byWriters = new Set(
        readFileSync(`${file}.journal`, 'utf8')
          .trim()
          .split('\n')
          .map((l) => (JSON.parse(l) as JournalEntry).by),
      );
      assert.equal(byWriters.size, 2);
    } finally {
      await a.shutdown();
      await b.shutdown();
    }
  });
});

describe('labels from a model-critic diagnostic', () => {
  let server: OpenAITestServer;
  before(async () => (server = await OpenAITestServer.start()));
  after(async () => server.close());
  const critique = JSON.stringify({ steps: [{ step: 2, correct: false, comment: 'Recount.' }], first_wrong_step: 2, feedback: 'The eggs left are 9. Recount.' });

  const critiqued = async (client: TestLspClient, uri: string, text: string) => {
    client.open(uri, text, 1);
    await client.waitForVersion(uri, 1);
    server.script({ content: critique });
    await client.connection.sendRequest('workspace/executeCommand', { command: CRITIQUE_DOCUMENT_COMMAND, arguments: [uri] });
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.source === 'mathcritic-model'));
    const diagnostic = diagnostics.find((d) => d.source === 'mathcritic-model')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as Array<{ title: string; command?: { command: string; arguments: unknown[] } }>;
    return actions;
  };

  test('"Mark this critique wrong" and "Label step k" append to .mathcritic/labels.journal beside the document', async () => {
    const dir = tempDir();
    const doc = path.join(dir, 'eggs.solution.md');
    copyFileSync(path.resolve(__dirname, '../../examples/eggs.solution.md'), doc);
    const text = readFileSync(doc, 'utf8');
    const client = new TestLspClient({ check: { delayMs: 0 }, critic: { baseUrl: server.baseUrl, model: 'test-model', trigger: 'onCommand' } });
    await client.initialize({ trusted: true, storagePath: tempDir() });
    try {
      const uri = fileUri(doc);
      const actions = await critiqued(client, uri, text);
      const titles = actions.map((a) => a.title);
      for (const t of ['Mark this critique wrong', 'Label step 2 correct', 'Label step 2 incorrect', 'Label step 2 neutral']) assert.ok(titles.includes(t), `${t} in ${titles.join(' | ')}`);
      assert.ok(titles.includes('Refine from step 2'), 'next to the refine actions');
      const run = (title: string) => {
        const cmd = actions.find((a) => a.title === title)!.command!;
        assert.equal(cmd.command, CURATOR_LABEL_COMMAND);
        return client.connection.sendRequest('workspace/executeCommand', { command: cmd.command, arguments: cmd.arguments }) as Promise<{ journalPath: string; key: string; curation: CurationState }>;
      };
      await run('Mark this critique wrong');
      const result = await run('Label step 2 incorrect');
      const journal = path.join(dir, '.mathcritic', 'labels.journal');
      assert.equal(result.journalPath, journal);
      assert.equal(result.curation.critiqueVerdict, 'rejected');
      assert.deepEqual(result.curation.ratings, { 1: 'incorrect' });
      const entries = readFileSync(journal, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as JournalEntry);
      assert.equal(entries.length, 2);
      assert.deepEqual(entries[0].event, { kind: 'critique-verdict', verdict: 'rejected' });
      assert.deepEqual(entries[1].event, { kind: 'rate-step', step: 1, rating: 'incorrect' });
      const snap = entries[1].snapshot!;
      assert.ok(snap.problem.includes('Janet'));
      assert.equal(snap.steps.length, 2);
      assert.equal(snap.critiqueFirstWrongStep, 1);
      assert.match(snap.critique ?? '', /first wrong step is Step 2/);
      assert.equal(entries[0].record, entries[1].record);
      // A stale quick fix (the document changed) is refused.
      client.change(uri, 2, text + '\n');
      await client.waitForVersion(uri, 2);
      await assert.rejects(run('Label step 2 correct'), /changed since this quick fix/);
    } finally {
      await client.shutdown();
    }
  });

  test('in a workspace folder the journal goes to <folder>/.mathcritic/labels.journal', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'sub'));
    const doc = path.join(root, 'sub', 'eggs.solution.md');
    copyFileSync(path.resolve(__dirname, '../../examples/eggs.solution.md'), doc);
    const client = new TestLspClient({ check: { delayMs: 0 }, critic: { baseUrl: server.baseUrl, model: 'test-model', trigger: 'onCommand' } });
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: fileUri(root),
      workspaceFolders: [{ uri: fileUri(root), name: 'root' }],
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { trusted: true, storagePath: tempDir() },
    });
    await client.connection.sendNotification('initialized', {});
    try {
      const uri = fileUri(doc);
      const actions = await critiqued(client, uri, readFileSync(doc, 'utf8'));
      const cmd = actions.find((a) => a.title === 'Label step 2 neutral')!.command!;
      await client.connection.sendRequest('workspace/executeCommand', { command: cmd.command, arguments: cmd.arguments });
      assert.ok(existsSync(path.join(root, '.mathcritic', 'labels.journal')));
      assert.ok(!existsSync(path.join(root, 'sub', '.mathcritic')));
      const [entry] = readFileSync(path.join(root, '.mathcritic', 'labels.journal'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as JournalEntry);
      assert.equal(entry.snapshot?.source, 'sub/eggs.solution.md');
    } finally {
      await client.shutdown();
    }
  });
});

describe('a large dataset opened over the real server', () => {
  test('OPEN answers before the scan ends; a record past the indexed part is answered once indexed; progress ends with the complete open result', async () => {
    const client = await start();
    try {
      client.record(CURATOR_PROGRESS);
      // About 12 MB: several of the scan's chunks.
      const n = 4000;
      const pad = 'p'.repeat(3000);
      const file = writeDataset(Array.from({ length: n }, (_, i) => ({ id: `r-${i}`, problem: `What is ${i} + 1?`, steps: [`${i} + 1 = ${i + 1}`], pad })));
      const uri = fileUri(file);
      const opened = (await client.connection.sendRequest(CURATOR_OPEN, { uri })) as CuratorOpenResult;
      assert.ok(opened.indexing, 'the open result says the dataset is still being indexed');
      assert.ok(opened.count > 0 && opened.count < n);
      const first = (await client.connection.sendRequest(CURATOR_RECORD, { uri, index: 0 })) as RecordView;
      assert.equal(first.key, 'r-0');
      const last = (await client.connection.sendRequest(CURATOR_RECORD, { uri, index: n - 1 })) as RecordView;
      assert.equal(last.key, `r-${n - 1}`);
      const progress = () => client.notifications.filter((m) => m.method === CURATOR_PROGRESS).map((m) => m.params as CuratorProgressParams);
      await until(() => progress().some((p) => p.done), 'the last CURATOR_PROGRESS');
      const done = progress().find((p) => p.done)!;
      assert.equal(done.uri, uri);
      assert.equal(done.failure, undefined);
      assert.equal(done.summary?.count, n);
      assert.equal(done.summary?.indexing, undefined);
      const stats = (await client.connection.sendRequest(CURATOR_STATS, { uri })) as CuratorStats;
      assert.equal(stats.count, n);
      assert.equal(stats.indexing, undefined);
      await assert.rejects(client.connection.sendRequest(CURATOR_RECORD, { uri, index: n }), /out of range/);
    } finally {
      await client.shutdown();
    }
  });
});
