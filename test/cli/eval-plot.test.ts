import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { parseSvg } from '../support/svg';
import { processBenchSubsetOf } from '../../server/src/engine/eval/processbench-reference';
import { readPredictions } from '../../server/src/engine/eval/read-predictions';

const data = path.resolve(__dirname, '../../../shared/data');

/** Prediction lines in the `eval --predictions` shape; `hits` of `n` per side are right. */
function predictions(critic: { critic: string; profile: string; model: string }, subsets: Record<string, { err: [number, number]; ok: [number, number] }>): string {
  const lines: unknown[] = [];
  for (const [subset, { err, ok }] of Object.entries(subsets)) {
    for (let i = 0; i < err[1]; i++) lines.push({ id: `${subset}-e${i}`, subset, label: 2, prediction: i < err[0] ? 2 : -1, match: i < err[0], votes: 1, ...critic });
    for (let i = 0; i < ok[1]; i++) lines.push({ id: `${subset}-o${i}`, subset, label: -1, prediction: i < ok[0] ? -1 : 0, match: i < ok[0], votes: 1, ...critic });
  }
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

describe('eval --plot', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-eval-plot-'));
  const qwen = path.join(dir, 'qwen.jsonl');
  const prm = path.join(dir, 'prm.jsonl');
  // gsm8k: acc err 3/4, acc ok 1/2 → F1 0.6; math: 1/2 and 1/1 → 2/3.
  writeFileSync(qwen, predictions({ critic: 'model', profile: 'processbench', model: 'Qwen2.5-72B' }, { gsm8k: { err: [3, 4], ok: [1, 2] }, math: { err: [1, 2], ok: [1, 1] } }) + '{torn');
  // gsm8k: 1/1 and 1/1 → 1; math: 0/2 and 1/1 → 0.
  writeFileSync(prm, predictions({ critic: 'model', profile: 'prm', model: 'Qwen2.5-Math-PRM-7B' }, { gsm8k: { err: [1, 1], ok: [1, 1] }, math: { err: [0, 2], ok: [1, 1] } }));

  test("prediction files side by side, each bar its F1, with ProcessBench's published rows as marks", async () => {
    const svgFile = path.join(dir, 'f1.svg');
    const r = await runCli(['eval', '--from', qwen, '--from', prm, '--plot', svgFile, '--reference', 'processbench']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Qwen2\.5-72B \(processbench\) \(.*qwen\.jsonl\): gsm8k 60\.0%, math 66\.7%/);
    assert.match(r.stdout, /Qwen2\.5-Math-PRM-7B \(prm\) .*: gsm8k 100\.0%, math 0\.0%/);
    assert.match(r.stderr, /qwen\.jsonl:\d+: skipped a line that is not a prediction/);
    const svg = parseSvg(readFileSync(svgFile, 'utf8'));
    const bars = svg.marks('bar').map((m) => m.label);
    assert.equal(bars.length, 4, bars.join('\n'));
    for (const [subset, critic, f1] of [
      ['gsm8k', 'Qwen2.5-72B (processbench)', '60%'],
      ['math', 'Qwen2.5-72B (processbench)', '67%'],
      ['gsm8k', 'Qwen2.5-Math-PRM-7B (prm)', '100%'],
      ['math', 'Qwen2.5-Math-PRM-7B (prm)', '0%'],
    ]) {
      assert.ok(
        bars.some((b) => b.includes(`subset: ${subset}`) && b.includes(`critic: ${critic}`) && b.includes(`first-error F1: ${f1}`)),
        `${subset} ${critic} ${f1} in\n${bars.join('\n')}`,
      );
    }
    // Side by side: the two bars of a subset do not overlap.
    const x = (m: { el: { getAttribute(n: string): string | null } }) => Number(/^M([\d.]+)/.exec(m.el.getAttribute('d') ?? '')?.[1]);
    const gsm = svg
      .marks('bar')
      .filter((m) => m.label.includes('subset: gsm8k'))
      .map(x);
    assert.ok(Math.abs(gsm[0] - gsm[1]) > 5, `bars apart: ${gsm}`);
    // The published rows: 8 critics × 2 ProcessBench subsets, with their legend.
    const marks = svg.marks('point').map((m) => m.label);
    assert.equal(marks.length, 16);
    assert.ok(
      marks.some((m) => /subset: gsm8k; first-error F1: 93%;.*published F1: o1-mini$/.test(m)),
      marks.join('\n'),
    );
    assert.ok(svg.texts('role-legend-title').includes('ProcessBench, published F1'));
    assert.ok(svg.texts('role-legend-label').includes('Qwen2.5-Math-PRM-72B †'));
    assert.ok(svg.texts('role-legend-label').includes('Qwen2.5-72B (processbench)'));
    assert.deepEqual(svg.texts('role-axis-title'), ['first-error F1']);
    assert.deepEqual(
      svg.texts('role-axis-label').filter((t) => /^[a-z]/.test(t)),
      ['gsm8k', 'math'],
    );
    assert.deepEqual(
      svg
        .marks('text mark')
        .map((m) => m.el.textContent)
        .sort(),
      ['0%', '100%', '60%', '67%'],
    );
  });

  test("this run's embedded checker beside a file, on ../shared/data; no marks without --reference", async () => {
    const svgFile = path.join(dir, 'mixed.svg');
    const r = await runCli(['eval', path.join(data, 'processbench-sample.jsonl'), '--from', qwen, '--plot', svgFile]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^olympiadbench\s+50\s+\d+\.\d%\s+50\s+\d+\.\d%/m); // the run's own table still printed
    const svg = parseSvg(readFileSync(svgFile, 'utf8'));
    assert.ok(svg.texts('role-legend-label').includes('embedded checker'));
    assert.ok(svg.marks('bar').some((m) => m.label.includes('subset: olympiadbench') && m.label.includes('critic: embedded checker')));
    assert.equal(svg.marks('point').length, 0);
  });

  test('bad input: a missing file, a file of no predictions, options without --plot', async () => {
    const empty = path.join(dir, 'empty.jsonl');
    writeFileSync(empty, '{"problem": "x", "steps": ["a"]}\n');
    const r = await runCli(['eval', '--from', qwen, '--from', empty, '--from', path.join(dir, 'nope.jsonl'), '--plot', path.join(dir, 'x.svg')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /empty\.jsonl has no predictions to plot/);
    assert.match(r.stderr, /cannot read .*nope\.jsonl: no such file/);
    assert.match(r.stderr, /plot of 1 critic written/);
    for (const bad of [
      ['--from', qwen],
      ['--plot', 'x.png', '--from', qwen],
      ['--plot', 'a.svg', '--reference', 'other', '--from', qwen],
    ]) {
      const b = await runCli(['eval', ...bad]);
      assert.equal(b.code, 2, bad.join(' '));
    }
  });

  test("which subsets are ProcessBench's, and how a prediction file names its critic", () => {
    assert.equal(processBenchSubsetOf('ProcessBench gsm8k'), 'GSM8K');
    assert.equal(processBenchSubsetOf('omnimath'), 'Omni-MATH');
    assert.equal(processBenchSubsetOf('Olympiad-Bench'), 'OlympiadBench');
    assert.equal(processBenchSubsetOf('mr-ben/math/college_math'), undefined);
    assert.equal(processBenchSubsetOf('gsm8k/test'), undefined);
    assert.equal(readPredictions(JSON.stringify({ subset: 's', label: 0, prediction: null, critic: 'embedded' })).name, 'embedded checker');
    assert.deepEqual(readPredictions(JSON.stringify({ subset: 's', label: 0, prediction: null, critic: 'model', model: 'm', profile: 'json' })).items, [{ subset: 's', label: 0, predicted: null }]);
  });
});
