import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEquations } from '../../server/src/engine/check/equations';
import { checkStep } from '../../server/src/engine/check/step-checks';

const verdicts = (text: string) => checkEquations(text).map((e) => e.verdict);
const rewrites = (text: string) => checkStep(text).filter((e) => e.kind === 'rewrite');

test('absolute values: bars in math mode pair up, \\left| … \\right| included', () => {
  assert.deepEqual(verdicts('$|-3 + 1| = 2$'), ['ok']);
  assert.equal(checkEquations('$|-3 + 1| = 4$')[0].message, '|-3 + 1| = 4 is wrong: |-3 + 1| = 2');
  assert.deepEqual(verdicts('$\\left| 2 - 7 \\right| = 5$'), ['ok']);
  assert.deepEqual(verdicts('$|2| |-3| = 6$'), ['ok']);
  assert.deepEqual(verdicts('$|2 - |1 - 4|| = 1$'), ['ok']);
  assert.deepEqual(verdicts('$|2 - |1 - 4|| = 5$'), ['wrong']);
});

test('absolute values: a bar that is not one (Markdown tables, conditional probability, divides) is never read as one', () => {
  assert.deepEqual(verdicts('Table | 3 | 4 = 7 |'), []);
  assert.deepEqual(verdicts('$P(A|B) = 0.5$'), []);
  assert.deepEqual(verdicts('$3 | 12$ and $2 + 2 = 5$'), ['wrong']);
  assert.deepEqual(verdicts('$3 | 12 = 4$'), []);
});

test('absolute values in rewrites: exact at the fixed points, and |x| = x where the points are positive is not judged', () => {
  const [e] = rewrites('\\[ \\frac{1}{2} \\left| mn_1n_2 - n_1y_3 + n_2y_3 - mn_1n_2 + x_3m(n_1 - n_2) \\right| = \\frac{1}{2} \\left| m(n_2 - n_1)(y_3 - x_3) \\right| = \\frac{1}{2} |m| |n_2 - n_1| |y_3 - x_3| \\]');
  assert.equal(e?.verdict, 'wrong');
  assert.match(e.message, /is not an identity: at m = 2, n_1 = 3, n_2 = 5, x_3 = 7, y_3 = 11 the left side is 3 and the right side 8$/);
  assert.deepEqual(rewrites('\\[ \\frac{1}{2} |m(n_2 - n_1)(y_3 - x_3)| = \\frac{1}{2} |m| |n_2 - n_1| |y_3 - x_3| = \\frac{1}{2} |m| |n_1 - n_2| |x_3 - y_3| \\]'), []);
  assert.deepEqual(rewrites('$|x| \\cdot |y| = x y = |x y|$'), []);
});

test("rewrites: an apostrophe in prose (let's) no longer hides a step; a prime still does", () => {
  assert.equal(rewrites("Let's expand: $(x+1)^2 = x^2 + x + 1 = x(x + 1) + 1$.").length, 1);
  assert.deepEqual(rewrites("Here $f'(x) = (x+1)^2 = x^2 + x + 1 = x(x+1) + 1$."), []);
  assert.deepEqual(rewrites("Then $y' = (x+1)^2 = x^2 + x + 1 = x(x+1) + 1$."), []);
});
