import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStep } from '../../server/src/engine/check/step-checks';

const solved = (text: string) => checkStep(text).filter((e) => e.kind === 'solved');

test('solved equations: a value that does not satisfy the equation it was solved from is wrong', () => {
  const [e] = solved('\\[ 1 \\cdot y - 1 - 8y = -3 \\] \\[ y - 8y = -3 - 1 \\] \\[ -7y = -4 \\] \\[ y = \\frac{4}{7} \\]');
  assert.equal(e?.verdict, 'wrong');
  assert.match(e.message, /does not satisfy 1 \\cdot y - 1 - 8y = -3: with y = 0\.571429… the left side is -5 and the right side -3/);
  assert.equal(solved('Now we know that 2/3 * x = 12. Dividing each side by 2/3 gives x = 19').length, 1, 'plain-text unknowns too');
});

test('solved equations: a right solution, cases and alternatives are never flagged', () => {
  for (const text of [
    '$2x + 3 = 13$, so $2x = 10$ and $x = 5$.',
    'Now we know that 2/3 * x = 12. Dividing each side by 2/3 gives x = 18',
    '$(x-2)(x-3) = 0$, so $x - 2 = 0$, giving $x = 2$, or $x - 3 = 0$, giving $x = 3$.',
    "Set $f'(x) = 2(x+2) = 0$ to find the critical point. Solving for $x$, we get $x = -2$.",
    'First, \\( x = 17 \\) and \\( 1 + y = 23 \\) Second, \\( x = 23 \\) and \\( 1 + y = 17 \\) so \\( 1 + y = 17 \\) and \\( y = 16 \\)',
    '$x^2 = 4$ gives $x = 2$ since x is positive.',
    'Suppose $x + 1 = 5$; then $x = 3$ would fail.',
  ]) {
    assert.deepEqual(solved(text).map((e) => e.message), [], text);
  }
});
