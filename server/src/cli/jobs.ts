import { jobFromDocument, jobsFromDatasetFile, type ExportJob } from '../engine/export/sources';
import { expandInputs, readInputs } from './inputs';

/** One solution to critique, as read from a document or a dataset line. */
export type Job = ExportJob;

/**
 * Reads the CLI's FILE|FOLDER|DATASET arguments (a dataset in any container and shape the engine reads) into jobs. Whatever cannot be read (a
 * missing file, a document with no steps, a dataset line that does not parse) is returned in
 * `problems` as one line each, for the caller to print; the rest is kept.
 */
export async function loadJobs(args: readonly string[], options: { format?: string } = {}): Promise<{ jobs: Job[]; problems: string[]; skipped: number }> {
  const { inputs, problems } = await expandInputs(args);
  const jobs: Job[] = [];
  let skipped = 0;
  for (const input of inputs) {
    if (input.kind === 'dataset') {
      const loaded = await jobsFromDatasetFile(input.path, options);
      // Not push(...): a dataset of 200,000 records spread into one call overflows the stack.
      for (const p of loaded.problems) problems.push(p);
      for (const j of loaded.jobs) jobs.push(j);
      skipped += loaded.skipped;
      continue;
    }
    for await (const { text } of readInputs([input], problems)) {
      const { job, problem } = jobFromDocument(text, input.path);
      if (job) jobs.push(job);
      if (problem) problems.push(problem);
    }
  }
  return { jobs, problems, skipped };
}
