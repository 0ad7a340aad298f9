import * as z from 'zod';
import { parseJsonl, type BadLine } from '../io/jsonl';
import { readTextFile } from '../io/decode';
import type { FirstErrorItem } from './process-bench';
import { predictionKey, type PredictionLine } from './prediction-line';

/**
 * Reads an `eval --predictions` file (one record per line:
 * `{ id, subset, label, prediction, match, votes, raw?, step_scores?, critic, profile, model, … }`,
 * see `PredictionLine`)
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
    items: records.map((r) => ({ subset: r.subset, label: r.label, predicted: r.prediction })),
    bad,
  };
}

/** Whether a JSONL line looks like an eval prediction (and not a scale record or a dataset line). */
export function isPredictionLine(value: unknown): boolean {
  return predictionLine.safeParse(value).success && !Array.isArray((value as { steps?: unknown }).steps);
}

export interface StoredPredictions {
  /** By `predictionKey`; a later line of one key replaces an earlier one. */
  lines: Map<string, PredictionLine>;
  bad: BadLine[];
  /** The file ended in a torn line (an interrupted write): ignored, and that record is asked again. */
  tornTail: boolean;
  exists: boolean;
}

/** An earlier run's predictions file, for resuming it; a missing file is an empty one. */
export async function readStoredPredictions(file: string): Promise<StoredPredictions> {
  let text: string;
  try {
    text = await readTextFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') return { lines: new Map(), bad: [], tornTail: false, exists: false };
    throw e;
  }
  const { records, bad, tornTail } = parseJsonl(text, (v) => {
    const line = predictionLine.parse(v);
    if (line.id === undefined) throw new Error('it has no id');
    return { ...line, id: String(line.id) } as unknown as PredictionLine;
  });
  const lines = new Map<string, PredictionLine>();
  for (const r of records) lines.set(predictionKey(r), r);
  return { lines, bad: tornTail ? bad.slice(0, -1) : bad, tornTail, exists: true };
}
