import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readDoneIds, runExport, type ExportProgress } from '../../server/src/engine/export/run-export';
import { appendJsonl, parseJsonl } from '../../server/src/engine/io/jsonl';
import { EndpointError } from '../../server/src/engine/model';

const jobs = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `j${i + 1}` }));
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(new EndpointError('aborted', 'The request was cancelled.'))), { once: true });
  });
const tmpFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'mathcritic-run-export-')), 'out.jsonl');

describe('runExport, the shared export loop', () => {
  test('resume after a torn last line: the whole lines are skipped, the torn one is asked again, no duplicates', async () => {
    const file = tmpFile();
    writeFileSync(file, JSON.stringify({ id: 'j1', n: 1 }) + '\n');
    appendFileSync(file, '{"id":"j2","n'); // killed mid-write
    const done = await readDoneIds(file);
    assert.deepEqual([...done.ids], ['j1']);
    assert.equal(done.tornTail, true);
    assert.deepEqual(done.bad, [], 'the torn tail is not reported as bad data');
    const ran: string[] = [];
    const summary = await runExport({
      jobs: jobs(3),
      done: done.ids,
      concurrency: 2,
      run: async (job) => (ran.push(job.id), { output: { id: job.id, n: Number(job.id.slice(1)) } }),
      write: (batch) => appendJsonl(file, batch.map((b) => b.output)),
    });
    assert.deepEqual(ran.sort(), ['j2', 'j3']);
    assert.deepEqual([summary.written, summary.skipped, summary.done, summary.total], [2, 1, 3, 3]);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.endsWith('\n'));
    const read = parseJsonl<{ id: string }>(text);
    assert.deepEqual(read.records.map((r) => r.id).sort(), ['j1', 'j2', 'j3']);
    assert.deepEqual(read.bad, [], 'the torn fragment is gone: the file is valid JSONL again');
    assert.equal(read.tornTail, false);
    // A third run has nothing left to do.
    const again = await runExport({ jobs: jobs(3), done: (await readDoneIds(file)).ids, run: async () => assert.fail('nothing to ask'), write: async () => {} });
    assert.deepEqual([again.written, again.skipped], [0, 3]);
  });

  test('a slow write does not hold the workers: jobs keep running while a batch is written, and count once written', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let ran = 0;
    const writtenIds: string[] = [];
    const doneSeen: number[] = [];
    const run = runExport({
      jobs: jobs(6),
      concurrency: 1,
      async run(job) {
        ran++;
        if (ran === 4) release(); // the first batch's write ends only once later jobs have run
        return { output: job.id };
      },
      async write(batch) {
        await gate;
        writtenIds.push(...batch.map((b) => b.output));
      },
      onProgress: (p) => doneSeen.push(p.done),
    });
    const summary = await Promise.race([run, sleep(5000).then(() => assert.fail('the worker waited for the write: it ran only ' + ran + ' job(s)'))]);
    assert.equal(ran, 6);
    assert.deepEqual(writtenIds, ['j1', 'j2', 'j3', 'j4', 'j5', 'j6'], 'in finishing order, each once');
    assert.deepEqual([summary.written, summary.done], [6, 6]);
    assert.ok(doneSeen.every((d, i) => i === 0 || d >= doneSeen[i - 1]), 'progress never goes back');
  });

  test('concurrency limit, one writer at a time, progress counts for every settled job', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let writing = false;
    const progress: ExportProgress[] = [];
    const summary = await runExport({
      jobs: jobs(8),
      concurrency: 3,
      async run(job) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await sleep(10 + (Number(job.id.slice(1)) % 3) * 7);
        inFlight--;
        if (job.id === 'j4') return { rejected: 'not verified' };
        if (job.id === 'j5') return { failed: 'unreadable' };
        if (job.id === 'j6') throw new EndpointError('http', 'HTTP 500', 500);
        return { output: job.id };
      },
      async write() {
        assert.equal(writing, false, 'writes never overlap');
        writing = true;
        await sleep(5);
        writing = false;
      },
      onProgress: (p) => progress.push(p),
    });
    assert.equal(maxInFlight, 3);
    assert.deepEqual({ ...summary, fatal: undefined }, { done: 8, total: 8, written: 5, skipped: 0, rejected: 1, failed: 2, cancelled: false, fatal: undefined });
    assert.deepEqual(progress.map((p) => p.done), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(progress.at(-1), { done: 8, total: 8, written: 5, skipped: 0, rejected: 1, failed: 2 });
  });

  test('group commit: what finishes while a batch is being written goes out in the next batch, in finishing order', async () => {
    const batches: string[][] = [];
    const summary = await runExport({
      jobs: jobs(9),
      concurrency: 9,
      run: async (job) => (await sleep(Number(job.id.slice(1)) === 1 ? 1 : 20 + Number(job.id.slice(1))), { output: job.id }),
      async write(batch) {
        batches.push(batch.map((b) => b.output));
        await sleep(40); // a slow flush
      },
    });
    assert.equal(summary.written, 9);
    assert.deepEqual(batches.flat(), ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7', 'j8', 'j9']);
    assert.deepEqual(batches[0], ['j1'], 'the first finished job is written at once');
    assert.ok(batches.length <= 3, `the others wait for the flush and share it: ${JSON.stringify(batches)}`);
  });

  test('cancel: no new job is taken, the ones in flight are aborted and not counted, what is written stays', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const aborted: string[] = [];
    const written: string[] = [];
    const summary = await runExport({
      jobs: jobs(10),
      concurrency: 2,
      signal: controller.signal,
      async run(job, signal) {
        started.push(job.id);
        let finished = false;
        signal.addEventListener('abort', () => finished || aborted.push(job.id));
        await sleep(job.id === 'j1' || job.id === 'j2' ? 5 : 200, signal);
        finished = true;
        return { output: job.id };
      },
      async write(batch) {
        written.push(...batch.map((b) => b.output));
        if (written.length === 2) setTimeout(() => controller.abort(), 20);
      },
    });
    assert.equal(summary.cancelled, true);
    assert.deepEqual(written, ['j1', 'j2']);
    assert.deepEqual(started, ['j1', 'j2', 'j3', 'j4']);
    assert.deepEqual(aborted.sort(), ['j3', 'j4']);
    assert.deepEqual([summary.written, summary.failed, summary.done], [2, 0, 2], 'aborted jobs are neither failed nor done: a rerun asks them');
  });

  test('an endpoint that is down stops the run; per-request errors do not', async () => {
    const errors: string[] = [];
    const down = await runExport({
      jobs: jobs(6),
      concurrency: 1,
      run: async (job) => {
        if (job.id === 'j1') throw new EndpointError('timeout', 'timed out');
        throw new EndpointError('unreachable', 'Could not reach the model.');
      },
      write: async () => {},
      onError: (job, e) => errors.push(`${job.id}: ${(e as Error).message}`),
    });
    assert.equal(down.fatal?.message, 'Could not reach the model.');
    assert.deepEqual(errors, ['j1: timed out', 'j2: Could not reach the model.']);
    assert.equal(down.done, 2);
    // A policy that never stops (the CLI's self-talk and explore) goes through every job.
    const all = await runExport({ jobs: jobs(4), isFatal: () => false, run: async () => Promise.reject(new EndpointError('unreachable', 'down')), write: async () => {} });
    assert.deepEqual([all.failed, all.fatal], [4, undefined]);
  });

  test('an already aborted signal runs nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const summary = await runExport({ jobs: jobs(3), signal: controller.signal, run: async () => assert.fail('not run'), write: async () => {} });
    assert.deepEqual([summary.cancelled, summary.done, summary.written], [true, 0, 0]);
  });
});
