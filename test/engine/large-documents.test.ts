import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEquations } from '../../server/src/engine/check/equations';
import { parseSolutionDocument } from '../../server/src/engine/solution';
import { checkSolution } from '../../server/src/engine/check';

// Issue 11 §5: a big hostile document is checked, whole, instead of crashing or stalling.

test('a chain of 150,000 links in one step is checked whole (no stack overflow)', () => {
  const equations = checkEquations(`${'1 + 1 = '.repeat(150_000)}2`);
  assert.equal(equations.length, 150_000);
  assert.ok(equations.every((e) => e.verdict === 'ok'));
});

test('a one-line document of unclosed "<<" and "_{" is tokenized to its end', () => {
  const text = '<<2 * 3 = 7, _{ 2 * 4 = 8, '.repeat(20_000);
  const equations = checkEquations(text);
  assert.equal(equations.filter((e) => e.verdict === 'wrong').length, 20_000);
});

test('the last of 100,000 "the answer is" on one line is the final answer', () => {
  const text = `---\nanswer: 7\n---\n${'the answer is 3 and '.repeat(100_000)}the answer is 7\n`;
  const { solution, issues } = parseSolutionDocument(text);
  assert.equal(solution.finalAnswer?.text, '7');
  const result = checkSolution(solution, issues);
  assert.equal(result.findings.filter((f) => f.code === 'wrong-final-answer').length, 0);
});

test('an answer wrapped in a million dollars and stars is unwrapped', () => {
  const text = `---\nanswer: 5\n---\nThe answer is ${'$*'.repeat(200_000)}5${'*$'.repeat(200_000)}\n`;
  const { solution } = parseSolutionDocument(text);
  assert.equal(solution.finalAnswer?.text, '5');
});
