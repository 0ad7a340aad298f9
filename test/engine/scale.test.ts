import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ChatEndpoint } from '../../server/src/engine/model';
import { majorityAnswer, parseKs, problemsFromDataset, scaleCurves, scaleProblem, type ScaleRecord } from '../../server/src/engine/scale';
import { OpenAITestServer } from '../support/openai-test-server';
import { EXPECTED, PROBLEMS, scaleResponder } from '../support/scale-script';

describe('scale engine', () => {
  let server: OpenAITestServer;
  let records: ScaleRecord[];
  before(async () => {
    server = await OpenAITestServer.start({ responder: scaleResponder });
    const endpoint = new ChatEndpoint({ baseUrl: server.baseUrl, model: 'actor', timeoutMs: 10_000, concurrency: 8 });
    const critic = new ChatEndpoint({ baseUrl: server.baseUrl, model: 'critic', timeoutMs: 10_000, concurrency: 8 });
    const options = { samples: 4, refinements: 1, profile: 'json', actor: { endpoint, temperature: 0.7, maxTokens: 256 }, critic: { endpoint: critic, temperature: 0, maxTokens: 256, samples: 1 } };
    records = await Promise.all(PROBLEMS.map((p) => scaleProblem({ ...p, source: 'test' }, options)));
  });
  after(async () => server.close());

  test('every curve at every K is the one worked out by hand', () => {
    const summary = scaleCurves(records, [1, 2, 4]);
    assert.deepEqual(summary.k, EXPECTED.k);
    assert.equal(summary.n, EXPECTED.n);
    for (const [name, values] of Object.entries(EXPECTED.curves)) assert.deepEqual(summary.curves[name as keyof typeof summary.curves], values, name);
    assert.equal(summary.greedy, EXPECTED.greedy);
    assert.deepEqual(summary.calls, EXPECTED.calls);
  });

  test('each sample keeps its first answer, verdict, refinements and cost', () => {
    const p2 = records.find((r) => r.id === 'P2')!;
    assert.deepEqual(p2.samples.map((s) => s.answer), ['7', '7', '5', '9']);
    assert.deepEqual(p2.samples.map((s) => s.verdict), ['rejected', 'rejected', 'accepted', 'accepted']);
    assert.deepEqual(p2.samples[0].refinements, [{ from_step: 1, steps: ['A first fix, still sloppy. The answer is \\boxed{6}.'], answer: '6', correct: false, verdict: 'rejected', first_wrong_step: 1 }]);
    assert.equal(p2.samples[0].final_answer, '6');
    assert.equal(p2.samples[0].accepted, false);
    assert.deepEqual(p2.samples.map((s) => s.calls), [4, 4, 2, 2]);
    const p3 = records.find((r) => r.id === 'P3')!;
    assert.equal(p3.samples[0].answer, null, 'a sample with no final answer');
    assert.equal(p3.samples[0].accepted, true);
    assert.equal(records.find((r) => r.id === 'P1')!.greedy.correct, true);
    assert.equal(p2.actor_model, 'actor');
    assert.equal(p2.critic_model, 'critic');
  });

  test('one sampling request of max(K) per problem, one greedy request at temperature 0', () => {
    const solves = server.requests.filter((r) => /Solve the problem/.test(JSON.stringify(r.body?.messages?.[0])));
    assert.equal(solves.length, 6);
    assert.deepEqual(solves.map((r) => r.body.n ?? 1).sort(), [1, 1, 1, 4, 4, 4]);
    assert.ok(solves.filter((r) => (r.body.n ?? 1) === 1).every((r) => r.body.temperature === 0));
  });

  test('majority: equivalent answers vote together, ties go to the answer reached first, no answer does not vote', () => {
    assert.equal(majorityAnswer(['1/2', '3', '0.5', '3']), '1/2');
    assert.equal(majorityAnswer(['3', '1/2', '0.5', '3']), '3');
    assert.equal(majorityAnswer([null, null, '7']), '7');
    assert.equal(majorityAnswer([null]), null);
    assert.equal(majorityAnswer([]), null);
  });

  test('--k parsing: sorted and distinct; bad lists are refused', () => {
    assert.deepEqual(parseKs('8, 1,2,2,4'), [1, 2, 4, 8]);
    for (const bad of ['', '0', '1,x', '2.5', '-1', '1,,999']) assert.throws(() => parseKs(bad), /--k takes whole numbers/, bad);
  });

  test('problems: {id, problem, answer} and aliases; lines without a problem or an answer are named', () => {
    const text = [
      JSON.stringify({ id: 'a', problem: 'P', answer: 3 }),
      JSON.stringify({ question: 'Q', answer: '4' }),
      JSON.stringify({ id: 'c', problem: 'no answer' }),
      JSON.stringify({ id: 'd', answer: '1' }),
      '{oops',
    ].join('\n');
    const { problems, skipped } = problemsFromDataset(text, 'p.jsonl');
    assert.deepEqual(problems.map((p) => [p.id, p.problem, p.answer]), [['a', 'P', '3'], ['p.jsonl:2', 'Q', '4']]);
    assert.equal(skipped.length, 3);
    assert.match(skipped.join('\n'), /p\.jsonl:3 \(c\): skipped: no reference answer/);
    assert.match(skipped.join('\n'), /p\.jsonl:4 \(d\): skipped: no problem text/);
    assert.match(skipped.join('\n'), /p\.jsonl:5: skipped a line that does not parse/);
  });
});
