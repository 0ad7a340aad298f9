import * as z from 'zod';
import { DEFAULT_MAX_DOCUMENT_LENGTH, DEFAULT_SOLUTION_GLOBS } from '../engine/solution';
import { FINDING_CODES, type FindingCode, type Severity } from '../engine/check';
import type { CheckerOptions } from '../engine/config';
import { DEFAULT_PRM_OPTIONS, DEFAULT_PROFILE, PROFILE_NAMES, type CriticProfileName, type PrmOptions } from '../engine/critic';
import { ACTOR_PROFILE_NAMES, DEFAULT_ACTOR_PROFILE, type ActorProfileName } from '../engine/actor/profiles';

const D = DEFAULT_PRM_OPTIONS;
/** How a process reward model is asked and read (profile `prm`); Qwen2.5-Math-PRM's by default. */
const prmSettingsSchema = z.object({
  stepTag: z.string().min(1).catch(D.stepTag).default(D.stepTag),
  rightIndex: z.number().int().min(0).max(15).catch(D.rightIndex).default(D.rightIndex),
  threshold: z.number().min(0).max(1).catch(D.threshold).default(D.threshold),
  systemPrompt: z.string().catch(D.systemPrompt).default(D.systemPrompt),
});
const DEFAULT_PRM_SETTINGS: PrmOptions = prmSettingsSchema.parse({});

const severity = z.enum(['error', 'warning', 'information', 'hint', 'off']);

/**
 * The model critic. No base URL means no model: nothing is ever sent anywhere the user did
 * not configure. Model calls cost GPU time, so the default trigger is on save.
 */
export const criticSettingsSchema = z.object({
  baseUrl: z.string().catch('').default(''),
  model: z.string().catch('').default(''),
  temperature: z.number().min(0).max(2).catch(0).default(0),
  /** 0: the profile's own (2048 for json, 16384 for a reasoning judge under processbench). */
  maxTokens: z.number().int().min(0).max(131_072).catch(0).default(0),
  timeoutMs: z.number().int().min(1000).max(600_000).catch(60_000).default(60_000),
  samples: z.number().int().min(1).max(32).catch(1).default(1),
  concurrency: z.number().int().min(1).max(256).catch(4).default(4),
  trigger: z.enum(['onSave', 'onIdle', 'onCommand']).catch('onSave').default('onSave'),
  idleMs: z.number().int().min(200).max(60_000).catch(2000).default(2000),
  /** The critic's finding as a hint (inlay hint + faint underline, quick fixes kept), out of the Problems panel. */
  asHints: z.boolean().catch(false).default(false),
  /** How the critic is asked and read (engine/critic/profiles): `json` is MathCritic's critique-v1. */
  profile: z
    .enum(PROFILE_NAMES as [CriticProfileName, ...CriticProfileName[]])
    .catch(DEFAULT_PROFILE)
    .default(DEFAULT_PROFILE),
  prm: prmSettingsSchema.catch(DEFAULT_PRM_SETTINGS).default(DEFAULT_PRM_SETTINGS),
});

/** The actor that refines; it may be the critic's server. Empty fields fall back to the critic's. */
export const actorSettingsSchema = z.object({
  baseUrl: z.string().catch('').default(''),
  model: z.string().catch('').default(''),
  temperature: z.number().min(0).max(2).catch(0.7).default(0.7),
  maxTokens: z.number().int().min(16).max(131_072).catch(2048).default(2048),
  samples: z.number().int().min(1).max(32).catch(4).default(4),
  maxRounds: z.number().int().min(1).max(20).catch(3).default(3),
  /** How a refinement is asked: MathCritic's refine-v1, or the MathCritique SFT data's refinement turn. */
  profile: z
    .enum(ACTOR_PROFILE_NAMES as [ActorProfileName, ...ActorProfileName[]])
    .catch(DEFAULT_ACTOR_PROFILE)
    .default(DEFAULT_ACTOR_PROFILE),
  /** Show the rewrite in the refactor preview (an annotation that needs confirmation) before applying it. */
  preview: z.boolean().catch(false).default(false),
});

/** The `mathcritic.*` settings the server reads, with the defaults a fresh install gets. */
export const settingsSchema = z.object({
  solutionGlobs: z.array(z.string()).catch([...DEFAULT_SOLUTION_GLOBS]).default([...DEFAULT_SOLUTION_GLOBS]),
  check: z
    .object({
      /** Changes closer together than this are checked once, after the last of them. */
      delayMs: z.number().int().min(0).max(10_000).catch(150).default(150),
      /** Longer documents (characters) are not checked; 0 = no limit. */
      maxDocumentLength: z.number().int().min(0).max(500_000_000).catch(DEFAULT_MAX_DOCUMENT_LENGTH).default(DEFAULT_MAX_DOCUMENT_LENGTH),
    })
    .catch({ delayMs: 150, maxDocumentLength: DEFAULT_MAX_DOCUMENT_LENGTH })
    .default({ delayMs: 150, maxDocumentLength: DEFAULT_MAX_DOCUMENT_LENGTH }),
  severity: z
    .partialRecord(z.enum(FINDING_CODES), severity)
    .catch({})
    .default({}),
  inlayHints: z
    .object({ enabled: z.boolean().catch(true).default(true) })
    .catch({ enabled: true })
    .default({ enabled: true }),
  critic: criticSettingsSchema.catch(criticSettingsSchema.parse({})).default(criticSettingsSchema.parse({})),
  actor: actorSettingsSchema.catch(actorSettingsSchema.parse({})).default(actorSettingsSchema.parse({})),
});

export type Settings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/**
 * Reads settings leniently: a bad value falls back to its default instead of breaking the
 * server, since a typo in settings.json must not switch the checker off.
 */
export function readSettings(raw: unknown): Settings {
  const parsed = settingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

export function severityOverrides(settings: Settings): Partial<Record<FindingCode, Severity | 'off'>> {
  return settings.severity;
}

/** The checker options a document gets from the settings when no `.mathcritic.json` applies. */
export function checkerOptionsFromSettings(settings: Settings): CheckerOptions {
  return { severities: settings.severity, solutionGlobs: settings.solutionGlobs, maxDocumentLength: settings.check.maxDocumentLength };
}

/** The critic profile and PRM options the settings choose, for CriticOptions. */
export function criticProfileOf(settings: Settings): { profile: CriticProfileName; prm: PrmOptions } {
  return { profile: settings.critic.profile, prm: settings.critic.prm };
}
