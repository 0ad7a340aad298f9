import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareAnswers } from '../../server/src/engine/check/answer';

type V = 'equal' | 'different' | 'unknown';
const TABLE: Array<[written: string, reference: string, verdict: V]> = [
  // numbers: fractions, decimals, separators, money, units
  ['$2,000', '1,375', 'different'],
  ['1,375', '1375', 'equal'],
  ['$1,375.', '1375', 'equal'],
  ['96', '106', 'different'],
  ['\\dfrac{9}{2}', '4.5', 'equal'],
  ['\\frac{9}{2}', '9/2', 'equal'],
  ['\\tfrac92', '4.5', 'equal'],
  ['4.50', '4.5', 'equal'],
  ['-3', '3', 'different'],
  ['18 dollars', '18', 'equal'],
  ['18 \\text{ dollars}', '18', 'equal'],
  ['\\$18', '18', 'equal'],
  ['12 \\text{cm}^2', '12', 'equal'],
  ['90^\\circ', '90', 'equal'],
  ['90°', '90', 'equal'],
  ['x = 5', '5', 'equal'],
  ['k=5', '6', 'different'],
  ['344,485', '344485', 'equal'],
  // percentages: either reading
  ['8\\%', '$8 \\%$', 'equal'],
  ['0.08', '8%', 'equal'],
  ['8', '8%', 'equal'],
  ['9%', '8%', 'different'],
  // roots, pi, rounding
  ['$4-2 \\sqrt{3}$', '4 - 2\\sqrt3', 'equal'],
  ['\\sqrt{2}/2', '\\frac{\\sqrt2}{2}', 'equal'],
  ['\\frac{1}{\\sqrt{2}}', '\\frac{\\sqrt{2}}{2}', 'equal'],
  ['2\\sqrt{2}', '\\sqrt{8}', 'equal'],
  ['\\pi/2', '1.5708', 'equal'],
  ['0.33', '1/3', 'equal'],
  ['0.34', '1/3', 'different'],
  ['2\\pi', '\\pi', 'different'],
  // sets, lists, tuples, intervals
  ['\\frac{1}{3},1,\\frac{1}{9}', '$\\frac{1}{3},1,\\frac{1}{9}$', 'equal'],
  ['1,\\frac{1}{9},\\frac13', '$\\frac{1}{3},1,\\frac{1}{9}$', 'equal'],
  ['10,11,12,13,14,-2,-1,0,1,2', '-2,-1,0,1,2,10,11,12,13,14', 'equal'],
  ['2,4', '2,4,3', 'different'],
  ['\\{1, 2\\}', '\\{2, 1\\}', 'equal'],
  ['\\{1, 3\\}', '\\{2, 1\\}', 'different'],
  ['(1,2)', '(1,2)', 'equal'],
  ['(1, 2)', '(2,1)', 'different'],
  ['(\\frac12, 3)', '(0.5, 3)', 'equal'],
  ['[0,1)', '[0, 1)', 'equal'],
  // Qwen2.5-Math compare_lists calls (0,1) and [0,1] equal, an interval reading does not: unknown.
  ['(0,1)', '[0,1]', 'unknown'],
  // issue 16: a set and a tuple with the same elements
  ['\\{1, 2\\}', '(1, 2)', 'unknown'],
  // Math-Verify: intervals against inequalities, unions
  ['x \\in [-2,7]', '-2 \\le x \\le 7', 'equal'],
  ['[-2,7]', '-2 \\leq x \\leq 8', 'different'],
  ['x > 3', '(3, \\infty)', 'equal'],
  ['x \\geq 3', '[3, \\infty)', 'equal'],
  ['(-\\infty, 1) \\cup (2, \\infty)', '(2, \\infty) \\cup (-\\infty, 1)', 'equal'],
  ['(-\\infty, 1) \\cup (3, \\infty)', '(-\\infty, 1) \\cup (2, \\infty)', 'different'],
  // issue 16: \pm, pmatrix, lists joined with words
  ['1 \\pm \\sqrt{2}', '1+\\sqrt{2}, 1-\\sqrt{2}', 'equal'],
  ['1 \\pm \\sqrt{3}', '1+\\sqrt{2}, 1-\\sqrt{2}', 'different'],
  ['\\begin{pmatrix} 1 \\\\ -2 \\end{pmatrix}', '(1, -2)', 'equal'],
  ['\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}', '\\begin{pmatrix}1&2\\\\3&5\\end{pmatrix}', 'different'],
  ['7 \\text{ and } -5', '-5,7', 'equal'],
  ['2 and 3', '3, 2', 'equal'],
  // issue 16: LaTeX spacing inside numbers
  ['11,\\!111', '11111', 'equal'],
  ['11\\,111', '11111', 'equal'],
  ['11{,}111', '11111', 'equal'],
  // Hendrycks MATH strip_string: \sqrt3, .5, \frac12, 0.5 = \frac{1}{2}, "x = " prefix, \% and units
  ['\\sqrt3', '\\sqrt{3}', 'equal'],
  ['.5', '\\frac{1}{2}', 'equal'],
  ['\\frac12', '0.5', 'equal'],
  ['10\\%', '10', 'equal'],
  ['5 \\text{ cm}', '5', 'equal'],
  ['\\left( 3, \\frac{\\pi}{2} \\right)', '(3, \\frac{\\pi}{2})', 'equal'],
  // Qwen2.5-Math math_equal: case-insensitive text, percent readings, rel. tolerance 1e-4, equations
  ['TRUE', 'true', 'equal'],
  ['10%', '0.1', 'equal'],
  ['3.14159', '\\pi', 'equal'],
  ['y = 2x + 1', 'y=1+2x', 'equal'],
  ['(-\\infty, 2]', '(-\\infty, 2]', 'equal'],
  // expressions
  ['x+1', '$f(x)=x+1$', 'equal'],
  ['f(x)=x+1', '$f(x)=x+1$', 'equal'],
  ['2x+2', '2(x+1)', 'equal'],
  ['x^2 - 1', '(x-1)(x+1)', 'equal'],
  ['x^2', 'x^3', 'different'],
  ['\\frac{x}{2}', '0.5x', 'equal'],
  ['2021 \\cdot 505 \\cdot 337', '$2021 \\cdot 505 \\cdot 337$', 'equal'],
  ['2021 \\times 505 \\times 337', '343943785', 'equal'],
  // multiple choice
  ['\\text{(B)}', 'B', 'equal'],
  ['B', 'B', 'equal'],
  ['(C)', 'B', 'different'],
  ['Choice_C', 'B', 'different'],
  ['C: x^2/8', 'C', 'equal'],
  ['x^2/8', 'B', 'unknown'],
  // text
  ['Paris', 'paris', 'equal'],
  ['yes', 'no', 'different'],
  ['\\text{Yes}', 'yes', 'equal'],
  ['blue', 'red', 'unknown'],
  ['the second one', '2', 'unknown'],
  // cannot be sure: never a finding
  ['', '5', 'unknown'],
  ['x^y!', '5', 'unknown'],
  ['\\int_0^1 x\\,dx', '1/2', 'unknown'],
];

for (const [written, reference, verdict] of TABLE) {
  test(`answers: ${JSON.stringify(written)} vs ${JSON.stringify(reference)} → ${verdict}`, () => {
    const c = compareAnswers(written, reference);
    assert.equal(c.verdict, verdict, c.reason);
    assert.ok(c.reason.length > 0);
  });
}

test('answers: a difference names both values', () => {
  assert.deepEqual(compareAnswers('$2,000', '1,375'), { verdict: 'different', reason: '2000 ≠ 1375' });
});

test('answers: very long input is refused quickly, not compared', () => {
  assert.equal(compareAnswers('1+'.repeat(5000) + '1', '5').verdict, 'unknown');
});

test('final answer: boxes joined by commas or "and" are one answer list; a stated final answer after them wins', async () => {
  const { solutionFromSteps } = await import('../../server/src/engine/solution');
  const final = (step: string) => solutionFromSteps({ problem: 'p', steps: ['First, x = 2.', step] }).solution.finalAnswer?.text;
  assert.equal(final('So the pairs are $\\boxed{(2,2)}$ and $\\boxed{(6,2)}$.'), '(2,2), (6,2)');
  assert.equal(final('The roots are \\boxed{1}, \\boxed{2}, \\boxed{3}'), '1, 2, 3');
  assert.equal(final('the values are \\(\\boxed{-1}\\) and \\(\\boxed{-9}\\).'), '-1, -9');
  assert.equal(final('We found \\boxed{12} earlier. Checking again, the final answer is 14.'), '14');
  assert.equal(final('The final answer is $\\boxed{5}$.'), '5');
  assert.equal(compareAnswers('(2,2), (6,2)', '(6,2), (2,2)').verdict, 'equal');
});
