import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OpenAITestServer, type ScriptedReply } from '../../support/openai-test-server';
import { ChatEndpoint, EndpointError } from '../../../server/src/engine/model';
import { critiqueSolution } from '../../../server/src/engine/critic';

// Random hostile replies (statuses, bodies that are or are not OpenAI-shaped JSON, wrong
// content types, stalls, trickles, endless bodies sent fast, lying Content-Lengths, Retry-After): every call ends, in a Completion of strings or an
// EndpointError, never another exception, never a hang (the test's timeout). Bounded: 60 runs.
let server: OpenAITestServer;
before(async () => (server = await OpenAITestServer.start()));
after(async () => server.close());

const choice = fc.oneof(
  fc.constant(null),
  fc.record({ message: fc.oneof(fc.constant(null), fc.record({ content: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.json()) }, { requiredKeys: [] })) }, { requiredKeys: [] }),
);
const body = fc.oneof(
  fc.json().map((j) => ({ body: j })),
  fc.string().map((s) => ({ body: s })),
  fc.array(choice, { maxLength: 4 }).map((choices) => ({ body: JSON.stringify({ choices }) })),
  fc.string().map((s) => ({ body: `data: ${s}\n\n`, contentType: 'text/event-stream' })),
  fc.json().map((j) => ({ body: j, contentType: 'text/plain' })),
);
const reply: fc.Arbitrary<ScriptedReply> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ status: fc.constantFrom(200, 200, 400, 401, 404, 422, 500), rawBody: body }) },
  { weight: 2, arbitrary: fc.record({ status: fc.constantFrom(429, 500, 503), retryAfter: fc.constantFrom(0, 0.05, 3600), content: fc.string({ maxLength: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ content: fc.string({ maxLength: 40 }), stallBody: fc.constant(true) }) },
  { weight: 1, arbitrary: fc.record({ content: fc.string({ maxLength: 40 }), trickleMs: fc.constantFrom(5, 50) }) },
  // Endless bodies sent as fast as they are read (the reply limit ends them), or a declared length no body reaches.
  { weight: 1, arbitrary: fc.record({ floodBody: fc.record({ status: fc.constantFrom(200, 500, 503) }) }) },
  { weight: 1, arbitrary: fc.record({ floodBody: fc.record({ contentLength: fc.constantFrom(10, 64 * 1024 * 1024) }) }) },
  { weight: 1, arbitrary: fc.constant<ScriptedReply>({ endlessStream: true }) },
  { weight: 1, arbitrary: fc.constant<ScriptedReply>({ dropConnection: true }) },
  { weight: 1, arbitrary: fc.constant<ScriptedReply>({ hang: true }) },
);

test('endpoint replies: any status, body or stall ends in a Completion or an EndpointError', { timeout: 120_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(reply, { minLength: 1, maxLength: 3 }), fc.boolean(), async (replies, viaCritic) => {
      server.clearScript();
      server.setResponder((_req, i) => replies[i % replies.length]);
      const endpoint = new ChatEndpoint({ baseUrl: server.baseUrl, model: 'm', timeoutMs: 300, maxRetries: 1, concurrency: 2 });
      try {
        if (viaCritic) {
          const { result } = await critiqueSolution({ problem: 'P', steps: ['1 + 1 = 2'] }, { endpoint, temperature: 0, maxTokens: 16, samples: 2 });
          assert.ok(result.readable + result.unreadable.length <= result.samples);
        } else {
          const c = await endpoint.complete({ messages: [{ role: 'user', content: 'x' }], temperature: 0, maxTokens: 16 });
          assert.ok(Array.isArray(c.texts) && c.texts.every((t) => typeof t === 'string'));
        }
      } catch (err) {
        assert.ok(err instanceof EndpointError, `not an EndpointError: ${String(err)}`);
        assert.ok(['unreachable', 'timeout', 'http', 'bad-response'].includes(err.kind), err.kind);
      }
    }),
    { numRuns: 60 },
  );
});
