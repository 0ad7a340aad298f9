/**
 * A bound on how much of a reply MathCritic reads. The deadline (deadline.ts) stops a server
 * that is slow; it does not stop one that streams an endless 200 body fast enough never to
 * stall, which fills memory until the deadline, or past it if the server is fast enough. Every
 * body the endpoint reads, answers and error bodies alike, passes through `limitReplies`, so the
 * bound holds for whatever the client library reads.
 */

/** Room a reply needs besides its texts: JSON structure, ids, usage, a server's extra fields. */
const OVERHEAD_BYTES = 1024 * 1024;
/** Bytes one token can take in the JSON body: a few characters, each at most a `\uXXXX` escape. */
const BYTES_PER_TOKEN = 32;
/** For a request that names no `max_tokens` (e.g. GET /models). */
const DEFAULT_LIMIT_BYTES = 8 * 1024 * 1024;

/** How large the reply to a request may be: room for `n` texts of `max_tokens` tokens each. */
export function replyLimitBytes(request: { n?: unknown; max_tokens?: unknown } | undefined): number {
  const maxTokens = request?.max_tokens;
  if (typeof maxTokens !== 'number' || !Number.isFinite(maxTokens) || maxTokens <= 0) return DEFAULT_LIMIT_BYTES;
  const n = typeof request?.n === 'number' && Number.isFinite(request.n) && request.n >= 1 ? request.n : 1;
  return OVERHEAD_BYTES + Math.ceil(n) * Math.ceil(maxTokens) * BYTES_PER_TOKEN;
}

/** A reply that went past its limit: it was cut off there. */
export class ReplyTooLarge extends Error {
  constructor(
    readonly limitBytes: number,
    /** The length the server declared (Content-Length), when that is what was refused. */
    readonly declaredBytes?: number,
  ) {
    super(`the reply is larger than ${sizeText(limitBytes)}${declaredBytes !== undefined ? ` (it declared ${sizeText(declaredBytes)})` : ''}`);
    this.name = 'ReplyTooLarge';
  }

  /** The sentence a person reads, `where` naming the endpoint. */
  describe(where: string): string {
    const declared = this.declaredBytes !== undefined ? `declared a reply of ${sizeText(this.declaredBytes)}, above` : 'sent a reply larger than';
    return `The model at ${where} ${declared} the ${sizeText(this.limitBytes)} MathCritic reads for a reply of that many tokens (max tokens × samples); it was cut off there and not tried again. Is it an OpenAI-compatible /v1 endpoint that honours max_tokens?`;
  }
}

const sizeText = (bytes: number) => `${bytes.toLocaleString('en-US')} bytes`;

/**
 * `inner` (the global fetch by default) with every reply body bounded by `replyLimitBytes` of
 * the request it answers: a declared Content-Length above it fails at once, a body that grows
 * past it fails when it does, and the connection is released either way. The failure reaches the
 * reader of the body as ReplyTooLarge.
 */
export function limitReplies(inner: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const limit = replyLimitBytes(requestJson(init?.body));
    const response = await inner(input, init);
    if (!response.body) return response;
    const declared = Number.parseInt(response.headers.get('content-length') ?? '', 10);
    const upstream = response.body.getReader();
    let seen = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (Number.isFinite(declared) && declared > limit) {
          controller.error(new ReplyTooLarge(limit, declared));
          void upstream.cancel().catch(() => undefined);
        }
      },
      async pull(controller) {
        const { done, value } = await upstream.read();
        if (done) return controller.close();
        seen += value.byteLength;
        if (seen > limit) {
          const err = new ReplyTooLarge(limit);
          controller.error(err);
          await upstream.cancel(err).catch(() => undefined);
          return;
        }
        controller.enqueue(value);
      },
      cancel(reason) {
        return upstream.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** The request's JSON body, when it is one (the client library sends a string). */
function requestJson(body: unknown): { n?: unknown; max_tokens?: unknown } | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as { n?: unknown; max_tokens?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
