import type { CurationState, CuratorStats, StepRating } from './types';
import { isLabelled } from './opinions';

/** What one record adds to the stats; kept per record so a new label costs one subtraction and one addition. */
interface Contribution {
  labelled: boolean;
  ratings: Record<StepRating, number>;
  accepted: number;
  rejected: number;
  /** The human first wrong step, when set. */
  human: number | null;
  humanCritic?: boolean;
  /** Undefined until the checker has been run on the record (at the next `stats()`). */
  humanChecker?: boolean;
}

/**
 * The curator's stats. The per-source counts come from the index scan; the label counts are
 * summed from per-record contributions, updated when a record's labels change, so `stats()`
 * never rescans the dataset. Human–checker agreement needs the checker's verdict, which costs
 * a read and a check of the record: it is computed when stats are asked for, once per labelled
 * record, not while a journal is replayed.
 */
export class StatsTally {
  private readonly contributions = new Map<number, Contribution>();
  private readonly pendingChecker = new Set<number>();
  private totals = zeroTotals();

  constructor(
    private readonly count: () => number,
    private readonly sources: () => Record<string, number>,
    private readonly checker: (index: number) => number,
  ) {}

  /** Records the labels of record `index` (replacing what it contributed before). */
  update(index: number, state: CurationState, critic: number | undefined): void {
    const old = this.contributions.get(index);
    if (old) this.add(old, -1);
    this.pendingChecker.delete(index);
    const c = contributionOf(state, critic);
    if (c) {
      this.contributions.set(index, c);
      this.add(c, 1);
      if (c.human !== null) this.pendingChecker.add(index);
    } else this.contributions.delete(index);
  }

  reset(): void {
    this.contributions.clear();
    this.pendingChecker.clear();
    this.totals = zeroTotals();
  }

  /** Runs the checker on every labelled record still waiting for it. */
  settleAll(): void {
    for (const i of this.pendingChecker) this.settle(i);
  }

  /** The totals as they stand; `humanChecker.pending` counts the labelled records the checker has not been run on yet. */
  stats(): CuratorStats {
    const t = this.totals;
    return {
      count: this.count(),
      labelled: t.labelled,
      ratings: { ...t.ratings },
      critiqueVerdicts: { accepted: t.accepted, rejected: t.rejected },
      humanCritic: { agree: t.hcAgree, disagree: t.hcDisagree },
      humanChecker: { agree: t.hkAgree, disagree: t.hkDisagree, ...(this.pendingChecker.size > 0 ? { pending: this.pendingChecker.size } : {}) },
      sources: this.sources(),
    };
  }

  /**
   * Runs the checker on the labelled records still waiting for it, a slice at a time, so that
   * after a long journal is replayed the first `stats()` is quick. Stops when `cancelled()`.
   */
  async settleInBackground(cancelled: () => boolean, sliceMs = 15): Promise<void> {
    while (this.pendingChecker.size > 0 && !cancelled()) {
      const end = performance.now() + sliceMs;
      for (const i of this.pendingChecker) {
        this.settle(i);
        if (performance.now() > end) break;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private settle(i: number): void {
    this.pendingChecker.delete(i);
    const c = this.contributions.get(i);
    if (!c || c.human === null || c.humanChecker !== undefined) return;
    c.humanChecker = this.checker(i) === c.human;
    if (c.humanChecker) this.totals.hkAgree++;
    else this.totals.hkDisagree++;
  }

  private add(c: Contribution, sign: 1 | -1): void {
    const t = this.totals;
    if (c.labelled) t.labelled += sign;
    for (const r of ['correct', 'neutral', 'incorrect'] as const) t.ratings[r] += sign * c.ratings[r];
    t.accepted += sign * c.accepted;
    t.rejected += sign * c.rejected;
    if (c.humanCritic === true) t.hcAgree += sign;
    else if (c.humanCritic === false) t.hcDisagree += sign;
    if (c.humanChecker === true) t.hkAgree += sign;
    else if (c.humanChecker === false) t.hkDisagree += sign;
  }
}

function zeroTotals() {
  return { labelled: 0, ratings: { correct: 0, neutral: 0, incorrect: 0 }, accepted: 0, rejected: 0, hcAgree: 0, hcDisagree: 0, hkAgree: 0, hkDisagree: 0 };
}

function contributionOf(state: CurationState, critic: number | undefined): Contribution | undefined {
  if (state.updatedAt === null) return undefined;
  const ratings = { correct: 0, neutral: 0, incorrect: 0 };
  for (const r of Object.values(state.ratings)) ratings[r]++;
  const human = state.firstWrongStep;
  return {
    labelled: isLabelled(state),
    ratings,
    accepted: state.critiqueVerdict === 'accepted' ? 1 : 0,
    rejected: state.critiqueVerdict === 'rejected' ? 1 : 0,
    human,
    ...(human !== null && critic !== undefined ? { humanCritic: critic === human } : {}),
  };
}
