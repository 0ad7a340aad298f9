import { detectContainer, objectRows } from './rows';
import { contentId } from '../curate/record-key';
import { detectShape, resolveShapeOrThrow } from './shapes/resolve';
import { answerOf, idOf, str } from './shapes/shape';
import type { SkippedRecord } from './read';

/** A problem to solve (no steps needed): `explore`'s input. */
export interface ProblemRecord {
  id: string;
  problem: string;
  answer: string;
  place: string;
}

const PROBLEM_FIELDS = ['problem', 'question', 'query', 'prompt', 'Question', 'input'] as const;
const ANSWER_FIELDS = ['answer', 'ground_truth_answer', 'final_answer', 'target', 'gt_answer', 'Ground_Truth'] as const;

/**
 * The problems of a dataset file (any container), each with its reference answer: a record in
 * a known step-labelled shape gives its problem and answer; otherwise a row with a problem field
 * (problem, question, query, prompt) and an answer field. GSM8K's answers ("… #### 18") give the
 * number after "####". A row without both is skipped, by place and reason.
 */
export async function* readProblems(file: string, options: { format?: string; onSkip?: (s: SkippedRecord) => void } = {}): AsyncGenerator<ProblemRecord> {
  const forced = options.format ? resolveShapeOrThrow(options.format) : undefined;
  const container = await detectContainer(file);
  let read: ReturnType<NonNullable<typeof forced>['reader']> | undefined;
  let decided = false;
  const occurrences = new Map<string, number>();
  // An id-less problem is named by what it says, not where it sits (as readDataset's records):
  // another spelling of the path, or a reordered file, resumes instead of starting again.
  const idFor = (own: string | undefined, problem: string): string => {
    if (own !== undefined) return own;
    const n = (occurrences.get(problem) ?? 0) + 1;
    occurrences.set(problem, n);
    return contentId(problem, [], n);
  };
  for await (const { place, value: r } of objectRows(file, container, options.onSkip)) {
    if (!decided) {
      decided = true;
      const shape = forced ?? detectShape(r);
      // Only the benchmark layouts need their reader; a plain {problem, answer} row is read here.
      if (shape && shape.name !== 'mathcritic') read = shape.reader();
    }
    if (read) {
      const m = read(r);
      if ('skip' in m) options.onSkip?.({ place, reason: m.skip });
      else if (m.answer === undefined) options.onSkip?.({ place, reason: 'no reference answer' });
      else yield { id: idFor(m.id, m.problem), problem: m.problem, answer: m.answer, place };
      continue;
    }
    const problemField = PROBLEM_FIELDS.find((f) => str(r[f]) !== undefined);
    const answerField = ANSWER_FIELDS.find((f) => answerOf(r[f]) !== undefined);
    if (!problemField || !answerField) {
      options.onSkip?.({ place, reason: `no ${!problemField ? 'problem (problem, question, query or prompt)' : 'answer (answer, ground_truth_answer, final_answer or target)'} field; fields found: ${Object.keys(r).join(', ')}` });
      continue;
    }
    let answer = answerOf(r[answerField])!;
    const hashes = /####\s*(.+)\s*$/.exec(answer);
    if (hashes) answer = hashes[1].trim();
    yield { id: idFor(idOf(r.id), r[problemField] as string), problem: r[problemField] as string, answer, place };
  }
}
