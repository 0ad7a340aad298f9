import type { DocumentIssue, Solution, Span } from '../solution/types';
import { checkEquations, type CheckedEquation } from './equations';
import { compareAnswers, type AnswerComparison } from './answer';
import { DEFAULT_SEVERITIES, type Finding, type FindingCode, type Severity } from './findings';
import { atOffset, type StepCheckCache } from './step-cache';

/** An equation as judged in a document: its span is in document offsets. */
export interface DocumentEquation extends Omit<CheckedEquation, 'start' | 'end'> {
  span: Span;
}

/** What was checked in one step — what a hover shows. */
export interface StepReport {
  stepIndex: number;
  equations: DocumentEquation[];
  /** Present on the step that states the final answer when a reference answer is known. */
  answer?: AnswerComparison & { written: string; reference: string };
}

export interface CheckResult {
  findings: Finding[];
  steps: StepReport[];
}

export interface CheckOptions {
  severities?: Partial<Record<FindingCode, Severity | 'off'>>;
  /** Reusing one cache across checks of the same document makes an edit re-check one step. */
  cache?: StepCheckCache;
}

/**
 * The embedded critic: recomputes every equation written in each step and compares the
 * final answer with the reference answer. Offline, deterministic, and quick enough to run
 * on every keystroke.
 */
export function checkSolution(solution: Solution, issues: readonly DocumentIssue[] = [], options: CheckOptions = {}): CheckResult {
  const cache = options.cache;
  const findings: Finding[] = [];
  const severityOf = (code: FindingCode) => options.severities?.[code] ?? DEFAULT_SEVERITIES[code];
  const push = (code: FindingCode, message: string, span: Span, stepIndex: number) => {
    const severity = severityOf(code);
    if (severity !== 'off') findings.push({ code, severity, message, span, stepIndex });
  };

  for (const issue of issues) push(issue.code === 'invalid-front-matter' ? 'invalid-front-matter' : 'no-steps', issue.message, issue.span, -1);

  const steps: StepReport[] = solution.steps.map((step) => {
    const equations = cache ? cache.placed(step.text, step.textStart) : checkEquations(step.text).map((eq) => atOffset(eq, step.textStart));
    for (const eq of equations) if (eq.verdict === 'wrong') push('wrong-equation', eq.message, eq.span, step.index);
    return { stepIndex: step.index, equations };
  });
  cache?.rotate();

  const reference = solution.referenceAnswer;
  if (reference !== undefined && reference !== '') {
    const final = solution.finalAnswer;
    if (!final) {
      const last = solution.steps[solution.steps.length - 1];
      if (last) {
        push(
          'missing-final-answer',
          `No final answer found to compare with the reference answer ${reference}: end with \\boxed{…}, "The answer is …" or "#### …".`,
          last.span,
          last.index,
        );
      }
    } else {
      const comparison = compareAnswers(final.text, reference);
      const report = steps[final.stepIndex];
      if (report) report.answer = { ...comparison, written: final.text, reference };
      if (comparison.verdict === 'different') {
        push(
          'wrong-final-answer',
          `The final answer ${final.text} does not match the reference answer ${reference}${comparison.reason ? ` (${comparison.reason})` : ''}.`,
          final.span,
          final.stepIndex,
        );
      }
    }
  }

  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { findings, steps };
}
