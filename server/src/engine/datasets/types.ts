/**
 * One dataset record in MathCritic's shape, whatever file and record layout it came from
 * (the convention of `../shared/data`: ProcessBench's `label`, 0-based first wrong step, -1
 * when every step is right).
 */
export interface DatasetRecord {
  /** The record's own id, else `file:line` / `file:record N` (stable across runs of one file). */
  id: string;
  /** The record's `source` field ("processbench/gsm8k"), when it has one. */
  source?: string;
  problem: string;
  steps: string[];
  /** First wrong step (0-based), -1 = every step right, undefined = the record does not say. */
  label?: number;
  /** The reference final answer. */
  answer?: string;
  meta: Record<string, unknown>;
  /** A critique the record carries (MathCritique rows, our critique records). */
  critique?: { text: string; firstWrongStep: number | null; model?: string };
  /** A refinement the record carries (the MathCritique release's `output`). */
  refinement?: string;
}

/** Where a record sits in its file, for messages: "file:12" (line) or "file:record 12". */
export interface RecordPlace {
  /** 1-based line (JSONL) or record number (JSON array, Parquet row). */
  number: number;
  unit: 'line' | 'record';
}

export function placeText(file: string, place: RecordPlace): string {
  return place.unit === 'line' ? `${file}:${place.number}` : `${file}:record ${place.number}`;
}

export type Container = 'jsonl' | 'json' | 'parquet';
