import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { OpenAITestServer } from '../../support/openai-test-server';
import { ChatEndpoint, EndpointError, withDeadline, DeadlineExceeded } from '../../../server/src/engine/model';

// Each of these hung forever before the deadline covered the whole request (the openai
// client's own timeout stops at the headers, and its Retry-After wait cannot be cut short):
// the test's own timeout is what fails them then. No test asserts how fast anything is.
const HANG_GUARD = { timeout: 15_000 };
const ask = (ep: ChatEndpoint, signal?: AbortSignal) => ep.complete({ messages: [{ role: 'user', content: 'hi' }], temperature: 0, maxTokens: 16, signal });
const isKind = (kind: string) => (e: unknown) => {
  assert.ok(e instanceof EndpointError, `an EndpointError, not ${String(e)}`);
  assert.equal(e.kind, kind, e.message);
  return true;
};

describe('a timeout that holds: the whole request, body and stream included', () => {
  let server: OpenAITestServer;
  before(async () => (server = await OpenAITestServer.start()));
  after(async () => server.close());
  const endpoint = (extra: Partial<ConstructorParameters<typeof ChatEndpoint>[0]> = {}) =>
    new ChatEndpoint({ baseUrl: server.baseUrl, model: 'test-model', timeoutMs: 1_000, maxRetries: 2, ...extra });

  test('headers sent, then the body trickles: timeout, not retried, the request abandoned on the wire', HANG_GUARD, async () => {
    const before = server.requests.length;
    server.script({ content: 'x'.repeat(200), trickleMs: 100 });
    await assert.rejects(ask(endpoint()), isKind('timeout'));
    assert.equal(server.requests.length - before, 1, 'a timed-out attempt is not tried again');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(server.requests.at(-1)!.aborted, true);
  });

  test('headers sent, then half a body and silence: timeout with an actionable message', HANG_GUARD, async () => {
    server.script({ content: 'never finished', stallBody: true });
    await assert.rejects(ask(endpoint()), (e: unknown) => {
      isKind('timeout')(e);
      assert.match((e as Error).message, /did not finish answering within 1 s .*timeoutMs/);
      return true;
    });
  });

  test('an SSE stream that never ends: timeout', HANG_GUARD, async () => {
    server.script({ endlessStream: true });
    await assert.rejects(ask(endpoint()), isKind('timeout'));
  });

  test('the concurrency slot of a stalled request is freed: the next request gets it', HANG_GUARD, async () => {
    const ep = endpoint({ concurrency: 1 });
    server.script({ stallBody: true, content: 'a' }, { content: 'second' });
    const first = ask(ep);
    const second = ask(ep);
    await assert.rejects(first, isKind('timeout'));
    assert.deepEqual((await second).texts, ['second']);
  });

  test('retries stay inside the total: three attempts on 503, then the server error', HANG_GUARD, async () => {
    const ep = endpoint({ maxRetries: 2 });
    assert.equal(ep.totalTimeoutMs, 3_000, 'timeoutMs × (maxRetries + 1)');
    const before = server.requests.length;
    server.script({ status: 503, retryAfter: 0 }, { status: 503, retryAfter: 0 }, { status: 503, retryAfter: 0 });
    await assert.rejects(ask(ep), (e: unknown) => isKind('http')(e) && (e as EndpointError).status === 503);
    assert.equal(server.requests.length - before, 3);
    assert.equal(server.pending, 0);
  });

  test('a Retry-After beyond the total is not waited for: the call gives up at once and says why', HANG_GUARD, async () => {
    const before = server.requests.length;
    server.script({ status: 429, retryAfter: 3600 });
    await assert.rejects(ask(endpoint()), (e: unknown) => {
      isKind('http')(e);
      assert.match((e as Error).message, /answered 429.*Gave up: waiting 3600 s to retry would pass the 3 s/);
      return true;
    });
    assert.equal(server.requests.length - before, 1);
  });

  test('cancelling during the wait between retries ends the call at once', HANG_GUARD, async () => {
    const before = server.requests.length;
    server.script({ status: 503, retryAfter: 2 });
    const controller = new AbortController();
    const p = ask(endpoint({ timeoutMs: 5_000 }), controller.signal);
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    await assert.rejects(p, isKind('aborted'));
    assert.equal(server.requests.length - before, 1, 'no attempt after the cancellation');
  });

  test('a reply that is not an OpenAI body is a bad response, not a crash', HANG_GUARD, async () => {
    server.script({ rawBody: { body: '{"choices":[null,{"message":null},{"message":{"content":7}}]}' } });
    assert.deepEqual((await ask(endpoint())).texts, ['']);
    server.script({ rawBody: { body: 'null' } });
    await assert.rejects(ask(endpoint()), isKind('bad-response'));
    server.script({ rawBody: { body: 'data: {}\n\n', contentType: 'text/event-stream' } });
    await assert.rejects(ask(endpoint()), isKind('bad-response'));
  });
});

test('withDeadline settles at its deadline even when the attempt ignores its signal', HANG_GUARD, async () => {
  let sawAbort = false;
  const never = (signal: AbortSignal) => {
    signal.addEventListener('abort', () => (sawAbort = true));
    return new Promise<never>(() => {});
  };
  await assert.rejects(withDeadline(never, 100), (e: unknown) => e instanceof DeadlineExceeded && e.ms === 100);
  assert.equal(sawAbort, true, 'the attempt was told to stop');
});
