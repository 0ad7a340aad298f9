import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStep } from '../../server/src/engine/check/step-checks';

/** Equations whose numbers carry unit words: [text, verdicts of the quantity check in order]. */
const TABLE: Array<[string, Array<'ok' | 'wrong'>]> = [
  // the examples
  ['40 minutes + 100 minutes + 20 minutes = 161 minutes', ['wrong']],
  ['40 minutes + 100 minutes + 20 minutes = 160 minutes', ['ok']],
  ['Charleston has 4 * 20 sheep = 90 sheep', ['wrong']],
  ['Charleston has 4 * 20 sheep = 80 sheep', ['ok']],
  ['$20/hour * 35 hours/week = $699/week', ['wrong']],
  ['$20/hour * 35 hours/week = $700/week', ['ok']],
  ['5 cents per sentence * 500 sentences = 2498 cents.', ['wrong']],
  ['14 hours x $10 = $150.', ['wrong']],
  ['60 elves / 3 = 21 elves.', ['wrong']],
  ['1 bug/2 ants * 50 ants = 25 bugs', ['ok']],
  ['10 years * 5% = 51%', ['wrong']],
  ['10 years * 5% = 50%', ['ok']],
  ['There are 60 questions x 40/100 = 24 easy questions.', ['ok']],
  ['The total is 3 confirmed clients + 5 potential clients = 8 clients.', ['ok']],
  ['120 units - 90 units = 33 units.', ['wrong']],
  ['The boxes can weigh up to 5000 pounds - 3755 pounds = 1255 pounds in total.', ['wrong']],
  // the words could change the arithmetic: not judged
  ['1 hour + 30 minutes = 90 minutes', []],
  ['30 minutes * $10 per hour = $5', []],
  ['3 dozen * 2 = 72 eggs', []],
  ['twice 10 apples + 5 apples = 25 apples', []],
  ['7/x + 14/y = 4', []],
  ['Expenses in 2014 = 20,000 pounds * $0.24/pound', []],
  ['32 water type / 96 Pokemon * 100% = 33.333...%', []],
  ['25 total cars – 20 cars that drove through in the final 15 minutes = 4 cars', []],
  ['5 apples + 3 = 9', ['wrong']],
  ['(2 apples + 3 apples) * 2 = 10 apples', []],
];

for (const [text, expected] of TABLE) {
  test(`quantities: ${JSON.stringify(text)}`, () => {
    const got = checkStep(text).filter((e) => e.kind === 'quantity');
    assert.deepEqual(got.map((e) => e.verdict), expected, got.map((e) => e.message).join(' | '));
  });
}

test('quantities: the message names the computation and the fix keeps the unit words', () => {
  const text = '40 minutes + 100 minutes + 20 minutes = 161 minutes';
  const [e] = checkStep(text);
  assert.equal(e.message, '40 minutes + 100 minutes + 20 minutes = 161 is wrong: 40 minutes + 100 minutes + 20 minutes = 160');
  assert.deepEqual(e.fix && text.slice(e.fix.start, e.fix.end), '161');
  assert.equal(e.fix?.text, '160');
});

test('quantities: an equation the plain check judges is not judged twice', () => {
  assert.equal(checkStep('She makes 9 * 2 = $20 every day.').length, 1);
});
