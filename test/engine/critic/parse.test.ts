import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateCritiques, firstSentence, parseCritique, severityForAgreement, CRITIQUE_JSON_SCHEMA, critiqueMessages } from '../../../server/src/engine/critic';
import type { Critique } from '../../../server/src/engine/critic';

test('JSON critique: 1-based steps become 0-based, feedback kept', () => {
  const c = parseCritique(JSON.stringify({ steps: [{ step: 1, correct: true, comment: 'ok' }, { step: 2, correct: false, comment: '3 × 2 is 6' }], first_wrong_step: 2, feedback: 'Multiply before adding: 5 + 6 = 11. Redo from here.' }), 3);
  assert.ok(c);
  assert.equal(c.firstWrongStep, 1);
  assert.equal(c.format, 'json');
  assert.deepEqual(c.verdicts.map((v) => [v.step, v.correct]), [[0, true], [1, false]]);
  assert.equal(c.feedback, 'Multiply before adding: 5 + 6 = 11. Redo from here.');
});

test('JSON critique inside a code fence, and acceptance as null', () => {
  const c = parseCritique('```json\n{"steps":[{"step":1,"correct":true,"comment":""}],"first_wrong_step":null,"feedback":""}\n```', 1);
  assert.equal(c?.firstWrongStep, -1);
});

test('JSON without first_wrong_step but with a wrong verdict names that step', () => {
  const c = parseCritique('{"steps":[{"step":1,"correct":true,"comment":""},{"step":2,"correct":false,"comment":"wrong sum"}],"first_wrong_step":null,"feedback":""}', 2);
  assert.equal(c?.firstWrongStep, 1);
  assert.equal(c?.feedback, 'wrong sum');
});

test('a step number outside the solution is not a verdict', () => {
  assert.equal(parseCritique('{"steps":[],"first_wrong_step":7,"feedback":"x"}', 3), undefined);
});

// Issue 11 §3. Before: `first_wrong_step: 0` became -1, "every step is correct", and so did a
// wrong verdict on a step the solution does not have, or "the first wrong step is step 0".
test('a critique that names an impossible step (0, negative, past the last) is unreadable, never "all correct"', () => {
  for (const first of [0, -1, -2, 4, 99]) {
    assert.equal(parseCritique(JSON.stringify({ steps: [], first_wrong_step: first, feedback: 'x' }), 3), undefined, `first_wrong_step ${first}`);
  }
  for (const step of [0, -1, 4]) {
    const raw = JSON.stringify({ steps: [{ step: 1, correct: true, comment: '' }, { step, correct: false, comment: 'wrong' }], first_wrong_step: null, feedback: '' });
    assert.equal(parseCritique(raw, 3), undefined, `a wrong verdict on step ${step}`);
  }
  assert.equal(parseCritique('Step 1: correct.\nStep 2: correct.\nConclusion: the first wrong step is Step 0.', 2), undefined);
  assert.equal(parseCritique('Step 1: correct.\nStep 2: correct.\nStep 5: incorrect, 2 + 2 = 5.', 2), undefined);
  assert.equal(parseCritique('Step 0: incorrect.\nStep 1: correct.\nStep 2: correct.', 2), undefined);
  // The possible ones still read.
  assert.equal(parseCritique(JSON.stringify({ steps: [], first_wrong_step: 3, feedback: 'x' }), 3)?.firstWrongStep, 2);
  assert.equal(parseCritique(JSON.stringify({ steps: [{ step: 1, correct: true, comment: '' }], first_wrong_step: null, feedback: '' }), 3)?.firstWrongStep, -1);
});

test('free text in the paper critics\' style', () => {
  const text = [
    'Step 1: correct. The eggs per day are 16 - 3 - 4 = 9.',
    'Step 2: incorrect. 9 * 2 is 18, not 20. Recompute the earnings.',
    'Conclusion: the first wrong step is Step 2.',
  ].join('\n');
  const c = parseCritique(text, 3);
  assert.ok(c);
  assert.equal(c.format, 'free-text');
  assert.equal(c.firstWrongStep, 1);
  assert.match(c.feedback, /^9 \* 2 is 18, not 20/);
});

test('free text: bold markers and "the error is in step N"', () => {
  const c = parseCritique('**Step 1** is correct.\n**Step 2** is correct.\n\nOverall, the error is in step 3: the discount was subtracted twice.', 4);
  assert.equal(c?.firstWrongStep, 2);
});

test('free text: all steps correct', () => {
  assert.equal(parseCritique('Step 1: correct\nStep 2: correct\nConclusion: all steps are correct.', 2)?.firstWrongStep, -1);
});

test('garbage is unreadable, not a verdict', () => {
  assert.equal(parseCritique('I like turtles.', 3), undefined);
  assert.equal(parseCritique('', 3), undefined);
  assert.equal(parseCritique('{"not":"a critique"}', 3), undefined);
});

const c = (firstWrongStep: number, feedback = `f${firstWrongStep}`): Critique => ({ firstWrongStep, feedback, verdicts: [], format: 'json', raw: '' });

test('majority vote over K critiques, ties to the earliest step, acceptance last', () => {
  assert.deepEqual(aggregateCritiques([c(2), c(1), c(2), c(-1)]), { firstWrongStep: 2, feedback: 'f2', votes: 2, readable: 4 });
  assert.equal(aggregateCritiques([c(3), c(1)])?.firstWrongStep, 1);
  assert.equal(aggregateCritiques([c(-1), c(4)])?.firstWrongStep, 4);
  assert.equal(aggregateCritiques([c(-1), c(-1), c(4)])?.firstWrongStep, -1);
  assert.equal(aggregateCritiques([]), undefined);
});

test('agreement sets the severity', () => {
  assert.equal(severityForAgreement(1, 1), 'error');
  assert.equal(severityForAgreement(3, 4), 'error');
  assert.equal(severityForAgreement(2, 4), 'warning');
  assert.equal(severityForAgreement(1, 4), 'information');
});

test('first sentence for a diagnostic message, decimals kept whole', () => {
  assert.equal(firstSentence('The price is 3.5 dollars, not 4. Then redo it.'), 'The price is 3.5 dollars, not 4.');
  assert.equal(firstSentence('no full stop'), 'no full stop');
});

test('the prompt asks for a step-by-step check and the JSON schema is an object schema', () => {
  const m = critiqueMessages({ problem: 'P?', steps: [{ text: 'a' }, { text: 'b' }] }, { json: true });
  assert.equal(m[0].role, 'system');
  assert.match(m[0].content, /first step that is wrong/);
  assert.match(m[1].content, /Step 1: a\n\nStep 2: b/);
  assert.equal((CRITIQUE_JSON_SCHEMA as { type?: string }).type, 'object');
});
