/**
 * `ChatEndpoint.pool()` (vLLM's pooling API) goes through the chat path's limit, deadline,
 * retries and redaction; chat choices expose what reasoning servers add.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenAITestServer } from '../../support/openai-test-server';
import { ChatEndpoint, EndpointError, serverRoot } from '../../../server/src/engine/model';
import { CritiqueCache, critiqueSolution } from '../../../server/src/engine/critic';

describe('pooling and reasoning choices (loopback test server)', () => {
  let server: OpenAITestServer;
  before(async () => (server = await OpenAITestServer.start()));
  after(async () => server.close());
  const endpoint = (extra: Partial<ConstructorParameters<typeof ChatEndpoint>[0]> = {}) => new ChatEndpoint({ baseUrl: server.baseUrl, model: 'prm', timeoutMs: 2_000, maxRetries: 2, ...extra });

  test('the server root is the base URL without /v1', () => {
    assert.equal(serverRoot('http://h:8000/v1'), 'http://h:8000');
    assert.equal(serverRoot('http://h:8000/v1/'), 'http://h:8000');
    assert.equal(serverRoot('http://h:8000/api'), 'http://h:8000/api');
  });

  test('pool() posts {model, messages} to /pooling at the root and returns data[0].data', async () => {
    server.script({ pooled: [[0.1, 0.9]] });
    const before = server.requests.length;
    const pooled = await endpoint().pool({ messages: [{ role: 'user', content: 'p' }] });
    assert.deepEqual(pooled.data, [[0.1, 0.9]]);
    const req = server.requests[before];
    assert.equal(req.path, '/pooling');
    assert.deepEqual(req.body, { model: 'prm', messages: [{ role: 'user', content: 'p' }], add_generation_prompt: false });
  });

  test('pool() retries a 503, honours the deadline, and redacts the key a server echoes', async () => {
    server.script({ status: 503 }, { pooled: [[0.5, 0.5]] });
    const before = server.requests.length;
    assert.deepEqual((await endpoint().pool({ input: 'x' })).data, [[0.5, 0.5]]);
    assert.equal(server.requests.length - before, 2, 'one retry');

    server.script({ hang: true });
    await assert.rejects(endpoint({ timeoutMs: 1_000 }).pool({ input: 'x' }), (e: unknown) => e instanceof EndpointError && e.kind === 'timeout');

    const key = 'sk-pooling-secret-123456';
    server.script({ status: 401, echoHeaders: true });
    await assert.rejects(endpoint({ apiKey: key }).pool({ input: 'x' }), (e: unknown) => e instanceof EndpointError && e.kind === 'http' && !e.message.includes(key) && /401/.test(e.message));
  });

  test('a pooling reply without data[0].data is a bad response that names --runner pooling', async () => {
    server.script({ rawBody: { body: JSON.stringify({ object: 'list', data: [] }) } });
    await assert.rejects(endpoint().pool({ input: 'x' }), (e: unknown) => e instanceof EndpointError && e.kind === 'bad-response' && /--runner pooling/.test(e.message));
  });

  test('chat choices carry reasoning_content and finish_reason; a cut-off answer is no verdict', async () => {
    server.script([
      { content: '\\boxed{0}', reasoningContent: 'step 1 is off', finishReason: 'stop' },
      { content: 'Paragraph 0 is \\boxed{0', finishReason: 'length' },
    ]);
    const chat = new ChatEndpoint({ baseUrl: server.baseUrl, model: 'judge', timeoutMs: 2_000 });
    const { result } = await critiqueSolution({ problem: 'p', steps: ['a', 'b'] }, { endpoint: chat, temperature: 1, maxTokens: 64, samples: 2, profile: 'processbench' });
    assert.equal(result.readable, 1);
    assert.equal(result.critiques[0].reasoning, 'step 1 is off');
    assert.match(result.unreadableReasons[0], /^the answer did not follow the processbench format: it was cut off/);
    assert.equal(result.profile, 'processbench');
    assert.equal(result.profileVersion, 'processbench-critique-v1');
  });

  test('the profile is part of the cache key: the same text under another profile is asked again', async () => {
    const cache = new CritiqueCache();
    const chat = new ChatEndpoint({ baseUrl: server.baseUrl, model: 'judge', timeoutMs: 2_000 });
    const input = { problem: 'cache p', steps: ['a', 'b'] };
    server.script({ content: '\\boxed{1}' }, { content: JSON.stringify({ steps: [], first_wrong_step: null, feedback: '' }) });
    const a = await critiqueSolution(input, { endpoint: chat, temperature: 0, maxTokens: 0, samples: 1, profile: 'processbench', cache });
    const b = await critiqueSolution(input, { endpoint: chat, temperature: 0, maxTokens: 0, samples: 1, profile: 'json', cache });
    const again = await critiqueSolution(input, { endpoint: chat, temperature: 0, maxTokens: 0, samples: 1, profile: 'processbench', cache });
    assert.deepEqual([a.cached, b.cached, again.cached], [false, false, true]);
    assert.deepEqual([a.result.firstWrongStep, b.result.firstWrongStep], [1, -1]);
    assert.notEqual(a.result.id, b.result.id);
  });
});
