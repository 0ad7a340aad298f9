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
    assert.deepEqual(
      solved(text).map((e) => e.message),
      [],
      text,
    );
  }
});

test('solved equations: one value written twice is one value (pb-olympiadbench-123)', () => {
  const step = 'we substitute \\(x = 1\\) and \\(y = 18\\) into the equation \\(y = -2x^2 + 4x + c\\):\n\\[18 = -2(1)^2 + 4(1) + c\\]\n\\[18 = -2 + 4 + c\\]\n\\[c = 18 - 2 + 4\\]\n\\[c = 20\\]';
  const [e] = solved(step);
  assert.match(e?.message ?? '', /^c = 18 - 2 \+ 4 does not satisfy 18 = -2\(1\)\^2 \+ 4\(1\) \+ c: with c = 20 the left side is 18 and the right side 22$/);
  assert.deepEqual(solved(step.replace('c = 18 - 2 + 4', 'c = 18 + 2 - 4').replace('c = 20', 'c = 16')), []);
});

test('solved equations: a system whose unknowns all get a value is checked with the values put back together', () => {
  const [e] = solved('$x + y = 10$ and $x - y = 2$. Adding them, $2x = 12$, so $x = 6$ and $y = 3$.');
  assert.equal(e?.verdict, 'wrong');
  assert.match(e.message, /^x = 6, y = 3 does not satisfy x \+ y = 10: with x = 6, y = 3 the left side is 9 and the right side 10$/);
  for (const text of [
    '$x + y = 10$ and $x - y = 2$. Adding them, $2x = 12$, so $x = 6$ and $y = 4$.',
    // an unknown without a value: nothing to put back
    '$x + y + z = 10$ and $x - y = 2$, so $x = 6$ and $y = 4$.',
    // values given before the equation: a substitution, not a solution
    'With $x = 6$ and $y = 3$, $x + y = 10$ would need more.',
    // cases
    '$x + y = 10$; either $x = 6$ and $y = 4$, or $x = 7$ and $y = 2$.',
  ]) {
    assert.deepEqual(
      solved(text).map((x) => x.message),
      [],
      text,
    );
  }
});
