import type { ChatEndpoint } from '../model/endpoint';
import { aggregateCritiques } from './aggregate';
import { type CritiqueCache, critiqueKey, type CritiqueKeyParts } from './cache';
import { criticProfile, DEFAULT_PRM_OPTIONS, DEFAULT_PROFILE, type ChatAnswer, type ChatProfile, type CriticProfileName, type PoolingProfile, type PrmOptions } from './profiles';
import type { Critique, CritiqueResult } from './types';

export interface CritiqueInput {
  problem: string;
  steps: readonly string[];
}

export interface CriticOptions {
  endpoint: ChatEndpoint;
  temperature: number;
  /** 0: the profile's own default (processbench leaves room for long reasoning). */
  maxTokens: number;
  /** K sampled critiques, aggregated by majority. */
  samples: number;
  /** How the critic is asked and read; default `json` (critique-v1). */
  profile?: CriticProfileName;
  /** For profile `prm`: the step tag, the index of "right", the threshold, the system prompt. */
  prm?: Partial<PrmOptions>;
  cache?: CritiqueCache;
  signal?: AbortSignal;
}

export interface CritiqueOutcome {
  result: CritiqueResult;
  cached: boolean;
}

/** The PRM options in force: the defaults, overridden by what was given. */
export function prmOptions(given?: Partial<PrmOptions>): PrmOptions {
  return { ...DEFAULT_PRM_OPTIONS, ...Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)) };
}

/** What identifies a critique for the cache: the text judged, the model, the profile and its version, the sampling. */
export function critiqueKeyParts(
  input: CritiqueInput,
  how: { model: string; baseUrl: string; temperature: number; maxTokens: number; samples: number; profile?: CriticProfileName; prm?: Partial<PrmOptions> },
): CritiqueKeyParts {
  const profile = criticProfile(how.profile ?? DEFAULT_PROFILE);
  const pooled = profile.kind === 'pooling';
  return {
    problem: input.problem,
    steps: input.steps,
    model: how.model,
    baseUrl: how.baseUrl,
    promptVersion: profile.version,
    profile: profile.name,
    profileVersion: profile.version,
    // A PRM is deterministic and unsampled: one pass, whatever K and the temperature say.
    temperature: pooled ? 0 : how.temperature,
    maxTokens: pooled ? 0 : how.maxTokens > 0 ? how.maxTokens : profile.defaultMaxTokens,
    samples: pooled ? 1 : Math.max(1, how.samples),
    ...(pooled ? { prm: prmOptions(how.prm) } : {}),
  };
}

/**
 * Asks the critic for K critiques of a solution, through its profile, and aggregates them. When
 * no answer can be read the result has `readable: 0`, the raw answers in `unreadable` and why in
 * `unreadableReasons`, and nothing is cached: the caller says so once and publishes no verdict.
 */
export async function critiqueSolution(input: CritiqueInput, options: CriticOptions): Promise<CritiqueOutcome> {
  const { endpoint } = options;
  const profile = criticProfile(options.profile ?? DEFAULT_PROFILE);
  const parts = critiqueKeyParts(input, { ...options, model: endpoint.config.model, baseUrl: endpoint.config.baseUrl });
  const hit = options.cache?.get(parts);
  if (hit) return { result: hit, cached: true };

  const result = profile.kind === 'pooling' ? await poolOnce(profile, input, options, parts) : await chat(profile, input, options, parts);
  if (result.readable > 0) options.cache?.set(parts, result);
  return { result, cached: false };
}

async function chat(profile: ChatProfile, input: CritiqueInput, options: CriticOptions, parts: CritiqueKeyParts): Promise<CritiqueResult> {
  const completion = await options.endpoint.complete({
    messages: profile.messages(input),
    temperature: options.temperature,
    maxTokens: parts.maxTokens,
    n: parts.samples,
    jsonSchema: profile.jsonSchema,
    signal: options.signal,
  });
  return resultFromAnswers(completion.choices, input, parts);
}

async function poolOnce(profile: PoolingProfile, input: CritiqueInput, options: CriticOptions, parts: CritiqueKeyParts): Promise<CritiqueResult> {
  const prm = prmOptions(options.prm);
  const pooled = await options.endpoint.pool({ ...profile.request(input, prm), signal: options.signal });
  const reading = profile.read(pooled.data, input.steps, prm);
  const raw = 'critique' in reading ? reading.critique.raw : JSON.stringify(pooled.data ?? null).slice(0, 10_000);
  const result = assemble('critique' in reading ? [reading.critique] : [], 'unreadable' in reading ? [{ raw, reason: reading.unreadable }] : [], parts);
  return reading.stepScores ? { ...result, stepScores: reading.stepScores } : result;
}

/**
 * Reads K critic answers of one solution into a result: each answer read by the profile, the
 * readable ones aggregated by majority, the others kept in `unreadable` with their reasons.
 * Shared by live critiques, batch results and recorded answers, so all give the same record
 * for the same answers.
 */
export function resultFromAnswers(answers: readonly ChatAnswer[], input: CritiqueInput, parts: CritiqueKeyParts): CritiqueResult {
  const profile = criticProfile(parts.profile);
  if (profile.kind !== 'chat') throw new Error(`profile ${profile.name} is not read from chat answers`);
  const critiques: Critique[] = [];
  const unreadable: Array<{ raw: string; reason: string }> = [];
  for (const answer of answers) {
    const reading = profile.read(answer, input.steps);
    if ('critique' in reading) critiques.push(reading.critique);
    else unreadable.push({ raw: answer.content, reason: reading.unreadable });
  }
  return assemble(critiques, unreadable, parts);
}

/** `resultFromAnswers` for answers known only by their text (finished, nothing handed apart). */
export function resultFromTexts(texts: readonly string[], input: CritiqueInput, parts: CritiqueKeyParts): CritiqueResult {
  return resultFromAnswers(
    texts.map((content) => ({ content })),
    input,
    parts,
  );
}

function assemble(critiques: Critique[], unreadable: Array<{ raw: string; reason: string }>, parts: CritiqueKeyParts): CritiqueResult {
  const agg = aggregateCritiques(critiques);
  return {
    id: critiqueKey(parts),
    firstWrongStep: agg?.firstWrongStep ?? -1,
    feedback: agg?.feedback ?? '',
    votes: agg?.votes ?? 0,
    readable: critiques.length,
    samples: parts.samples,
    critiques,
    unreadable: unreadable.map((u) => u.raw),
    unreadableReasons: unreadable.map((u) => u.reason),
    model: parts.model,
    promptVersion: parts.promptVersion,
    profile: parts.profile,
    profileVersion: parts.profileVersion,
    createdAt: new Date().toISOString(),
  };
}
