import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEquations } from '../../server/src/engine/check/equations';
import { checkStep } from '../../server/src/engine/check/step-checks';
import { symbolTokens } from '../../server/src/engine/check/equations/symbols';
import { tokenize } from '../../server/src/engine/check/math/tokens';

const verdicts = (text: string) => checkEquations(text).map((e) => e.verdict);
const stepVerdicts = (text: string) => checkStep(text).map((e) => e.verdict);

test('trigonometric values at multiples of \\pi and at angles in degrees', () => {
  assert.deepEqual(verdicts('$\\cos \\frac{7\\pi}{4} = \\frac{\\sqrt{2}}{2}$'), ['ok']);
  assert.equal(
    checkEquations('$\\sin \\frac{7\\pi}{4} = \\frac{\\sqrt{2}}{2}$')[0].message,
    '\\sin \\frac{7\\pi}{4} = \\frac{\\sqrt{2}}{2} is wrong: \\sin \\frac{7\\pi}{4} = -0.707107…, not 0.707107…',
  );
  assert.deepEqual(verdicts('$\\sin 2\\pi = 0$, $\\cos 0 = 1$, $\\cos \\pi = -1$'), ['ok', 'ok', 'ok']);
  assert.deepEqual(verdicts('$\\tan(60^\\circ) = \\sqrt{3}$'), ['ok']);
  assert.deepEqual(verdicts('$\\sin 30^\\circ = 0.5$, $\\cos 60° = 0.4$'), ['ok', 'wrong']);
  assert.deepEqual(verdicts('$2\\sin 30^\\circ \\cos 30^\\circ = \\sin 60^\\circ$'), ['ok']);
  assert.deepEqual(verdicts('$\\sin^2(45^\\circ) + \\cos^{2}(45^\\circ) = 1$'), ['ok']);
  assert.deepEqual(verdicts('$\\cot \\frac{\\pi}{4} = 1$, $\\sec \\frac{\\pi}{3} = 2$, $\\csc \\frac{\\pi}{6} = 3$'), ['ok', 'ok', 'wrong']);
  // Rounded as a careful person rounds, or approximately.
  assert.deepEqual(verdicts('$\\cos(22.5^\\circ) \\approx 0.924$, $\\sin 45^\\circ = 0.71$'), ['ok', 'ok']);
});

test('trigonometric lookalikes: no unit, an unknown, an inverse, an argument whose end is unclear', () => {
  // Radians or degrees? Neither is written: not read.
  assert.deepEqual(verdicts('$\\sin 30 = 0.5$'), []);
  assert.deepEqual(verdicts('$\\sin x = 0.5$, $\\cos 2x = 1$, $\\sin \\theta = \\frac12$'), []);
  assert.deepEqual(verdicts('$\\sin^{-1} 0.5 = 30^\\circ$'), []);
  assert.deepEqual(verdicts('$\\sin \\pi/6 = 0.5$'), []);
  assert.deepEqual(verdicts('$\\sin 30^\\circ 60^\\circ = 2$'), []);
  // Degrees elsewhere are still only dropped.
  assert.deepEqual(verdicts('$90^\\circ - 60^\\circ = 30^\\circ$'), ['ok']);
  // In algebra a function stays unread: the identity is not tested at sample points.
  assert.deepEqual(
    checkStep('$\\sin^2 x + \\cos^2 x = 1$, so $2\\sin x \\cos x = \\sin 2x$').filter((e) => e.kind === 'rewrite'),
    [],
  );
  assert.ok(symbolTokens('$\\sin x$', tokenize('$\\sin x$')).some((t) => t.kind === 'unread'));
});

test('\\pi applied to a bracket is a permutation or the prime-counting function, not a product (pb-omnimath-32)', () => {
  assert.deepEqual(verdicts('the maximum occurs when $\\pi(2) = 2012, \\pi(3) = 2011, \\ldots, \\pi(2012) = 2$'), []);
  assert.deepEqual(verdicts('$\\pi(10) = 4$'), []);
  // A circle's area: a power follows the bracket.
  assert.deepEqual(verdicts('$\\pi (6)^2 = 36\\pi$, $\\frac{4}{3}\\pi(1)^3 = \\frac{4}{3}\\pi$'), ['ok', 'ok']);
  assert.deepEqual(verdicts('$\\pi (8)^2 = 62\\pi$'), ['wrong']);
});

test('logarithms with their base written; a bare \\log may be base 10 or e', () => {
  assert.deepEqual(verdicts('$\\log_2 8 = 3$, $\\log_{3} 81 = 4$, $\\log_{10}(1000) = 3$, $\\log_2 2^{10} = 10$'), ['ok', 'ok', 'ok', 'ok']);
  assert.equal(checkEquations('$\\log_{2} 256 = 7$')[0].message, '\\log_{2} 256 = 7 is wrong: \\log_{2} 256 = 8');
  assert.deepEqual(verdicts('$\\ln 1 = 0$, $\\log_2 3 \\approx 1.585$'), ['ok', 'ok']);
  assert.deepEqual(verdicts('$\\log 100 = 2$, $\\log_b 8 = 3$, $\\log_2 x = 3$, $\\log_2 8/3 = 1$, $\\ln e = 1$'), []);
  assert.deepEqual(verdicts('$\\log _{2} \\pi(2) = 11$'), []);
  assert.deepEqual(verdicts('$\\log_1 5 = 0$, $\\log_2 (-4) = 2$'), []);
});

test('floors and ceilings of numbers; in algebra they stay unread (pb-olympiadbench-51)', () => {
  assert.deepEqual(verdicts('$\\left\\lfloor\\frac{153}{2}\\right\\rfloor + 10 = 76 + 10 = 86$'), ['ok', 'ok']);
  assert.deepEqual(verdicts('$\\left\\lceil \\sqrt{70} \\right\\rceil = 9$, $\\lceil \\sqrt{115} \\rceil = 11$'), ['ok', 'ok']);
  assert.equal(checkEquations('$\\lfloor 3.5 \\rfloor = 4$')[0].message, '\\lfloor 3.5 \\rfloor = 4 is wrong: \\lfloor 3.5 \\rfloor = 3');
  assert.deepEqual(
    verdicts('$\\lfloor \\frac{1200}{5} \\rfloor + \\lfloor \\frac{1200}{25} \\rfloor + \\lfloor \\frac{1200}{125} \\rfloor + \\lfloor \\frac{1200}{625} \\rfloor = 240 + 48 + 9 + 1 = 298$'),
    ['ok', 'ok'],
  );
  assert.deepEqual(verdicts('⌊7/2⌋ = 3 and ⌈7/2⌉ = 3'), ['ok', 'wrong']);
  // An exact integer computed inexactly is still that integer.
  assert.deepEqual(verdicts('$\\lfloor 3 \\cdot \\frac{1}{3} \\rfloor = 1$'), ['ok']);
  // A written number that close to a whole one is not rounded to it: not judged.
  assert.deepEqual(verdicts('$\\lfloor 2.9999999999999 \\rfloor = 2$'), []);
  assert.deepEqual(verdicts('$\\left\\lfloor\\frac{x}{2}\\right\\rfloor = 3$'), []);
  const floors = '\\[ \\left\\lfloor\\frac{7k + r}{2}\\right\\rfloor = 3k + \\left\\lfloor\\frac{r}{2}\\right\\rfloor \\]';
  assert.deepEqual(checkStep(floors), []);
});

test('tuples: componentwise sums, differences and scalar multiples (pb-olympiadbench-121)', () => {
  const v =
    '\\[ \\mathbf{v} = A_8 - A_1 = \\left( \\cos 2\\pi, \\sin 2\\pi \\right) - \\left( \\cos 0, \\sin 0 \\right) = (1, 0) - (1, 0) = (-1, 0) + \\left( \\cos \\frac{7\\pi}{4}, \\sin \\frac{7\\pi}{4} \\right) - \\left( \\cos 0, \\sin 0 \\right) = (2 - \\sqrt{2}, -\\sqrt{2}) - (1, 0) = (1 + \\sqrt{2}, -\\sqrt{2}). \\]';
  const found = checkStep(v);
  assert.deepEqual(
    found.map((e) => e.verdict),
    ['ok', 'wrong', 'wrong', 'wrong'],
  );
  assert.equal(found[0].lhs, '\\left( \\cos 2\\pi, \\sin 2\\pi \\right) - \\left( \\cos 0, \\sin 0 \\right)');
  assert.match(found[1].message, /^\(1, 0\) - \(1, 0\) = \(-1, 0\) \+ .* is wrong: \(1, 0\) - \(1, 0\) = \(0, 0\), not \(-1\.292893…, -0\.707107…\)$/);
  assert.deepEqual(stepVerdicts('$(1, 2) + (3, 4) = (4, 6)$, $(1, 2) + (3, 4) = (4, 7)$'), ['ok', 'wrong']);
  assert.deepEqual(stepVerdicts('$2(1, 3) = (2, 6)$, $-(1, 3) = (-1, -3)$, $\\frac12 \\cdot (4, 6) = (2, 4)$'), ['ok', 'ok', 'wrong']);
  assert.deepEqual(stepVerdicts('$M = \\left( \\frac{1 + 3}{2}, \\frac{2 + 4}{2} \\right) = (2, 3)$'), ['ok']);
  assert.deepEqual(stepVerdicts('$(\\frac{\\sqrt2}{2}, 1) = (0.71, 1)$, $(\\frac{1}{3}, 1) \\approx (0.3, 1)$'), ['ok', 'ok']);
  // "(1, 2) + (3, 4) = (4, 6) + (1, 1) = (5, 7)": a running computation, as with numbers.
  assert.deepEqual(stepVerdicts('$(1, 2) + (3, 4) = (4, 6) + (1, 1) = (5, 7)$'), ['ok']);
});

test('tuple lookalikes: a gcd (read as one), functions of two arguments, intervals, sets, unknowns, bare pairs, prose', () => {
  assert.deepEqual(stepVerdicts('$\\gcd(12, 18) = 6$'), ['ok']);
  assert.deepEqual(stepVerdicts('$(12, 18) = 6$'), []);
  assert.deepEqual(stepVerdicts('$f(1, 2) = (3, 4)$, $C(5, 2) = 10$, $A(1, 2) + B(3, 4) = (4, 6)$'), []);
  assert.deepEqual(stepVerdicts('$(0, 1) + 2 = (2, 3)$, $[0, 1] - [0, 1] = [0, 0]$'), []);
  assert.deepEqual(stepVerdicts('$\\{1, 2\\} + \\{3, 4\\} = \\{4, 6\\}$'), []);
  assert.deepEqual(stepVerdicts('$(x, y) = (1, 2)$, $(a, b) + (1, 1) = (3, 3)$'), []);
  assert.deepEqual(stepVerdicts('$(1, 2) = (1, 2)$, $P = (1, 2)$, $Q = (3, 4)$'), []);
  assert.deepEqual(stepVerdicts('$(1, 2, 3) + (1, 1) = (2, 3, 3)$'), []);
  // Bounding -2x for x in (1, 3): right as intervals, so not judged as points; wrong both ways is.
  assert.deepEqual(stepVerdicts('$-2(1, 3) = (-6, -2)$, $(1, 2) - (3, 4) = (-3, -1)$'), []);
  assert.deepEqual(stepVerdicts('$-2(1, 3) = (-2, -5)$, $(1, 2) - (3, 4) = (-2, -3)$'), ['wrong', 'wrong']);
  assert.deepEqual(stepVerdicts('The pairs are (1, 2), (2, 3) and 1 + 1 = 2.'), ['ok']);
  assert.deepEqual(stepVerdicts('The total (after 3 days, 2 + 3 = 5) is five.'), ['ok']);
});

test('congruences between numbers, powers reduced as they are computed, and remainders', () => {
  assert.deepEqual(stepVerdicts('$2^{10} \\equiv 1 \\pmod{11}$, $2^{10} \\equiv 2 \\pmod{11}$'), ['ok', 'wrong']);
  assert.equal(checkStep('$2^{2023} \\equiv 6 \\pmod{10}$')[0].message, '2^{2023} ≡ 6 (mod 10) is wrong: 2^{2023} ≡ 8 (mod 10)');
  assert.deepEqual(stepVerdicts('$3^4 = 81 \\equiv 1 \\ (\\text{mod } 10)$'), ['ok', 'ok']);
  assert.deepEqual(stepVerdicts('$7 \\cdot 8 \\equiv 56 \\equiv 1 \\pmod{11}$'), ['ok', 'ok']);
  assert.deepEqual(stepVerdicts('$100! \\equiv -1 \\pmod{101}$, $-1 \\equiv 10 \\pmod{11}$, $4 \\equiv 1 \\mod 3$'), ['ok', 'ok', 'ok']);
  assert.deepEqual(stepVerdicts('2 ≡ 5 (mod 3) but 2 ≡ 4 (mod 3)'), ['ok', 'wrong']);
  assert.deepEqual(stepVerdicts('$17 \\bmod 5 = 2$, $17 \\bmod 5 = 3$, 320133546349423 mod 100 = 23'), ['ok', 'wrong', 'ok']);
  // pb-omnimath-630: the claim in d is not judged; its arithmetic in numbers is.
  assert.deepEqual(stepVerdicts('\\( 9^d + 3^d + 1 \\equiv 1 + (-1)^d + 1 \\pmod{3} \\), so \\( 9^d + 3^d + 1 \\equiv 1 + 1 + 1 \\equiv 0 \\pmod{3} \\)'), ['ok']);
});

test('congruence lookalikes: unknowns, negations, inverses, a modulus not a number, a remainder of what is unclear', () => {
  assert.deepEqual(stepVerdicts('$n^2 \\equiv 2 \\pmod 3$ has no solution'), []);
  assert.deepEqual(stepVerdicts('$5 \\not\\equiv 0 \\pmod 3$'), []);
  assert.deepEqual(stepVerdicts('$\\frac{1}{2} \\equiv 4 \\pmod 7$'), []);
  assert.deepEqual(stepVerdicts('$2 \\equiv 5 \\pmod{p}$, $f(x) \\equiv 0$, $a \\equiv 1, 2 \\pmod 3$'), []);
  assert.deepEqual(stepVerdicts('$2 + 17 \\bmod 5 = 4$'), []);
  // "A = B mod n": a congruence, or A equal to a remainder? Not judged (pb-olympiadbench-584).
  assert.deepEqual(stepVerdicts('$3 \\times 123 + 360 = 3 \\times 123 \\mod 360$'), []);
  assert.deepEqual(stepVerdicts('We work mod 7 from here on, and x mod 5 = 2.'), []);
});

test('gcd and lcm of whole numbers, in any spelling (mrben-math-56f1d384-GPT3.5)', () => {
  assert.deepEqual(stepVerdicts('$\\gcd(12, 18) = 6$, $\\gcd(12, 18) = 4$, $\\operatorname{lcm}(4, 6) = 12$'), ['ok', 'wrong', 'ok']);
  assert.equal(checkStep('LCM(360, 450, 540) = 5 * 3 * 3 * 4 * 2 * 3')[0].message, 'LCM(360, 450, 540) = 5 * 3 * 3 * 4 * 2 * 3 is wrong: LCM(360, 450, 540) = 5400, not 1080');
  assert.deepEqual(stepVerdicts('$\\text{lcm}(4, 6, 10) = 60$, $\\gcd(12, 18) + 1 = 7$'), ['ok', 'ok']);
  // A call in unknowns is not read; the links beside it are (pb-math-586).
  assert.deepEqual(stepVerdicts('Here, \\( \\gcd(p(41), p(42)) = \\gcd(41^2, 41 \\cdot 43) = 41 \\)'), ['ok']);
  // Each link once: the one after the call is the plain judge's.
  assert.deepEqual(stepVerdicts('$\\gcd(12, 18) = 6 = 3 + 4$'), ['ok', 'wrong']);
});

test('gcd lookalikes: unknowns, the bare pair notation, gcd(0, 0), fractions, cycle notation', () => {
  assert.deepEqual(stepVerdicts('$\\gcd(a, b) = 1$, $(12, 18) = 6$, $\\gcd(0, 0) = 0$, $\\gcd(2.5, 5) = 2.5$'), []);
  assert.deepEqual(stepVerdicts('$\\gcd(12, 18) = (1, 2)$'), []);
  assert.deepEqual(stepVerdicts('$(1, 2)(3, 4) = (3, 4)(1, 2)$'), []);
});

test('an equation inside a box: the box is layout, as a bracket opened before it (pb-gsm8k-18)', () => {
  assert.deepEqual(verdicts('$\\boxed{150 \\div 3 = 50}$, $\\boxed{150 \\div 3 = 40}$'), ['ok', 'wrong']);
  assert.deepEqual(verdicts('$\\boxed{x = 5}$, $\\boxed{12}$'), []);
  assert.deepEqual(verdicts('$\\mathbf{u} = 2 + 3 = 5$'), ['ok']);
});

test('sums written out: three whole numbers start the progression, one ends it', () => {
  assert.deepEqual(verdicts('$1 + 2 + 3 + \\cdots + 100 = 5050$, $1 + 3 + 5 + \\ldots + 99 = 2500$, $10 + 7 + 4 + \\cdots + 1 = 22$'), ['ok', 'ok', 'ok']);
  assert.equal(checkEquations('$1 + 2 + 4 + \\cdots + 512 = 1024$')[0].message, '1 + 2 + 4 + \\cdots + 512 = 1024 is wrong: 1 + 2 + 4 + \\cdots + 512 = 1023');
  assert.deepEqual(verdicts('$1 + 3 + 9 + \\cdots + 243 = 364$, $1 + 2 + 3 + \\dots + 10 = 56$'), ['ok', 'wrong']);
});

test('written-out sum lookalikes: two terms, terms with operations, a constant term, a last term off the pattern, unknowns, products', () => {
  assert.deepEqual(verdicts('$1 + 2 + \\cdots + 100 = 5000$, $1 + 4 + \\cdots + 100 = 385$'), []);
  assert.deepEqual(verdicts('$1^2 + 2^2 + 3^2 + \\cdots + 10^2 = 384$, $1 + 4 + 9 + \\cdots + 100 = 384$'), []);
  assert.deepEqual(verdicts('$1 + 1 + \\cdots + 1 = 10$, $2 + 4 + 6 + \\cdots + 101 = 5$'), []);
  assert.deepEqual(verdicts('$1 + 2 + 3 + \\cdots + n = 10$, $1 - 2 + 3 - \\cdots + 99 = 50$, $1 \\cdot 2 \\cdot 3 \\cdots 10 = 5$'), []);
});
