import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEquations } from '../../server/src/engine/check/equations';

const verdicts = (text: string) => checkEquations(text).map((e) => e.verdict);

test('factorials: read in math mode and where prose runs on after the sign (pb-olympiadbench-419)', () => {
  assert.deepEqual(verdicts('The number of such arrangements is \\(5! / 3! = 60\\).'), ['wrong']);
  assert.equal(checkEquations('\\(5! / 3! = 60\\)')[0].message, '5! / 3! = 60 is wrong: 5! / 3! = 20');
  assert.deepEqual(verdicts('\\(5! / 3! = 20\\)'), ['ok']);
  assert.deepEqual(verdicts('\\(5! / (3!2!) = 10\\)'), ['ok']);
  assert.deepEqual(verdicts('$(2+1)! = 6$'), ['ok']);
  assert.deepEqual(verdicts('$8! = 40320$'), ['ok']);
  assert.deepEqual(verdicts('4! = 24 ways'), ['ok']);
  assert.deepEqual(verdicts('Total 5! = 100 ways'), ['wrong']);
});

test('factorials: an exclamation mark, code\'s "!=", a decimal and an unknown are never factorials', () => {
  // "= 5!" at the end of a sentence is an exclamation: the sum is judged against 5.
  assert.deepEqual(verdicts('So 3 + 2 = 5!'), ['ok']);
  assert.deepEqual(verdicts('5!=120'), []);
  assert.deepEqual(verdicts('$2.5! = 3$'), []);
  assert.deepEqual(verdicts('$n! = 120$'), []);
  // Too large to be what the author computed: refused, not evaluated.
  assert.deepEqual(verdicts('$100000! = 5$'), []);
});

test('binomial coefficients: \\binom, \\dbinom, \\tbinom and digit arguments (pb-math-237)', () => {
  assert.deepEqual(verdicts('$\\binom{5}{2} = 10$'), ['ok']);
  assert.deepEqual(verdicts('$\\binom52 = 11$'), ['wrong']);
  assert.deepEqual(verdicts('$\\tbinom{6}{3} = 20$'), ['ok']);
  assert.equal(checkEquations('$\\dbinom{182}{180} = 16,511$')[0].message, '\\dbinom{182}{180} = 16,511 is wrong: \\dbinom{182}{180} = 16471');
  assert.deepEqual(verdicts('$\\binom{n}{2} = 10$'), []);
  assert.deepEqual(verdicts('$\\binom{3}{5} = 0$'), []);
});
