import { isParquetPath, partialPath, type TrainingOutput } from '../engine/export/output';

/** Ids already written by an earlier run; a torn last line (a crash mid-write) is skipped. */
export function doneIds(output: TrainingOutput, err: NodeJS.WritableStream): Set<string> {
  const { ids, bad, tornTail } = output.done;
  const journal = isParquetPath(output.file) ? partialPath(output.file) : output.file;
  if (tornTail) err.write(`mathcritic: ${journal} ends in a torn line (an interrupted write); it is ignored and that record is asked again.\n`);
  else for (const b of bad) err.write(`mathcritic: ${journal}:${b.line}: not a record, ignored: ${b.reason}\n`);
  return ids;
}

/** A Parquet output is written whole (to a temporary file, renamed) once the run has ended. */
export async function finishOutput(output: TrainingOutput | undefined, err: NodeJS.WritableStream): Promise<void> {
  if (!output || !isParquetPath(output.file)) return;
  try {
    const n = await output.finish();
    err.write(`\n${output.file}: ${n} record${n === 1 ? '' : 's'} written as Parquet.`);
  } catch (e) {
    err.write(`\nmathcritic: ${output.file} could not be written (${(e as Error).message}); the new records are kept in ${partialPath(output.file)} and the next run writes them.\n`);
  }
}
