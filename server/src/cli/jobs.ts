import { promises as fs } from 'node:fs';
import { jobFromDocument, jobsFromDataset, type ExportJob } from '../engine/export/sources';
import { expandInputs, reason } from './inputs';

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
  for (const input of inputs) {
    let text: string;
    try {
      text = await fs.readFile(input.path, 'utf8');
    } catch (e) {
      problems.push(`cannot read ${input.path}: ${reason(e)}`);
      continue;
    }
    if (input.kind === 'document') {
      const { job, problem } = jobFromDocument(text, input.path);
      if (job) jobs.push(job);
      if (problem) problems.push(problem);
    } else {
      const loaded = jobsFromDataset(text, input.path);
      problems.push(...loaded.problems);
      jobs.push(...loaded.jobs);
    }
  }
  return { jobs, problems };
}
