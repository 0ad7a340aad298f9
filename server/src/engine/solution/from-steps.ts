import * as z from 'zod';
import type { Solution, Step } from './types';
import { findFinalAnswer } from './final-answer';

export interface StepsRecord {
  id?: string;
  problem: string;
  steps: readonly string[];
  answer?: string | null;
}

/**
 * Builds a Solution from a dataset record (ProcessBench style: problem + steps[]) by laying the
 * steps out in a synthetic document, so that spans stay meaningful for findings and exports.
 */
export function solutionFromSteps(record: StepsRecord): { solution: Solution; text: string } {
  const header = `# Problem\n\n${record.problem}\n\n# Solution\n\n`;
  let text = header;
  const steps: Step[] = record.steps.map((stepText, index) => {
    const marker = `Step ${index + 1}: `;
    const start = text.length;
    text += marker + stepText;
    const step: Step = { index, text: stepText, span: { start, end: text.length }, textStart: start + marker.length };
    text += '\n\n';
    return step;
  });
  const solutionSpan = { start: header.length, end: text.length };
  const solution: Solution = {
    id: record.id,
    problem: record.problem,
    problemSpan: { start: '# Problem\n\n'.length, end: '# Problem\n\n'.length + record.problem.length },
    steps,
    stepStyle: 'step-lines',
    referenceAnswer: record.answer === null || record.answer === undefined ? undefined : String(record.answer),
    finalAnswer: findFinalAnswer(text, solutionSpan, steps),
    solutionSpan,
  };
  return { solution, text };
}

/**
 * A step-labelled dataset record as the field writes them (ProcessBench, PRM800K-derived,
 * MathCritique): `problem` (or `question`/`query`), `steps[]`, optional `answer`, `id`, `label`.
 */
export const stepsRecordSchema = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    problem: z.string().optional(),
    question: z.string().optional(),
    query: z.string().optional(),
    steps: z.array(z.string()),
    answer: z.union([z.string(), z.number()]).nullable().optional(),
    label: z.number().int().optional(),
  })
  .passthrough()
  .transform((r) => ({
    ...r,
    id: r.id === undefined ? undefined : String(r.id),
    problem: r.problem ?? r.question ?? r.query ?? '',
    answer: r.answer === null || r.answer === undefined ? undefined : String(r.answer),
  }));
