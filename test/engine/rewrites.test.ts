import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStep } from '../../server/src/engine/check/step-checks';
import { checkSolution } from '../../server/src/engine/check';
import { solutionFromSteps } from '../../server/src/engine/solution';

const rewrites = (text: string) => checkStep(text).filter((e) => e.kind === 'rewrite');

test('rewrites: a chain that rewrites one expression and is not an identity is wrong, at a point that shows it', () => {
  const [e] = rewrites('Expanding, $(x+1)^2 = x^2 + x + 1 = x(x + 1) + 1$.');
  assert.equal(e?.verdict, 'wrong');
  assert.equal(e.message, '(x+1)^2 = x^2 + x + 1 is not an identity: at x = 2 the left side is 9 and the right side 7');
  // Sums of fractions, factorisations, several symbols, subscripts, align blocks.
  assert.equal(rewrites('$\\frac{1}{x} + \\frac{1}{x+1} = \\frac{2x}{x(x+1)} = \\frac{2}{x+1}$').length, 1);
  assert.equal(rewrites('$a^2 - b^2 = (a - b)(a - b) = a^2 - 2ab + b^2$').length, 1, 'the second link holds');
  assert.equal(rewrites('\\[ (x_1 + x_2)^2 = x_1^2 + x_2^2 = \\ldots \\]').length, 0, 'an unread command cuts the chain');
  assert.equal(rewrites('\\[ (x_1 + x_2)^2 = x_1^2 + x_2^2 + x_1 x_2 = s \\]').length, 1);
  assert.equal(rewrites('$$\\begin{align*} (x+2)(x+3) &= x^2 + 5x + 5 \\\\ &= x(x + 5) + 5 \\end{align*}$$').length, 1);
  assert.equal(rewrites('the remaining bandages are \\( (x - 16 + 100) - 25 = x + 69 - 25 = x + 44 \\).')[0]?.verdict, 'wrong');
});

test('rewrites: identities, equations, relations and what is not scalar algebra are never flagged', () => {
  for (const text of [
    '$(x+1)^2 = x^2 + 2x + 1 = (x + 1)(x + 1)$',
    '$\\frac{1}{x} + \\frac{1}{x+1} = \\frac{2x + 1}{x(x+1)} = \\frac{2x+1}{x^2 + x}$',
    '$\\sqrt{x^2} = x = \\sqrt{x} \\cdot \\sqrt{x}$',
    '$2^{n+1} = 2 \\cdot 2^n = 2^n + 2^n$',
    // an equation, two sides: solved, never judged
    '$2x + 3 = x + 5$, so $x = 2$.',
    '$(x+1)^2 = x^2 + 5$ gives $2x + 1 = 5$.',
    // a chain of equal terms is an equation
    '$10b = 12b = 15b$',
    // reduced by a relation: the degree drops
    '$x^3 = x \\cdot x^2 = x(2x + 1) = 2x^2 + x$',
    // functions, geometry, vectors, sums, congruences, derivatives
    '$f(x) = x^2 + 1 = f(x + 1) - 2x$',
    '$AB \\cdot CD + AD \\cdot BC = AC \\cdot BD = AB \\cdot BD$',
    '$\\mathbf{a} \\times \\mathbf{b} = -\\mathbf{b} \\times \\mathbf{a} = \\mathbf{b} \\times \\mathbf{a}$',
    "$f'(x) = 2x + 1 = 2(x + 1)$",
    '$\\sum_{k=1}^n k = \\frac{n(n+1)}{2} = n^2$',
    '$3n + 1 \\equiv n + 1 = n + 2 = 1 \\pmod 2$',
    '$\\sin^2 x + \\cos^2 x = 1 = x$',
    '$e^x \\cdot e^x = e^{2x} = 2e^x$',
    '$x^2 + y^2 \\approx 2xy = (x + y)^2$',
  ]) {
    assert.deepEqual(
      rewrites(text).map((e) => e.message),
      [],
      text,
    );
  }
});

test('rewrites: a relation between the symbols written before excuses a rewrite that uses it', () => {
  const findings = (problem: string, steps: string[]) => checkSolution(solutionFromSteps({ problem, steps }).solution).findings.filter((f) => f.code === 'wrong-rewrite');
  // pb-olympiadbench-222: a substitution by a relation keeps the symbols and the degrees.
  const step = '$\\frac{c}{b - a} - \\frac{1}{2} = \\frac{(a + c) - b}{b - a} - \\frac{1}{2} = \\frac{2b - a - b}{b - a} - \\frac{1}{2}$';
  assert.equal(findings('Let $\\frac{a + c}{2} = b$.', [step]).length, 0, 'the problem states it');
  assert.equal(findings('Find the value.', ['We know $\\frac{a + c}{2} = b$.', step]).length, 0, 'an earlier step states it');
  assert.equal(findings('Find the value.', [`Since $a + c = 2b$, ${step}`]).length, 0, 'its own step states it before');
  assert.equal(findings('Find the value.', [step]).length, 1, 'nothing relates them: a rewrite that is not an identity');
  const [f] = findings('Find the value.', [step]);
  assert.equal(f.severity, 'warning');
  // An identity written as two sides ("x - 38 + 50 = x + 12") says nothing about x.
  assert.equal(findings('Let x be the count.', ['so $x - 38 + 50 = x + 12$.', '$(x - 16 + 100) - 25 = x + 69 - 25 = x + 44$']).length, 1);
});
