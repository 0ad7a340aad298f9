import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { contentId } from '../curate/record-key';
import { DatasetError, readDataset, skippedLine } from '../datasets';

export { contentId };
import { DEFAULT_SOLUTION_GLOBS, isSolutionDocument, parseSolutionDocument } from '../solution';
import { readTextFile } from '../io/decode';

/** One solution to export, as read from a document or a dataset line. */
export interface ExportJob {
  id: string;
  source: string;
  problem: string;
  steps: string[];
  /** The reference answer, when the document or record gives one. */
  answer?: string;
}

/**
 * Where a batch of solutions comes from, read the same way by the CLI and the editor. What
 * cannot be read comes back in `problems`, one line each, for the caller to show.
 */
export interface LoadedJobs {
  jobs: ExportJob[];
  problems: string[];
}


/** A solution document's text as a job (id: front matter `id:`, else its content's, see `contentId`). */
export function jobFromDocument(text: string, source: string): { job?: ExportJob; problem?: string } {
  const { solution } = parseSolutionDocument(text);
  if (solution.steps.length === 0) return { problem: `${source}: no steps to critique` };
  const steps = solution.steps.map((s) => s.text);
  return { job: { id: solution.id ?? contentId(solution.problem, steps), source, problem: solution.problem, steps, answer: solution.referenceAnswer } };
}

/**
 * A dataset file (JSON Lines, JSON array or Parquet, in any shape the dataset reader knows) as
 * jobs. A record that does not map is a problem line ("file:12: skipped a record: …"); a file
 * that is not a dataset, or whose records match no known shape, is one problem line saying so
 * (and `failed` is true). An id-less record's id is its content's (see `contentId`).
 */
export async function jobsFromDatasetFile(file: string, options: { format?: string } = {}): Promise<LoadedJobs & { skipped: number; failed: boolean }> {
  const jobs: ExportJob[] = [];
  const problems: string[] = [];
  let skipped = 0;
  try {
    for await (const r of readDataset(file, { format: options.format, onSkip: (s) => (skipped++, problems.push(skippedLine(s))) })) {
      jobs.push({ id: r.id, source: file, problem: r.problem, steps: r.steps, ...(r.answer !== undefined ? { answer: r.answer } : {}) });
    }
  } catch (err) {
    problems.push(datasetProblem(file, err));
    return { jobs, problems, skipped, failed: true };
  }
  return { jobs, problems, skipped, failed: false };
}

/** One line for a dataset file that could not be read at all. */
export function datasetProblem(file: string, err: unknown): string {
  if (err instanceof DatasetError) return err.message.startsWith(file) ? err.message : `${file}: ${err.message}`;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return `cannot read ${file}: no such file or folder`;
  if (e?.code === 'EACCES') return `cannot read ${file}: permission denied`;
  if (e?.code === 'EISDIR') return `cannot read ${file}: is a folder`;
  return `cannot read ${file}: ${e instanceof Error ? e.message : String(err)}`;
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);

/**
 * The solution documents below a folder (by the solution globs, relative to `dir`, or the
 * Problem/Solution structure), sorted. `globs` may instead be the test itself, for callers
 * whose globs depend on the file (the CLI: each file's `.mathcritic.json`); what it throws ends the walk.
 */
export async function findSolutionDocuments(dir: string, globs: readonly string[] | ((file: string, text: string) => boolean) = DEFAULT_SOLUTION_GLOBS): Promise<{ files: string[]; problems: string[] }> {
  const isSolution = typeof globs === 'function' ? globs : (file: string, text: string) => isSolutionDocument(path.relative(dir, file), text, globs);
  const files: string[] = [];
  const problems: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch (e) {
      problems.push(`cannot read ${d}: ${(e as Error).message}`);
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && /\.(md|markdown)$/i.test(e.name)) {
        let text: string;
        try {
          text = await readTextFile(p);
        } catch (e) {
          problems.push(`cannot read ${p}: ${(e as Error).message}`);
          continue;
        }
        if (isSolution(p, text)) files.push(p);
      }
    }
  };
  await walk(dir);
  return { files, problems };
}

/** Every solution document below `dir` as jobs. */
export async function jobsFromFolder(dir: string, globs?: readonly string[]): Promise<LoadedJobs> {
  const { files, problems } = await findSolutionDocuments(dir, globs);
  const jobs: ExportJob[] = [];
  for (const file of files) {
    const { job, problem } = jobFromDocument(await readTextFile(file), file);
    if (job) jobs.push(job);
    if (problem) problems.push(problem);
  }
  return { jobs, problems };
}
