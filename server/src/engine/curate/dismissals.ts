import { createHash } from 'node:crypto';
import type { CurationBook } from './curation-book';

/** What a dismissal is filed under: the problem and the steps up to and including step k. */
export function stepPrefixKey(problem: string, steps: readonly string[], k: number): string {
  return createHash('sha256')
    .update(JSON.stringify({ problem, steps: steps.slice(0, k + 1), k }))
    .digest('hex');
}

/**
 * The critic verdicts a person has called "not an error", from labels made on solution
 * documents (their snapshots): a step labelled correct, or a critique marked wrong (on the step
 * it named). Filed by the step and what comes before it, which is what the critic judged, so a
 * dismissal lasts until the text of that step (or of a step before it, or the problem) changes.
 * A later label of the same field wins, as everywhere in the book.
 */
export function dismissedSteps(book: CurationBook): Set<string> {
  const out = new Set<string>();
  for (const key of book.keys()) {
    const snapshot = book.snapshot(key);
    if (!snapshot) continue;
    const state = book.state(key);
    for (const [step, rating] of Object.entries(state.ratings)) if (rating === 'correct') out.add(stepPrefixKey(snapshot.problem, snapshot.steps, Number(step)));
    const named = snapshot.critiqueFirstWrongStep;
    if (state.critiqueVerdict === 'rejected' && named !== undefined && named >= 0) out.add(stepPrefixKey(snapshot.problem, snapshot.steps, named));
  }
  return out;
}
