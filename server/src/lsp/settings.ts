import { z } from 'zod';
import { DEFAULT_SOLUTION_GLOBS } from '../engine/solution';
import { FINDING_CODES, type FindingCode, type Severity } from '../engine/check';

const severity = z.enum(['error', 'warning', 'information', 'hint', 'off']);

/** The `mathcritic.*` settings the server reads, with the defaults a fresh install gets. */
export const settingsSchema = z.object({
  solutionGlobs: z.array(z.string()).catch([...DEFAULT_SOLUTION_GLOBS]).default([...DEFAULT_SOLUTION_GLOBS]),
  check: z
    .object({
      /** Changes closer together than this are checked once, after the last of them. */
      delayMs: z.number().int().min(0).max(10_000).catch(150).default(150),
    })
    .catch({ delayMs: 150 })
    .default({ delayMs: 150 }),
  severity: z
    .partialRecord(z.enum(FINDING_CODES), severity)
    .catch({})
    .default({}),
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
