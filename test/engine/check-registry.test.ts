import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHECKS, DEFAULT_SEVERITIES, FINDING_CODES, checkSolution } from '../../server/src/engine/check';
import { parseSolutionDocument, solutionFromSteps } from '../../server/src/engine/solution';

test('registry: codes and default severities come from the one list of checks', () => {
  assert.deepEqual([...FINDING_CODES], CHECKS.map((c) => c.code));
  for (const c of CHECKS) {
    assert.equal(DEFAULT_SEVERITIES[c.code], c.defaultSeverity);
    assert.ok(c.description.length > 10, `${c.code} has a description`);
  }
  assert.equal(new Set(FINDING_CODES).size, FINDING_CODES.length, 'codes are unique');
});

test('registry: a code set to off is not run', () => {
  const { solution } = solutionFromSteps({ problem: 'p', steps: ['5 + 3 = 9'], answer: '8' });
  assert.deepEqual(checkSolution(solution, [], { severities: { 'wrong-equation': 'off', 'missing-final-answer': 'off' } }).findings, []);
});

test('suggestions: a wrong equation offers its computed value, written as the text writes numbers', () => {
  const text = '---\nanswer: 2400\n---\n# Problem\n\nP.\n\n# Solution\n\nStep 1: 1,200 × 2 = $2,500 in all.\n\n#### 2400\n';
  const { solution, issues } = parseSolutionDocument(text);
  const [finding] = checkSolution(solution, issues).findings;
  assert.equal(finding.code, 'wrong-equation');
  assert.equal(finding.suggestions?.length, 1);
  const [fix] = finding.suggestions ?? [];
  assert.equal(fix.title, 'Replace 2,500 with 2,400');
  assert.equal(text.slice(fix.span.start, fix.span.end), '2,500');
  assert.equal(fix.text, '2,400');
  assert.equal(fix.safe, true);
});

test('suggestions: a missing final answer offers a final answer line after the last step', () => {
  const { solution, text } = solutionFromSteps({ problem: 'p', steps: ['She has 4 + 5 = 9 apples.', 'She eats 2, so 9 - 2 = 7 are left.'], answer: '6' });
  const [finding] = checkSolution(solution).findings;
  assert.equal(finding.code, 'missing-final-answer');
  const [fix] = finding.suggestions ?? [];
  assert.equal(fix.safe, false);
  assert.equal(fix.span.start, fix.span.end);
  const edited = text.slice(0, fix.span.start) + fix.text + text.slice(fix.span.end);
  assert.match(edited, /are left\.\n\nThe answer is 7\.\n/);
});

test('final answer: the last number of the last step stands in only when it agrees', () => {
  const right = solutionFromSteps({ problem: 'p', steps: ['She makes 9 * 2 = $18 every day.'], answer: '18' }).solution;
  assert.deepEqual(checkSolution(right).findings, []);
  assert.equal(checkSolution(right).steps[0].answer?.implicit, true);
  const choice = solutionFromSteps({ problem: 'p', steps: ['So it is 4.\nSolution: Choice_B'], answer: 'B' }).solution;
  assert.deepEqual(checkSolution(choice).findings, []);
  const other = solutionFromSteps({ problem: 'p', steps: ['She makes 9 * 2 = $18 every day.'], answer: '20' }).solution;
  assert.deepEqual(checkSolution(other).findings.map((f) => f.code), ['missing-final-answer'], 'a differing last number is not called a wrong answer');
});
