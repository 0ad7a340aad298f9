import { z } from 'zod';
import { parseJsonl, type BadLine } from '../io/jsonl';
import type { FirstErrorItem } from './process-bench';

/**
 * Reads an `eval --predictions` file (one record per line:
 * `{ id, subset, label, prediction, match, votes, raw?, scores?, critic, profile, model }`)
 * back into scored items, so critics evaluated in separate runs can be compared and plotted.
 * A prediction that is not a step index (an unreadable critique: null) never matches.
 */
const predictionLine = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    subset: z.string(),
    label: z.number().int().min(-1),
    prediction: z.number().int().min(-1).nullable(),
    critic: z.string().optional(),
    profile: z.string().nullable().optional(),
    model: z.string().nullable().optional(),
  })
  .passthrough();

export interface PredictionsFile {
  /** The critic's name on tables and plots: "embedded checker", or the model (and its profile). */
  name: string;
  items: FirstErrorItem[];
  bad: BadLine[];
}

export function criticName(line: { critic?: string; profile?: string | null; model?: string | null }): string {
  if (!line.critic || line.critic === 'embedded') return 'embedded checker';
  const model = line.model || line.critic;
  const profile = line.profile && line.profile !== 'json' ? ` (${line.profile})` : '';
  return `${model}${line.critic === 'combined' ? ' + checker' : ''}${profile}`;
}

export function readPredictions(text: string): PredictionsFile {
  const { records, bad } = parseJsonl(text, (v) => predictionLine.parse(v));
  return {
    name: records.length > 0 ? criticName(records[0]) : 'no predictions',
    items: records.map((r) => ({ subset: r.subset, label: r.label, predicted: r.prediction ?? -2 })),
    bad,
  };
}

/** Whether a JSONL line looks like an eval prediction (and not a scale record or a dataset line). */
export function isPredictionLine(value: unknown): boolean {
  return predictionLine.safeParse(value).success && !Array.isArray((value as { steps?: unknown }).steps);
}
