import { ChatEndpoint } from '../engine/model';
import { ACTOR_PROFILE_NAMES, isActorProfileName, type ActorProfileName } from '../engine/actor/profiles';
import { criticProfile, DEFAULT_PROFILE, isProfileName, PROFILE_NAMES, type CriticProfileName, type PrmOptions } from '../engine/critic';
import { UsageError } from './errors';

/** The options every command that talks to a model shares (spread into parseArgs' options). */
export const MODEL_OPTIONS = {
  'base-url': { type: 'string' },
  model: { type: 'string' },
  // No default: the actor's is 2048, the critic's its profile's (a reasoning judge needs room).
  'max-tokens': { type: 'string' },
  'timeout-ms': { type: 'string', default: '120000' },
} as const;

/** Where and how to ask: read once from the options and the environment. */
export interface ModelTarget {
  baseUrl: string;
  model: string;
  /** --max-tokens, else 2048: what the actor may write. */
  maxTokens: number;
  /** --max-tokens, else 0: the critic profile's own default. */
  criticMaxTokens: number;
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
    maxTokens: values['max-tokens'] === undefined ? 2048 : intOption('--max-tokens', values['max-tokens'], 16, 131_072),
    criticMaxTokens: values['max-tokens'] === undefined ? 0 : intOption('--max-tokens', values['max-tokens'], 16, 131_072),
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

/** The options that choose the critic profile (and, for `prm`, how the PRM is read), and the actor's. */
export const PROFILE_OPTIONS = {
  profile: { type: 'string' },
  'prm-step-tag': { type: 'string' },
  'prm-right-index': { type: 'string' },
  'prm-threshold': { type: 'string' },
  'prm-system-prompt': { type: 'string' },
} as const;

export const ACTOR_PROFILE_OPTION = { 'actor-profile': { type: 'string' } } as const;

export const PROFILE_HELP = `  --profile P          how the critic is asked and read: ${PROFILE_NAMES.join(', ')} (default ${DEFAULT_PROFILE});
                       see the README's "Serve a critique model"
  --prm-threshold X    prm: a step whose p_right is below X is wrong (default 0.5)
  --prm-step-tag S     prm: the tag after each step (default <extra_0>, the Qwen PRMs')
  --prm-right-index I  prm: which element of a tag's pair is p_right (default 1)
  --prm-system-prompt S  prm: the system turn (default the Qwen PRM card's; "" for none)`;

export const ACTOR_PROFILE_HELP = `  --actor-profile P    how the actor is asked to refine: ${ACTOR_PROFILE_NAMES.join(', ')} (default default;
                       mathcritique: the refinement turn of the MathCritique SFT data)`;

/** The critic profile and PRM options from the command line, checked. */
export function profileChoice(values: { profile?: string; 'prm-step-tag'?: string; 'prm-right-index'?: string; 'prm-threshold'?: string; 'prm-system-prompt'?: string }): { profile: CriticProfileName; prm: Partial<PrmOptions> } {
  const profile = values.profile ?? DEFAULT_PROFILE;
  if (!isProfileName(profile)) throw new UsageError(`--profile must be one of ${PROFILE_NAMES.join(', ')}, not "${profile}".`);
  const prm: Partial<PrmOptions> = {};
  if (values['prm-threshold'] !== undefined) {
    const t = Number(values['prm-threshold']);
    if (values['prm-threshold'].trim() === '' || !Number.isFinite(t) || t < 0 || t > 1) throw new UsageError(`--prm-threshold must be a number from 0 to 1, not "${values['prm-threshold']}".`);
    prm.threshold = t;
  }
  if (values['prm-right-index'] !== undefined) prm.rightIndex = intOption('--prm-right-index', values['prm-right-index'], 0, 15);
  if (values['prm-step-tag'] !== undefined) {
    if (values['prm-step-tag'] === '') throw new UsageError('--prm-step-tag must not be empty: the model scores the position of each tag.');
    prm.stepTag = values['prm-step-tag'];
  }
  if (values['prm-system-prompt'] !== undefined) prm.systemPrompt = values['prm-system-prompt'];
  if (Object.keys(prm).length > 0 && criticProfile(profile).kind !== 'pooling') throw new UsageError(`--prm-* options apply to --profile prm, not ${profile}.`);
  return { profile, prm };
}

export function actorProfileChoice(values: { 'actor-profile'?: string }): ActorProfileName | undefined {
  const name = values['actor-profile'];
  if (name === undefined) return undefined;
  if (!isActorProfileName(name)) throw new UsageError(`--actor-profile must be one of ${ACTOR_PROFILE_NAMES.join(', ')}, not "${name}".`);
  return name;
}

/** "could not be read", with why (naming the profile) and the start of the raw answer. */
export function unreadableMessage(result: { unreadable: readonly string[]; unreadableReasons: readonly string[]; profile: string }): string {
  const why = [...new Set(result.unreadableReasons)].join('; ') || `the answer did not follow the ${result.profile} format`;
  return `the critic's answer could not be read: ${why}\n${result.unreadable.join('\n---\n').slice(0, 2000)}`;
}
