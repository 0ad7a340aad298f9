/**
 * Each critic profile end to end through the bundled CLI against the loopback test server:
 * the request the family expects goes out, the answer in the family's layout comes back as a
 * record with its profile, and an answer that does not follow the layout fails the solution
 * with a message naming the profile. Run `npm run build` first.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { OpenAITestServer, type RecordedRequest } from '../support/openai-test-server';

const rows = [
  { id: 'wrong', problem: 'Janet has 16 eggs and eats 3. How many are left?', steps: ['Janet starts with 16 eggs.', 'She has 16 - 3 = 12 eggs left.', 'The answer is 12.'] },
  { id: 'right', problem: 'What is 2 + 2?', steps: ['2 + 2 = 4.', 'The answer is 4.'] },
];
const isWrong = (req: RecordedRequest) => JSON.stringify(req.body).includes('16 - 3 = 12');

function dataset() {
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-profiles-'));
  const data = path.join(dir, 'data.jsonl');
  writeFileSync(data, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return { data, out: path.join(dir, 'out.jsonl') };
}

const records = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));

describe('mathcritic critique --profile (run `npm run build` first)', () => {
  let server: OpenAITestServer;
  before(async () => {
    server = await OpenAITestServer.start();
  });
  after(async () => server.close());
  const run = (args: string[]) => runCli(['critique', ...args, '--base-url', server.baseUrl, '--model', 'critic']);

  test('mathcritique: their prompt goes out, their blocks come back as the first wrong step and the record keeps their chat', async () => {
    const { data, out } = dataset();
    server.setResponder((req) => {
      const wrong = isWrong(req);
      return {
        content: [
          `Step sentence: ${wrong ? 'Janet starts with 16 eggs.' : '2 + 2 = 4.'}\nCorrectness of the step: Correct\nExplanation: Restates the problem.`,
          wrong ? 'Step sentence: She has 16 - 3 = 12 eggs left.\nCorrectness of the step: Wrong  \nExplanation: 16 - 3 is 13, not 12.' : '',
          `Correctness of the final answer: ${wrong ? 'Wrong' : 'Correct'}\nExplanation: ${wrong ? 'It should be 13.' : 'It is 4.'}`,
        ]
          .filter(Boolean)
          .join('\n\n'),
      };
    });
    const before = server.requests.length;
    const r = await run([data, '--out', out, '--profile', 'mathcritique']);
    assert.equal(r.code, 0, r.stderr);
    const sent = server.requests.slice(before).map((q) => q.body.messages[0].content as string);
    assert.ok(sent.every((c) => c.startsWith('Instruction:\nFor a given question, there is a step-by-step solution, where each line is a step.')));
    assert.ok(sent.some((c) => c.endsWith('Solution:\nJanet starts with 16 eggs.\nShe has 16 - 3 = 12 eggs left.\nThe answer is 12.')));
    assert.ok(
      server.requests.slice(before).every((q) => q.body.response_format === undefined && q.body.max_tokens === 4096),
      "no JSON schema; the profile's max_tokens",
    );
    const [right, wrong] = records(out);
    assert.equal(wrong.first_wrong_step, 1);
    assert.equal(wrong.profile, 'mathcritique');
    assert.equal(wrong.profile_version, 'mathcritique-critic-v1');
    assert.match(wrong.critic, /Correctness of the step: Wrong/);
    assert.deepEqual(
      wrong.messages.map((m: { role: string }) => m.role),
      ['user', 'assistant'],
    );
    assert.equal(right.first_wrong_step, -1);
  });

  test('mathcritique --refine --actor-profile mathcritique: the refinement record is their SFT refinement turn', async () => {
    const { data, out } = dataset();
    server.setResponder((req) => {
      const text = JSON.stringify(req.body.messages);
      if (text.includes('I have made a step-by-step critic for your solution')) return { content: 'Janet starts with 16 eggs.\nShe eats 3, so 16 - 3 = 13 eggs are left.\nThe answer is 13.' };
      if (!isWrong(req)) return { content: 'Step sentence: 2 + 2 = 4.\nCorrectness of the step: Correct\nExplanation: ok\n\nCorrectness of the final answer: Correct\nExplanation: ok' };
      return {
        content:
          'Step sentence: Janet starts with 16 eggs.\nCorrectness of the step: Correct\nExplanation: ok\n\nStep sentence: She has 16 - 3 = 12 eggs left.\nCorrectness of the step: Incorrect\nExplanation: 16 - 3 = 13.\n\nCorrectness of the final answer: Wrong\nExplanation: 13.',
      };
    });
    const r = await run([data, '--out', out, '--profile', 'mathcritique', '--refine', '--actor-profile', 'mathcritique']);
    assert.equal(r.code, 0, r.stderr);
    const wrong = records(out).find((x) => x.id === 'wrong');
    assert.deepEqual(wrong.refined_steps, ['Janet starts with 16 eggs.', 'She eats 3, so 16 - 3 = 13 eggs are left.', 'The answer is 13.'], 'a whole new solution, one step a line');
    assert.equal(wrong.actor_prompt_version, 'mathcritique-refine-v1');
    const roles = wrong.messages.map((m: { role: string }) => m.role);
    assert.deepEqual(roles, ['user', 'assistant', 'user', 'assistant']);
    assert.match(wrong.messages[0].content, /How many are left\? Please also give your final number in the format of 'The answer is \[your answer\]\.'$/);
    assert.match(
      wrong.messages[2].content,
      /^I have made a step-by-step critic for your solution\. Please read the following critic[\s\S]*\n\nStep sentence: Janet starts with 16 eggs\.\nCorrectness of the step: Correct/,
    );
    assert.equal(wrong.refinement_correct, null, 'no reference answer in the data');
  });

  test('processbench: tagged paragraphs go out, the last \\boxed{k} after </think> comes back; reasoning_content and a cut-off answer are handled', async () => {
    const { data, out } = dataset();
    server.setResponder((req) => {
      if (!isWrong(req)) return { content: '\\boxed{-1}', reasoningContent: 'Both paragraphs hold.' };
      return { content: '<think>Paragraph 0 \\boxed{0}? no.</think>Paragraph 1 subtracts wrongly.\n\n\\boxed{1}' };
    });
    const before = server.requests.length;
    const r = await run([data, '--out', out, '--profile', 'processbench']);
    assert.equal(r.code, 0, r.stderr);
    const asked = server.requests.slice(before).map((q) => q.body);
    assert.ok(asked.every((b) => b.max_tokens === 16384 && b.messages.length === 1 && b.messages[0].role === 'user'));
    assert.ok(asked.some((b) => b.messages[0].content.includes('<paragraph_1>\nShe has 16 - 3 = 12 eggs left.\n</paragraph_1>')));
    const [right, wrong] = records(out);
    assert.equal(wrong.first_wrong_step, 1);
    assert.equal(wrong.profile, 'processbench');
    assert.equal(wrong.critic, 'Paragraph 1 subtracts wrongly.\n\n\\boxed{1}', 'the record keeps the answer, not the thinking');
    assert.equal(right.first_wrong_step, -1);

    // An answer cut off at max_tokens is no verdict: the solution fails, and the message says why.
    server.setResponder(() => ({ content: 'Paragraph 0 looks right, paragraph 1 \\boxed{', finishReason: 'length' }));
    const { data: d2, out: o2 } = dataset();
    const cut = await run([d2, '--out', o2, '--profile', 'processbench', '--max-tokens', '64']);
    assert.equal(cut.code, 1);
    assert.match(cut.stderr, /the answer did not follow the processbench format: it was cut off at max_tokens \(finish_reason: length\)/);
    assert.equal(server.requests[server.requests.length - 1].body.max_tokens, 64);
    server.setResponder(() => ({ content: 'The earliest error is in paragraph 1.' }));
    const none = await run([d2, '--out', o2, '--profile', 'processbench']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /the answer did not follow the processbench format: no \\boxed\{\} index/);
  });

  test("prm: POST /pooling at the server's root with the PRM chat; every step's score is kept", async () => {
    const { data, out } = dataset();
    server.setResponder((req) => {
      assert.equal(req.path, '/pooling');
      const scores = isWrong(req) ? [0.98, 0.07, 0.4] : [0.99, 0.97];
      return { pooled: scores.map((p) => [1 - p, p]) };
    });
    const before = server.requests.length;
    const r = await run([data, '--out', out, '--profile', 'prm', '--prm-threshold', '0.3']);
    assert.equal(r.code, 0, r.stderr);
    const asked = server.requests.slice(before);
    assert.ok(asked.every((q) => q.path === '/pooling' && q.body.model === 'critic' && q.body.add_generation_prompt === false));
    const wrongAsk = asked.find(isWrong)!;
    assert.deepEqual(wrongAsk.body.messages, [
      { role: 'system', content: 'Please reason step by step, and put your final answer within \\boxed{}.' },
      { role: 'user', content: rows[0].problem },
      { role: 'assistant', content: 'Janet starts with 16 eggs.<extra_0>She has 16 - 3 = 12 eggs left.<extra_0>The answer is 12.<extra_0>' },
    ]);
    const [right, wrong] = records(out);
    assert.equal(wrong.first_wrong_step, 1);
    assert.deepEqual(wrong.step_scores, [0.98, 0.07, 0.4], 'the scores after the first wrong step too');
    assert.equal(wrong.profile, 'prm');
    assert.equal(right.first_wrong_step, -1);

    // Fewer scores than steps (a tag lost in tokenizing) is no verdict.
    server.setResponder(() => ({ pooled: [[0.1, 0.9]] }));
    const { data: d2, out: o2 } = dataset();
    const short = await run([d2, '--out', o2, '--profile', 'prm']);
    assert.equal(short.code, 1);
    assert.match(short.stderr, /the answer did not follow the prm format: 1 scores for 3 steps/);
  });

  test('bad profile options are usage errors', async () => {
    const { data } = dataset();
    const bad = await run([data, '--profile', 'gpt4']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--profile must be one of json, mathcritique, processbench, prm, not "gpt4"/);
    const prmOnJson = await run([data, '--prm-threshold', '0.4']);
    assert.equal(prmOnJson.code, 2);
    assert.match(prmOnJson.stderr, /--prm-\* options apply to --profile prm, not json/);
    const threshold = await run([data, '--profile', 'prm', '--prm-threshold', '2']);
    assert.match(threshold.stderr, /--prm-threshold must be a number from 0 to 1, not "2"/);
  });
});

describe('batch write --profile (run `npm run build` first)', () => {
  test('processbench requests carry its template and max_tokens; prm is refused with what to run instead', async () => {
    const { data, out } = dataset();
    const w = await runCli(['batch', 'write', data, '--model', 'judge', '--out', out, '--profile', 'processbench']);
    assert.equal(w.code, 0, w.stderr);
    const lines = records(out.replace(/$/, ''));
    assert.ok(lines.every((l) => l.body.max_tokens === 16384 && l.body.response_format === undefined && l.body.messages[0].content.startsWith('The following is a math problem and a solution')));
    const p = await runCli(['batch', 'write', data, '--model', 'prm', '--out', out + '2', '--profile', 'prm']);
    assert.equal(p.code, 2);
    assert.match(p.stderr, /profile prm scores through POST \/pooling, which batch files do not carry/);
  });
});
