import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { OpenAITestServer } from '../../support/openai-test-server';
import { ChatEndpoint, EndpointError } from '../../../server/src/engine/model';
import { CritiqueCache, critiqueSolution } from '../../../server/src/engine/critic';

const json = (first: number | null, feedback = 'Multiply first: 3 × 2 = 6, so 5 + 6 = 11.') =>
  JSON.stringify({ steps: first ? [{ step: first, correct: false, comment: feedback }] : [], first_wrong_step: first, feedback: first ? feedback : '' });
const input = { problem: 'How many loaves?', steps: ['5 + 3 × 2 = 16 loaves.', '16 × 10 = 160.', 'The answer is 160.'] };

describe('critic over the OpenAI protocol (loopback test server, real openai client)', () => {
  let server: OpenAITestServer;
  before(async () => (server = await OpenAITestServer.start()));
  after(async () => server.close());
  const endpoint = (extra: Partial<ConstructorParameters<typeof ChatEndpoint>[0]> = {}) =>
    new ChatEndpoint({ baseUrl: server.baseUrl, model: 'test-model', timeoutMs: 5_000, maxRetries: 2, ...extra });

  test('asks with a JSON schema, the prompt, the sampling settings; reads the verdict', async () => {
    const before = server.requests.length;
    server.script({ content: json(1) });
    const { result, cached } = await critiqueSolution(input, { endpoint: endpoint(), temperature: 0, maxTokens: 512, samples: 1 });
    assert.equal(cached, false);
    assert.equal(result.firstWrongStep, 0);
    assert.equal(result.votes, 1);
    const req = server.requests[before].body;
    assert.equal(req.model, 'test-model');
    assert.equal(req.temperature, 0);
    assert.equal(req.max_tokens, 512);
    assert.equal(req.response_format.type, 'json_schema');
    assert.match(req.messages[1].content, /Step 1: 5 \+ 3 × 2 = 16 loaves\./);
  });

  test('K samples with n: majority and agreement', async () => {
    server.script([{ content: json(2) }, { content: json(1) }, { content: json(2) }, { content: 'no idea' }]);
    const { result } = await critiqueSolution(input, { endpoint: endpoint(), temperature: 0.8, maxTokens: 512, samples: 4 });
    assert.equal(result.firstWrongStep, 1);
    assert.equal(result.votes, 2);
    assert.equal(result.readable, 3);
    assert.deepEqual(result.unreadable, ['no idea']);
    assert.equal(server.requests.at(-1)!.body.n, 4);
  });

  test('a server that ignores n is topped up with parallel requests', async () => {
    const before = server.requests.length;
    server.script([{ content: json(1) }], [{ content: json(1) }], [{ content: json(3) }]);
    const { result } = await critiqueSolution(input, { endpoint: endpoint(), temperature: 0.8, maxTokens: 512, samples: 3 });
    assert.equal(server.requests.length - before, 3);
    assert.equal(result.readable, 3);
    assert.equal(result.firstWrongStep, 0);
  });

  test('a server that refuses response_format gets the plain request, and free text is read', async () => {
    const ep = endpoint();
    const before = server.requests.length;
    server.script({ status: 400, content: "response_format 'json_schema' is not supported" }, { content: 'Step 1: incorrect. 5 + 6 = 11.\nConclusion: the first wrong step is Step 1.' });
    const { result } = await critiqueSolution(input, { endpoint: ep, temperature: 0, maxTokens: 512, samples: 1 });
    assert.equal(result.firstWrongStep, 0);
    assert.equal(result.critiques[0].format, 'free-text');
    assert.equal(server.requests[before + 1].body.response_format, undefined);
    assert.equal(ep.acceptsJsonSchema, false);
  });

  test('429 with Retry-After and 503 are retried, then the answer is used', async () => {
    const before = server.requests.length;
    server.script({ status: 429, retryAfter: 0.2 }, { status: 503 }, { content: json(null) });
    const t0 = Date.now();
    const { result } = await critiqueSolution(input, { endpoint: endpoint(), temperature: 0, maxTokens: 512, samples: 1 });
    assert.equal(result.firstWrongStep, -1);
    assert.equal(server.requests.length - before, 3);
    assert.ok(Date.now() - t0 >= 150, 'waited for Retry-After');
  });

  test('unreadable answers: no verdict, the raw text kept, nothing cached', async () => {
    const cache = new CritiqueCache();
    server.script({ content: 'As an AI I cannot.' });
    const { result } = await critiqueSolution(input, { endpoint: endpoint(), temperature: 0, maxTokens: 512, samples: 1, cache });
    assert.equal(result.readable, 0);
    assert.deepEqual(result.unreadable, ['As an AI I cannot.']);
    server.script({ content: json(1) });
    const again = await critiqueSolution(input, { endpoint: endpoint(), temperature: 0, maxTokens: 512, samples: 1, cache });
    assert.equal(again.cached, false);
    assert.equal(again.result.firstWrongStep, 0);
  });

  test('cache: the same text costs no request, on disk too; an edit below the wrong step keeps the verdict', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'mathcritic-cache-'));
    const cache = new CritiqueCache(folder);
    server.script({ content: json(1) });
    const opts = { endpoint: endpoint(), temperature: 0, maxTokens: 512, samples: 1, cache };
    await critiqueSolution(input, opts);
    await cache.flush();
    const before = server.requests.length;
    const fresh = new CritiqueCache(folder); // a restarted server
    const hit = await critiqueSolution(input, { ...opts, cache: fresh });
    assert.equal(hit.cached, true);
    const below = await critiqueSolution({ ...input, steps: [input.steps[0], '16 × 9 = 144.', 'The answer is 144.'] }, { ...opts, cache: fresh });
    assert.equal(below.cached, true);
    assert.equal(below.result.firstWrongStep, 0);
    assert.equal(server.requests.length, before, 'no request for cached critiques');
    assert.ok(readdirSync(folder).length > 0);
    // Editing the wrong step itself asks again.
    server.script({ content: json(null) });
    const edited = await critiqueSolution({ ...input, steps: ['5 + 3 × 2 = 11 loaves.', ...input.steps.slice(1)] }, { ...opts, cache: fresh });
    assert.equal(edited.cached, false);
  });

  test('an endpoint that is down: a clear, actionable error', async () => {
    const down = new ChatEndpoint({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', timeoutMs: 2_000, maxRetries: 0 });
    await assert.rejects(critiqueSolution(input, { endpoint: down, temperature: 0, maxTokens: 64, samples: 1 }), (e: unknown) => {
      assert.ok(e instanceof EndpointError);
      assert.equal(e.kind, 'unreachable');
      assert.match(e.message, /Could not reach the model at http:\/\/127\.0\.0\.1:9\/v1.*Is the server running/);
      return true;
    });
  });

  test('a model that does not answer in time: a timeout error', async () => {
    server.script({ hang: true });
    await assert.rejects(critiqueSolution(input, { endpoint: endpoint({ timeoutMs: 300, maxRetries: 0 }), temperature: 0, maxTokens: 64, samples: 1 }), (e: unknown) => e instanceof EndpointError && e.kind === 'timeout');
  });

  test('cancellation aborts the request on the wire', async () => {
    server.script({ hang: true });
    const controller = new AbortController();
    const p = critiqueSolution(input, { endpoint: endpoint(), temperature: 0, maxTokens: 64, samples: 1, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await assert.rejects(p, (e: unknown) => e instanceof EndpointError && e.kind === 'aborted');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(server.requests.at(-1)!.aborted, true);
  });

  test('the API key goes in the Authorization header only', async () => {
    server.script({ content: json(null) });
    await critiqueSolution(input, { endpoint: endpoint({ apiKey: 'sk-secret' }), temperature: 0, maxTokens: 64, samples: 1 });
    const req = server.requests.at(-1)!;
    assert.equal(req.headers.authorization, 'Bearer sk-secret');
    assert.doesNotMatch(JSON.stringify(req.body), /sk-secret/);
  });
});
