/** Records for the curator page test: maths to typeset, a hostile critique, several sources. */
import type { FixtureRecord } from './fake-server';

export const HOSTILE = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  '[click](javascript:window.__pwned=3)',
  '$\\href{javascript:window.__pwned=4}{math link}$',
];

export const FIXTURE_URI = 'file:///data/olympiad.critiques.jsonl';

export const RECORDS: FixtureRecord[] = [
  {
    id: 'ineq-0412',
    source: 'olympiad',
    problem: 'Let $a, b > 0$ with $a + b = 1$. Find the minimum of $\\frac{1}{a} + \\frac{4}{b}$.',
    steps: [
      'By Cauchy–Schwarz, $(a + b)\\left(\\frac{1}{a} + \\frac{4}{b}\\right) \\ge (1 + 2)^2 = 9$.',
      'Since $a + b = 1$, this gives $\\frac{1}{a} + \\frac{4}{b} \\ge 9$, with equality when $\\frac{a}{b} = 2$.',
      'So $a = \\frac{2}{3}$ and $b = \\frac{1}{3}$. With $x = \\sqrt{a}$,\n\n$$x^2 = \\frac{2}{3}, \\qquad \\frac{1}{a} + \\frac{4}{b} = \\frac{3}{2} + 12 = \\frac{27}{2}.$$',
      'The minimum is $\\boxed{\\frac{27}{2}}$.',
    ],
    label: 1,
    answer: '$9$',
    critique: {
      text: [
        'Step 2 inverts the equality condition. Cauchy–Schwarz is tight when $\\frac{a}{1} = \\frac{b}{2}$, i.e. $b = 2a$ and $\\frac{a}{b} = \\frac{1}{2}$, which gives $a = \\frac{1}{3}$, $b = \\frac{2}{3}$ and the minimum $9$.',
        '',
        ...HOSTILE,
      ].join('\n'),
      firstWrongStep: 1,
      model: 'Qwen2.5-7B-critic',
    },
    findings: [{ step: 3, code: 'wrong-final-answer', severity: 'error', message: 'the final answer 27/2 is not equivalent to the reference answer 9' }],
  },
  {
    id: 'gsm8k-eggs',
    source: 'gsm8k',
    problem: "Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?",
    steps: ['Janet sells 16 - 3 - 4 = 9 duck eggs a day.', 'She makes 9 * 2 = $18 every day at the farmers’ market.'],
    label: -1,
    answer: '18',
    critique: { text: 'Both steps are right.', firstWrongStep: -1, model: 'Qwen2.5-7B-critic' },
    findings: [],
  },
  {
    id: 'gsm8k-robe',
    source: 'gsm8k',
    problem: 'A robe takes 2 bolts of blue fiber and half that much white fiber. How many bolts in total does it take?',
    steps: ['It takes 2/2 = 1 bolt of white fiber.', 'So the total is 2 + 1 = 4 bolts.'],
    label: 1,
    answer: '3',
    critique: { text: 'Step 2 adds wrongly: $2 + 1 = 3$.', firstWrongStep: 1 },
    findings: [{ step: 1, code: 'wrong-equation', severity: 'error', message: '2 + 1 = 4 is wrong: 2 + 1 = 3' }],
  },
  {
    id: 'pb-math-17',
    source: 'processbench/math',
    problem: 'Compute $\\displaystyle\\sum_{k=1}^{10} k^2$.',
    steps: ['The formula is $\\sum_{k=1}^{n} k^2 = \\frac{n(n+1)(2n+1)}{6}$.', 'With $n = 10$: $\\frac{10 \\cdot 11 \\cdot 21}{6} = 385$.'],
    label: -1,
    answer: '385',
    findings: [],
  },
  {
    id: 'pb-math-18',
    source: 'processbench/math',
    problem: 'Solve $x^2 - 5x + 6 = 0$.',
    steps: ['Factor: $(x - 2)(x - 3) = 0$.', 'So $x = 2$ or $x = 3$.'],
    label: -1,
    answer: '2, 3',
    critique: { text: 'Step 1 is wrong.', firstWrongStep: 0 },
    findings: [],
  },
];
