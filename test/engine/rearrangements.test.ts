import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRearrangements } from '../../server/src/engine/check/equations/rearrangements';
import { solutionFromSteps } from '../../server/src/engine/solution';

function flags(...steps: string[]): string[] {
  const { solution } = solutionFromSteps({ problem: 'Solve it.', steps });
  return checkRearrangements(solution).map((d) => `${d.stepIndex + 1}: ${d.message}`);
}

test('rearrangements: an equation moved from the one before it that is off by a constant is wrong', () => {
  // pb-math-622: "1·y - 1 - 8y = -3" then "y - 8y = -3 - 1" (it should be -3 + 1).
  assert.deepEqual(flags('First, if \\( x = 1 \\): \\[ 1 \\cdot y - 1 - 8y = -3 \\] \\[ y - 8y = -3 - 1 \\] \\[ -7y = -4 \\]'), [
    '1: y - 8y = -3 - 1 does not follow from 1 \\cdot y - 1 - 8y = -3: wherever that holds, its left side is 2 more than its right side.',
  ]);
  // pb-math-210: the last link of a chain, then "so" and a rational expression in ω.
  assert.equal(flags('Now \\(\\left(\\omega^2 + \\frac{1}{\\omega^2}\\right)^2 = \\omega^4 + 2 + \\frac{1}{\\omega^4} = -1\\), so \\(\\omega^4 + \\frac{1}{\\omega^4} = 1\\).').length, 1);
  // Scaled and off: 2x + 4 = 10 ⟹ x + 2 = 6.
  assert.equal(flags('$2x + 4 = 10 \\implies x + 2 = 6$').length, 1);
});

test('rearrangements: across two steps when the second opens by rewriting (pb-math-381, pb-olympiadbench-448)', () => {
  assert.deepEqual(flags('Expanding both sides gives:\n\\[ xy = xy + 6y - 2x - 12. \\]', 'Rearranging terms gives:\n\\[ 6y - 2x = -12. \\]'), [
    '2: 6y - 2x = -12 does not follow from xy = xy + 6y - 2x - 12: wherever that holds, its left side is 24 more than its right side.',
  ]);
  assert.equal(flags("Let's set up: \\[2014 - 1900 - 10x - y = 2(10x + y)\\]", 'Simplifying the left side, we get: \\[14 - 10x - y = 20x + 2y\\]').length, 1);
  // A step that does not say it rewrites the equation before it may start from anything.
  assert.deepEqual(flags('\\[ xy = xy + 6y - 2x - 12 \\]', 'For the other formation: \\[ 6y - 2x = -12 \\]'), []);
  // Prose in between breaks the derivation.
  assert.deepEqual(flags('\\[ xy = xy + 6y - 2x - 12 \\]', 'The rows are counted.', 'Rearranging terms gives \\[ 6y - 2x = -12 \\]'), []);
});

test('rearrangements: right rearrangements, other derivations, alternatives and lists are never flagged', () => {
  const none = [
    '\\[ 1 \\cdot y - 1 - 8y = -3 \\] \\[ y - 8y = -3 + 1 \\] \\[ -7y = -2 \\]',
    '$2x + 4 = 10 \\implies x + 2 = 5$',
    // multiplied by an unknown, squared, or a value: another derivation, not judged here
    '$\\frac{1}{x} + 1 = 2$, so $1 + x = 3x$',
    '$x + 1 = 3$, so $(x + 1)^2 = 10$',
    '$2x = 6$, so $x = 4$',
    // alternatives and lists
    '$x - 2 = 0$ or $x - 3 = 0$',
    '\\[ x = 1 \\] \\[ x = 2 \\]',
    'The lines are $y = 2x + 1$ and $y = 2x + 3$.',
    '\\[ a + b = 5 \\] \\[ a + b = 7 \\]',
    '\\[ 2a + b = 5 \\] \\[ 7 = 2a + b \\]',
    // a system: not proportional
    '$x + y = 10$, so $x - y = 2$',
    // another symbol joins
    '$x + y = 10$, so $x + z = 12$',
    // congruences and derivatives mean something else by "="
    "$f'(x) = 2x + 1$, so $f'(x) = 2x + 3$",
    '$3x + 1 = 4 \\pmod 5$, so $3x = 5 \\pmod 5$',
  ];
  for (const text of none) assert.deepEqual(flags(text), [], text);
});

test('rearrangements: an inequality turned the wrong way is wrong; a bound tightened for whole numbers is not judged', () => {
  assert.deepEqual(flags('$-2x < 6$, so $x < -3$.'), ['1: x < -3 does not follow from -2x < 6: it is the same inequality turned the wrong way, false wherever that one holds.']);
  assert.equal(flags('$3a < 60 \\implies 20 < a$').length, 1);
  assert.equal(flags('$x \\geq 2y$, so $x - 2y \\leq 0$').length, 1);
  const none = [
    '$-2x < 6$, so $x > -3$.',
    '\\(-20 \\leq -1 - k \\leq 20 \\implies -19 \\leq -k \\leq 21 \\implies -21 \\leq k \\leq 19\\)',
    '$3a < 60 \\implies a < 20$',
    '$5 \\geq x \\implies x \\leqslant 5$',
    '$x > 3$, so $x \\geq 4$.',
    '$x^2 < 4 \\implies -2 < x < 2$',
    // an inequality and an equation are not one rearrangement
    '$2x < 6$, so $x = 3$',
  ];
  for (const text of none) assert.deepEqual(flags(text), [], text);
});

test('rearrangements: two derivations side by side are compared pair by pair (pb-olympiadbench-405)', () => {
  const step =
    'Subtract $5a$ from both sides of the first inequality, and subtract $4a$ from both sides of the second inequality: $75 < 4a$ and $3a < 60$. Divide both sides of the first inequality by 4, and divide both sides of the second inequality by 3: $18.75 < a$ and $20 < a$.';
  assert.deepEqual(flags(step), ['1: 20 < a does not follow from 3a < 60: it is the same inequality turned the wrong way, false wherever that one holds.']);
  assert.deepEqual(flags(step.replace('$20 < a$', '$a < 20$')), []);
  // Without the second pair's "and", nothing is paired: "18.75 < a" is not compared with "3a < 60".
  assert.deepEqual(flags('$75 < 4a$ and $3a < 60$. Divide by 4: $18.75 > a$.'), []);
});

test('substitutions: an equation put into another that contradicts both is wrong (pb-olympiadbench-201)', () => {
  const before = [
    'Equating them gives us: \\(a + ab = 2\\) ... (Equation 1).',
    'On the left side, the constant term is \\(3ab\\), and on the right side, it is \\(12\\). Equating them gives us: \\(3ab = 12\\) ... (Equation 2).',
    'Now, we can solve Equation 2 for \\(ab\\): \\(ab = 4\\).',
  ];
  assert.deepEqual(flags(...before, 'Substituting this into Equation 1: \\(a + a(4) = 2\\). Simplifying, we get: \\(a + 4a = 2\\).'), [
    '4: a + a(4) = 2 does not follow from ab = 4 and a + ab = 2: wherever both hold, its left side is 12 less than its right side.',
  ]);
  // The substitution done right, and one the premises give another way (3ab = 12 is ab = 4 again).
  assert.deepEqual(flags(...before, 'Substituting this into Equation 1: \\(a + 4 = 2\\).'), []);
  assert.deepEqual(flags(...before, 'Substituting this into Equation 2: \\(3 \\cdot 4 = 12 + 0 \\cdot a\\).'), []);
});

test('substitution lookalikes: no substitution said, cases, premises that contradict each other, a constant, a value', () => {
  const equation1 = 'Equating them gives us: \\(a + ab = 2\\).';
  const wrong = '\\(a + a(4) = 2\\).';
  assert.deepEqual(flags(equation1, 'So \\(ab = 4\\).', `For the other case: ${wrong}`), []);
  // Two cases: a premise from one, a result in the other.
  assert.deepEqual(flags('Case 1: \\(a + ab = 2\\).', 'Case 2: \\(ab = 4\\).', `Substituting this: ${wrong}`), []);
  assert.deepEqual(flags(equation1, 'Suppose \\(ab = 4\\).', `Substituting this: ${wrong}`), []);
  // ab = 4 and ab = 5 cannot both hold: any equation is as good as another.
  assert.deepEqual(flags('Then \\(ab = 5\\).', 'So \\(ab = 4\\).', 'Substituting this: \\(a + ab = 3\\).'), []);
  assert.deepEqual(flags(equation1, 'So \\(ab = 4\\).', 'Substituting this: \\(b = b + 3\\).'), []);
  // A value found is the solved-equation check's.
  assert.deepEqual(flags(equation1, 'So \\(ab = 4\\).', 'Substituting this: \\(a = 5\\).'), []);
});
