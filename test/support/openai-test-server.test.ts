import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { OpenAITestServer } from './openai-test-server';

function client(server: OpenAITestServer, extra: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}): OpenAI {
  return new OpenAI({ baseURL: server.baseUrl, apiKey: 'test', maxRetries: 0, ...extra });
}

async function withServer(fn: (server: OpenAITestServer) => Promise<void>): Promise<void> {
  const server = await OpenAITestServer.start();
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

test('plain completion returns the scripted content and records the request', () =>
  withServer(async (server) => {
    server.script({ content: 'The step is correct.' });
    const res = await client(server).chat.completions.create({
      model: 'critic-7b',
      messages: [{ role: 'user', content: 'check 2 + 2 = 4' }],
      temperature: 0,
    });
    assert.equal(res.object, 'chat.completion');
    assert.match(res.id, /^chatcmpl-/);
    assert.equal(res.model, 'critic-7b');
    assert.equal(res.choices.length, 1);
    assert.equal(res.choices[0].message.role, 'assistant');
    assert.equal(res.choices[0].message.content, 'The step is correct.');
    assert.equal(res.choices[0].finish_reason, 'stop');
    assert.ok(res.usage);
    assert.equal(res.usage.total_tokens, res.usage.prompt_tokens + res.usage.completion_tokens);
    assert.equal(res.usage.completion_tokens, 4);

    assert.equal(server.requests.length, 1);
    const rec = server.requests[0];
    assert.equal(rec.method, 'POST');
    assert.equal(rec.path, '/v1/chat/completions');
    assert.equal(rec.headers.authorization, 'Bearer test');
    assert.equal(rec.body.model, 'critic-7b');
    assert.equal(rec.body.temperature, 0);
    assert.deepEqual(rec.body.messages, [{ role: 'user', content: 'check 2 + 2 = 4' }]);
    assert.equal(rec.aborted, false);
  }));

test('n=3 with a single reply yields three identical choices; an array gives one choice each', () =>
  withServer(async (server) => {
    server.script({ content: 'same' }, [{ content: 'a' }, { content: 'b', finishReason: 'length' }]);
    const openai = client(server);
    const res = await openai.chat.completions.create({
      model: 'm',
      n: 3,
      messages: [{ role: 'user', content: 'x' }],
    });
    assert.deepEqual(
      res.choices.map((c) => [c.index, c.message.content]),
      [[0, 'same'], [1, 'same'], [2, 'same']],
    );
    const res2 = await openai.chat.completions.create({
      model: 'm',
      n: 2,
      messages: [{ role: 'user', content: 'x' }],
    });
    assert.deepEqual(
      res2.choices.map((c) => [c.index, c.message.content, c.finish_reason]),
      [[0, 'a', 'stop'], [1, 'b', 'length']],
    );
    assert.equal(server.requests[0].body.n, 3);
  }));

test('streaming answers as SSE chunks that join back to the content', () =>
  withServer(async (server) => {
    const content = 'Step 3 is wrong: 7 * 8 = 56, not 54.';
    server.script({ content, finishReason: 'stop' });
    const stream = await client(server).chat.completions.create({
      model: 'm',
      stream: true,
      messages: [{ role: 'user', content: 'x' }],
    });
    const pieces: string[] = [];
    const finishReasons: Array<string | null> = [];
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      assert.equal(chunk.object, 'chat.completion.chunk');
      assert.equal(chunk.model, 'm');
      const choice = chunk.choices[0];
      if (choice.delta.content) pieces.push(choice.delta.content);
      finishReasons.push(choice.finish_reason);
    }
    assert.equal(pieces.join(''), content);
    assert.ok(pieces.length > 1, 'content should arrive in several pieces');
    assert.equal(chunks, pieces.length + 1);
    assert.equal(finishReasons.at(-1), 'stop');
    assert.ok(finishReasons.slice(0, -1).every((r) => r === null));
    assert.equal(server.requests[0].body.stream, true);
  }));

test('streaming with n=2 interleaves per-choice deltas by index', () =>
  withServer(async (server) => {
    server.script([{ content: 'first answer' }, { content: 'second answer' }]);
    const stream = await client(server).chat.completions.create({
      model: 'm',
      n: 2,
      stream: true,
      messages: [{ role: 'user', content: 'x' }],
    });
    const byIndex: string[] = ['', ''];
    for await (const chunk of stream) {
      for (const c of chunk.choices) byIndex[c.index] += c.delta.content ?? '';
    }
    assert.deepEqual(byIndex, ['first answer', 'second answer']);
  }));

test('429 with Retry-After surfaces as OpenAI.APIError with status 429', () =>
  withServer(async (server) => {
    server.script({ status: 429, retryAfter: 7, content: 'slow down' });
    await assert.rejects(
      client(server).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) => {
        assert.ok(err instanceof OpenAI.APIError);
        assert.ok(err instanceof OpenAI.RateLimitError);
        assert.equal(err.status, 429);
        assert.equal(err.headers?.get('retry-after'), '7');
        assert.match(err.message, /slow down/);
        return true;
      },
    );
    assert.equal(server.requests.length, 1, 'maxRetries 0 means exactly one request');
  }));

test('500 and 400 statuses map to the matching client errors', () =>
  withServer(async (server) => {
    server.script({ status: 500 }, { status: 400, content: 'bad prompt' });
    const openai = client(server);
    await assert.rejects(
      openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) => err instanceof OpenAI.InternalServerError && err.status === 500,
    );
    await assert.rejects(
      openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) => err instanceof OpenAI.BadRequestError && /bad prompt/.test(err.message),
    );
  }));

test('the client retries a 429 and then succeeds when retries are allowed', () =>
  withServer(async (server) => {
    server.script({ status: 429, retryAfter: 0 }, { content: 'ok after retry' });
    const res = await client(server, { maxRetries: 1 }).chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
    });
    assert.equal(res.choices[0].message.content, 'ok after retry');
    assert.equal(server.requests.length, 2);
  }));

test('a garbage (non-JSON) 200 body makes the client throw', () =>
  withServer(async (server) => {
    server.script({ garbage: '<html>not json' });
    await assert.rejects(
      client(server).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    );
    assert.equal(server.requests.length, 1);
  }));

test('dropConnection makes the client fail with a connection error', () =>
  withServer(async (server) => {
    server.script({ dropConnection: true });
    await assert.rejects(
      client(server).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) => err instanceof OpenAI.APIConnectionError,
    );
  }));

test('models list', async () => {
  const server = await OpenAITestServer.start({ models: ['critic-7b', 'critic-70b'] });
  try {
    const page = await client(server).models.list();
    assert.deepEqual(
      page.data.map((m) => [m.id, m.object, m.owned_by]),
      [
        ['critic-7b', 'model', 'test'],
        ['critic-70b', 'model', 'test'],
      ],
    );
    assert.equal(typeof page.data[0].created, 'number');
    assert.equal(server.requests[0].method, 'GET');
    assert.equal(server.requests[0].path, '/v1/models');
  } finally {
    await server.close();
  }
});

test('unscripted request without a responder gives a 500 naming the missing script', () =>
  withServer(async (server) => {
    await assert.rejects(
      client(server).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      (err: unknown) =>
        err instanceof OpenAI.APIError && err.status === 500 && /no scripted reply/.test(err.message),
    );
  }));

test('responder is used when the queue is empty; the queue wins when non-empty', async () => {
  const server = await OpenAITestServer.start({
    responder: (req, index) => ({ content: `dyn ${index} ${req.body.messages[0].content}` }),
  });
  try {
    const openai = client(server);
    const ask = async (text: string) =>
      (await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: text }] }))
        .choices[0].message.content;
    assert.equal(await ask('a'), 'dyn 0 a');
    server.script({ content: 'queued' });
    assert.equal(await ask('b'), 'queued');
    server.setResponder(async () => ({ content: 'async responder' }));
    assert.equal(await ask('c'), 'async responder');
  } finally {
    await server.close();
  }
});

test('unknown paths return a 404 JSON error', () =>
  withServer(async (server) => {
    const res = await fetch(`${server.baseUrl}/nope`);
    assert.equal(res.status, 404);
    const body = (await res.json()) as { error: { message: string } };
    assert.match(body.error.message, /unknown path/);
  }));

test('delayMs delays the reply and a client timeout fires first', () =>
  withServer(async (server) => {
    server.script({ content: 'late', delayMs: 500 });
    const started = Date.now();
    await assert.rejects(
      client(server, { timeout: 100 }).chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
      }),
      (err: unknown) => err instanceof OpenAI.APIConnectionTimeoutError,
    );
    assert.ok(Date.now() - started < 450);
    server.script({ content: 'on time', delayMs: 50 });
    const res = await client(server).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(res.choices[0].message.content, 'on time');
  }));

test('an aborted request (hang reply + AbortController) is recorded as aborted', () =>
  withServer(async (server) => {
    server.script({ hang: true });
    const controller = new AbortController();
    const pending = client(server).chat.completions.create(
      { model: 'm', messages: [{ role: 'user', content: 'x' }] },
      { signal: controller.signal },
    );
    // Wait until the server has the request, then abort.
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    assert.equal(server.requests[0].aborted, false);
    controller.abort();
    await assert.rejects(pending, (err: unknown) => err instanceof OpenAI.APIUserAbortError);
    const deadline = Date.now() + 2000;
    while (!server.requests[0].aborted && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    assert.equal(server.requests[0].aborted, true);
  }));

test('a completed request is not marked aborted', () =>
  withServer(async (server) => {
    server.script({ content: 'fine' });
    await client(server).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(server.requests[0].aborted, false);
  }));

test('close() ends promptly while a hung request is still open', async () => {
  const server = await OpenAITestServer.start();
  server.script({ hang: true });
  const pending = client(server).chat.completions.create({
    model: 'm',
    messages: [{ role: 'user', content: 'x' }],
  });
  const outcome = pending.then(
    () => 'resolved',
    (err: unknown) => err,
  );
  while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
  const started = Date.now();
  await server.close();
  assert.ok(Date.now() - started < 1000, 'close() must not wait for the hung request');
  const result = await outcome;
  assert.ok(result instanceof OpenAI.APIConnectionError, `expected a connection error, got ${String(result)}`);
  // Closing twice is harmless.
  await server.close();
});
