import OpenAI from 'openai';
import { Semaphore } from './semaphore';

/** Where a model is served: any OpenAI-compatible server (vLLM, SGLang, TGI, Ollama, llama.cpp, a hosted API). */
export interface EndpointConfig {
  baseUrl: string;
  model: string;
  /** Only from SecretStorage or an environment variable; never from settings, never logged. */
  apiKey?: string;
  timeoutMs: number;
  /** Retries on 429, 5xx and connection errors, with backoff that honours Retry-After. */
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

export interface Completion {
  texts: string[];
  /** Whether the structured-output request was honoured (false: plain text was asked). */
  structured: boolean;
}

export type EndpointErrorKind = 'unreachable' | 'timeout' | 'http' | 'bad-response' | 'aborted';

/** A failure told the way a user can act on it: what, where, and what to try. */
export class EndpointError extends Error {
  constructor(
    readonly kind: EndpointErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'EndpointError';
  }
}

/**
 * A chat-completions client for one endpoint, on the `openai` package: its retries (429, 5xx,
 * connection errors, Retry-After honoured), per-request timeout and AbortSignal, plus a limit
 * on requests in flight and a fallback when a server does not accept `response_format`.
 */
export class ChatEndpoint {
  private readonly client: OpenAI;
  private readonly limiter: Semaphore;
  private jsonSchemaRefused = false;

  constructor(readonly config: EndpointConfig) {
    this.client = new OpenAI({
      baseURL: config.baseUrl,
      // Local servers need no key; the client insists on a string.
      apiKey: config.apiKey || 'no-key',
      timeout: config.timeoutMs,
      maxRetries: config.maxRetries ?? 2,
      dangerouslyAllowBrowser: false,
    });
    this.limiter = new Semaphore(config.concurrency ?? 4);
  }

  get acceptsJsonSchema(): boolean {
    return !this.jsonSchemaRefused;
  }

  async complete(request: CompletionRequest): Promise<Completion> {
    const n = Math.max(1, request.n ?? 1);
    const first = await this.once(request, n);
    const texts = [...first.texts];
    // Some servers ignore `n` (llama.cpp, some hosted APIs): top up with parallel requests.
    if (texts.length < n) {
      const missing = n - texts.length;
      const more = await Promise.all(Array.from({ length: missing }, () => this.once({ ...request, jsonSchema: first.structured ? request.jsonSchema : undefined }, 1)));
      for (const m of more) texts.push(...m.texts.slice(0, 1));
    }
    return { texts: texts.slice(0, n), structured: first.structured };
  }

  private async once(request: CompletionRequest, n: number): Promise<Completion> {
    const structured = request.jsonSchema !== undefined && !this.jsonSchemaRefused;
    try {
      return await this.limiter.run(() => this.send(request, n, structured), request.signal);
    } catch (err) {
      if (structured && isSchemaRefusal(err)) {
        this.jsonSchemaRefused = true;
        return this.once(request, n);
      }
      throw describe(err, this.config);
    }
  }

  private async send(request: CompletionRequest, n: number, structured: boolean): Promise<Completion> {
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
    const response = (await this.client.chat.completions.create(body, { signal: request.signal })) as unknown;
    const choices = (response as { choices?: unknown }).choices;
    if (!Array.isArray(choices)) throw new EndpointError('bad-response', `The model at ${this.config.baseUrl} answered without "choices": is this an OpenAI-compatible /v1 endpoint?`);
    const texts = choices
      .map((c) => (c as { message?: { content?: unknown } }).message?.content)
      .map((t) => (typeof t === 'string' ? t : ''));
    return { texts, structured };
  }
}

/** 400/422 naming response_format or a schema: the server does not do structured output. */
function isSchemaRefusal(err: unknown): boolean {
  if (!(err instanceof OpenAI.APIError)) return false;
  if (err.status !== 400 && err.status !== 422 && err.status !== 501) return false;
  return /response_format|json_schema|guided|grammar|structured|schema/i.test(err.message);
}

function describe(err: unknown, config: EndpointConfig): EndpointError {
  if (err instanceof EndpointError) return err;
  const where = `${config.baseUrl} (model ${config.model || 'unset'})`;
  if (err instanceof OpenAI.APIUserAbortError || (err instanceof Error && err.name === 'AbortError')) {
    return new EndpointError('aborted', 'The request was cancelled.');
  }
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return new EndpointError('timeout', `The model at ${where} did not answer within ${Math.round(config.timeoutMs / 1000)} s. Raise mathcritic.critic.timeoutMs or check the server's load.`);
  }
  if (err instanceof OpenAI.APIConnectionError) {
    return new EndpointError('unreachable', `Could not reach the model at ${where}: ${causeOf(err)}. Is the server running, and is the base URL right (it usually ends in /v1)?`);
  }
  if (err instanceof OpenAI.APIError) {
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

const firstLine = (s: string) => s.split('\n')[0].replace(/\.$/, '');
