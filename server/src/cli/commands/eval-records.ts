import { readDataset, skippedLine } from '../../engine/datasets';
import { datasetProblem } from '../../engine/export/sources';
import { subsetOf } from '../../engine/eval/process-bench';
import type { EvalRecord } from '../../engine/eval/predict';
import { cliCheckerOptions } from '../config';

/**
 * The labelled records of `eval`'s datasets. A record without a label, or one that does not
 * map, is named on stderr and skipped; a file that is not a dataset is named and counted in
 * `unreadableFiles`.
 */
export async function loadEvalRecords(files: readonly string[], format: string | undefined, err: NodeJS.WritableStream): Promise<{ records: EvalRecord[]; skipped: number; unreadableFiles: number }> {
  const records: EvalRecord[] = [];
  let skipped = 0;
  let unreadableFiles = 0;
  for (const file of files) {
    let used = 0;
    let fileSkipped = 0;
    const skip = (place: string, reason: string) => {
      err.write(`mathcritic eval: ${skippedLine({ place, reason })}\n`);
      fileSkipped++;
    };
    // The dataset's .mathcritic.json says what counts as an error (a broken one: exit 2).
    const { severities } = cliCheckerOptions(file);
    try {
      for await (const record of readDataset(file, { format, onSkip: (s) => skip(s.place, s.reason) })) {
        if (record.label === undefined) {
          skip(record.place, 'it has no first-wrong-step label');
          continue;
        }
        records.push({
          id: record.id,
          subset: subsetOf(record, file),
          label: record.label,
          problem: record.problem,
          steps: record.steps,
          severities,
          ...(record.answer !== undefined ? { answer: record.answer } : {}),
        });
        used++;
      }
    } catch (e) {
      err.write(`mathcritic eval: ${datasetProblem(file, e)}\n`);
      unreadableFiles++;
    }
    skipped += fileSkipped;
    err.write(`${file}: ${used} record${used === 1 ? '' : 's'} evaluated${fileSkipped > 0 ? `, ${fileSkipped} skipped` : ''}.\n`);
  }
  return { records, skipped, unreadableFiles };
}
