/**
 * ProcessBench-style first-error evaluation (Zheng et al. 2024): a critic names the earliest
 * wrong step of a solution (or -1 when it finds none) and is scored against the label.
 * Engine code: no editor or protocol imports.
 */
import * as path from 'node:path';

/** One scored sample: the label (0-based first wrong step, -1 when all right) and the prediction. */
export interface FirstErrorItem {
  subset: string;
  label: number;
  predicted: number;
}

export interface SideScore {
  /** Samples on this side (erroneous: label ≥ 0; correct: label = -1). */
  n: number;
  /** Samples whose prediction matches: the exact first wrong step, or -1 on correct ones. */
  correct: number;
  /** correct / n, or null when n = 0. */
  accuracy: number | null;
}

export interface FirstErrorScore {
  subset: string;
  erroneous: SideScore;
  correct: SideScore;
  /** Harmonic mean of the two accuracies; 0 when both are 0, null when either side is empty. */
  f1: number | null;
}

export { predictFirstError } from '../check/first-error';

/** Scores items per subset (in order of first appearance) and over all of them. */
export function scoreFirstError(items: readonly FirstErrorItem[]): { subsets: FirstErrorScore[]; overall: FirstErrorScore } {
  const groups = new Map<string, FirstErrorItem[]>();
  for (const item of items) {
    const group = groups.get(item.subset);
    if (group) group.push(item);
    else groups.set(item.subset, [item]);
  }
  const subsets = [...groups].map(([subset, group]) => scoreGroup(subset, group));
  return { subsets, overall: scoreGroup('overall', items) };
}

function scoreGroup(subset: string, items: readonly FirstErrorItem[]): FirstErrorScore {
  const erroneous = side(items.filter((i) => i.label >= 0), (i) => i.predicted === i.label);
  const correct = side(items.filter((i) => i.label === -1), (i) => i.predicted === -1);
  return { subset, erroneous, correct, f1: harmonicMean(erroneous.accuracy, correct.accuracy) };
}

function side(items: readonly FirstErrorItem[], hit: (i: FirstErrorItem) => boolean): SideScore {
  const correct = items.filter(hit).length;
  return { n: items.length, correct, accuracy: items.length === 0 ? null : correct / items.length };
}

function harmonicMean(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  return a + b === 0 ? 0 : (2 * a * b) / (a + b);
}

/**
 * The subset a dataset record belongs to: `meta.subset` when it has one, else its `source`,
 * else the name of the file it came from (without its extension).
 */
export function subsetOf(record: object, file: string): string {
  const { meta, source } = record as { meta?: unknown; source?: unknown };
  if (meta && typeof meta === 'object' && !Array.isArray(meta)) {
    const subset = (meta as { subset?: unknown }).subset;
    if (typeof subset === 'string' && subset !== '') return subset;
  }
  if (typeof source === 'string' && source !== '') return source;
  return path.basename(file).replace(/\.(jsonl|ndjson|json|parquet)$/i, '');
}
