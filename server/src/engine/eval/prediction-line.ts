/**
 * One line of an `eval --predictions` file: a record's label, the critic's prediction and what
 * it was made from, and the settings of the run (so a resume never mixes two runs).
 */
import type { PrmOptions } from '../critic';
import type { TieRule } from './vote';

export const CRITIC_KINDS = ['embedded', 'model', 'combined'] as const;
export type CriticKind = (typeof CRITIC_KINDS)[number];

/** What a run is; every line carries it, and a resume refuses a file written with other settings. */
export interface EvalSettings {
  critic: CriticKind;
  /** The critic profile (null for the embedded checker alone). */
  profile: string | null;
  /** The model's name as served (null for the embedded checker alone). */
  model: string | null;
  /** K: sampled predictions per record, voted. */
  samples: number;
  temperature: number | null;
  ties: TieRule;
  /** A process reward model's step tag, index of "right", threshold and system prompt (null: not a PRM). */
  prm: PrmOptions | null;
}

export interface PredictionLine extends EvalSettings {
  id: string;
  subset: string;
  label: number;
  /** The critic's first wrong step (0-based, -1: none), null when its answer could not be read. */
  prediction: number | null;
  match: boolean;
  /** Samples that voted for `prediction` (1 for the embedded checker). */
  votes: number;
  /** Each readable sample's prediction, in the order the server returned them. */
  sample_predictions?: number[];
  /** Samples whose answer could not be read. */
  unreadable?: number;
  /** Why each unreadable sample could not be read, naming the profile. */
  unreadable_reasons?: string[];
  /** The model's answers as they came (readable ones first), for reading what it said. */
  raw?: string[];
  /** A process reward model's chance that each step is right. */
  step_scores?: number[];
  /** `combined`: each critic alone, so both can be scored from the file. */
  embedded_prediction?: number;
  model_prediction?: number | null;
}

/** The key a record is resumed by: its id within its subset (ids repeat across datasets). */
export function predictionKey(line: { id: string; subset: string }): string {
  return JSON.stringify([line.subset, line.id]);
}

/** What differs between a stored line's settings and this run's, or undefined when none does. */
export function settingsMismatch(line: Partial<EvalSettings>, settings: EvalSettings): string | undefined {
  const stored: EvalSettings = {
    critic: line.critic ?? 'embedded',
    profile: line.profile ?? (line.critic && line.critic !== 'embedded' ? 'json' : null),
    model: line.model ?? null,
    samples: line.samples ?? 1,
    temperature: line.temperature ?? null,
    ties: line.ties ?? 'processbench',
    prm: line.prm ?? null,
  };
  const keys: Array<keyof EvalSettings> = ['critic', 'profile', 'model', 'samples', 'temperature', 'ties', 'prm'];
  const differs = keys.filter((k) => JSON.stringify(stored[k]) !== JSON.stringify(settings[k]) && !(k === 'ties' && settings.samples === 1));
  return differs.length === 0 ? undefined : differs.map((k) => `${k} ${JSON.stringify(stored[k])}, this run ${JSON.stringify(settings[k])}`).join('; ');
}
