import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decimal, isBigNumber, mathjs } from '../../server/src/engine/check/math/evaluate';
import { ASK_MATHJS, evaluateArithmetic } from '../../server/src/engine/check/math/fast-evaluate';

const math = mathjs();

const bignumber = (s: string) => math.bignumber(s);
const number = fc.oneof(
  fc.integer({ min: 0, max: 99_999 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 })).map(([a, b]) => `${a}.${b}`),
  // What mathjs reads as more than digits, and must be left to it.
  fc.constantFrom('0', '007', '1e5', '2x', 'pi', '.5', 'Infinity'),
);
const expression = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small' },
    number,
    fc.tuple(tie('e'), fc.constantFrom(' + ', ' - ', ' * ', ' / ', '^', ' ^ ', '+', '-', '%', ' mod '), tie('e')).map(([a, op, b]) => `${a}${op}${b}`),
    tie('e').map((a) => `(${a})`),
    tie('e').map((a) => `-(${a})`),
    tie('e').map((a) => `-${a}`),
    tie('e').map((a) => `sqrt(${a})`),
    tie('e').map((a) => `nthRoot(${a}, 3)`),
    tie('e').map((a) => `(${a} / 100)`),
  ),
})).e as fc.Arbitrary<string>;

test('the quick evaluator gives what mathjs gives, or leaves the expression to mathjs', () => {
  let quick = 0;
  fc.assert(
    fc.property(expression, (s) => {
      const fast = evaluateArithmetic(s, bignumber);
      if (fast === ASK_MATHJS) return;
      quick++;
      const reference = math.evaluate(s) as unknown;
      assert.ok(math.isBigNumber(reference), `${s}: mathjs gives ${String(reference)}, the quick reader ${String(fast)}`);
      assert.ok(reference.eq(fast) || (reference.isNaN() && fast.isNaN()), `${s}: mathjs ${String(reference)}, quick ${String(fast)}`);
    }),
    { numRuns: 3000 },
  );
  assert.ok(quick > 1000, `most generated arithmetic is read without mathjs (${quick} of 3000)`);
});

test('the quick evaluator reads what the expression parser writes', () => {
  for (const [s, v] of [
    ['5 + (3) * (2)', '11'],
    ['((3) / (4)) * 8', '6'],
    ['(2)^(3)^(2)', '512'],
    ['-(2)^(2)', '-4'],
    ['(50 / 100) * 80', '40'],
    ['sqrt(16) - 1.5', '2.5'],
  ] as const) {
    const fast = evaluateArithmetic(s, bignumber);
    assert.notEqual(fast, ASK_MATHJS, s);
    assert.equal(String(fast), v, s);
  }
  // Complex in mathjs, symbols, functions it does not know: mathjs decides.
  for (const s of ['sqrt(-4)', '(-8)^(0.5)', 'x + 1', 'pi * 2', 'nthRoot(27, 3)', '3!']) assert.equal(evaluateArithmetic(s, bignumber), ASK_MATHJS, s);
});

test("a decimal (made without mathjs) is one of mathjs's own BigNumbers", () => {
  const made = decimal('0.1');
  const computed = math.evaluate('x + 0.2', { x: made }) as unknown;
  assert.ok(isBigNumber(computed));
  assert.equal(computed.constructor, made.constructor, 'one BigNumber class for the engine and mathjs');
  assert.equal(String(computed), '0.3');
  assert.equal(String(decimal(1).div(3)), String(math.evaluate('1/3')), 'the same precision');
  assert.equal(String(decimal('0x1Fi8')), String(math.bignumber('0x1Fi8')), 'a word-size suffix reads as mathjs reads it');
  assert.equal(String(decimal(0.1)), '0.1', 'a number goes through its string, as in mathjs');
});
