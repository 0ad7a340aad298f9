/**
 * A test double for an OpenAI-compatible model endpoint (the protocol vLLM,
 * SGLang and Ollama serve). It speaks real HTTP on 127.0.0.1 using only
 * `node:http`, so the real `openai` client works against it unchanged.
 *
 * Replies are scripted (a FIFO queue, one entry per chat or pooling request) or
 * produced by a responder function; the queue wins when non-empty. `POST /pooling`
 * (root, not `/v1`) answers as vLLM's pooling API does:
 * `{object: 'list', data: [{index: 0, object: 'pooling', data: …}], usage}`.
 */
import * as http from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo, Socket } from 'node:net';

export interface ScriptedReply {
  /** Assistant message content (default ''). */
  content?: string;
  /** HTTP error status to return instead (e.g. 429, 500, 400). */
  status?: number;
  /** Seconds, sent as a Retry-After header with an error status. */
  retryAfter?: number;
  /** Wait this long before answering (timeouts / cancellation tests). */
  delayMs?: number;
  /** Never answer: the client must time out or abort. */
  hang?: boolean;
  /** Destroy the socket without a response. */
  dropConnection?: boolean;
  /** Raw non-JSON body sent with status 200. */
  garbage?: string;
  /** Default 'stop'. */
  finishReason?: string;
  /** `message.reasoning_content`, as vLLM's reasoning parsers hand the reasoning back apart from the answer. */
  reasoningContent?: string;
  /**
   * For `POST /pooling` (vLLM's pooling API, at the server root): the pooled output of the input,
   * sent as `data[0].data` (for a PRM, one `[p_wrong, p_right]` pair per step tag).
   */
  pooled?: unknown;
  /** Send the headers, then the body one byte every this many ms (a server that trickles). */
  trickleMs?: number;
  /** Send the headers and half the body, then nothing more (a server that stalls mid-body). */
  stallBody?: boolean;
  /** Open an SSE stream and never end it: a keep-alive comment every 50 ms. */
  endlessStream?: boolean;
  /** With an error status: put the request's headers in the error message, as some servers do. */
  echoHeaders?: boolean;
  /** Send this exact body with the status (default 200) and content type (default JSON). */
  rawBody?: { body: string; contentType?: string };
  /**
   * Send the headers (status default 200, JSON), then a body that never ends, as fast as the
   * client reads it (it never stalls, so no timeout ends it). With `contentLength`: that length
   * is declared and the body stops after its first bytes (a client must refuse from the header).
   */
  floodBody?: { status?: number; contentLength?: number };
  /**
   * A reply gzipped, its Content-Length the compressed size: a choice whose content is this many
   * `x`s, a few kilobytes on the wire however large it inflates.
   */
  gzipBody?: { inflatedBytes: number };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** True when the client closed the connection before the reply was finished. */
  aborted: boolean;
}

export type ReplySpec = ScriptedReply | ScriptedReply[];

export type Responder = (request: RecordedRequest, index: number) => ReplySpec | Promise<ReplySpec>;

export interface OpenAITestServerOptions {
  responder?: Responder;
  models?: string[];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rough token count: whitespace-separated words (enough for usage fields). */
function countTokens(text: string): number {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return words.length;
}

function promptText(body: unknown): string {
  const messages = (body as { messages?: unknown })?.messages;
  if (!Array.isArray(messages)) return '';
  return messages
    .map((m) => {
      const content = (m as { content?: unknown })?.content;
      if (typeof content === 'string') return content;
      if (Array.isArray(content)) {
        return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join(' ');
      }
      return '';
    })
    .join('\n');
}

/** Split a string into up to `pieces` non-empty chunks (at least one chunk). */
function splitPieces(text: string, pieces = 3): string[] {
  if (text.length === 0) return [''];
  const size = Math.max(1, Math.ceil(text.length / pieces));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function errorType(status: number): string {
  if (status === 400) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'api_error';
}

let idCounter = 0;

export class OpenAITestServer {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[] = [];

  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly queue: ReplySpec[] = [];
  private responder: Responder | undefined;
  private readonly models: string[];
  private chatIndex = 0;
  private closed = false;

  private constructor(server: http.Server, baseUrl: string, options: OpenAITestServerOptions) {
    this.server = server;
    this.baseUrl = baseUrl;
    this.responder = options.responder;
    this.models = options.models ?? ['test-model'];
  }

  static async start(options: OpenAITestServerOptions = {}): Promise<OpenAITestServer> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const instance = new OpenAITestServer(server, `http://127.0.0.1:${port}/v1`, options);
    server.on('connection', (socket) => {
      instance.sockets.add(socket);
      socket.once('close', () => instance.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      instance.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          instance.sendError(res, 500, `test server error: ${String(err)}`);
        } else {
          res.destroy();
        }
      });
    });
    return instance;
  }

  /** Queue replies consumed in order, one per chat request. An array = the n choices of one request. */
  script(...replies: ReplySpec[]): void {
    this.queue.push(...replies);
  }

  /** Dynamic alternative to script(); the queue wins when non-empty. */
  setResponder(responder: Responder): void {
    this.responder = responder;
  }

  /** Drops the scripted replies not consumed (a test that scripted more than it used). */
  clearScript(): void {
    this.queue.length = 0;
  }

  /** Number of scripted replies not yet consumed. */
  get pending(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.server.closeAllConnections?.();
    await closing;
  }

  // ---------------------------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let path = url.pathname.replace(/\/+$/, '');
    if (path === '') path = '/';

    let body: unknown = undefined;
    let badJson = false;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        badJson = true;
        body = rawBody;
      }
    }

    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: { ...req.headers },
      body,
      aborted: false,
    };
    this.requests.push(record);

    // Track client aborts: the response closing before it finished means the
    // client went away (AbortController, timeout, socket destroyed).
    res.once('close', () => {
      if (!res.writableFinished) record.aborted = true;
    });

    const method = record.method.toUpperCase();
    if (method === 'GET' && (path === '/v1/models' || path === '/models')) {
      this.sendJson(res, 200, {
        object: 'list',
        data: this.models.map((id) => ({
          id,
          object: 'model',
          created: 1_700_000_000,
          owned_by: 'test',
        })),
      });
      return;
    }

    if (method === 'POST' && (path === '/v1/chat/completions' || path === '/chat/completions')) {
      if (badJson) {
        this.sendError(res, 400, 'request body is not valid JSON');
        return;
      }
      await this.handleChat(record, res);
      return;
    }

    // vLLM serves its pooling API at the root, beside /v1 (not under it).
    if (method === 'POST' && path === '/pooling') {
      if (badJson) {
        this.sendError(res, 400, 'request body is not valid JSON');
        return;
      }
      await this.handlePooling(record, res);
      return;
    }

    this.sendError(res, 404, `unknown path: ${method} ${path}`, 'not_found');
  }

  private async handlePooling(record: RecordedRequest, res: http.ServerResponse): Promise<void> {
    const body = (record.body ?? {}) as { model?: unknown; messages?: unknown; input?: unknown };
    if (body.messages === undefined && body.input === undefined) {
      this.sendError(res, 400, 'a pooling request needs "messages" or "input"');
      return;
    }
    const spec = await this.nextReply(record);
    if (spec === undefined) {
      this.sendError(
        res,
        500,
        'OpenAITestServer had no scripted reply for this pooling request (script() or setResponder() first)',
      );
      return;
    }
    const head: ScriptedReply = (Array.isArray(spec) ? spec[0] : spec) ?? {};
    if (await this.controlled(head, record, res)) return;
    if (head.pooled === undefined) {
      this.sendError(
        res,
        500,
        'OpenAITestServer: the scripted reply for a pooling request has no "pooled" data',
      );
      return;
    }
    const promptTokens = countTokens(
      typeof body.input === 'string' ? body.input : promptText(body),
    );
    this.sendJson(res, 200, {
      id: `pool-test${++idCounter}`,
      object: 'list',
      created: Math.floor(Date.now() / 1000),
      model: typeof body.model === 'string' ? body.model : (this.models[0] ?? 'test-model'),
      data: [{ index: 0, object: 'pooling', data: head.pooled }],
      usage: {
        prompt_tokens: promptTokens,
        total_tokens: promptTokens,
        completion_tokens: 0,
        prompt_tokens_details: null,
      },
    });
  }

  /** The faults and delays a reply's first entry asks for; true when the reply was sent (or withheld) here. */
  private async controlled(
    head: ScriptedReply,
    record: RecordedRequest,
    res: http.ServerResponse,
  ): Promise<boolean> {
    if (head.delayMs && head.delayMs > 0) {
      await sleep(head.delayMs);
      if (res.destroyed) return true;
    }
    if (head.hang) return true; // never answer; close() destroys the socket
    if (head.dropConnection) {
      res.socket?.destroy();
      return true;
    }
    if (head.endlessStream) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': open\n\n');
      const timer = setInterval(() => res.write(': keep-alive\n\n'), 50);
      res.once('close', () => clearInterval(timer));
      return true;
    }
    if (head.floodBody) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (head.floodBody.contentLength !== undefined) headers['content-length'] = String(head.floodBody.contentLength);
      res.writeHead(head.floodBody.status ?? 200, headers);
      res.write('{"choices":[{"index":0,"message":{"role":"assistant","content":"');
      // A declared length is never reached: a client that believes it waits, one that checks it refuses at once.
      if (head.floodBody.contentLength !== undefined) return true;
      const chunk = 'x'.repeat(64 * 1024);
      const flood = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', flood);
      };
      flood();
      return true;
    }
    if (head.gzipBody) {
      const json = JSON.stringify({ id: 'gz', object: 'chat.completion', created: 0, model: 'test-model', choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(head.gzipBody.inflatedBytes) }, finish_reason: 'stop' }] });
      const zipped = gzipSync(json);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(zipped.length) });
      res.end(zipped);
      return true;
    }
    if (head.rawBody !== undefined) {
      res.writeHead(head.status ?? 200, {
        'content-type': head.rawBody.contentType ?? 'application/json',
      });
      res.end(head.rawBody.body);
      return true;
    }
    if (head.status !== undefined && head.status >= 400) {
      const headers: Record<string, string> = {};
      if (head.retryAfter !== undefined) headers['retry-after'] = String(head.retryAfter);
      const echoed = head.echoHeaders
        ? ` (request headers: ${JSON.stringify(record.headers)})`
        : '';
      this.sendError(
        res,
        head.status,
        (head.content || `scripted error ${head.status}`) + echoed,
        undefined,
        headers,
      );
      return true;
    }
    if (head.garbage !== undefined) {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(head.garbage),
      });
      res.end(head.garbage);
      return true;
    }
    return false;
  }

  private async nextReply(record: RecordedRequest): Promise<ReplySpec | undefined> {
    const index = this.chatIndex++;
    if (this.queue.length > 0) return this.queue.shift();
    if (this.responder) return await this.responder(record, index);
    return undefined;
  }

  private async handleChat(record: RecordedRequest, res: http.ServerResponse): Promise<void> {
    const spec = await this.nextReply(record);
    if (spec === undefined) {
      this.sendError(
        res,
        500,
        'OpenAITestServer had no scripted reply for this request (script() or setResponder() first)',
      );
      return;
    }

    const replies = Array.isArray(spec) ? spec : [spec];
    // Control fields (status, delay, hang, ...) come from the first reply.
    const head: ScriptedReply = replies[0] ?? {};

    if (await this.controlled(head, record, res)) return;

    const body = (record.body ?? {}) as { model?: unknown; n?: unknown; stream?: unknown };
    const n = typeof body.n === 'number' && body.n > 1 ? Math.floor(body.n) : 1;
    const choices: ScriptedReply[] = Array.isArray(spec)
      ? spec
      : Array.from({ length: n }, () => spec);
    const model = typeof body.model === 'string' ? body.model : (this.models[0] ?? 'test-model');
    const id = `chatcmpl-test${++idCounter}`;
    const created = Math.floor(Date.now() / 1000);

    if (body.stream === true) {
      this.sendStream(res, id, created, model, choices);
      return;
    }

    const promptTokens = countTokens(promptText(record.body));
    const completionTokens = choices.reduce((sum, c) => sum + countTokens(c.content ?? ''), 0);
    const send =
      head.trickleMs !== undefined || head.stallBody
        ? (r: http.ServerResponse, status: number, payload: unknown) =>
            this.sendSlowly(r, status, payload, head)
        : this.sendJson.bind(this);
    send(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: choices.map((c, index) => ({
        index,
        message: {
          role: 'assistant',
          content: c.content ?? '',
          ...(c.reasoningContent !== undefined ? { reasoning_content: c.reasoningContent } : {}),
        },
        finish_reason: c.finishReason ?? 'stop',
        logprobs: null,
      })),
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    });
  }

  private sendStream(
    res: http.ServerResponse,
    id: string,
    created: number,
    model: string,
    choices: ScriptedReply[],
  ): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const send = (payload: unknown) => {
      res.write(`data: ${JSON.stringify(payload)}\n\n`);
    };
    const chunk = (index: number, delta: Record<string, unknown>, finishReason: string | null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index, delta, finish_reason: finishReason, logprobs: null }],
    });
    choices.forEach((c, index) => {
      if (c.reasoningContent !== undefined)
        send(chunk(index, { role: 'assistant', reasoning_content: c.reasoningContent }, null));
      splitPieces(c.content ?? '').forEach((piece, i) => {
        const delta: Record<string, unknown> = { content: piece };
        if (i === 0) delta.role = 'assistant';
        send(chunk(index, delta, null));
      });
    });
    choices.forEach((c, index) => {
      send(chunk(index, {}, c.finishReason ?? 'stop'));
    });
    res.end('data: [DONE]\n\n');
  }

  /** A JSON reply whose body trickles (one byte per `trickleMs`) or stops halfway for good. */
  private sendSlowly(
    res: http.ServerResponse,
    status: number,
    payload: unknown,
    how: ScriptedReply,
  ): void {
    const text = Buffer.from(JSON.stringify(payload));
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': text.length });
    if (how.stallBody) {
      res.write(text.subarray(0, Math.floor(text.length / 2)));
      return;
    }
    let at = 0;
    const timer = setInterval(() => {
      if (at >= text.length) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(text.subarray(at, ++at));
    }, how.trickleMs);
    res.once('close', () => clearInterval(timer));
  }

  private sendJson(
    res: http.ServerResponse,
    status: number,
    payload: unknown,
    extraHeaders: Record<string, string> = {},
  ): void {
    if (res.destroyed) return;
    const text = JSON.stringify(payload);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...extraHeaders,
    });
    res.end(text);
  }

  private sendError(
    res: http.ServerResponse,
    status: number,
    message: string,
    code?: string,
    extraHeaders: Record<string, string> = {},
  ): void {
    this.sendJson(
      res,
      status,
      { error: { message, type: errorType(status), code: code ?? String(status), param: null } },
      extraHeaders,
    );
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
