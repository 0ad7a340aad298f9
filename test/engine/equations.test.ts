import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEquations } from '../../server/src/engine/check/equations';

/** [text, expected verdicts in order ('ok' | 'wrong'), optional exact message of the first] */
const TABLE: Array<[string, Array<'ok' | 'wrong'>, string?]> = [
  // plain text, the examples
  ['Then 5 + 3 × 2 = 16 loaves.', ['wrong'], '5 + 3 × 2 = 16 is wrong: 5 + 3 × 2 = 11'],
  ['48/2 = 24', ['ok'], '48/2 = 24 ✓'],
  ['$3 \\times 4 = 12$', ['ok']],
  ['$3 \\times 4 = 13$', ['wrong'], '3 \\times 4 = 13 is wrong: 3 \\times 4 = 12'],
  ['\\frac{3}{4}\\cdot 8 = 6', ['ok']],
  ['\\frac{3}{4}\\cdot 8 = 7', ['wrong']],
  ['$\\dfrac{9}{2} = 4.5$', ['ok']],
  ['\\frac12 + \\frac14 = 0.75', ['ok']],
  ['Janet sells 16 - 3 - 4 = 9 duck eggs a day.', ['ok']],
  ['She makes 9 * 2 = $18 every day.', ['ok']],
  ['She makes 9 * 2 = $20 every day.', ['wrong'], '9 * 2 = $20 is wrong: 9 * 2 = 18'],
  ['$1,200 / 4 = $300', ['ok']],
  ['1,200 + 800 = 2,000', ['ok']],
  ['1{,}200 + 800 = 2{,}000', ['ok']],
  ['120 - 24 = $106', ['wrong'], '120 - 24 = $106 is wrong: 120 - 24 = 96'],
  ['costs $5 and $3 + $4 = $7', ['ok']],
  ['$80 / $20 = 4 rewards', ['ok']],
  // chains
  ['A = (-9 - 5 - 0) = (-9 - 5) = -14.', ['ok', 'ok']],
  ['(60 * (-21)) = -1260 = -1260', ['ok', 'ok']],
  // every link is judged, the last included (issue 11 §10)
  ['2 + 3 = 5 = 6', ['ok', 'wrong']],
  ['3 × 4 = 12 = 13', ['ok', 'wrong']],
  ['3 × 4 = 12 = 12', ['ok', 'ok']],
  ['(0.231 - 0.192) / 0.192 = 0.2 = 20%', ['ok', 'ok']],
  ['$9.90 - $9 = $0.90 = 90 cents', ['ok']],
  ['12 = 13', []],
  ['((3 * 4 * 5) * (7 - -7 * 4)) = ((3 * 4 * 5) * (7 - 28))', ['wrong']],
  ['5 + 3 = 8 * 2 = 16', ['ok']],
  // percentages and "of"
  ['20% of 80 = 16', ['ok']],
  ['20% of 80 = 18', ['wrong']],
  ['0.2 * 100 = 20%', ['ok']],
  ['16/80 = 20%', ['ok']],
  ['120 * 20% = 24', ['ok']],
  ['100% - 20% = 80%', ['ok']],
  ['$50 \\times 10\\% = 5$', ['ok']],
  ['1/2 of 10 = 5', ['ok']],
  ['3/4 of 20 = 16', ['wrong']],
  // rounding
  ['10/3 = 3.33', ['ok']],
  ['10/3 = 3.34', ['wrong']],
  ['2/3 = 0.67', ['ok']],
  ['2/3 = 0.66', ['ok']],
  ['10/3 ≈ 3.3', ['ok']],
  ['$\\pi \\times 2 \\approx 6.28$', ['ok']],
  ['22/7 ≈ 3.14', ['ok']],
  ['22/7 ≈ 4', ['ok']], // rounded up, as for "how many buses"
  ['22/7 ≈ 5', ['wrong']],
  // rounding is read only where the result shows it (issue 11 §10)
  ['7/2 = 3', ['wrong']],
  ['0.5 + 0.4 = 0', ['wrong']],
  ['99 / 100 = 0', ['wrong']],
  ['1.5 × 3 = 4', ['wrong']],
  ['1.5 × 3 = 4.5', ['ok']],
  ['41/0.14 = 293', ['ok']],
  ['(3200 - 4800) / 4800 * 100 = -33%', ['ok']],
  ['7/2 ≈ 3', ['ok']],
  ['0.1 + 0.2 = 0.3', ['ok']],
  ['1/3 * 3 = 1', ['ok']],
  // powers, roots, implicit multiplication
  ['2^3 = 8', ['ok']],
  ['2^3 = 9', ['wrong']],
  ['5² = 25', ['ok']],
  ['5² = 24', ['wrong']],
  ['2³ = 8', ['ok']],
  ['√16 = 5', ['wrong']],
  ['√16 = 4', ['ok']],
  ['√(9 + 16) = 5', ['ok']],
  ['3√4 = 6', ['ok']],
  ['∛27 = 3', ['ok']],
  // typographic minus signs and vulgar fractions (issue 16)
  ['1 – 3/4 = 1/4', ['ok']],
  ['1 − 3/4 = 1/2', ['wrong']],
  ['¾ × 8 = 6', ['ok']],
  ['1½ + 1 = 2.5', ['ok']],
  ['1½ + 1 = 1.5', ['wrong']],
  ['1 – ½ = ¾', ['wrong']],
  // a symbol the reader does not know never leaves a side cut short
  ['1 ∸ 3/4 = 1/4', []],
  ['3/4 = 1/4 ∸ 2', []],
  ['$2^{10} = 1024$', ['ok']],
  ['$\\sqrt{16} = 4$', ['ok']],
  ['\\sqrt{16} = 5', ['wrong']],
  ['$\\sqrt[3]{27} = 3$', ['ok']],
  ['2(3 + 4) = 14', ['ok']],
  ['(2)(3) = 6', ['ok']],
  ['3 x 4 = 12', ['ok']],
  ['3 x 4 = 13', ['wrong']],
  ['12 ÷ 4 = 3', ['ok']],
  ['12 − 4 = 8', ['ok']],
  ['[2 + 3] * 2 = 10', ['ok']],
  ['$\\left(2 + 3\\right) \\cdot 2 = 10$', ['ok']],
  ['$6 \\times 4 = \\boxed{24}$', ['ok']],
  ['$6 \\times 4 = \\boxed{25}$', ['wrong']],
  // brackets around an equation in prose
  ['bought 3 packs (3 * 4 = 12 items)', ['ok']],
  ['bought 3 packs (3 * 4 = 13 items)', ['wrong']],
  // GSM8K calculator annotations
  ['20 - 5 = <<20-5=15>>15', ['ok']],
  ['20 - 5 = <<20-5=15>>16', ['wrong']],
  // unknowns: to be solved, never judged
  ['2x + 3 = 13', []],
  ['x = 5', []],
  ['3 = 2x', []],
  ['$2x + 3 = 13$', []],
  ['$x^2 = 4$', []],
  ['$y_1 = 2^2 + 3$', []],
  ['sin(0) = 0', []],
  ['cos(0) = 1', []],
  ["F'(3) = -4", []],
  ['f(2) = 7', []],
  ['A - B - C = -14', []],
  // words cut an expression: not judged
  ['12 apples + 3 = 14', []],
  ['2 hours * 60 minutes/hour = 120 minutes', []],
  ['The total is 5 + x = 10', []],
  ['= 5 +', []],
  // nothing to compute
  ['1 dozen = 12', []],
  ['5 = 5', []],
  ['3 = 4', []],
  ['x: 4 = 5', []],
  ['1 = 2 is false', []],
  // relations that are not equalities
  ['5 + 3 ≠ 9', []],
  ['5 + 3 < 9', []],
  ['$5 + 3 \\neq 9$', []],
  // Markdown and layout
  ['**5 + 3 = 8**', ['ok']],
  ['**5 + 3 = 9**', ['wrong']],
  ['5 + 3\n= 9', []],
  ['$a = 1$ and $2 + 2 = 4$', ['ok']],
  ['$$\n2 + 2 = 5\n$$', ['wrong']],
  ['\\(2 + 2 = 4\\)', ['ok']],
  ['\\[2 \\cdot 3 = 7\\]', ['wrong']],
  // division by zero, huge exponents: no verdict
  ['5 / 0 = 0', []],
  ['10^99999 = 1', []],
  // "10!" at the end of a sentence is an exclamation; a factorial the expression runs on after is read
  ['5 + 5 = 10!', ['ok']],
  ['5! = 120', ['ok']],
  ['5! = 100', ['wrong']],
];

for (const [text, verdicts, message] of TABLE) {
  test(`equations: ${JSON.stringify(text)}`, () => {
    const found = checkEquations(text);
    assert.deepEqual(
      found.map((e) => e.verdict),
      verdicts,
      found.map((e) => e.message).join(' | '),
    );
    if (message) assert.equal(found[0].message, message);
    for (const e of found) {
      assert.ok(0 <= e.start && e.start < e.end && e.end <= text.length, `span ${e.start}..${e.end}`);
      assert.ok(text.slice(e.start, e.end).includes(e.lhs) || text.slice(e.start, e.end).includes(e.written));
    }
  });
}

test('equations: the span covers exactly the equation', () => {
  const text = 'So she bakes 5 + 3 × 2 = 16 loaves.';
  const [e] = checkEquations(text);
  assert.equal(text.slice(e.start, e.end), '5 + 3 × 2 = 16');
  assert.equal(e.lhs, '5 + 3 × 2');
  assert.equal(e.written, '16');
  assert.equal(e.computed, '11');
});

test('equations: a wrong link in a chain is reported between its own two sides', () => {
  const text = 'B = (2 * 1 - 8 + -5) = (2 * 1 - 13) = -11';
  const found = checkEquations(text);
  assert.deepEqual(found.map((e) => e.verdict), ['ok', 'ok']);
  const wrong = checkEquations('C = (7 - -7 * 4) = (7 - 28) = -21');
  assert.equal(wrong[0].verdict, 'wrong');
  assert.equal('C = (7 - -7 * 4) = (7 - 28) = -21'.slice(wrong[0].start, wrong[0].end), '(7 - -7 * 4) = (7 - 28)');
  assert.match(wrong[0].message, /= 35, not -21$/);
  assert.equal(wrong[1].verdict, 'ok');
});

test('equations: the last link of a chain is judged against the computation before it', () => {
  const [, last] = checkEquations('3 × 4 = 12 = 13');
  assert.equal(last.verdict, 'wrong');
  assert.equal(last.message, '3 × 4 = 12 = 13 is wrong: 3 × 4 = 12');
  assert.deepEqual(last.fix, { start: 13, end: 15, text: '12', was: '13' });
});

test('equations: a fix writes the value as the wrong number was written', () => {
  const fixOf = (text: string) => checkEquations(text).find((e) => e.verdict === 'wrong')?.fix?.text;
  assert.equal(fixOf('80,000+50,000=$130,001'), '130,000');
  assert.equal(fixOf('$1{,}200 \\times 2 = 2{,}500$'), '2{,}400');
  assert.equal(fixOf('3 × $1.25 = $3.70'), '3.75');
  assert.equal(fixOf('2 × $1.25 = $2.40'), '2.50');
  assert.equal(fixOf('5 - 8 = 3'), '-3');
  assert.equal(fixOf('10/3 = 3.34'), undefined, 'no exact short form: no fix');
});
