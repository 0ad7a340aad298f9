import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { writeParquetAtomic } from '../../server/src/engine/datasets';
import * as fx from '../support/dataset-fixtures';

// The same records as JSON Lines, as one JSON array and as Parquet (the three ways the field
// publishes datasets) must be the same dataset to every command.
describe('mathcritic check / eval over JSONL, JSON arrays and Parquet (run `npm run build` first)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-containers-'));
  const records = [...fx.sharedRecords('processbench-sample.jsonl', 60), ...fx.sharedRecords('gsm8k-test-perturbed.jsonl', 40), ...fx.sharedRecords('gsm8k-test-correct.jsonl', 40)];
  const jsonl = path.join(dir, 'set.jsonl');
  const json = path.join(dir, 'set.json');
  const parquet = path.join(dir, 'set.parquet');

  test('write the three files', async () => {
    writeFileSync(jsonl, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    writeFileSync(json, JSON.stringify(records, null, 1));
    await writeParquetAtomic(parquet, records as unknown as Record<string, unknown>[]);
  });

  test('eval: the same figures from each container', async () => {
    const runs = await Promise.all([jsonl, json, parquet].map((f) => runCli(['eval', f, '--format', 'json'])));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const figures = runs.map((r) => JSON.parse(r.stdout) as { overall: { f1: number; erroneous: { n: number } }; subsets: unknown[] });
    assert.equal(figures[0].overall.erroneous.n, records.filter((r) => r.label >= 0).length);
    // Subsets come from meta.subset / source, not the file name, so the three are comparable whole.
    assert.deepEqual(figures[1], figures[0]);
    assert.deepEqual(figures[2], figures[0]);
  });

  test('check: the same findings from each container (placed by line in JSONL, by record number otherwise)', async () => {
    const runs = await Promise.all([jsonl, json, parquet].map((f) => runCli(['check', f, '--format', 'json'])));
    const findings = runs.map((r) => (JSON.parse(r.stdout) as { findings: Array<{ id: string; step: number; code: string; message: string; line: number }> }).findings);
    assert.ok(findings[0].length > 10, 'the perturbed records have findings');
    const key = (f: { id: string; step: number; code: string; message: string }) => `${f.id}|${f.step}|${f.code}|${f.message}`;
    assert.deepEqual(findings[1].map(key), findings[0].map(key));
    assert.deepEqual(findings[2].map(key), findings[0].map(key));
    // One record a line here, so line and record number agree.
    assert.deepEqual(findings[2].map((f) => f.line), findings[0].map((f) => f.line));
    assert.equal(runs[0].code, runs[2].code);
    const text = await runCli(['check', parquet]);
    assert.match(text.stdout, /set\.parquet:record \d+: error: \[[^\]]+\] step \d+: /);
  });

  test('a benchmark file as published: ProcessBench JSON array, MR-Ben JSON, PRM800K JSONL', async () => {
    const pb = path.join(dir, 'gsm8k.json');
    writeFileSync(pb, JSON.stringify(fx.sharedRecords('processbench-sample.jsonl', 100).filter((r) => r.meta?.subset === 'gsm8k').map(fx.asProcessBench), null, 2));
    const r = await runCli(['eval', pb]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^gsm8k\s+\d+/m);
    assert.match(r.stderr, /gsm8k\.json: 100 records evaluated\./);

    const prm = path.join(dir, 'phase2.jsonl');
    const wrong = fx.sharedRecords('gsm8k-test-perturbed.jsonl', 5);
    const giveUp = fx.asPrm800k(fx.sharedRecords('gsm8k-test-correct.jsonl', 1)[0], { finish: 'give_up' });
    writeFileSync(prm, [...wrong.map((x) => fx.asPrm800k(x)), giveUp].map((x) => JSON.stringify(x)).join('\n') + '\n');
    const p = await runCli(['eval', prm, '--format', 'json']);
    assert.equal(p.code, 0, p.stderr);
    assert.equal((JSON.parse(p.stdout) as { skipped: number }).skipped, 1);
    assert.match(p.stderr, /phase2\.jsonl:6: skipped a record: the labeller stopped \(finish_reason "give_up"\)/);
    assert.match(p.stderr, /5 records from 1 file evaluated, 1 skipped/);
  });

  test('an unknown shape: the file, its fields and the known shapes; exit 2, never an empty table', async () => {
    const odd = path.join(dir, 'odd.json');
    writeFileSync(odd, JSON.stringify([{ title: 'x', body: 'y' }]));
    for (const cmd of ['eval', 'check']) {
      const r = await runCli([cmd, odd]);
      assert.equal(r.code, 2, `${cmd}: ${r.stderr}`);
      assert.match(r.stderr, /odd\.json: its records match no known dataset shape\. Fields found: title, body\./);
      assert.match(r.stderr, /prm800k: question\.problem/);
      assert.match(r.stderr, /--format NAME/);
    }
    const forced = await runCli(['eval', odd, '--format', 'prm800k']);
    assert.equal(forced.code, 2);
    assert.match(forced.stderr, /odd\.json:record 1: skipped a record: no "question\.problem"/);
    assert.match(forced.stderr, /no record could be evaluated/);
  });
});
