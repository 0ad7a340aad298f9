import type { CurationBook } from './curation-book';
import { prm800kRow, stepVerdicts, trlRow, type CuratedLayout, type NeutralAs } from './prm-export';
import { writeParquetAtomic } from '../datasets/parquet';
import type { NormalizedRecord } from './normalize';
import type { CurationState } from './types';
import type { DatasetIndex } from './dataset-index';
import { curatedRecord, snapshotRecord } from './export';
import { writeLinesAtomic } from '../io/atomic-write';
import { CurateError } from './errors';
import * as path from 'node:path';

/**
 * Writes the curated dataset: every record of the dataset in its order with its labels merged,
 * then the records that exist only as snapshots in the journal (labels made from solution
 * documents). With no dataset, only the latter: that is how `.mathcritic/labels.journal`
 * becomes a JSONL. Atomic: the target holds the old content until the new one is complete.
 */
export interface CuratedExportOptions {
  /** `records` (default): every record with labels merged; `trl` / `prm800k`: the step-labelled records as PRM training data. */
  layout?: CuratedLayout;
  /** How a neutral step rating becomes a TRL boolean (default `right`). */
  neutral?: NeutralAs;
}

/**
 * The curated export, as JSON Lines, or as Parquet when `target` ends in .parquet (built whole,
 * written to a temporary file and renamed, like every export).
 */
export async function exportCurated(source: { index?: DatasetIndex; book: CurationBook }, target: string, options: CuratedExportOptions = {}): Promise<{ written: number; path: string }> {
  const { index, book } = source;
  // The dataset is never rewritten: an export over it would be exactly that.
  if (index && path.resolve(target) === path.resolve(index.path)) {
    throw new CurateError('bad-event', `Export to a new file: ${target} is the dataset itself, which the curator never rewrites.`);
  }
  if (/\.journal$/i.test(target)) throw new CurateError('bad-event', `Export to a .jsonl or .parquet file, not to a journal (${target}).`);
  const layout = options.layout ?? 'records';
  const neutral = options.neutral ?? 'right';
  // A step-labelled record as PRM training data, or nothing when it has no step label.
  const prmRow = (key: string, record: NormalizedRecord, state: CurationState): Record<string, unknown> | undefined => {
    const verdicts = stepVerdicts(state, record.steps.length);
    if (!verdicts) return undefined;
    return layout === 'trl' ? trlRow(record.problem, record.steps, verdicts, neutral) : prm800kRow(record.problem, record.steps, verdicts, record.referenceAnswer, record.id ?? key, state.updatedAt);
  };
  if (index?.changedOnDisk()) {
    throw new CurateError('changed', `${index.path} changed on disk since it was opened; reopen it and export again (nothing was written).`);
  }
  const changed = (i: number) =>
    new CurateError('changed', `Line ${index!.line(i)} of ${index!.path} changed since the dataset was opened; reopen it and export again (nothing was written).`);
  function* lines(): Generator<string> {
    if (index) {
      for (let i = 0; i < index.count; i++) {
        const state = book.state(index.key(i));
        if (layout !== 'records') {
          if (state.updatedAt === null) continue;
          const n = index.normalize(JSON.parse(index.rawText(i)));
          if (!n.ok) throw changed(i);
          const row = prmRow(index.key(i), n.record, state);
          if (row) yield JSON.stringify(row);
          continue;
        }
        // An untouched record is copied as written: no parse, no re-serialisation.
        if (state.updatedAt === null) {
          yield index.rawText(i);
          continue;
        }
        let raw: Record<string, unknown>;
        try {
          raw = JSON.parse(index.rawText(i)) as Record<string, unknown>;
        } catch {
          throw changed(i);
        }
        const n = index.normalize(raw);
        if (!n.ok) throw changed(i);
        yield JSON.stringify(curatedRecord(raw, n.record, state));
      }
    }
    for (const key of book.keys()) {
      if (index?.indexOfKey(key) !== undefined) continue;
      const snapshot = book.snapshot(key);
      if (!snapshot) continue;
      if (layout === 'records') yield JSON.stringify(snapshotRecord(key, snapshot, book.state(key)));
      else {
        const row = prmRow(key, { problem: snapshot.problem, steps: snapshot.steps }, book.state(key));
        if (row) yield JSON.stringify(row);
      }
    }
  }
  if (/\.parquet$/i.test(target)) {
    const rows = [...lines()].map((l) => JSON.parse(l) as Record<string, unknown>);
    await writeParquetAtomic(target, rows);
    return { written: rows.length, path: target };
  }
  const written = await writeLinesAtomic(target, lines());
  return { written, path: target };
}
