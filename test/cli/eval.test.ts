import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { predictFirstError, scoreFirstError, subsetOf } from '../../server/src/engine/eval/process-bench';

const data = path.resolve(__dirname, '../../../shared/data');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'mathcritic-eval-'));

describe('first-error metric', () => {
  test('predictFirstError: the smallest step with an error; warnings and document findings ignored', () => {
    assert.equal(predictFirstError([]), -1);
    assert.equal(
      predictFirstError([
        { severity: 'warning', stepIndex: 0 },
        { severity: 'error', stepIndex: 4 },
        { severity: 'error', stepIndex: 2 },
        { severity: 'error', stepIndex: -1 },
      ]),
      2,
    );
    assert.equal(predictFirstError([{ severity: 'information', stepIndex: 1 }]), -1);
  });

  test('scoreFirstError on a hand-made table', () => {
    const items = [
      // subset a: 4 erroneous (2 right: exact step), 2 correct (1 right)
      { subset: 'a', label: 2, predicted: 2 },
      { subset: 'a', label: 0, predicted: 0 },
      { subset: 'a', label: 1, predicted: 3 }, // too late
      { subset: 'a', label: 3, predicted: -1 }, // missed
      { subset: 'a', label: -1, predicted: -1 },
      { subset: 'a', label: -1, predicted: 0 }, // false alarm
      // subset b: only correct samples, all right
      { subset: 'b', label: -1, predicted: -1 },
      { subset: 'b', label: -1, predicted: -1 },
      // subset c: both sides present, both wrong
      { subset: 'c', label: 1, predicted: 0 },
      { subset: 'c', label: -1, predicted: 2 },
    ];
    const { subsets, overall } = scoreFirstError(items);
    assert.deepEqual(
      subsets.map((s) => s.subset),
      ['a', 'b', 'c'],
    );
    const [a, b, c] = subsets;
    assert.deepEqual(a.erroneous, { n: 4, correct: 2, accuracy: 0.5 });
    assert.deepEqual(a.correct, { n: 2, correct: 1, accuracy: 0.5 });
    assert.equal(a.f1, 0.5);
    assert.deepEqual(b.erroneous, { n: 0, correct: 0, accuracy: null });
    assert.deepEqual(b.correct, { n: 2, correct: 2, accuracy: 1 });
    assert.equal(b.f1, null);
    assert.deepEqual(c.erroneous, { n: 1, correct: 0, accuracy: 0 });
    assert.deepEqual(c.correct, { n: 1, correct: 0, accuracy: 0 });
    assert.equal(c.f1, 0);
    // overall counts pooled: erroneous 2/5 = 0.4, correct 3/5 = 0.6, pooled F1 = 2·0.4·0.6 / 1.0 = 0.48;
    // overall F1 as ProcessBench averages: the mean of the subsets that have one, (0.5 + 0) / 2.
    assert.equal(overall.subset, 'overall');
    assert.deepEqual(overall.erroneous, { n: 5, correct: 2, accuracy: 0.4 });
    assert.deepEqual(overall.correct, { n: 5, correct: 3, accuracy: 0.6 });
    assert.ok(Math.abs((overall.pooled_f1 ?? NaN) - 0.48) < 1e-12, String(overall.pooled_f1));
    assert.equal(overall.f1, 0.25);
    assert.deepEqual(overall.averaged, ['a', 'c']);
    assert.equal(overall.unreadable, 0);
  });

  test('subsetOf: meta.subset, else source, else the file name', () => {
    assert.equal(subsetOf({ meta: { subset: 'gsm8k' }, source: 'processbench/gsm8k' }, 'x.jsonl'), 'gsm8k');
    assert.equal(subsetOf({ source: 'gsm8k/test' }, 'x.jsonl'), 'gsm8k/test');
    assert.equal(subsetOf({ meta: {} }, '/data/my-set.jsonl'), 'my-set');
  });
});

describe('mathcritic eval', () => {
  test('--format json on ProcessBench and GSM8K: subsets, accuracies in [0,1], no false positive on GSM8K', async () => {
    const r = await runCli(['eval', '--format', 'json', path.join(data, 'processbench-sample.jsonl'), path.join(data, 'gsm8k-test-correct.jsonl')]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.skipped, 0);
    const names = out.subsets.map((s: { subset: string }) => s.subset);
    for (const s of ['gsm8k', 'olympiadbench', 'math', 'omnimath', 'gsm8k/test']) assert.ok(names.includes(s), names.join(', '));
    for (const s of [...out.subsets, out.overall]) {
      for (const acc of [s.erroneous.accuracy, s.correct.accuracy, s.f1]) if (acc !== null) assert.ok(acc >= 0 && acc <= 1, JSON.stringify(s));
    }
    const gsm = out.subsets.find((s: { subset: string }) => s.subset === 'gsm8k/test');
    assert.deepEqual(gsm.correct, { n: 300, correct: 300, accuracy: 1 });
    assert.equal(gsm.erroneous.n, 0);
    assert.equal(gsm.f1, null);
    assert.equal(out.overall.erroneous.n + out.overall.correct.n, 600);
    assert.match(r.stderr, /600 records from 2 files evaluated, 0 skipped/);
  });

  test('a bad line is named by file:line and skipped; the table has an overall row', async () => {
    const file = path.join(tmp(), 'mixed.jsonl');
    const good = (label: number, steps: string[]) => JSON.stringify({ problem: 'P', steps, label, answer: null });
    writeFileSync(file, [good(-1, ['2 + 2 = 4', 'So 4.']), '{"problem": "P", "steps": [', good(0, ['2 + 2 = 5', 'So 5.']), ''].join('\n'));
    const r = await runCli(['eval', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /mixed\.jsonl:2: skipped a record that does not parse/);
    assert.match(r.stderr, /2 records from 1 file evaluated, 1 skipped/);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], /^subset\s+n err\s+acc err\s+n ok\s+acc ok\s+F1$/);
    assert.ok(
      lines.some((l) => /^mixed\s+1\s+100\.0%\s+1\s+100\.0%\s+100\.0%$/.test(l)),
      r.stdout,
    );
    assert.match(lines[lines.length - 1], /^overall\s+1\s+100\.0%\s+1\s+100\.0%\s+100\.0%$/);

    const j = await runCli(['eval', '--format', 'json', file]);
    assert.equal(JSON.parse(j.stdout).skipped, 1);
  });

  test('usage errors: another critic, a bad format, no files, an unreadable file — exit 2', async () => {
    const critic = await runCli(['eval', '--critic', 'qwen', path.join(data, 'gsm8k-test-correct.jsonl')]);
    assert.equal(critic.code, 2);
    assert.match(critic.stderr, /--critic must be embedded, model, combined, not "qwen"/);
    assert.equal((await runCli(['eval', '--format', 'csv', path.join(data, 'gsm8k-test-correct.jsonl')])).code, 2);
    assert.equal((await runCli(['eval'])).code, 2);
    const missing = await runCli(['eval', path.join(tmp(), 'missing.jsonl')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*missing\.jsonl: no such file or folder/);
    assert.doesNotMatch(missing.stderr, /at .*\.js:\d+/);
  });
});
