import type { Critique } from './types';

export interface Aggregate {
  firstWrongStep: number;
  feedback: string;
  votes: number;
  readable: number;
}

/**
 * Majority vote over the first wrong step of K critiques (the paper's test-time scaling on the
 * critic side). A tie goes to the earliest step named: a possible error early on matters more
 * to a reader than agreement later.
 */
export function aggregateCritiques(critiques: readonly Critique[]): Aggregate | undefined {
  if (critiques.length === 0) return undefined;
  const votes = new Map<number, number>();
  for (const c of critiques) votes.set(c.firstWrongStep, (votes.get(c.firstWrongStep) ?? 0) + 1);
  const [firstWrongStep, count] = [...votes.entries()].sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]))[0];
  // The feedback shown is the longest of the majority's: the most explained, usually.
  const feedback = critiques
    .filter((c) => c.firstWrongStep === firstWrongStep)
    .map((c) => c.feedback)
    .sort((a, b) => b.length - a.length)[0];
  return { firstWrongStep, feedback, votes: count, readable: critiques.length };
}

/** -1 (accepted) ranks after every step in a tie. */
const rank = (step: number) => (step < 0 ? Number.MAX_SAFE_INTEGER : step);

/** Low agreement lowers the severity: one critic of four is a hint, not an error. */
export function severityForAgreement(votes: number, readable: number): 'error' | 'warning' | 'information' {
  if (readable <= 1) return 'error';
  const share = votes / readable;
  if (share >= 0.75) return 'error';
  if (share >= 0.5) return 'warning';
  return 'information';
}
