import type { CurationBook } from './curation-book';
import type { DatasetIndex } from './dataset-index';
import { curatedRecord, snapshotRecord } from './export';
import { normalizeRecord } from './normalize';
import { writeLinesAtomic } from '../io/atomic-write';
import { CurateError } from './errors';
import * as path from 'node:path';

/**
 * Writes the curated dataset: every record of the dataset in its order with its labels merged,
 * then the records that exist only as snapshots in the journal (labels made from solution
 * documents). With no dataset, only the latter: that is how `.mathcritic/labels.journal`
 * becomes a JSONL. Atomic: the target holds the old content until the new one is complete.
 */
export async function exportCurated(source: { index?: DatasetIndex; book: CurationBook }, target: string): Promise<{ written: number; path: string }> {
  const { index, book } = source;
  // The dataset is never rewritten: an export over it would be exactly that.
  if (index && path.resolve(target) === path.resolve(index.path)) {
    throw new CurateError('bad-event', `Export to a new file: ${target} is the dataset itself, which the curator never rewrites.`);
  }
  if (/\.journal$/i.test(target)) throw new CurateError('bad-event', `Export to a .jsonl file, not to a journal (${target}).`);
  if (index?.changedOnDisk()) {
    throw new CurateError('changed', `${index.path} changed on disk since it was opened; reopen it and export again (nothing was written).`);
  }
  const changed = (i: number) =>
    new CurateError('changed', `Line ${index!.line(i)} of ${index!.path} changed since the dataset was opened; reopen it and export again (nothing was written).`);
  function* lines(): Generator<string> {
    if (index) {
      for (let i = 0; i < index.count; i++) {
        const state = book.state(index.key(i));
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
        const n = normalizeRecord(raw);
        if (!n.ok) throw changed(i);
        yield JSON.stringify(curatedRecord(raw, n.record, state));
      }
    }
    for (const key of book.keys()) {
      if (index?.indexOfKey(key) !== undefined) continue;
      const snapshot = book.snapshot(key);
      if (snapshot) yield JSON.stringify(snapshotRecord(key, snapshot, book.state(key)));
    }
  }
  const written = await writeLinesAtomic(target, lines());
  return { written, path: target };
}
