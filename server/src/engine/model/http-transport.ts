/**
 * The fetch the endpoint gives the `openai` client: node:http / node:https with keep-alive
 * agents, each reply read whole, up to its limit (reply-limit.ts), before it is handed over.
 *
 * Why not the global fetch: on undici's fetch, the web streams it reads and writes each body
 * through cost about three times the CPU of node:http per request (`bench/critic.ts` prints both),
 * and at a batch's concurrency that CPU is what holds replies waiting. The replies a model
 * server sends are JSON bodies the client reads whole anyway; an SSE stream (never asked for
 * today) would wait here for its end, which the deadline bounds.
 *
 * What it does not do, on purpose: follow redirects (a 3xx comes back as the answer, so nothing
 * is sent to a server the user did not name), or ask for compression. A compressed reply is
 * still inflated, and its limit counts the inflated bytes.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { replyLimitOf, ReplyTooLarge } from './reply-limit';

type ResponseBody = ConstructorParameters<typeof Response>[0];

/** Statuses whose response has no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

export function httpTransport(): typeof fetch {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
    'https:': new https.Agent({ keepAlive: true, scheduling: 'lifo' }),
  };
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`only http and https URLs are fetched, not ${url.protocol}`);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw abortError(signal);
    const body = requestBody(init?.body);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    const limit = replyLimitOf(init);
    const library = url.protocol === 'https:' ? https : http;

    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const req = library.request(url, { method: init?.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'] });
      const onAbort = () => {
        req.destroy();
        finish(() => reject(abortError(signal!)));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err) => finish(() => reject(err)));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 599) {
          req.destroy();
          return finish(() => reject(new Error(`the server answered with HTTP status ${status}, which is not a final status`)));
        }
        // A connection dropped before the reply's end fails the request, as a dropped connection
        // does (and is tried again): it is not a reply.
        const dropped = () => {
          req.destroy();
          finish(() => reject(new Error('the server closed the connection before its reply ended')));
        };
        res.on('error', dropped);
        res.on('close', () => res.complete || dropped());
        const answer = (content: ReadableStream<Uint8Array> | Uint8Array | null) => finish(() => resolve(responseOf(res, content)));
        // After the headers, a failure is the body's, as with fetch: the reader of the body gets it.
        const failBody = (err: unknown) => {
          req.destroy();
          answer(failing(err));
        };
        const declared = Number.parseInt(res.headers['content-length'] ?? '', 10);
        const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
        if (encoding === 'identity' && Number.isFinite(declared) && declared > limit) return failBody(new ReplyTooLarge(limit, declared));
        let source: Readable;
        try {
          source = decoded(res, encoding);
        } catch (err) {
          return failBody(err);
        }
        const chunks: Buffer[] = [];
        let seen = 0;
        source.on('data', (chunk: Buffer) => {
          seen += chunk.byteLength;
          if (seen > limit) {
            source.destroy();
            return failBody(new ReplyTooLarge(limit));
          }
          chunks.push(chunk);
        });
        if (source !== res) source.on('error', failBody);
        source.on('end', () => answer(NULL_BODY.has(status) ? null : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
      });
      req.end(body);
    });
  };
}

function requestBody(body: RequestInit['body']): Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError('request bodies are strings or bytes here');
}

function decoded(res: http.IncomingMessage, encoding: string): Readable {
  // As lenient as fetch at a body's end: a server that ends its stream without a final flush still counts.
  const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (encoding) {
    case 'identity':
      return res;
    case 'gzip':
    case 'x-gzip':
      return res.pipe(zlib.createGunzip(lenient));
    case 'deflate':
      return res.pipe(zlib.createInflate(lenient));
    case 'br':
      return res.pipe(zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH }));
    default:
      throw new Error(`the reply is encoded as "${encoding}", which MathCritic does not read`);
  }
}

function responseOf(res: http.IncomingMessage, content: ReadableStream<Uint8Array> | Uint8Array | null): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    try {
      headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
    } catch {
      // A header fetch could not hold either: left out, as it would be.
    }
  }
  const status = res.statusCode ?? 0;
  try {
    return new Response(content as ResponseBody, { status, statusText: res.statusMessage ?? '', headers });
  } catch {
    // A reason phrase fetch would not hold (characters outside a header value's) is dropped.
    return new Response(content as ResponseBody, { status, headers });
  }
}

/** A body whose first read fails with `err`. */
function failing(err: unknown): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (controller) => controller.error(err) });
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException('This operation was aborted', 'AbortError');
}
