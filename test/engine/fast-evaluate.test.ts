import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileExpression, decimal, evaluateIn, isBigNumber, mathjs } from '../../server/src/engine/check/math/evaluate';
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

// Names: in the scope, not in it, one of mathjs's constants, a call, a product without a sign.
const withNames = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small' },
    number,
    fc.constantFrom('x', 'y', 'z', 'pi', 'e', 'x(2)', 'x y', '2 x', 'x^2', 'xy', 'x!', "x'"),
    fc.tuple(tie('e'), fc.constantFrom(' + ', ' - ', ' * ', ' / ', '^', '-'), tie('e')).map(([a, op, b]) => `${a}${op}${b}`),
    tie('e').map((a) => `(${a})`),
    tie('e').map((a) => `sqrt(${a})`),
  ),
})).e as fc.Arbitrary<string>;
const scopeValue = fc.oneof(fc.integer({ min: -50, max: 50 }).map(String), fc.constantFrom('0.5', '-2.25', '1e3'));

test('with unknowns at values, the quick evaluator gives what mathjs gives, or leaves it to mathjs', () => {
  let quick = 0;
  fc.assert(
    fc.property(withNames, scopeValue, scopeValue, (s, x, y) => {
      const scope = { x: decimal(x), y: decimal(y), e: decimal(y) };
      const fast = evaluateArithmetic(s, bignumber, scope);
      let reference: unknown;
      try {
        reference = math.evaluate(s, { ...scope });
      } catch {
        reference = undefined;
      }
      const viaEngine = evaluateIn(s, scope);
      if (fast === ASK_MATHJS) {
        // What the engine answers is still mathjs's value.
        if (isBigNumber(reference) && reference.isFinite()) assert.ok(viaEngine?.eq(reference), `${s}: mathjs ${String(reference)}, engine ${String(viaEngine)}`);
        else assert.equal(viaEngine, undefined, s);
        return;
      }
      quick++;
      assert.ok(isBigNumber(reference), `${s} at x=${x}, y=${y}: mathjs gives ${String(reference)}, the quick reader ${String(fast)}`);
      assert.ok(reference.eq(fast) || (reference.isNaN() && fast.isNaN()), `${s} at x=${x}, y=${y}: mathjs ${String(reference)}, quick ${String(fast)}`);
      const compiled = compileExpression(s).evaluate(scope);
      assert.ok(isBigNumber(compiled) && (compiled.eq(fast) || compiled.isNaN()), `${s}: compiled ${String(compiled)}`);
    }),
    { numRuns: 3000 },
  );
  assert.ok(quick > 500, `most generated expressions with unknowns are read without mathjs (${quick} of 3000)`);
});

test("a compiled expression throws where mathjs compiling it throws, and is mathjs's where the reader stops", () => {
  for (const s of ['3 +', '(x', 'x +* 2']) assert.throws(() => compileExpression(s), s);
  const scope = { x: decimal(-8) };
  assert.equal(String(compileExpression('x^(1/3)').evaluate(scope)), String(math.evaluate('x^(1/3)', { ...scope })), "a complex value is mathjs's");
  assert.equal(String(compileExpression('pi * x').evaluate(scope)), String(math.evaluate('pi * x', { ...scope })), "a constant is mathjs's");
  assert.equal(String(compileExpression('x^2 - 1').evaluate(scope)), '63');
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
