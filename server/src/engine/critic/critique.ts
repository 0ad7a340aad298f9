import type { ChatEndpoint } from '../model/endpoint';
import { aggregateCritiques } from './aggregate';
import { type CritiqueCache, critiqueKey, type CritiqueKeyParts } from './cache';
import { parseCritique } from './parse';
import { CRITIQUE_JSON_SCHEMA, CRITIQUE_PROMPT_VERSION, critiqueMessages } from './prompt';
import type { Critique, CritiqueResult } from './types';

export interface CritiqueInput {
  problem: string;
  steps: readonly string[];
}

export interface CriticOptions {
  endpoint: ChatEndpoint;
  temperature: number;
  maxTokens: number;
  /** K sampled critiques, aggregated by majority. */
  samples: number;
  cache?: CritiqueCache;
  signal?: AbortSignal;
}

export interface CritiqueOutcome {
  result: CritiqueResult;
  cached: boolean;
}

/** What identifies a critique for the cache: the text judged, the model, the prompt, the sampling. */
export function critiqueKeyParts(
  input: CritiqueInput,
  how: { model: string; baseUrl: string; temperature: number; maxTokens: number; samples: number },
): CritiqueKeyParts {
  return {
    problem: input.problem,
    steps: input.steps,
    model: how.model,
    baseUrl: how.baseUrl,
    promptVersion: CRITIQUE_PROMPT_VERSION,
    temperature: how.temperature,
    maxTokens: how.maxTokens,
    samples: Math.max(1, how.samples),
  };
}

/**
 * Asks the critic for K critiques of a solution and aggregates them. When no answer can be
 * read the result has `readable: 0` and the raw answers in `unreadable`, and nothing is cached:
 * the caller says so once and publishes no verdict.
 */
export async function critiqueSolution(input: CritiqueInput, options: CriticOptions): Promise<CritiqueOutcome> {
  const { endpoint } = options;
  const samples = Math.max(1, options.samples);
  const parts = critiqueKeyParts(input, { ...options, model: endpoint.config.model, baseUrl: endpoint.config.baseUrl });
  const hit = options.cache?.get(parts);
  if (hit) return { result: hit, cached: true };

  const completion = await endpoint.complete({
    messages: critiqueMessages({ problem: input.problem, steps: input.steps.map((text) => ({ text })) }, { json: true }),
    temperature: options.temperature,
    maxTokens: options.maxTokens,
    n: samples,
    jsonSchema: { name: 'critique', schema: CRITIQUE_JSON_SCHEMA },
    signal: options.signal,
  });
  const result = resultFromTexts(completion.texts, input, parts);
  if (result.readable > 0) options.cache?.set(parts, result);
  return { result, cached: false };
}

/**
 * Reads K critic answers of one solution into a result: each answer parsed (JSON or prose),
 * the readable ones aggregated by majority, the others kept in `unreadable`. Shared by live
 * critiques and batch results, so both give the same record for the same answers.
 */
export function resultFromTexts(texts: readonly string[], input: CritiqueInput, parts: CritiqueKeyParts): CritiqueResult {
  const critiques: Critique[] = [];
  const unreadable: string[] = [];
  for (const text of texts) {
    const c = parseCritique(text, input.steps.length);
    if (c) critiques.push(c);
    else unreadable.push(text);
  }
  const agg = aggregateCritiques(critiques);
  return {
    id: critiqueKey(parts),
    firstWrongStep: agg?.firstWrongStep ?? -1,
    feedback: agg?.feedback ?? '',
    votes: agg?.votes ?? 0,
    readable: critiques.length,
    samples: parts.samples,
    critiques,
    unreadable,
    model: parts.model,
    promptVersion: CRITIQUE_PROMPT_VERSION,
    createdAt: new Date().toISOString(),
  };
}
