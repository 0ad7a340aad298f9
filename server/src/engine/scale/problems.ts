import * as z from 'zod';
import { parseJsonl } from '../io/jsonl';
import { parseSolutionDocument } from '../solution';

/** A problem to scale on: the question and the reference answer its samples are scored against. */
export interface ScaleProblem {
  id: string;
  /** Where it was read (a file name). */
  source: string;
  problem: string;
  answer: string;
}

export interface LoadedProblems {
  problems: ScaleProblem[];
  /** One line per problem that cannot be used, naming it and saying why. */
  skipped: string[];
}

// `{id, problem, answer}` (GSM8K/MATH style), with the field's aliases; steps, labels and the
// rest of a step-labelled or critique record are allowed and ignored, so the datasets the other
// commands read are problems too.
const problemRecord = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    problem: z.string().optional(),
    question: z.string().optional(),
    query: z.string().optional(),
    answer: z.union([z.string(), z.number()]).nullable().optional(),
    reference_answer: z.union([z.string(), z.number()]).nullable().optional(),
  })
  .passthrough();

/** The problems of a JSONL dataset; a line without a problem or a reference answer is named and skipped. */
export function problemsFromDataset(text: string, source: string): LoadedProblems {
  const { records, lines, bad } = parseJsonl(text, (v) => problemRecord.parse(v));
  const out: LoadedProblems = { problems: [], skipped: bad.map((b) => `${source}:${b.line}: skipped a line that does not parse: ${b.reason}`) };
  records.forEach((r, i) => {
    const where = `${source}:${lines[i]}`;
    const id = r.id === undefined ? where : String(r.id);
    const problem = (r.problem ?? r.question ?? r.query ?? '').trim();
    const answer = r.answer ?? r.reference_answer;
    if (!problem) out.skipped.push(`${where} (${id}): skipped: no problem text (problem, question or query)`);
    else if (answer === undefined || answer === null || String(answer).trim() === '') out.skipped.push(`${where} (${id}): skipped: no reference answer (answer)`);
    else out.problems.push({ id, source, problem, answer: String(answer) });
  });
  return out;
}

/** A solution document as a problem: its Problem part and the front matter's `answer:`. */
export function problemFromDocument(text: string, source: string): LoadedProblems {
  const { solution } = parseSolutionDocument(text);
  const id = solution.id ?? source;
  if (!solution.problem.trim()) return { problems: [], skipped: [`${source}: skipped: no problem (write it under a "# Problem" heading)`] };
  if (!solution.referenceAnswer?.trim()) return { problems: [], skipped: [`${source}: skipped: no reference answer (add \`answer:\` to the front matter)`] };
  return { problems: [{ id, source, problem: solution.problem, answer: solution.referenceAnswer }], skipped: [] };
}
