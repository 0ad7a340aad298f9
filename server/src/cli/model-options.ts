import { ChatEndpoint } from '../engine/model';
import { UsageError } from './errors';

/** The options every command that talks to a model shares (spread into parseArgs' options). */
export const MODEL_OPTIONS = {
  'base-url': { type: 'string' },
  model: { type: 'string' },
  'max-tokens': { type: 'string', default: '2048' },
  'timeout-ms': { type: 'string', default: '120000' },
} as const;

/** Where and how to ask: read once from the options and the environment. */
export interface ModelTarget {
  baseUrl: string;
  model: string;
  maxTokens: number;
  timeoutMs: number;
  /** From MATHCRITIC_API_KEY only: keys never come from arguments, which land in shell history. */
  apiKey?: string;
}

export function modelTarget(values: { 'base-url'?: string; model?: string; 'max-tokens'?: string; 'timeout-ms'?: string }): ModelTarget {
  const baseUrl = values['base-url'] ?? process.env.MATHCRITIC_BASE_URL;
  if (!baseUrl) throw new UsageError('--base-url is required (e.g. http://localhost:8000/v1 for vLLM); nothing is sent anywhere you did not name.');
  if (!values.model) throw new UsageError('--model is required (the name the server serves, see GET /v1/models).');
  return {
    baseUrl,
    model: values.model,
    maxTokens: intOption('--max-tokens', values['max-tokens'], 16, 131_072),
    timeoutMs: intOption('--timeout-ms', values['timeout-ms'], 1000, 3_600_000),
    apiKey: process.env.MATHCRITIC_API_KEY || undefined,
  };
}

/** A client for `model` (default: the target's) on the target's server. */
export function endpointFor(target: ModelTarget, model = target.model, concurrency?: number): ChatEndpoint {
  return new ChatEndpoint({ baseUrl: target.baseUrl, model, apiKey: target.apiKey, timeoutMs: target.timeoutMs, concurrency });
}

export function intOption(name: string, raw: string | undefined, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
  return n;
}
