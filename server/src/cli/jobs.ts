import { jobFromDocument, jobsFromDataset, type ExportJob } from '../engine/export/sources';
import { expandInputs, readInputs } from './inputs';

/** One solution to critique, as read from a document or a dataset line. */
export type Job = ExportJob;

/**
 * Reads the CLI's FILE|FOLDER|DATA.jsonl arguments into jobs. Whatever cannot be read (a
 * missing file, a document with no steps, a dataset line that does not parse) is returned in
 * `problems` as one line each, for the caller to print; the rest is kept.
 */
export async function loadJobs(args: readonly string[]): Promise<{ jobs: Job[]; problems: string[] }> {
  const { inputs, problems } = await expandInputs(args);
  const jobs: Job[] = [];
  for await (const { input, text } of readInputs(inputs, problems)) {
    if (input.kind === 'document') {
      const { job, problem } = jobFromDocument(text, input.path);
      if (job) jobs.push(job);
      if (problem) problems.push(problem);
    } else {
      const loaded = jobsFromDataset(text, input.path);
      // Not push(...): a dataset of 200,000 records spread into one call overflows the stack.
      for (const p of loaded.problems) problems.push(p);
      for (const j of loaded.jobs) jobs.push(j);
    }
  }
  return { jobs, problems };
}
