import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenAITestServer, type RecordedRequest } from '../../support/openai-test-server';
import { ChatEndpoint } from '../../../server/src/engine/model';
import { bestOfKRefinements, refineUntilAccepted } from '../../../server/src/engine/actor';

const input = { problem: 'Eggs: 16 laid, 7 used, $2 each. Earnings?', steps: ['16 - 7 = 9 eggs are sold.', 'She makes 9 * 2 = $20.', 'The answer is \\boxed{20}.'] };
const verdict = (step: number | null) => JSON.stringify({ steps: [], first_wrong_step: step, feedback: step ? '9 * 2 is 18.' : '' });

describe('test-time scaling with the actor and the critic', () => {
  let server: OpenAITestServer;
  let actorReplies: Array<string | string[]> = [];
  let accept: (text: string) => boolean = () => false;
  before(async () => {
    server = await OpenAITestServer.start();
    // One server plays both parts, as one vLLM instance can: the system prompt tells them apart.
    server.setResponder((req: RecordedRequest) => {
      const messages = req.body.messages as Array<{ content: string }>;
      if (/math teacher who critiques/.test(messages[0].content)) return { content: verdict(accept(messages[1].content) ? null : 2) };
      const next = actorReplies.shift() ?? '';
      return Array.isArray(next) ? next.map((content) => ({ content })) : { content: next };
    });
  });
  after(async () => server.close());
  const ep = () => new ChatEndpoint({ baseUrl: server.baseUrl, model: 'm', timeoutMs: 5000 });
  const actor = () => ({ endpoint: ep(), temperature: 0.7, maxTokens: 256 });
  const critic = () => ({ endpoint: ep(), temperature: 0, maxTokens: 256, samples: 1 });

  test('best of K: the majority answer among accepted refinements wins, not the first one', async () => {
    accept = (t) => /\\boxed\{1[78]/.test(t);
    actorReplies = [[
      'Step 2: She makes 9 * 2 = $17.\nStep 3: The answer is \\boxed{17}.',
      'Step 2: She makes 9 * 2 = $18.\nStep 3: The answer is \\boxed{18}.',
      'Step 2: 9 * 2 is 18 dollars.\nStep 3: So she makes \\boxed{18.0}.',
      'Step 2: She makes 9 * 2 = $19.\nStep 3: The answer is \\boxed{19}.',
    ]];
    const r = await bestOfKRefinements(input, 1, '9 * 2 is 18.', 4, actor(), critic());
    assert.equal(r.candidates.length, 4);
    assert.deepEqual(r.candidates.map((c) => c.accepted), [true, true, true, false]);
    assert.equal(r.chosen?.answer, '18');
    assert.equal(r.votes, 2);
    assert.deepEqual(r.chosen?.steps, ['16 - 7 = 9 eggs are sold.', 'She makes 9 * 2 = $18.', 'The answer is \\boxed{18}.']);
  });

  test('best of K: nothing accepted, nothing chosen', async () => {
    accept = () => false;
    actorReplies = [['Step 2: x = 1\nStep 3: \\boxed{1}', 'Step 2: y\nStep 3: \\boxed{2}']];
    const r = await bestOfKRefinements(input, 1, 'fix', 2, actor(), critic());
    assert.equal(r.chosen, undefined);
    assert.equal(r.candidates.length, 2);
  });

  test('critique → refine rounds stop when the critic accepts, with every round kept', async () => {
    accept = (t) => /\\boxed\{18\}/.test(t);
    actorReplies = ['Step 2: 9 * 2 = $19.\nStep 3: \\boxed{19}', 'Step 2: 9 * 2 = $18.\nStep 3: \\boxed{18}'];
    const seen: number[] = [];
    const r = await refineUntilAccepted(input, 5, actor(), critic(), (_, i) => seen.push(i));
    assert.equal(r.accepted, true);
    assert.equal(r.rounds.length, 3);
    assert.deepEqual(seen, [0, 1, 2]);
    assert.equal(r.rounds[0].critique.firstWrongStep, 1);
    assert.deepEqual(r.rounds[1].refinement?.steps, ['9 * 2 = $18.', '\\boxed{18}']);
    assert.deepEqual(r.steps, ['16 - 7 = 9 eggs are sold.', '9 * 2 = $18.', '\\boxed{18}']);
  });

  test('… and at the maximum number of rounds', async () => {
    accept = () => false;
    actorReplies = ['Step 2: 9 * 2 = $19.\nStep 3: \\boxed{19}', 'Step 2: 9 * 2 = $21.\nStep 3: \\boxed{21}'];
    const before = server.requests.length;
    const r = await refineUntilAccepted(input, 1, actor(), critic());
    assert.equal(r.accepted, false);
    assert.equal(r.rounds.length, 2);
    assert.equal(server.requests.length - before, 3, 'critique, refine, critique');
  });

  test('cancellation stops the rounds', async () => {
    accept = () => false;
    actorReplies = ['Step 2: a\nStep 3: \\boxed{1}'];
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(refineUntilAccepted(input, 5, actor(), { ...critic(), signal: controller.signal }));
  });
});
