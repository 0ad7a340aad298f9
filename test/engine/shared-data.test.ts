import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkSolution } from '../../server/src/engine/check';
import { solutionFromSteps, stepsRecordSchema } from '../../server/src/engine/solution';

// Public step-labelled data shared by every developer and CI (see ../shared/data/README.md).
const dataDir = path.resolve(__dirname, '../../../shared/data');

interface Outcome {
  records: number;
  /** Records where the checker's first error is the labelled first wrong step. */
  exact: number;
  /** Records where the checker flags a step before the labelled one (or any step of a right solution). */
  early: number;
  flagged: number;
}

function run(file: string): Outcome {
  const lines = readFileSync(path.join(dataDir, file), 'utf8').split('\n').filter((l) => l.trim());
  const out: Outcome = { records: 0, exact: 0, early: 0, flagged: 0 };
  for (const line of lines) {
    const record = stepsRecordSchema.parse(JSON.parse(line));
    const { solution } = solutionFromSteps(record);
    const { findings } = checkSolution(solution);
    const first = findings.filter((f) => f.severity === 'error').map((f) => f.stepIndex).sort((a, b) => a - b)[0];
    const label = record.label ?? -1;
    out.records++;
    if (first === undefined) continue;
    out.flagged++;
    if (first === label) out.exact++;
    else if (label < 0 || first < label) out.early++;
  }
  return out;
}

test('shared data is where the README says', () => {
  assert.ok(existsSync(path.join(dataDir, 'gsm8k-test-correct.jsonl')), `expected ../shared/data beside the project (${dataDir})`);
});

test('precision: no finding on 300 right GSM8K reference solutions', (t) => {
  const r = run('gsm8k-test-correct.jsonl');
  t.diagnostic(`gsm8k-test-correct: ${r.flagged} of ${r.records} right solutions flagged`);
  assert.equal(r.records, 300);
  assert.equal(r.flagged, 0);
});

test('recall: most one-number slips in GSM8K solutions are caught, on the right step', (t) => {
  const r = run('gsm8k-test-perturbed.jsonl');
  t.diagnostic(`gsm8k-test-perturbed: ${r.exact} of ${r.records} slips caught on the changed step, ${r.early} flagged earlier`);
  assert.equal(r.records, 299);
  assert.equal(r.early, 0, 'nothing flagged before the changed step');
  assert.ok(r.exact / r.records >= 0.75, `caught ${r.exact} of ${r.records}`);
});

test('BIG-Bench Mistake arithmetic: most first mistakes found, few flags before them', (t) => {
  const r = run('bbmistake-arith.jsonl');
  t.diagnostic(`bbmistake-arith: first mistake found on its step in ${r.exact} of ${r.records}, ${r.early} flagged earlier`);
  assert.ok(r.exact >= 180, `exact ${r.exact} of ${r.records}`);
  // The human labels miss real slips (and a few "right" chains reach a wrong answer): the early
  // flags seen here (21) are real arithmetic errors or wrong final answers, looked at one by one.
  assert.ok(r.early <= 30, `early ${r.early}`);
});
