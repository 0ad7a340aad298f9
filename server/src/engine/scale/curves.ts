import { compareAnswers } from '../check/answer';
import type { ScaleRecord } from './record';
import { isCorrect } from './run-problem';

/** The three curves of the paper's test-time scaling figure (Xi et al. 2024, Fig. 1). */
export const CURVES = ['majority', 'critic_majority', 'critic_filtered'] as const;
export type CurveName = (typeof CURVES)[number];

/** `mathcritic scale --format json`. Accuracies are fractions of `n`; `calls` are per problem. */
export interface ScaleSummary {
  k: number[];
  /** Problems scored. */
  n: number;
  curves: Record<CurveName, number[]>;
  /** Accuracy of one greedy (temperature 0) sample. */
  greedy: number;
  /**
   * Average model calls per problem at each K with the critic: K samples, their critiques and
   * refinements. `majority` at K costs K calls.
   */
  calls: number[];
}

/**
 * The majority answer: answers grouped by the checker's equivalence (each compared with the
 * first answer of a group), the largest group wins, and a tie goes to the group whose answer
 * came first. Samples with no answer do not vote; no answer at all is null.
 */
export function majorityAnswer(answers: ReadonlyArray<string | null>): string | null {
  const groups: Array<{ answer: string; votes: number }> = [];
  for (const a of answers) {
    if (a === null) continue;
    const g = groups.find((x) => compareAnswers(a, x.answer).verdict === 'equal');
    if (g) g.votes++;
    else groups.push({ answer: a, votes: 1 });
  }
  let best: { answer: string; votes: number } | undefined;
  for (const g of groups) if (!best || g.votes > best.votes) best = g; // strict: earlier wins ties
  return best?.answer ?? null;
}

/** What each curve answers for one problem with its first `k` samples. */
export function answersAt(record: ScaleRecord, k: number): Record<CurveName, string | null> {
  const first = record.samples.slice(0, k);
  return {
    majority: majorityAnswer(first.map((s) => s.answer)),
    critic_majority: majorityAnswer(first.map((s) => s.final_answer)),
    // None accepted: this curve abstains, which counts as wrong.
    critic_filtered: majorityAnswer(first.filter((s) => s.accepted).map((s) => s.final_answer)),
  };
}

/** The curves over problems at each K (each K ≤ the samples every record holds). */
export function scaleCurves(records: readonly ScaleRecord[], ks: readonly number[]): ScaleSummary {
  const n = records.length;
  const curves = Object.fromEntries(CURVES.map((c) => [c, ks.map(() => 0)])) as Record<CurveName, number[]>;
  const calls = ks.map(() => 0);
  for (const r of records) {
    ks.forEach((k, i) => {
      const answers = answersAt(r, k);
      for (const c of CURVES) if (isCorrect(answers[c], r.answer)) curves[c][i]++;
      calls[i] += r.samples.slice(0, k).reduce((sum, s) => sum + s.calls, 0);
    });
  }
  const frac = (x: number) => (n === 0 ? 0 : x / n);
  return {
    k: [...ks],
    n,
    curves: Object.fromEntries(CURVES.map((c) => [c, curves[c].map(frac)])) as Record<CurveName, number[]>,
    greedy: frac(records.filter((r) => r.greedy.correct).length),
    calls: calls.map(frac),
  };
}
