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
  ['(0,1)', '[0,1]', 'different'],
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
