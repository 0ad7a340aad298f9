import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseJsonl } from '../io/jsonl';
import { contentKey } from '../curate/record-key';
import { DEFAULT_SOLUTION_GLOBS, isSolutionDocument, parseSolutionDocument, stepsRecordSchema } from '../solution';
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

/**
 * The id of a solution that brings none: what it says (problem and steps), so that no spelling
 * of the input path (`data.jsonl`, `./data.jsonl`, an absolute path), no working directory and
 * no reordering of lines changes it, and a resumed run finds what it already wrote. The n-th
 * repeat of the same solution in one input is `…-n`.
 */
export function contentId(problem: string, steps: readonly string[], occurrence = 1): string {
  const id = `sha256-${contentKey(problem, steps).slice(0, 16)}`;
  return occurrence > 1 ? `${id}-${occurrence}` : id;
}

/** A solution document's text as a job (id: front matter `id:`, else its content's, see `contentId`). */
export function jobFromDocument(text: string, source: string): { job?: ExportJob; problem?: string } {
  const { solution } = parseSolutionDocument(text);
  if (solution.steps.length === 0) return { problem: `${source}: no steps to critique` };
  const steps = solution.steps.map((s) => s.text);
  return { job: { id: solution.id ?? contentId(solution.problem, steps), source, problem: solution.problem, steps, answer: solution.referenceAnswer } };
}

/** A JSONL dataset of `{id?, problem|question|query, steps[], answer?}` as jobs; an id-less line gets its content's id. */
export function jobsFromDataset(text: string, source: string): LoadedJobs {
  const { records, bad } = parseJsonl(text, (v) => stepsRecordSchema.parse(v));
  const seen = new Map<string, number>();
  return {
    jobs: records.map((r) => {
      let id = r.id;
      if (id === undefined) {
        const base = contentId(r.problem, r.steps);
        const n = (seen.get(base) ?? 0) + 1;
        seen.set(base, n);
        id = contentId(r.problem, r.steps, n);
      }
      return { id, source, problem: r.problem, steps: [...r.steps], answer: r.answer };
    }),
    problems: bad.map((b) => `${source}:${b.line}: skipped a record that does not parse: ${b.reason}`),
  };
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);

/** The solution documents below a folder (by the solution globs or the Problem/Solution structure), sorted. */
export async function findSolutionDocuments(dir: string, globs: readonly string[] = DEFAULT_SOLUTION_GLOBS): Promise<{ files: string[]; problems: string[] }> {
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
        try {
          const rel = path.relative(dir, p);
          if (isSolutionDocument(rel, await readTextFile(p), globs)) files.push(p);
        } catch (e) {
          problems.push(`cannot read ${p}: ${(e as Error).message}`);
        }
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
