import type { CheckerFindingView } from './types';
import { checkSolution } from '../check';
import { checkerFirstWrongStep } from './opinions';
import { solutionFromSteps } from '../solution/from-steps';
import type { NormalizedRecord } from './normalize';

/**
 * The embedded checker on a record's steps, as the curator shows it: each finding on its step,
 * and the step the checker would name as the first wrong one (-1 when it flags none), the same
 * prediction `mathcritic eval` scores.
 */
export function checkRecord(record: NormalizedRecord): { findings: CheckerFindingView[]; firstWrongStep: number } {
  const { solution } = solutionFromSteps({ problem: record.problem, steps: record.steps, answer: record.referenceAnswer });
  const { findings } = checkSolution(solution);
  const views = findings.map((f) => ({ step: f.stepIndex, code: f.code, severity: f.severity, message: f.message }));
  return { findings: views, firstWrongStep: checkerFirstWrongStep(views) };
}
