/**
 * The critic profiles' readers on texts in each family's layout, and their requests as the
 * family's own code builds them. Where each text comes from is named beside it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { criticProfile, DEFAULT_PRM_OPTIONS, PROFILE_NAMES, type ChatProfile, type PoolingProfile, type Reading } from '../../../server/src/engine/critic';
import { readMathCritique, mathCritiqueMessages, labelVerdict } from '../../../server/src/engine/critic/profiles/mathcritique';
import { readProcessBench, processBenchMessages, PROCESSBENCH_TEMPLATE } from '../../../server/src/engine/critic/profiles/processbench';
import { prmMessages, readPrm } from '../../../server/src/engine/critic/profiles/prm';
import { responseSteps } from '../../../server/src/engine/datasets/shapes/mathcritique';

type Row = { question: string; response: string; critique: string; refined: string };
// github WooooDyy/MathCritique, selfimprove/meta-llama/Meta-Llama-3-8B-all-sftdata_0_new.json (rows named by index).
const rows: Record<string, Row> = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'mathcritique-sft-rows.json'), 'utf8')).rows;

const critiqueOf = (r: Reading) => {
  assert.ok('critique' in r, `unreadable: ${'unreadable' in r ? r.unreadable : ''}`);
  return r.critique;
};
const reasonOf = (r: Reading) => {
  assert.ok('unreadable' in r, `read as step ${'critique' in r ? r.critique.firstWrongStep : ''}`);
  return r.unreadable;
};

test('the registry lists every profile once, and each answers to its own name', () => {
  assert.deepEqual(PROFILE_NAMES, ['json', 'mathcritique', 'processbench', 'prm']);
  for (const name of PROFILE_NAMES) assert.equal(criticProfile(name).name, name);
  assert.throws(() => criticProfile('gpt'), /unknown critic profile "gpt": use one of json, mathcritique, processbench, prm/);
});

test("mathcritique: the prompt is critic.py's critic_template, the solution one step per line without the lead-in", () => {
  const r = rows['0'];
  const steps = responseSteps(r.response);
  const [message] = mathCritiqueMessages({ problem: r.question, steps });
  assert.equal(message.role, 'user');
  assert.ok(message.content.startsWith('Instruction:\nFor a given question, there is a step-by-step solution, where each line is a step.'));
  assert.ok(
    message.content.includes(
      'Step sentence: [Repeated sentence, ignoring new line break]\nCorrectness of the step: [Correct/Wrong]\nExplanation: [Your Explanation]\n\nCorrectness of the final answer: [Correct/Wrong]',
    ),
  );
  assert.ok(message.content.includes(`Question:\n${r.question}\n\nSolution:\nThe capital Samantha recovered`), 'the lead-in line is dropped');
  assert.equal(message.content.split('Solution:\n')[1].split('\n').length, steps.length);
  // A step written over two lines is still one line of the solution.
  const [two] = mathCritiqueMessages({ problem: 'p', steps: ["Let's break it down step by step:", 'a\nb', 'c'] });
  assert.ok(two.content.endsWith('Solution:\na b\nc'));
});

test('mathcritique: every step judged Wrong names the first (row 0, Samantha), with its Explanation as feedback', () => {
  const r = rows['0'];
  const c = critiqueOf(readMathCritique({ content: r.critique }, responseSteps(r.response)));
  assert.equal(c.firstWrongStep, 0);
  assert.match(c.feedback, /^This step incorrectly calculates the capital per egg/);
  assert.deepEqual(c.finalAnswer?.correct, false);
  assert.equal(c.format, 'mathcritique');
});

test('mathcritique: labels with trailing spaces, and the answer line between the blocks (row 24, Gargamel)', () => {
  const r = rows['24'];
  const steps = responseSteps(r.response);
  const c = critiqueOf(readMathCritique({ content: r.critique }, steps));
  assert.equal(c.firstWrongStep, 1);
  assert.deepEqual(
    c.verdicts.map((v) => [v.step, v.correct]),
    [
      [0, true],
      [1, false],
    ],
  );
  assert.match(c.feedback, /sale price plus the savings per tire\.$/, 'the Explanation stops at its paragraph, not at "The answer is 66."');
});

test('mathcritique: "Incorrect" is wrong (row 30, Carson)', () => {
  const r = rows['30'];
  const c = critiqueOf(readMathCritique({ content: r.critique }, responseSteps(r.response)));
  assert.equal(c.firstWrongStep, 2);
  assert.match(c.feedback, /rides the giant slide once/);
});

test('mathcritique: five blocks for one line, and "Correct for the equation but wrong in context" (row 143, John)', () => {
  const r = rows['143'];
  const steps = responseSteps(r.response);
  assert.equal(steps.length, 1, 'the response is one line');
  const c = critiqueOf(readMathCritique({ content: r.critique }, steps));
  assert.equal(c.firstWrongStep, 0);
  assert.match(c.feedback, /incorrectly adds the gas cost/);
  assert.equal(labelVerdict('Correct for the equation but wrong in context'), false);
  assert.equal(labelVerdict('Wrong  '), false);
  assert.equal(labelVerdict('**Correct**'), true);
  assert.equal(labelVerdict('Partially correct'), false);
  assert.equal(labelVerdict('Unclear'), undefined);
});

test('mathcritique: all steps Correct and the final answer Correct is an acceptance; the unjudged "The answer is" line does not block it (row 18, Ann)', () => {
  const r = rows['18'];
  const steps = responseSteps(r.response);
  assert.equal(steps.length, 4);
  const c = critiqueOf(readMathCritique({ content: r.critique }, steps));
  assert.equal(c.firstWrongStep, -1);
  assert.equal(c.verdicts.length, 3, 'three blocks, three judged steps');
});

test('mathcritique: every step right and the final answer Wrong is a finding on the answer', () => {
  // Row 18's critique with its final verdict turned: the layout their critics write when only the answer is off.
  const r = rows['18'];
  const steps = responseSteps(r.response);
  const text = r.critique.replace('Correctness of the final answer: Correct', 'Correctness of the final answer: Wrong');
  const c = critiqueOf(readMathCritique({ content: text }, steps));
  assert.equal(c.onFinalAnswer, true);
  assert.equal(c.firstWrongStep, steps.length - 1);
  assert.match(c.feedback, /^The final calculation is correct/);
});

test('mathcritique: no block, unmatched blocks, truncated or empty answers are unreadable, never accepted', () => {
  const r = rows['18'];
  const steps = responseSteps(r.response);
  assert.equal(reasonOf(readMathCritique({ content: 'The solution looks fine to me.' }, steps)), 'the answer did not follow the mathcritique format: no "Correctness of the step:" block');
  // Only the first block came back: steps 2-4 unjudged and no word on the final answer.
  const first = r.critique.slice(0, r.critique.indexOf('\n\nStep sentence:', 10));
  assert.match(
    reasonOf(readMathCritique({ content: first }, steps)),
    /^the answer did not follow the mathcritique format: no "Correctness of the final answer:" line, and 3 of 4 steps were not judged$/,
  );
  assert.match(reasonOf(readMathCritique({ content: r.critique, finishReason: 'length' }, steps)), /mathcritique format: it was cut off at max_tokens \(finish_reason: length\)/);
  assert.match(reasonOf(readMathCritique({ content: '  ' }, steps)), /mathcritique format: the answer is empty/);
  const unrelated = 'Step sentence: Something else entirely happened here.\nCorrectness of the step: Wrong\nExplanation: x';
  assert.match(reasonOf(readMathCritique({ content: unrelated }, steps)), /no block could be matched to one of the 4 steps/);
});

// A ProcessBench record from ../shared/data/processbench-sample.jsonl (Qwen/ProcessBench, gsm8k split).
const pb = JSON.parse(readFileSync(path.join(__dirname, '../../../../shared/data/processbench-sample.jsonl'), 'utf8').split('\n')[0]) as { problem: string; steps: string[] };

test("processbench: the prompt is critique_template.txt with run_eval.py's tagged paragraphs", () => {
  const [m] = processBenchMessages(pb);
  assert.equal(m.role, 'user');
  const tagged = pb.steps.map((s, i) => `<paragraph_${i}>\n${s}\n</paragraph_${i}>`).join('\n\n');
  assert.equal(m.content, PROCESSBENCH_TEMPLATE.replace('{problem}', pb.problem).replace('{tagged_response}', tagged));
  assert.ok(m.content.endsWith('Please put your final answer (i.e., the index) in \\boxed{}.'), "the template's {{}} is a literal {}");
  // A problem holding `$&` (a dollar amount before "&") is kept as written.
  assert.ok(processBenchMessages({ problem: 'Pay $& go', steps: ['a'] })[0].content.includes('Pay $& go'));
});

test('processbench: the last \\boxed{k} is the 0-based earliest wrong paragraph, -1 accepts; reasoning is set apart', () => {
  const steps = pb.steps;
  const judge =
    'Paragraph 0 restates the problem. Correct.\n\nParagraph 1 computes the rewards: $80 / 20 = 4$. Correct.\n\nParagraph 2 subtracts the coupon twice. This is wrong.\n\nThe earliest error is in paragraph 2.\n\n\\boxed{2}';
  const c = critiqueOf(readProcessBench({ content: judge }, steps));
  assert.equal(c.firstWrongStep, 2);
  assert.match(c.feedback, /^Paragraph 2 subtracts the coupon twice/);
  assert.equal(critiqueOf(readProcessBench({ content: 'No paragraph has an error: \\boxed{-1}' }, steps)).firstWrongStep, -1);
  // An R1-style answer: the reasoning inline, closed by </think>; a \boxed inside the thinking is not the answer.
  const r1 = critiqueOf(readProcessBench({ content: '<think>Maybe \\boxed{0}? No, paragraph 0 is fine.</think>\n\nThe earliest error: \\boxed{1}' }, steps));
  assert.equal(r1.firstWrongStep, 1);
  assert.match(r1.reasoning ?? '', /paragraph 0 is fine/);
  // vLLM's reasoning parser hands the thinking back as reasoning_content.
  const parsed = critiqueOf(readProcessBench({ content: '\\boxed{-1}', reasoningContent: 'Checked each paragraph.' }, steps));
  assert.equal(parsed.firstWrongStep, -1);
  assert.equal(parsed.reasoning, 'Checked each paragraph.');
});

test('processbench: no box, a box out of range, a think never closed, a cut-off answer are unreadable and name the profile', () => {
  const steps = pb.steps;
  assert.equal(reasonOf(readProcessBench({ content: 'The earliest error is in paragraph 2.' }, steps)), 'the answer did not follow the processbench format: no \\boxed{} index');
  assert.match(reasonOf(readProcessBench({ content: `\\boxed{${steps.length}}` }, steps)), /processbench format: \\boxed\{\d+\} is past the last paragraph/);
  assert.match(reasonOf(readProcessBench({ content: '\\boxed{-2}' }, steps)), /processbench format: \\boxed\{-2\} is below -1/);
  assert.match(reasonOf(readProcessBench({ content: '\\boxed{two}' }, steps)), /processbench format: \\boxed\{two\} is not a paragraph index/);
  assert.match(reasonOf(readProcessBench({ content: '<think>paragraph 1 looks off, \\boxed{1} maybe' }, steps)), /processbench format: no answer after <\/think>/);
  assert.match(reasonOf(readProcessBench({ content: 'Paragraph 3 is wrong \\boxed{3}', finishReason: 'length' }, steps)), /processbench format: it was cut off at max_tokens/);
  assert.match(reasonOf(readProcessBench({ content: '', reasoningContent: 'long thoughts' }, steps)), /processbench format: only reasoning came back/);
});

// The Quick Start of the Qwen2.5-Math-PRM-7B model card (huggingface.co/Qwen/Qwen2.5-Math-PRM-7B): its
// flamingo example and the step rewards it prints, [[1.0, 0.1904296875, 0.9765625, 1.0]], as vLLM's step
// pooler returns them: one softmax pair [p_wrong, p_right] per <extra_0>.
const flamingo = {
  problem:
    "Sue lives in a fun neighborhood.  One weekend, the neighbors decided to play a prank on Sue.  On Friday morning, the neighbors placed 18 pink plastic flamingos out on Sue's front yard.  On Saturday morning, the neighbors took back one third of the flamingos, painted them white, and put these newly painted white flamingos back out on Sue's front yard.  Then, on Sunday morning, they added another 18 pink plastic flamingos to the collection. At noon on Sunday, how many more pink plastic flamingos were out than white plastic flamingos?",
  steps: [
    'To find out how many more pink plastic flamingos were out than white plastic flamingos at noon on Sunday, we can break down the problem into steps. First, on Friday, the neighbors start with 18 pink plastic flamingos.',
    "On Saturday, they take back one third of the flamingos. Since there were 18 flamingos, (1/3 \\times 18 = 6) flamingos are taken back. So, they have (18 - 6 = 12) flamingos left in their possession. Then, they paint these 6 flamingos white and put them back out on Sue's front yard. Now, Sue has the original 12 pink flamingos plus the 6 new white ones. Thus, by the end of Saturday, Sue has (12 + 6 = 18) pink flamingos and 6 white flamingos.",
    "On Sunday, the neighbors add another 18 pink plastic flamingos to Sue's front yard. By the end of Sunday morning, Sue has (18 + 18 = 36) pink flamingos and still 6 white flamingos.",
    'To find the difference, subtract the number of white flamingos from the number of pink flamingos: (36 - 6 = 30). Therefore, at noon on Sunday, there were 30 more pink plastic flamingos out than white plastic flamingos. The answer is (\\boxed{30}).',
  ],
};
const cardRewards = [1.0, 0.1904296875, 0.9765625, 1.0];
const pairs = cardRewards.map((p) => [1 - p, p]);

test("prm: the input is the model card's chat, the steps joined by <extra_0> and ended by it", () => {
  const messages = prmMessages(flamingo, DEFAULT_PRM_OPTIONS);
  assert.deepEqual(messages, [
    { role: 'system', content: 'Please reason step by step, and put your final answer within \\boxed{}.' },
    { role: 'user', content: flamingo.problem },
    { role: 'assistant', content: flamingo.steps.join('<extra_0>') + '<extra_0>' },
  ]);
  // A step tag written inside a step would be scored as a step of its own: it is taken out.
  const hostile = prmMessages({ problem: 'p<extra_0>', steps: ['a<extra_0>b', 'c'] }, DEFAULT_PRM_OPTIONS);
  assert.equal(hostile[2].content, 'a b<extra_0>c<extra_0>');
  assert.equal(hostile[1].content, 'p');
  // Another PRM: its own tag, no system prompt.
  assert.deepEqual(prmMessages({ problem: 'p', steps: ['a', 'b'] }, { ...DEFAULT_PRM_OPTIONS, stepTag: ' ки\n', systemPrompt: '' }), [
    { role: 'user', content: 'p' },
    { role: 'assistant', content: 'a ки\nb ки\n' },
  ]);
});

test('prm: the first p_right below the threshold is the first wrong step, and every score is kept', () => {
  const r = readPrm(pairs, flamingo.steps, DEFAULT_PRM_OPTIONS);
  const c = critiqueOf(r);
  assert.equal(c.firstWrongStep, 1);
  assert.deepEqual(
    'stepScores' in r && r.stepScores,
    cardRewards.map((p) => p),
  );
  assert.deepEqual(
    c.verdicts.map((v) => v.correct),
    [true, false, true, true],
  );
  assert.match(c.feedback, /step 2 p_right 0\.190, below the threshold 0\.5/);
  // A lower threshold accepts it; the index of "right" is a setting.
  assert.equal(critiqueOf(readPrm(pairs, flamingo.steps, { ...DEFAULT_PRM_OPTIONS, threshold: 0.1 })).firstWrongStep, -1);
  assert.equal(
    critiqueOf(
      readPrm(
        pairs.map(([w, r2]) => [r2, w]),
        flamingo.steps,
        { ...DEFAULT_PRM_OPTIONS, rightIndex: 0 },
      ),
    ).firstWrongStep,
    1,
  );
});

test('prm: no scores, a count that differs from the steps, or values that are not probabilities are unreadable', () => {
  const o = DEFAULT_PRM_OPTIONS;
  assert.match(reasonOf(readPrm([], flamingo.steps, o)), /^the answer did not follow the prm format: no scores: the input held no step tag/);
  assert.match(reasonOf(readPrm(pairs.slice(0, 3), flamingo.steps, o)), /prm format: 3 scores for 4 steps/);
  assert.match(reasonOf(readPrm([[0.1], [0.2], [0.3], [0.4]], flamingo.steps, o)), /prm format: step 1 has no number at index 1/);
  assert.match(
    reasonOf(
      readPrm(
        pairs.map(() => [-3.2, 4.1]),
        flamingo.steps,
        o,
      ),
    ),
    /prm format: step 1's score 4.1 is not a probability/,
  );
  assert.match(reasonOf(readPrm({ data: pairs }, flamingo.steps, o)), /prm format: the pooled output is not a list/);
});

test('json: out-of-range steps (0 in a 1-based answer, past the last) and cut-off answers are unreadable', () => {
  const json = criticProfile('json') as ChatProfile;
  const steps = ['a', 'b'];
  const answer = (first: number | null) => JSON.stringify({ steps: [], first_wrong_step: first, feedback: '' });
  assert.match(reasonOf(json.read({ content: answer(0) }, steps)), /^the answer did not follow the json format/);
  assert.match(reasonOf(json.read({ content: answer(3) }, steps)), /json format/);
  assert.equal(critiqueOf(json.read({ content: answer(2) }, steps)).firstWrongStep, 1);
  assert.match(reasonOf(json.read({ content: answer(2), finishReason: 'length' }, steps)), /json format: it was cut off/);
  assert.equal((criticProfile('prm') as PoolingProfile).kind, 'pooling');
});

test('one MathCritique text, one verdict: the live reader, the curator and the dataset reader agree', async () => {
  const { normalizeRecord } = await import('../../../server/src/engine/curate/normalize');
  const { mathCritiqueFirstWrongStep } = await import('../../../server/src/engine/critic/profiles/mathcritique');
  const steps = ['Janet has 16 eggs and eats 3, so 16 - 3 = 13 eggs are left.', 'She bakes with 4, so 13 - 4 = 9 eggs remain.', 'She sells them at $2 each: 9 * 2 = 20 dollars.'];
  // Label variants of their SFT data: trailing spaces, markdown, a longer phrase that says wrong.
  const critique = [
    'Step sentence: Janet has 16 eggs and eats 3, so 16 - 3 = 13 eggs are left.',
    'Correctness of the step: Correct   ',
    'Explanation: 16 - 3 = 13.',
    '',
    'Step sentence: She bakes with 4, so 13 - 4 = 9 eggs remain.',
    'Correctness of the step: **Correct**',
    'Explanation: 13 - 4 = 9.',
    '',
    'Step sentence: She sells them at $2 each: 9 * 2 = 20 dollars.',
    'Correctness of the step: Correct for the equation but wrong in context',
    'Explanation: 9 * 2 is 18, not 20.',
    '',
    'Correctness of the final answer: Wrong',
  ].join('\n');
  assert.equal(mathCritiqueFirstWrongStep(critique, steps), 2);
  const curated = normalizeRecord({ problem: 'Eggs?', steps, critique });
  assert.ok(curated.ok);
  assert.equal(curated.ok && curated.record.critique?.firstWrongStep, 2, 'the curator reads the longer phrase as wrong, as the live reader does');
  // Blocks that judge no step of this solution: no verdict, not "all correct".
  assert.equal(mathCritiqueFirstWrongStep('Step sentence: something else entirely\nCorrectness of the step: Correct', steps), undefined);
});
