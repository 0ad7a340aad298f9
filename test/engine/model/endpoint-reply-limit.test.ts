import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenAITestServer } from '../../support/openai-test-server';
import { ChatEndpoint, EndpointError } from '../../../server/src/engine/model';
import OpenAI from 'openai';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { replyLimitBytes, replyLimitOf, withReplyLimit } from '../../../server/src/engine/model/reply-limit';
import { httpTransport } from '../../../server/src/engine/model/http-transport';

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

  test('a gzipped reply is bounded by what it inflates to, not by the Content-Length it declares', HANG_GUARD, async () => {
    server.script({ gzipBody: { inflatedBytes: 4 * 1024 * 1024 } });
    await assert.rejects(ask(endpoint()), (e: unknown) => {
      assert.ok(e instanceof EndpointError, String(e));
      assert.match(e.message, /sent a reply larger than the 1,049,088 bytes/);
      return true;
    });
    server.script({ gzipBody: { inflatedBytes: 1000 } });
    assert.equal((await ask(endpoint())).texts[0], 'x'.repeat(1000));
  });
});

describe('the transport: the limit a request carries, no redirects, dropped connections', () => {
  let server: OpenAITestServer;
  let other: http.Server;
  let otherHits = 0;
  let otherUrl = '';
  before(async () => {
    server = await OpenAITestServer.start();
    other = http.createServer((req, res) => {
      otherHits++;
      if (req.url?.startsWith('/redirect')) {
        res.writeHead(302, { location: `${server.baseUrl}/chat/completions` });
        return res.end();
      }
      // Half a reply, then the connection dropped.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"choices":[');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  after(async () => {
    await server.close();
    await new Promise((resolve) => other.close(resolve));
  });
  const transport = httpTransport();
  const post = (body: string, extra: RequestInit = {}) => transport(`${server.baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, ...extra });

  test('the limit given with the fetch options wins over the one the body implies, declared or counted', async () => {
    const body = JSON.stringify({ model: 'm', messages: [], max_tokens: 100_000 });
    server.script({ floodBody: { contentLength: 64_000 } });
    await assert.rejects((await post(body, withReplyLimit(10))).text(), /larger than 10 bytes \(it declared 64,000 bytes\)/);
    server.script({ floodBody: {} });
    await assert.rejects((await post(body, withReplyLimit(100_000))).text(), /larger than 100,000 bytes$/);
    server.script({ rawBody: { body: 'z'.repeat(64) } });
    assert.equal(await (await post(body, withReplyLimit(64))).text(), 'z'.repeat(64));
  });

  test('without one, the limit is the one the body implies', async () => {
    server.script({ rawBody: { body: 'z'.repeat(2 * 1024 * 1024) } });
    await assert.rejects((await post(JSON.stringify({ max_tokens: 1 }))).text(), /larger than 1,048,608 bytes/);
  });

  test('a redirect is an answer, not followed: nothing goes to a server the user did not name', async () => {
    const before = server.requests.length;
    const response = await transport(`${otherUrl}/redirect`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 302);
    assert.equal(server.requests.length, before, 'the redirect target got no request');
    const ep = new ChatEndpoint({ baseUrl: `${otherUrl}/redirect`, model: 'm', timeoutMs: 5_000, maxRetries: 0 });
    await assert.rejects(ask(ep), (e: unknown) => e instanceof EndpointError && e.kind === 'http' && /answered 302/.test(e.message));
    assert.equal(server.requests.length, before);
  });

  test('a connection dropped mid-reply fails the request as a connection failure (retried), not as a reply', async () => {
    const hits = otherHits;
    const ep = new ChatEndpoint({ baseUrl: `${otherUrl}/v1`, model: 'm', timeoutMs: 5_000, maxRetries: 1 });
    await assert.rejects(ask(ep), (e: unknown) => e instanceof EndpointError && e.kind === 'unreachable' && /closed the connection before its reply ended/.test(e.message));
    assert.equal(otherHits - hits, 2, 'tried again once');
  });

  test('the client library hands the fetch options to fetch as they are (the endpoint relies on it)', async () => {
    let seen: RequestInit | undefined;
    const spy: typeof fetch = async (_input, init) => {
      seen = init;
      return new Response(JSON.stringify({ id: 'a', object: 'chat.completion', created: 0, model: 'm', choices: [] }), { headers: { 'content-type': 'application/json' } });
    };
    const client = new OpenAI({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'k', maxRetries: 0, fetch: spy });
    await client.chat.completions.create({ model: 'm', messages: [] }, { fetchOptions: withReplyLimit(1234) });
    assert.ok(seen);
    assert.equal(replyLimitOf(seen), 1234);
  });
});
