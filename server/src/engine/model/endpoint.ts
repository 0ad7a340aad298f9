import type OpenAI from 'openai';
import type * as OpenAIClient from './openai-client';
import { Semaphore } from './semaphore';
import { Cancelled, DeadlineExceeded } from './deadline';
import { redactSecrets, rememberSecret } from '../text/redact';
import { BudgetExhausted, totalBudgetMs, withRetries, type RetryPolicy, type RetryVerdict } from './retry';
import { replyLimitBytes, ReplyTooLarge, withReplyLimit } from './reply-limit';
import { httpTransport } from './http-transport';

/** The openai package, loaded with the first endpoint (a server without a model never reads it). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const openai = (): typeof OpenAI => (require('./openai-client') as typeof OpenAIClient).OpenAI;

/** Where a model is served: any OpenAI-compatible server (vLLM, SGLang, TGI, Ollama, llama.cpp, a hosted API). */
export interface EndpointConfig {
  baseUrl: string;
  model: string;
  /** Only from SecretStorage or an environment variable; never from settings, never logged. */
  apiKey?: string;
  /** One attempt, whole: connecting, the headers and the last byte of the body or stream. */
  timeoutMs: number;
  /**
   * Retries on 408, 409, 429, 5xx and connection failures (not on a timeout), with backoff that
   * honours Retry-After; the call gives up after `timeoutMs × (maxRetries + 1)` in all. Default 2.
   */
  maxRetries?: number;
  concurrency?: number;
}

export interface CompletionRequest {
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  temperature: number;
  maxTokens: number;
  /** Samples wanted; asked with `n` and topped up with parallel requests if the server returns fewer. */
  n?: number;
  /** A JSON schema for `response_format`; dropped for good if the server refuses it. */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  signal?: AbortSignal;
}

/** One choice of a chat completion, with what reasoning servers add. */
export interface CompletionChoice {
  content: string;
  /** `message.reasoning_content` (vLLM's reasoning parsers, DeepSeek's API): the reasoning apart from the answer. */
  reasoningContent?: string;
  /** `stop`, `length` (cut off at max_tokens), …; absent when the server sent none. */
  finishReason?: string;
}

export interface Completion {
  /** The choices' contents (`choices[i].content`). */
  texts: string[];
  choices: CompletionChoice[];
  /** Whether the structured-output request was honoured (false: plain text was asked). */
  structured: boolean;
}

/** A request to vLLM's pooling API: a chat (the server applies the model's template) or a prompt. */
export interface PoolingRequest {
  messages?: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  input?: string;
  signal?: AbortSignal;
}

export interface Pooled {
  /** `data[0].data` of the response: the pooled output of the one input (for a PRM, one pair per step tag). */
  data: unknown;
}

export type EndpointErrorKind = 'unreachable' | 'timeout' | 'http' | 'bad-response' | 'aborted';

/**
 * A failure told the way a user can act on it: what, where, and what to try. Its message is
 * redacted when made: servers echo the Authorization header in their error bodies.
 */
export class EndpointError extends Error {
  constructor(
    readonly kind: EndpointErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(redactSecrets(message));
    this.name = 'EndpointError';
  }

  /** The failure as the client library raised it, for telling kinds of refusals apart. */
  override cause?: unknown;
}

/**
 * A chat-completions client for one endpoint, on the `openai` package, with a limit on requests
 * in flight and a fallback when a server does not accept `response_format`. Time and retries
 * are ours, not the package's (its timeout ends at the headers and its Retry-After wait cannot
 * be cut short): every request goes through `request`, which bounds each attempt whole and the
 * call with its retries (retry.ts).
 */
export class ChatEndpoint {
  private readonly client: OpenAI;
  /** The same server at its root: vLLM serves `/pooling` beside `/v1`, not under it. */
  private readonly rootClient: OpenAI;
  private readonly limiter: Semaphore;
  private readonly policy: RetryPolicy;
  private jsonSchemaRefused = false;

  constructor(readonly config: EndpointConfig) {
    rememberSecret(config.apiKey);
    // Every body read is bounded (reply-limit.ts): a fast endless reply never fills memory.
    const fetch = httpTransport();
    const OpenAIClass = openai();
    this.client = new OpenAIClass({
      baseURL: config.baseUrl,
      // Local servers need no key; the client insists on a string.
      apiKey: config.apiKey || 'no-key',
      timeout: config.timeoutMs,
      maxRetries: 0,
      dangerouslyAllowBrowser: false,
      fetch,
    });
    this.rootClient = new OpenAIClass({ baseURL: serverRoot(config.baseUrl), apiKey: config.apiKey || 'no-key', timeout: config.timeoutMs, maxRetries: 0, dangerouslyAllowBrowser: false, fetch });
    this.limiter = new Semaphore(config.concurrency ?? 4);
    this.policy = { attemptMs: config.timeoutMs, retries: config.maxRetries ?? 2 };
  }

  /** The longest one call can take, retries and the waits between them included. */
  get totalTimeoutMs(): number {
    return totalBudgetMs(this.policy);
  }

  /**
   * Every request to the server goes through here. `attempt` must finish reading what it asked
   * for (the whole body, the stream to its end) before it resolves: that is what the deadline
   * covers. Errors come out as EndpointError.
   */
  async request<T>(attempt: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await withRetries(attempt, this.policy, { signal, slot: (run, s) => this.limiter.run(run, s), classify: retryVerdict });
    } catch (err) {
      throw describe(err, this.config);
    }
  }

  get acceptsJsonSchema(): boolean {
    return !this.jsonSchemaRefused;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const n = Math.max(1, request.n ?? 1);
    const first = await this.once(request, n);
    const choices = [...first.choices];
    // Some servers ignore `n` (llama.cpp, some hosted APIs): top up with parallel requests.
    if (choices.length < n) {
      const missing = n - choices.length;
      const more = await Promise.all(Array.from({ length: missing }, () => this.once({ ...request, jsonSchema: first.structured ? request.jsonSchema : undefined }, 1)));
      for (const m of more) choices.push(...m.choices.slice(0, 1));
    }
    const kept = choices.slice(0, n);
    return { texts: kept.map((c) => c.content), choices: kept, structured: first.structured };
  }

  /**
   * vLLM's pooling API (`POST /pooling` at the server's root, `vllm serve … --runner pooling`):
   * the same limit in flight, deadline, retries and redaction as a chat request.
   */
  async pool(request: PoolingRequest): Promise<Pooled> {
    const body: Record<string, unknown> = { model: this.config.model };
    if (request.messages) {
      body.messages = request.messages;
      // The PRM scores the assistant turn as written: no turn for a reply is opened after it.
      body.add_generation_prompt = false;
    } else body.input = request.input ?? '';
    return this.request(async (signal) => {
      const response = (await this.rootClient.post('/pooling', { body, signal })) as unknown;
      const data = (response as { data?: unknown } | null)?.data;
      const first = Array.isArray(data) ? (data[0] as { data?: unknown } | null | undefined) : undefined;
      if (!first || typeof first !== 'object' || !('data' in first)) {
        throw new EndpointError('bad-response', `The model at ${serverRoot(this.config.baseUrl)}/pooling answered without "data[0].data": is it served by vLLM with --runner pooling?`);
      }
      return { data: first.data };
    }, request.signal);
  }

  private async once(request: CompletionRequest, n: number): Promise<Completion> {
    const structured = request.jsonSchema !== undefined && !this.jsonSchemaRefused;
    try {
      return await this.request((signal) => this.send(request, n, structured, signal), request.signal);
    } catch (err) {
      if (structured && err instanceof EndpointError && isSchemaRefusal(err.cause)) {
        this.jsonSchemaRefused = true;
        return this.once(request, n);
      }
      throw err;
    }
  }

  private async send(request: CompletionRequest, n: number, structured: boolean, signal: AbortSignal): Promise<Completion> {
    const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = {
      model: this.config.model,
      messages: request.messages,
      temperature: request.temperature,
      max_tokens: request.maxTokens,
      ...(n > 1 ? { n } : {}),
      ...(structured && request.jsonSchema
        ? { response_format: { type: 'json_schema', json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: false } } }
        : {}),
    };
    const response = (await this.client.chat.completions.create(body, { signal, fetchOptions: withReplyLimit(replyLimitBytes(body)) })) as unknown;
    const choices = (response as { choices?: unknown } | null)?.choices;
    if (!Array.isArray(choices)) throw new EndpointError('bad-response', `The model at ${this.config.baseUrl} answered without "choices": is this an OpenAI-compatible /v1 endpoint?`);
    const read = choices.map((c): CompletionChoice => {
      const choice = (c ?? {}) as { message?: { content?: unknown; reasoning_content?: unknown; reasoning?: unknown }; finish_reason?: unknown };
      const content = choice.message?.content;
      // vLLM names it `reasoning_content` (newer releases also `reasoning`).
      const reasoning = choice.message?.reasoning_content ?? choice.message?.reasoning;
      return {
        content: typeof content === 'string' ? content : '',
        ...(typeof reasoning === 'string' && reasoning !== '' ? { reasoningContent: reasoning } : {}),
        ...(typeof choice.finish_reason === 'string' ? { finishReason: choice.finish_reason } : {}),
      };
    });
    return { texts: read.map((c) => c.content), choices: read, structured };
  }
}

/** The server's root: the base URL without its trailing `/v1`. */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** 400/422 naming response_format or a schema: the server does not do structured output. */
function isSchemaRefusal(err: unknown): boolean {
  if (!(err instanceof openai().APIError)) return false;
  if (err.status !== 400 && err.status !== 422 && err.status !== 501) return false;
  return /response_format|json_schema|guided|grammar|structured|schema/i.test(err.message);
}

/** Retried: what a busy or restarting server says (and a server's own x-should-retry). */
function retryVerdict(err: unknown): RetryVerdict {
  if (err instanceof openai().APIUserAbortError || err instanceof openai().APIConnectionTimeoutError) return { retry: false };
  if (err instanceof openai().APIConnectionError) return { retry: true };
  if (!(err instanceof openai().APIError)) return { retry: false };
  const headers = err.headers;
  const should = headers?.get('x-should-retry');
  const status = err.status ?? 0;
  const retry = should === 'true' || (should !== 'false' && (status === 408 || status === 409 || status === 429 || status >= 500));
  return retry ? { retry: true, afterMs: retryAfterMs(headers) } : { retry: false };
}

/** Retry-After (seconds or an HTTP date) or retry-after-ms; undefined when absent or unreadable. */
function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

function describe(err: unknown, config: EndpointConfig): EndpointError {
  if (err instanceof EndpointError) return err;
  const where = `${config.baseUrl} (model ${config.model || 'unset'})`;
  if (err instanceof BudgetExhausted) {
    const last = describe(err.last, config);
    const e = new EndpointError(last.kind, `${last.message} Gave up: waiting ${seconds(err.waitMs)} to retry would pass the ${seconds(err.budgetMs)} the request may take in all.`, last.status);
    e.cause = last.cause;
    return e;
  }
  const described = describeOne(err, where, config);
  described.cause = err;
  return described;
}

function describeOne(err: unknown, where: string, config: EndpointConfig): EndpointError {
  if (err instanceof Cancelled || err instanceof openai().APIUserAbortError || (err instanceof Error && err.name === 'AbortError')) {
    return new EndpointError('aborted', 'The request was cancelled.');
  }
  if (err instanceof DeadlineExceeded || err instanceof openai().APIConnectionTimeoutError) {
    const ms = err instanceof DeadlineExceeded ? err.ms : config.timeoutMs;
    return new EndpointError('timeout', `The model at ${where} did not finish answering within ${seconds(ms)} (the whole reply counts, not only its start). Raise mathcritic.critic.timeoutMs (--timeout-ms) or check the server's load.`);
  }
  if (err instanceof ReplyTooLarge) return new EndpointError('bad-response', err.describe(where));
  if (err instanceof openai().APIConnectionError) {
    return new EndpointError('unreachable', `Could not reach the model at ${where}: ${causeOf(err)}. Is the server running, and is the base URL right (it usually ends in /v1)?`);
  }
  if (err instanceof openai().APIError) {
    const status = err.status;
    const hint =
      status === 401 || status === 403
        ? ' Set the API key with "MathCritic: Set API Key" (or MATHCRITIC_API_KEY for the CLI).'
        : status === 404
          ? ' Check the base URL and the model name (GET /v1/models lists what the server serves).'
          : status === 429
            ? ' The server is rate-limiting; lower mathcritic.critic.concurrency.'
            : '';
    return new EndpointError('http', `The model at ${where} answered ${status ?? 'with an error'}: ${firstLine(err.message)}.${hint}`, status);
  }
  if (err instanceof SyntaxError) {
    return new EndpointError('bad-response', `The model at ${where} sent a response that is not JSON: is this an OpenAI-compatible /v1 endpoint?`);
  }
  return new EndpointError('bad-response', `Unexpected failure talking to ${where}: ${err instanceof Error ? err.message : String(err)}`);
}

function causeOf(err: Error): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? err.message;
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;

const firstLine = (s: string) => s.split('\n')[0].replace(/\.$/, '');
