import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSolution } from '../../server/src/engine/check';
import { solutionFromSteps } from '../../server/src/engine/solution';

const flags = (problem: string, steps: string[]) =>
  checkSolution(solutionFromSteps({ problem, steps }).solution)
    .findings.filter((f) => f.code === 'wrong-substitution')
    .map((f) => `${f.stepIndex}: ${f.message} (${f.severity})`);

test('substitutions: a value of a function defined in the problem or an earlier step is checked', () => {
  assert.deepEqual(flags('Let $f(x) = 2x^2 + 3$. Find $f(2)$.', ['$f(2) = 2 \\cdot 2^2 + 5 = 13$']), ['0: f(2) = 2 \\cdot 2^2 + 5 is wrong: with f(x) = 2x^2 + 3, f(2) = 11 (warning)']);
  assert.deepEqual(flags('Find g(3).', ['Define $g(t) = \\frac{t + 1}{2}$.', 'So $g(3) = 3$.']), ['1: g(3) = 3 is wrong: with g(t) = \\frac{t + 1}{2}, g(3) = 2 (warning)']);
  assert.deepEqual(flags('If f(x) = 3x - 1, what is f(-2)?', ['f(-2) = 3(-2) - 1 = -7']), [], 'plain text, right');
  assert.deepEqual(flags('If f(x) = 3x - 1, what is f(-2)?', ['f(-2) = -5']).length, 1, 'plain text, wrong');
  assert.deepEqual(flags('Let $f(x) = \\frac{1}{x}$.', ['$f(3) = 0.33$ and $f(3) \\approx 0.3$']), [], 'rounded as shown');
});

test('substitutions: equations about a function, several definitions and open parameters are never judged', () => {
  for (const [problem, steps] of [
    // MR-Ben ce75fcd0: h(4x - 1) = 2x + 7 says something of h that no one expression stands for
    ['Let $h(4x-1) = 2x + 7$. For what value of $x$ is $h(x) = x$?', ['So $h(15) = 15 + 7$, therefore $h(15) = 22$.']],
    // a second definition (another candidate, a piece of a piecewise function)
    ['Let $f(x) = x + 1$.', ['Try $f(x) = 2x$ instead: $f(3) = 6$.']],
    ['$f(x) = x + 1$ if $x < 0$, and $f(x) = 2x$ otherwise.', ['$f(3) = 6$']],
    ['$f(x) = x^2$ for $x \\ge 0$.', ['$f(-3) = 0$']],
    // a parameter left open
    ['$f(x) = ax + 3$ and $f(1) = 5$.', ['$f(2) = 7$']],
    // defined after the use
    ['Find p.', ['$f(2) = 9$', 'Let $f(x) = x^2$.']],
    // "f(x) = 0" asks where f vanishes
    ['Let $f(x) = x^2 - 4$.', ['Solve $f(x) = 0$: $f(2) = 0$ and $f(-2) = 0$.']],
    // a sum of values is not one call
    ['Let $f(x) = x^2$.', ['$f(2) + f(3) = 13$']],
  ] as Array<[string, string[]]>) {
    assert.deepEqual(flags(problem, steps), [], `${problem} | ${steps.join(' | ')}`);
  }
});
