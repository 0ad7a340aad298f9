import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readDataset, type PlacedRecord, type SkippedRecord } from '../../server/src/engine/datasets';
import * as fx from '../support/dataset-fixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'mc-shapes-'));

function write(name: string, rows: unknown[], container: 'jsonl' | 'json'): string {
  const file = path.join(dir, name);
  writeFileSync(file, container === 'json' ? JSON.stringify(rows, null, 2) : rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

async function read(file: string, format?: string): Promise<{ records: PlacedRecord[]; skipped: SkippedRecord[]; shape?: string }> {
  const records: PlacedRecord[] = [];
  const skipped: SkippedRecord[] = [];
  let shape: string | undefined;
  for await (const r of readDataset(file, { format, onSkip: (s) => skipped.push(s), onOpen: (i) => (shape = i.shape) })) records.push(r);
  return { records, skipped, shape };
}

function assertSame(got: PlacedRecord[], want: fx.SharedRecord[], opts: { steps?: 'all' | 'upToLabel'; answer?: boolean } = {}) {
  assert.equal(got.length, want.length);
  got.forEach((g, i) => {
    const w = want[i];
    assert.equal(g.problem, w.problem, `problem of ${w.id}`);
    const steps = opts.steps === 'upToLabel' && w.label >= 0 ? w.steps.slice(0, w.label + 1) : w.steps;
    assert.deepEqual(g.steps, steps, `steps of ${w.id}`);
    assert.equal(g.label, w.label, `label of ${w.id}`);
    if (opts.answer !== false) assert.equal(g.answer, w.answer ?? undefined, `answer of ${w.id}`);
  });
}

test('ProcessBench JSON array (its own file layout) reads as the shared records', async () => {
  const want = fx.sharedRecords('processbench-sample.jsonl', 40);
  const { records, skipped, shape } = await read(write('gsm8k.json', want.map(fx.asProcessBench), 'json'));
  assert.equal(shape, 'mathcritic');
  assert.deepEqual(skipped, []);
  assertSame(records, want, { answer: false });
  assert.equal(records[0].meta.generator, want[0].meta?.generator);
  assert.match(records[3].place, /gsm8k\.json:record 4$/);
});

test('BIG-Bench Mistake JSONL: mistake_index null is -1, target is the answer', async () => {
  const want = fx.sharedRecords('bbmistake-arith.jsonl', 40);
  const { records, shape } = await read(write('multistep_arithmetic.jsonl', want.map(fx.asBigBenchMistake), 'jsonl'));
  assert.equal(shape, 'bbmistake');
  assertSame(records, want);
  assert.ok(want.some((r) => r.label === -1), 'the sample has right chains');
});

test('MR-GSM8K JSON array: 1-based first_error_step, Step N: prefixes removed', async () => {
  const want = fx.sharedRecords('mrgsm8k-wrong.jsonl', 40);
  const { records, shape } = await read(write('MR-GSM8K.json', want.map(fx.asMrGsm8k), 'json'));
  assert.equal(shape, 'mr-gsm8k');
  assertSame(records, want);
  assert.equal(records[0].id, want[0].meta?.uuid);
});

test('MR-Ben JSON array: question + options, steps split on Step N: lines, N/A is -1', async () => {
  const want = fx.sharedRecords('mrben-math.jsonl', 60);
  const { records, shape, skipped } = await read(write('math.json', want.map(fx.asMrBen), 'json'));
  assert.equal(shape, 'mr-ben');
  assert.deepEqual(skipped, []);
  assertSame(records, want);
  assert.ok(want.some((r) => r.label === -1) && want.some((r) => r.label >= 0));
});

test('PRM800K: the first -1 is the first wrong step, finish_reason solution is all right, give-ups without a -1 are skipped', async () => {
  const wrong = fx.sharedRecords('gsm8k-test-perturbed.jsonl', 10);
  const right = fx.sharedRecords('gsm8k-test-correct.jsonl', 10).slice(5);
  const rows = [...wrong.map((r) => fx.asPrm800k(r, { neutralAt: 0 })), ...right.map((r) => fx.asPrm800k(r))];
  const giveUp = fx.asPrm800k(right[0], { finish: 'give_up' });
  (giveUp.label as { steps: unknown[] }).steps.pop();
  rows.push(giveUp);
  const { records, skipped, shape } = await read(write('phase2_test.jsonl', rows, 'jsonl'));
  assert.equal(shape, 'prm800k');
  assertSame(records, [...wrong, ...right]);
  assert.equal(skipped.length, 1);
  assert.match(skipped[0].place, /phase2_test\.jsonl:16$/);
  assert.match(skipped[0].reason, /give_up/);
  // A neutral 0 is not a wrong step: the label stays on the -1.
  assert.equal(records[0].meta.ratings instanceof Array && (records[0].meta.ratings as unknown[])[0], 0);
});

test('TRL stepwise supervision: the first false label is the first wrong step', async () => {
  const want = [...fx.sharedRecords('gsm8k-test-perturbed.jsonl', 8), ...fx.sharedRecords('gsm8k-test-correct.jsonl', 4)];
  const { records, shape } = await read(write('trl.jsonl', want.map(fx.asTrl), 'jsonl'));
  assert.equal(shape, 'trl-stepwise');
  assertSame(records, want, { steps: 'upToLabel', answer: false });
});

test('MathCheck: process_judging items read, their group answer joined, other task types named and skipped', async () => {
  const want = fx.sharedRecords('gsm8k-test-perturbed.jsonl', 6);
  const rows = want.flatMap((r, i) => fx.asMathCheck(r, i));
  const { records, skipped, shape } = await read(write('gsm_checklist.json', rows, 'json'));
  assert.equal(shape, 'mathcheck');
  assertSame(records, want);
  assert.equal(skipped.length, want.length);
  assert.match(skipped[0].reason, /"solving" item/);
});

test('MathCritique rows: problem, response steps and the critique come out; its verdicts give the label', async () => {
  const want = fx.sharedRecords('gsm8k-test-perturbed.jsonl', 8);
  const { records, shape } = await read(write('sftdata.json', want.map(fx.asMathCritique), 'json'));
  assert.equal(shape, 'mathcritique');
  assertSame(records, want, { answer: false });
  assert.equal(records[0].critique?.firstWrongStep, want[0].label);
  assert.match(records[0].refinement ?? '', /The answer is/);
});

test('--format forces a shape; a record it cannot map is named and skipped', async () => {
  const want = fx.sharedRecords('gsm8k-test-correct.jsonl', 3);
  const file = write('forced.jsonl', [...want.map(fx.asTrl), { prompt: 'p', completions: ['a'], labels: [true, false] }], 'jsonl');
  const { records, skipped } = await read(file, 'trl');
  assert.equal(records.length, 3);
  assert.equal(skipped.length, 1);
  assert.match(skipped[0].place, /forced\.jsonl:4$/);
  await assert.rejects(read(file, 'nonsense'), /--format must be one of .*prm800k/);
});

test('a file of an unknown shape: the file, the fields found and the shapes known', async () => {
  const file = write('mystery.json', [{ foo: 1, bar: 'x' }], 'json');
  await assert.rejects(read(file), (err: Error) => {
    assert.match(err.message, /mystery\.json: its records match no known dataset shape/);
    assert.match(err.message, /Fields found: foo, bar/);
    assert.match(err.message, /prm800k: .*trl-stepwise: /s);
    return true;
  });
});

test('a JSON array is streamed: a truncated one keeps the records before the damage', async () => {
  const want = fx.sharedRecords('gsm8k-test-correct.jsonl', 5);
  const text = JSON.stringify(want);
  const file = path.join(dir, 'cut.json');
  writeFileSync(file, text.slice(0, text.length - 40));
  const { records, skipped } = await read(file);
  assert.equal(records.length, 4);
  assert.ok(skipped.length >= 1);
  assert.match(skipped.at(-1)!.reason, /before its closing "\]"/);
});
