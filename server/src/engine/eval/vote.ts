/**
 * The majority over K sampled predictions of one record (ProcessBench's maj@8).
 *
 * ProcessBench's `code/run_eval.py --use_voting`: the `\boxed{}` of each sample, the ones with
 * none dropped, then `Counter(preds).most_common(1)[0][0]`. So -1 ("no error") is a vote like any
 * step; a sample that could not be read does not vote; no readable sample at all is no
 * prediction (`None`, a miss on either side). `most_common` sorts by count with a stable sort
 * over first appearance, so a tie goes to the value the earliest sample gave: that is the
 * `processbench` rule. `earliest-step` is the editor's rule (`aggregateCritiques`): a tie goes
 * to the smallest step, -1 after every step, since a possible early error is the one a reader
 * must look at first.
 */
export const TIE_RULES = ['processbench', 'earliest-step'] as const;
export type TieRule = (typeof TIE_RULES)[number];

export interface Vote {
  /** The majority's first wrong step (-1: none), or null when no sample could be read. */
  prediction: number | null;
  /** Samples that voted for it. */
  votes: number;
  /** Samples that voted at all (could be read). */
  readable: number;
}

export function majorityVote(samples: readonly (number | null)[], rule: TieRule = 'earliest-step'): Vote {
  // A Map keeps first-insertion order: the order `Counter` counts in.
  const counts = new Map<number, number>();
  for (const s of samples) if (s !== null) counts.set(s, (counts.get(s) ?? 0) + 1);
  let best: [number, number] | undefined;
  for (const entry of counts) {
    if (!best || entry[1] > best[1] || (entry[1] === best[1] && rule === 'earliest-step' && rank(entry[0]) < rank(best[0]))) best = entry;
  }
  const readable = samples.filter((s) => s !== null).length;
  return best ? { prediction: best[0], votes: best[1], readable } : { prediction: null, votes: 0, readable };
}

const rank = (step: number) => (step < 0 ? Number.MAX_SAFE_INTEGER : step);
