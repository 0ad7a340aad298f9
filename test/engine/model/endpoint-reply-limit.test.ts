import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenAITestServer } from '../../support/openai-test-server';
import { ChatEndpoint, EndpointError } from '../../../server/src/engine/model';
import { replyLimitBytes } from '../../../server/src/engine/model/reply-limit';

// Before the limit, a server streaming an endless 200 body as fast as it was read filled the
// process's memory until the deadline (or for good, with a long timeoutMs): these tests' own
// timeout, or the process running out of memory, is what failed them then.
const HANG_GUARD = { timeout: 10_000 };
const ask = (ep: ChatEndpoint, maxTokens = 16) => ep.complete({ messages: [{ role: 'user', content: 'hi' }], temperature: 0, maxTokens });

describe('a bound on a reply body', () => {
  let server: OpenAITestServer;
  before(async () => (server = await OpenAITestServer.start()));
  after(async () => server.close());
  // A long timeout: the bound, not the deadline, must be what ends these.
  const endpoint = (extra: Partial<ConstructorParameters<typeof ChatEndpoint>[0]> = {}) =>
    new ChatEndpoint({ baseUrl: server.baseUrl, model: 'test-model', timeoutMs: 120_000, maxRetries: 2, ...extra });

  test('the limit leaves room for n texts of max_tokens tokens, and a default for requests that name none', () => {
    assert.equal(replyLimitBytes({ max_tokens: 2048 }), 1024 * 1024 + 2048 * 32);
    assert.equal(replyLimitBytes({ max_tokens: 2048, n: 4 }), 1024 * 1024 + 4 * 2048 * 32);
    assert.equal(replyLimitBytes(undefined), 8 * 1024 * 1024);
    assert.equal(replyLimitBytes({ max_tokens: 'lots' }), 8 * 1024 * 1024);
  });

  test('an endless 200 body sent fast: fails at the limit, naming it, tried once, the connection dropped', HANG_GUARD, async () => {
    const before = server.requests.length;
    server.script({ floodBody: {} });
    await assert.rejects(ask(endpoint()), (e: unknown) => {
      assert.ok(e instanceof EndpointError, String(e));
      assert.equal(e.kind, 'bad-response', e.message);
      assert.match(e.message, /sent a reply larger than the 1,049,088 bytes MathCritic reads for a reply of that many tokens .*not tried again/);
      return true;
    });
    assert.equal(server.requests.length - before, 1, 'not retried');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(server.requests.at(-1)!.aborted, true, 'the client stopped reading and closed the connection');
  });

  test('a declared Content-Length above the limit is refused from the header, without waiting for the body', HANG_GUARD, async () => {
    server.script({ floodBody: { contentLength: 500 * 1024 * 1024 } });
    await assert.rejects(ask(endpoint()), (e: unknown) => {
      assert.ok(e instanceof EndpointError, String(e));
      assert.equal(e.kind, 'bad-response', e.message);
      assert.match(e.message, /declared a reply of 524,288,000 bytes, above the 1,049,088 bytes/);
      return true;
    });
  });

  test('the concurrency slot is freed: the next request gets it and its answer', HANG_GUARD, async () => {
    const ep = endpoint({ concurrency: 1 });
    server.script({ floodBody: {} }, { content: 'second' });
    const first = ask(ep);
    const second = ask(ep);
    await assert.rejects(first, EndpointError);
    assert.deepEqual((await second).texts, ['second']);
  });

  test('an endless error body (503): each attempt bounded, no more attempts than the documented total', HANG_GUARD, async () => {
    const ep = endpoint({ maxRetries: 2 });
    const before = server.requests.length;
    server.script({ floodBody: { status: 503 } }, { floodBody: { status: 503 } }, { floodBody: { status: 503 } }, { floodBody: { status: 503 } });
    try {
      await assert.rejects(ask(ep), (e: unknown) => {
        assert.ok(e instanceof EndpointError, String(e));
        assert.match(e.message, /answered 503: .*larger than 1,049,088 bytes/);
        return true;
      });
    } finally {
      server.clearScript();
    }
    assert.ok(server.requests.length - before <= 3, `at most maxRetries + 1 attempts, not ${server.requests.length - before}`);
  });

  test('a large reply inside the limit is read whole', HANG_GUARD, async () => {
    const text = 'y'.repeat(2 * 1024 * 1024);
    server.script({ content: text });
    assert.equal((await ask(endpoint(), 131_072)).texts[0], text);
  });
});
