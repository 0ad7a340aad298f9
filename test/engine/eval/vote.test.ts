import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { majorityVote } from '../../../server/src/engine/eval/vote';
import { combineFirstErrors } from '../../../server/src/engine/eval/combine';

describe('majorityVote (ProcessBench maj@K)', () => {
  test('the most common prediction wins; -1 is a vote like any step', () => {
    assert.deepEqual(majorityVote([2, 2, 0]), { prediction: 2, votes: 2, readable: 3 });
    // Without -1 counting, step 1 would win with its one vote.
    assert.deepEqual(majorityVote([-1, -1, 1]), { prediction: -1, votes: 2, readable: 3 });
  });

  test('an unreadable sample does not vote; none readable is no prediction', () => {
    assert.deepEqual(majorityVote([null, null, 3]), { prediction: 3, votes: 1, readable: 1 });
    assert.deepEqual(majorityVote([null, null]), { prediction: null, votes: 0, readable: 0 });
    assert.deepEqual(majorityVote([]), { prediction: null, votes: 0, readable: 0 });
  });

  test('processbench ties: the value the earliest sample gave (Counter.most_common keeps first appearance)', () => {
    assert.equal(majorityVote([3, 1, 1, 3], 'processbench').prediction, 3);
    assert.equal(majorityVote([1, 3, 3, 1], 'processbench').prediction, 1);
    assert.equal(majorityVote([-1, 2, 2, -1], 'processbench').prediction, -1);
    assert.equal(majorityVote([null, 4, 0], 'processbench').prediction, 4);
  });

  test('earliest-step ties (the default): the smallest step, -1 after every step', () => {
    assert.equal(majorityVote([3, 1, 1, 3]).prediction, 1);
    assert.equal(majorityVote([3, 1, 1, 3], 'earliest-step').prediction, 1);
    assert.equal(majorityVote([-1, 2, 2, -1], 'earliest-step').prediction, 2);
    // Not a tie: the majority wins whatever the rule.
    assert.equal(majorityVote([-1, -1, 0], 'earliest-step').prediction, -1);
  });
});

describe('combineFirstErrors', () => {
  test('the earlier of the two first errors', () => {
    assert.equal(combineFirstErrors(0, 2), 0);
    assert.equal(combineFirstErrors(3, 1), 1);
    assert.equal(combineFirstErrors(-1, 2), 2);
    assert.equal(combineFirstErrors(1, -1), 1);
    assert.equal(combineFirstErrors(-1, -1), -1);
  });

  test("an unreadable model answer: the checker's flag stands, its silence is no verdict", () => {
    assert.equal(combineFirstErrors(2, null), 2);
    assert.equal(combineFirstErrors(-1, null), null);
  });
});
