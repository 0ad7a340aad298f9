/**
 * The pure rules of curation that the server's filters and stats and the curator page both
 * apply: when a record counts as labelled, which step the checker names, and when the
 * opinions on the first wrong step disagree. No Node import: the webview bundles this file.
 */
import { predictFirstError } from '../check/first-error';
import type { CheckerFindingView, CurationState } from './types';

export function emptyState(): CurationState {
  return { ratings: {}, firstWrongStep: null, critiqueVerdict: null, editedCritique: null, note: null, updatedAt: null };
}

/**
 * A record counts as labelled once a person judged it: a step rating, a first wrong step, a
 * verdict on the critique or an edited critique. A note alone ("come back to this") does not.
 */
export function isLabelled(s: CurationState): boolean {
  return s.firstWrongStep !== null || s.critiqueVerdict !== null || s.editedCritique !== null || Object.keys(s.ratings).length > 0;
}

/** The step the checker names as the first wrong one (-1: none), by the rule `mathcritic eval` scores. */
export function checkerFirstWrongStep(findings: readonly CheckerFindingView[]): number {
  return predictFirstError(findings.map((f) => ({ severity: f.severity, stepIndex: f.step })));
}

/**
 * Human, critic and dataset label (the `known` opinions, the ones that exist) and the checker
 * do not all name the same first wrong step. The checker counts only when it flags a step: it
 * recomputes arithmetic and answers, so its silence is not a claim that every step is right,
 * and counting it would call nearly every reasoning error a disagreement. `checker` is asked
 * last, and only when needed, since it may run the checker.
 */
export function disagree(known: readonly number[], checker: () => number): boolean {
  if (known.some((o) => o !== known[0])) return true;
  if (known.length === 0) return false;
  const step = checker();
  return step >= 0 && step !== known[0];
}
