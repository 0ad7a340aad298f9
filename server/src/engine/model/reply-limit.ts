/**
 * A bound on how much of a reply MathCritic reads. The deadline (deadline.ts) stops a server
 * that is slow; it does not stop one that streams an endless 200 body fast enough never to
 * stall, which fills memory until the deadline, or past it if the server is fast enough. Every
 * body the endpoint reads, answers and error bodies alike, is read by its transport
 * (http-transport.ts) within this bound, so it holds for whatever the client library reads.
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
 * The fetch option that carries a request's limit from the endpoint, which knows it, to
 * the transport: reading it back from the request body would parse every prompt a second time,
 * on the path every request takes. The client library passes fetch options through as they are.
 */
const REPLY_LIMIT = Symbol('mathcritic.replyLimitBytes');

/** Fetch options that give the transport the limit of the request they go with. */
export function withReplyLimit(limitBytes: number): Omit<RequestInit, 'method' | 'body' | 'headers' | 'signal'> {
  return { [REPLY_LIMIT]: limitBytes } as Omit<RequestInit, 'method' | 'body' | 'headers' | 'signal'>;
}

/** The limit of the request `init` goes with: the one `withReplyLimit` gave, else read from its body. */
export function replyLimitOf(init: RequestInit | undefined): number {
  const given = (init as { [REPLY_LIMIT]?: unknown } | undefined)?.[REPLY_LIMIT];
  return typeof given === 'number' ? given : replyLimitBytes(requestJson(init?.body));
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
