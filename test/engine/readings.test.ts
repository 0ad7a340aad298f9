/**
 * Other readings (equations/readings.ts): right GSM8K reference solutions (the train split of
 * openai/grade-school-math, which the checker was not built on) write arithmetic loosely; each
 * case below is from one of them, beside a lookalike with a real slip that is still flagged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStep } from '../../server/src/engine/check/step-checks';
import { checkRearrangements } from '../../server/src/engine/check/equations/rearrangements';
import { parseSolutionDocument } from '../../server/src/engine/solution';

const wrong = (text: string) => checkStep(text).filter((e) => e.verdict === 'wrong');
const rearranged = (...steps: string[]) =>
  checkRearrangements(parseSolutionDocument(`# Problem\n\nP.\n\n# Solution\n\n${steps.map((t, i) => `Step ${i + 1}: ${t}`).join('\n\n')}\n`).solution).map((d) => d.message);

const CASES: Array<{ why: string; right: string; slip?: string }> = [
  { why: 'divided by a fraction written inline', right: 'he used 25 / 1/3 = 75 total decorations', slip: 'he used 25 / 1/3 = 70 total decorations' },
  { why: 'divided by a fraction, spaced', right: 'A bottle lasts 14 / 1 / 4 = 14 * 4 = 56 washes.', slip: 'A bottle lasts 14 / 1 / 4 = 14 * 4 = 66 washes.' },
  { why: 'a fraction divided by a fraction', right: 'the shampoo will last: 7/12 / 1/12/day = 7 days' },
  { why: 'a quantity divided by a fraction', right: 'he can make: 2 cups / 1/4 cup/burger = 8 burgers', slip: 'he can make: 2 cups / 1/4 cup/burger = 6 burgers' },
  {
    why: 'times 100% gives the percentage as a number',
    right: 'pins: 3 bobby pins / 21 decorations * 100% = 14.28 which rounds down to 14%',
    slip: 'pins: 3 bobby pins / 21 decorations * 100% = 16.5 which rounds up',
  },
  { why: 'a hundred for each of 75 percent', right: 'So, every 1% is equal to $7500/75% = $100.' },
  { why: 'cents after dollars', right: 'So, Bea earned $2.50 - $2.24 = 26 cents more than Dawn.', slip: 'So, Bea earned $2.50 - $2.24 = 36 cents more than Dawn.' },
  { why: 'a mixed number', right: 'He will read each type for 1 and 1/3 hours because 4 / 3 = 1 and 1/3' },
  { why: 'a mixed number on the left', right: 'There are 15 cups because 12 x 1 and 1/4 = 15' },
  {
    why: 'a whole part with a remainder',
    right: 'In 13 hours this cycle can fit 13 / 6 = 2 full cycles with a remainder of 1 hour',
    slip: 'In 13 hours this cycle can fit 13 / 6 = 3 full cycles with a remainder of 1 hour',
  },
  { why: 'numbered weeks', right: 'Week 1 + Week 2 = 35 + 35 = 70 hours', slip: 'Week 1 + Week 2 = 35 + 35 = 80 hours' },
  { why: 'ranges of weeks', right: 'Subtract Weeks 3-4 from Weeks 1-2 = 96 - 70 = 26' },
  { why: 'a numbered day', right: '10 pages per day on day 1 * 2 = 20 pages per day for days 2 through 7' },
  { why: 'clock times', right: 'That means the sun will set at 6:00+48=6:48 PM' },
  { why: 'a clock time plus minutes', right: 'he arrived at the pick-up point at 7:50 + 30 minutes = 8:20 a.m.' },
  { why: 'military times', right: 'He has to leave 0130 hours earlier than 0900 i.e. 0900-0130 = 0730 hours' },
  { why: 'thousands after a comma and a space', right: 'They read 180 pages a day because 14, 400 / 80 = 180' },
  // Not read as one number: set aside, so a slip written this way is missed.
  { why: 'thousands grouped with a space', right: 'The total weight of the boxes is 100 boxes x 100 kg/box = 10 000 kg.' },
  { why: 'a number broken by a stray space', right: 'The proportions totals 2.46 because .8 + . 84 + .82 = 2.46' },
  { why: 'a quantity naming what is computed', right: 'Therefore his score across all 4 subjects = 186+62 = 248', slip: 'Therefore his score across all 4 subjects = 186+62 = 258' },
  { why: 'a label before a computation', right: 'Remaining 10 = 62,300/10 = $6230' },
  { why: 'a rate naming what is computed', right: 'Donaldsons pay $15/hour = 15*7 = $105.' },
  { why: 'a fraction of the sum', right: 'The housewife has 3/3 - 2/3 = 1/3 of $150 left.' },
  { why: 'a fraction of a person', right: 'Solomon is 3*Juwan so Juwan is 1/3 of Solomon = 66/3 = 22' },
  { why: 'a share as a percentage of the sum', right: '$45 is (($45/$300)*100)% = 15% of $300' },
  { why: 'fluid ounces', right: '1/2 a cup = 4 ounces' },
  // Right OlympiadBench and Minerva-MATH solutions (Qwen2.5-Math's evaluation copies).
  { why: 'a mixed number in LaTeX', right: 'So $\\frac{89}{4}=22 \\frac{1}{4}$ of them.' },
  { why: 'a factorial sign outside the side', right: 'Factor 15 ! -13 ! to obtain $13 !(15 \\cdot 14-1)=13$ ! $\\cdot 209$.' },
  { why: 'a factorial before a bracket', right: 'Thus $2 \\cdot 8 !+\\frac{8 !}{2}=$ $6 !\\left(2 \\cdot 7 \\cdot 8+7 \\cdot \\frac{8}{2}\\right)=6 ! \\cdot 140$.' },
  { why: 'a named factor before the side', right: '$2 \\text { atoms } / \\mathrm{a} \\sqrt{3}=2 \\text { atoms/ }\\left(3.08 \\times 10^{-10} \\mathrm{~m} \\times \\sqrt{3}\\right)$' },
  { why: 'an approximation that rounds a root first', right: 'so $15-8 \\sqrt{3} \\approx 1.16$.', slip: 'so $15-8 \\sqrt{3} \\approx 1.5$.' },
  { why: 'a boxed percentage', right: 'The share is $1 / 8 \\times 100=\\boxed{12.5} \\%$.', slip: 'The share is $1 / 8 \\times 100=\\boxed{15.5} \\%$.' },
  {
    why: 'a claim in a prefixed unit',
    right: '$E_{A}=4.19 \\times 10^{4}= \\boxed{41.9} \\mathrm{~kJ} / \\mathrm{mole}$',
    slip: '$E_{A}=4.19 \\times 10^{4}= \\boxed{52.9} \\mathrm{~kJ} / \\mathrm{mole}$',
  },
  // Right ProcessBench solutions (QwenLM/ProcessBench, dataset/*.json at 2f2fd8ae, label -1).
  { why: 'an integer quotient', right: '\\[ 2863 \\div 1344 = 2 \\quad \\text{(quotient)} \\]' },
  { why: 'a repeating decimal', right: '\\(\\frac{2}{9} = 0.\\overline{2}\\). This means the digit repeats.' },
  { why: 'one term of a ± pair', right: '\\[ x = \\frac{8 \\pm 2\\sqrt{2}}{4} = \\frac{8}{4} \\pm \\frac{2\\sqrt{2}}{4} = 2 \\pm \\frac{\\sqrt{2}}{2} \\]' },
  { why: 'a rounded input squared back', right: 'Thus: \\[ x^2 = (2.8284)^2 = 8 \\]', slip: '\\[ 1.056519 \\times 1.069 = 1.129730711 \\]' },
  { why: 'a list item dash', right: 'First, the LCM of 10, 12, and 15 is 60. - 10 = 2 * 5 - 12 = 2^2 * 3 - 15 = 3 * 5 - The LCM must include 2^2, 3, and 5.' },
  { why: 'a product after a slash', right: 'Ratio = 4√3 / 6√3 = 4 / 6 = 2 / 3.' },
  { why: 'an equation the step calls false', right: 'Substitute: \\[ 2 + \\sqrt{3 - 2} = 3 - 2 \\] \\[ 2 + \\sqrt{1} = 1 \\] \\[ 2 + 1 = 1 \\] (False)' },
  {
    why: 'a sum tried against the value hoped for',
    right: "First, let's try \\(a = 2\\), \\(b = 3\\), and \\(c = 7\\). This gives us: \\[1 = \\frac{1}{2} + \\frac{1}{3} + \\frac{1}{7}\\] Since this does not equal 1, let's adjust.",
    slip: 'Sum of the divisors: \\[ 1 + 2 + 3 + 6 = 13 \\] Since the sum is not equal to 12, it is not perfect.',
  },
  { why: 'a thousands group in LaTeX is no leading zero', right: 'First, $9999 = 3^2 \\times 11 \\times 101$.', slip: 'Second, $100{,}001 = 7 \\times 11 \\times 13 \\times 101$.' },
  { why: 'a number run on after a space', right: "Now, let's solve Equation 1 for x: -14 = x + 2 -16 = x. So, x = -16.", slip: 'So, \\(\\lceil -8.8 \\rceil = -9\\).' },
];

for (const c of CASES) {
  test(`${c.why}: not judged wrong${c.slip ? '; its slip still is' : ''}`, () => {
    assert.deepEqual(
      wrong(c.right).map((e) => e.message),
      [],
      c.right,
    );
    if (c.slip) assert.ok(wrong(c.slip).length > 0, `the slip is missed: ${c.slip}`);
  });
}

test('lookalikes that stay slips: a colon after a number, a percentage of a number, a plain division chain', () => {
  assert.ok(wrong('First multiply by 4: 3 * 4 = 11').length > 0);
  assert.ok(wrong('She gets 20% of 50 = 12 apples.').length > 0);
  assert.ok(wrong('Each gets 120 / 2 / 3 = 25 pieces.').length > 0, 'right under neither reading (20 or 180)');
  assert.ok(wrong('So it cost 192*100=$1920').length > 0);
  assert.ok(wrong('(Check: the table shows $c_{3}=3$ and $c_{4}=8$, and $8=2 \\cdot 3+2^{3-1}$.)').length > 0, 'a slip in an OlympiadBench reference');
});

test('a solved value cut short by a unit word is not put back into an equation', () => {
  for (const t of ['To find W, we divide both sides by 6, like this: 6W / 6 = 30 feet / 6, so W = 5 feet.', 'x - 0.25*x = 72 sours => 0.75*x = 72 sours => x = 72 sours / 0.75 = 96 sours total.']) {
    assert.deepEqual(
      checkStep(t)
        .filter((e) => e.kind === 'solved' && e.verdict === 'wrong')
        .map((e) => e.message),
      [],
      t,
    );
  }
  assert.ok(
    checkStep('If 140 + 140x = 147 then x = .5').some((e) => e.kind === 'solved' && e.verdict === 'wrong'),
    'a real slip (x = 0.05)',
  );
});

test('rearrangements: alternatives pair up across "or", and a power of a function applied to a number is not a product', () => {
  assert.deepEqual(
    rearranged(
      'The solutions are: \\[ 2x = \\frac{\\pi}{3} + 2k\\pi \\quad \\text{or} \\quad 2x = \\frac{2\\pi}{3} + 2k\\pi, \\] so \\[ x = \\frac{\\pi}{6} + k\\pi \\quad \\text{or} \\quad x = \\frac{\\pi}{3} + k\\pi. \\]',
    ),
    [],
  );
  assert.deepEqual(rearranged('We start with \\(f^{-1}(5) = 2\\): \\[f^{-1}(5+4) = 2f^{-1}(5) + 1\\] \\[f^{-1}(9) = 2*2 + 1\\] \\[f^{-1}(9) = 5\\]'), []);
  assert.ok(
    rearranged('\\[ 2x + 3 = 13 \\] so \\[ 2x = 12 \\] or rather \\[ x = 7 \\]').length + rearranged('xy = xy + 6y - 2x - 12', 'Rearranging terms gives: 6y - 2x = -12').length > 0,
    'a real rearrangement slip is still found',
  );
});
