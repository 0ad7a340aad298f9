import type { Solution, Span } from '../solution/types';
import { compareAnswers, type AnswerComparison } from './answer';
import type { CheckedEquation } from './equations';
import { atOffset, type StepCheckCache } from './step-cache';
import { checkStep } from './step-checks';
import { scanDefines } from './substitutions';

/** An equation as judged in a document: its span is in document offsets. */
export interface DocumentEquation extends Omit<CheckedEquation, 'start' | 'end' | 'fix'> {
  span: Span;
  fix?: { span: Span; text: string; was: string };
}

/** The final answer set against the reference answer. */
export interface AnswerReport extends AnswerComparison {
  written: string;
  reference: string;
  span: Span;
  stepIndex: number;
  /** No `\boxed{}` or "The answer is": the last number (or choice) of the last step was read. */
  implicit: boolean;
}

/** What was checked in one step — what a hover shows. */
export interface StepReport {
  stepIndex: number;
  equations: DocumentEquation[];
  /** The equations of `equations` judged wrong, in the same order: what the checks read. */
  wrong: readonly DocumentEquation[];
  /** The step's text may define a function (`f(x) =`): whether wrong-substitution reads the document. */
  readonly mayDefine: boolean;
  /**
   * What `read` makes of the step's text, kept with the step's cached check: a pass that reads
   * the document (rewrites excused by earlier relations, substitutions) folds these per-step
   * readings, so after an edit only the edited step is read again. `read` must depend on the
   * text alone, and be one function (its identity is the key).
   */
  derive<T>(read: (text: string) => T): T;
  /** Present on the step that states the final answer when a reference answer is known. */
  answer?: AnswerReport;
}

/** Every step's equations judged (through the cache when there is one). */
export function stepReports(solution: Solution, cache?: StepCheckCache): StepReport[] {
  if (cache) return cache.reports(solution.steps);
  return solution.steps.map((step): StepReport => {
    const equations = checkStep(step.text).map((eq) => atOffset(eq, step.textStart));
    return { stepIndex: step.index, equations, wrong: equations.filter((e) => e.verdict === 'wrong'), mayDefine: scanDefines(step.text), derive: (read) => read(step.text) };
  });
}

/**
 * The final answer compared with the reference. Without a written final answer, the last
 * number of the last step stands in (as Qwen2.5-Math's extractor does for GSM8K), but only to
 * agree: a last number that differs is no proof of a wrong answer.
 */
export function answerReport(solution: Solution): AnswerReport | undefined {
  const reference = solution.referenceAnswer;
  if (reference === undefined || reference === '') return undefined;
  const final = solution.finalAnswer;
  if (final) return { ...compareAnswers(final.text, reference), written: final.text, reference, span: final.span, stepIndex: final.stepIndex, implicit: false };
  const last = solution.steps[solution.steps.length - 1];
  const implicit = last && lastValue(last.text);
  if (!last || !implicit) return undefined;
  const comparison = compareAnswers(implicit.text, reference);
  if (comparison.verdict !== 'equal') return undefined;
  const span = { start: last.textStart + implicit.start, end: last.textStart + implicit.end };
  return { ...comparison, written: implicit.text, reference, span, stepIndex: last.index, implicit: true };
}

/** The last number of a step ("= $18 every day" → 18), or its choice letter ("Choice_B"). */
export function lastValue(text: string): { text: string; start: number; end: number } | undefined {
  let found: { text: string; start: number; end: number } | undefined;
  const choice = /\b(?:choice|option|answer)[_\s:]*\(?([A-J])\)?(?![A-Za-z])/dgi;
  for (let m = choice.exec(text); m; m = choice.exec(text)) {
    const [start, end] = m.indices?.[1] ?? [m.index, m.index];
    found = { text: m[1], start, end };
  }
  if (found) return found;
  const number = /-?\d[\d,]*(?:\.\d+)?/g;
  for (let m = number.exec(text); m; m = number.exec(text)) found = { text: m[0].replace(/,$/, ''), start: m.index, end: m.index + m[0].replace(/,$/, '').length };
  return found;
}
