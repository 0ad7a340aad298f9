/**
 * ProcessBench-style first-error evaluation (Zheng et al. 2024): a critic names the earliest
 * wrong step of a solution (or -1 when it finds none) and is scored against the label.
 * Engine code: no editor or protocol imports.
 */
import * as path from 'node:path';

/**
 * One scored sample: the label (0-based first wrong step, -1 when all right) and the prediction.
 * `predicted: null` is an answer that could not be read: as in ProcessBench's `run_eval.py`
 * (`pred = None`, `match = pred == label`), it matches nothing, on either side.
 */
export interface FirstErrorItem {
  subset: string;
  label: number;
  predicted: number | null;
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
  /**
   * Per subset: the harmonic mean of the two accuracies (0 when both are 0, null when either
   * side is empty). Overall: ProcessBench's average, the mean of the subsets' F1 (those that
   * have one), not the F1 of the pooled records.
   */
  f1: number | null;
  /** Predictions that could not be read (scored as misses). */
  unreadable: number;
}

/** The overall row: pooled counts, the mean of the subsets' F1, and what that mean is over. */
export interface OverallScore extends FirstErrorScore {
  /** The harmonic mean of the pooled accuracies (what a single-subset reader might expect). */
  pooled_f1: number | null;
  /** The subsets whose F1 went into `f1` (a subset with an empty side has none). */
  averaged: string[];
}

export { predictFirstError } from '../check/first-error';

/** Scores items per subset (in order of first appearance) and over all of them. */
export function scoreFirstError(items: readonly FirstErrorItem[]): { subsets: FirstErrorScore[]; overall: OverallScore } {
  const groups = new Map<string, FirstErrorItem[]>();
  for (const item of items) {
    const group = groups.get(item.subset);
    if (group) group.push(item);
    else groups.set(item.subset, [item]);
  }
  const subsets = [...groups].map(([subset, group]) => scoreGroup(subset, group));
  const pooled = scoreGroup('overall', items);
  const withF1 = subsets.filter((s): s is FirstErrorScore & { f1: number } => s.f1 !== null);
  const average = withF1.length === 0 ? null : withF1.reduce((sum, s) => sum + s.f1, 0) / withF1.length;
  return { subsets, overall: { ...pooled, f1: average, pooled_f1: pooled.f1, averaged: withF1.map((s) => s.subset) } };
}

function scoreGroup(subset: string, items: readonly FirstErrorItem[]): FirstErrorScore {
  const erroneous = side(
    items.filter((i) => i.label >= 0),
    (i) => i.predicted === i.label,
  );
  const correct = side(
    items.filter((i) => i.label === -1),
    (i) => i.predicted === -1,
  );
  return { subset, erroneous, correct, f1: harmonicMean(erroneous.accuracy, correct.accuracy), unreadable: items.filter((i) => i.predicted === null).length };
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
