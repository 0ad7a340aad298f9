import { promises as fs } from 'node:fs';
import { parseJsonl } from '../engine/io/jsonl';
import { parseSolutionDocument, stepsRecordSchema } from '../engine/solution';
import { expandInputs, reason } from './inputs';

/** One solution to critique, as read from a document or a dataset line. */
export interface Job {
  id: string;
  source: string;
  problem: string;
  steps: string[];
  /** The reference answer, when the document or record gives one. */
  answer?: string;
}

/**
 * Reads the CLI's FILE|FOLDER|DATA.jsonl arguments into jobs. Whatever cannot be read (a
 * missing file, a document with no steps, a dataset line that does not parse) is returned in
 * `problems` as one line each, for the caller to print; the rest is kept.
 */
export async function loadJobs(args: readonly string[]): Promise<{ jobs: Job[]; problems: string[] }> {
  const { inputs, unreadable } = await expandInputs(args);
  const problems = unreadable.map((u) => `cannot read ${u}`);
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
      const { solution } = parseSolutionDocument(text);
      if (solution.steps.length === 0) problems.push(`${input.path}: no steps to critique`);
      else jobs.push({ id: solution.id ?? input.path, source: input.path, problem: solution.problem, steps: solution.steps.map((s) => s.text), answer: solution.referenceAnswer });
    } else {
      const { records, lines, bad } = parseJsonl(text, (v) => stepsRecordSchema.parse(v));
      for (const b of bad) problems.push(`${input.path}:${b.line}: skipped a record that does not parse: ${b.reason}`);
      records.forEach((r, i) => jobs.push({ id: r.id ?? `${input.path}:${lines[i]}`, source: input.path, problem: r.problem, steps: [...r.steps], answer: r.answer }));
    }
  }
  return { jobs, problems };
}
