import { promises as fs } from 'node:fs';
import { openParquet, writeParquetAtomic } from '../datasets/parquet';
import { appendJsonl, parseJsonl } from '../io/jsonl';
import { readDoneIds, type DoneIds } from './run-export';

/**
 * Where an export's records go: a JSONL file appended to (each batch one flushed write), or a
 * Parquet file. Parquet cannot be appended to, so the records of a run are journalled as JSONL
 * beside it (`records.parquet.partial.jsonl`, flushed like any JSONL output) and, when the run
 * ends (finished, cancelled or stopped), the records already in the Parquet file and the
 * journal's are written whole to a temporary file that is renamed over it; then the journal
 * goes. A crash leaves the old Parquet file intact and the journal holding the new records, so
 * the next run (which reads the ids of both) resumes and finishes the file.
 */
export interface TrainingOutput {
  file: string;
  /** Ids already written by earlier runs, and what was found damaged. */
  done: DoneIds;
  append(records: readonly unknown[]): Promise<void>;
  /** Writes the Parquet file (no-op for JSONL). Returns the record count of the file. */
  finish(): Promise<number | undefined>;
}

export const isParquetPath = (file: string) => /\.parquet$/i.test(file);

export function partialPath(file: string): string {
  return `${file}.partial.jsonl`;
}

export async function openTrainingOutput(file: string): Promise<TrainingOutput> {
  if (!isParquetPath(file)) {
    return { file, done: await readDoneIds(file), append: (records) => appendJsonl(file, records), finish: async () => undefined };
  }
  const journal = partialPath(file);
  const inJournal = await readDoneIds(journal);
  const ids = new Set(inJournal.ids);
  let exists = inJournal.exists;
  if (await fileExists(file)) {
    exists = true;
    for await (const r of parquetRecords(file)) ids.add(String(r.id));
  }
  return {
    file,
    done: { ...inJournal, ids, exists },
    append: (records) => appendJsonl(journal, records),
    async finish() {
      const rows: Record<string, unknown>[] = [];
      if (await fileExists(file)) for await (const r of parquetRecords(file)) rows.push(r);
      let text = '';
      try {
        text = await fs.readFile(journal, 'utf8');
      } catch {
        /* nothing new */
      }
      const have = new Set(rows.map((r) => String(r.id)));
      // A torn last line (a crash mid-append) is left out: that job was not finished.
      for (const r of parseJsonl(text).records as Record<string, unknown>[]) {
        if (r && typeof r === 'object' && !have.has(String(r.id))) {
          have.add(String(r.id));
          rows.push(r);
        }
      }
      if (rows.length === 0) return 0;
      await writeParquetAtomic(file, rows);
      await fs.rm(journal, { force: true });
      return rows.length;
    },
  };
}

/** The rows of a Parquet file as written by `writeParquetAtomic` (JSON columns parsed back). */
async function* parquetRecords(file: string): AsyncGenerator<Record<string, unknown>> {
  const pq = await openParquet(file);
  try {
    for (let g = 0; g < pq.rowGroups; g++) yield* await pq.readRowGroup(g);
  } finally {
    await pq.close();
  }
}

async function fileExists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

