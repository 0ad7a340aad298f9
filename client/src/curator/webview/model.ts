/**
 * The page's pure logic: applying a label to a record's state (so a label shows at once, before
 * the server answers), the toggles behind each key, and the key map. No DOM here.
 */
import type { CurationEvent, CurationState, RecordFilter, RecordView, StepRating } from '../../../../protocol/curator';
import { checkerFirstWrongStep, disagree as opinionsDisagree, emptyState, isLabelled } from '../../../../server/src/engine/curate/opinions';

// The server's own rules (engine/curate/opinions.ts), so the page and the filters never differ.
export { isLabelled };
export const emptyCuration = emptyState;

/** The state after one event, the way the server's journal replay computes it. */
export function applyEvent(s: CurationState, e: CurationEvent): CurationState {
  switch (e.kind) {
    case 'rate-step': {
      const ratings = { ...s.ratings };
      if (e.rating === null) delete ratings[e.step];
      else ratings[e.step] = e.rating;
      return { ...s, ratings };
    }
    case 'first-wrong-step':
      return { ...s, firstWrongStep: e.step };
    case 'critique-verdict':
      return { ...s, critiqueVerdict: e.verdict };
    case 'edit-critique':
      return { ...s, editedCritique: e.text };
    case 'note':
      return { ...s, note: e.text };
  }
}

export function ratingOf(s: CurationState, step: number): StepRating | undefined {
  return (s.ratings as Record<string, StepRating | undefined>)[String(step)];
}

/** c / x / z: rate the step; the same key again clears the rating. */
export function rateToggle(s: CurationState, step: number, rating: StepRating): CurationEvent {
  return { kind: 'rate-step', step, rating: ratingOf(s, step) === rating ? null : rating };
}

/** f on a step / 0 for "every step correct"; the same key again clears it. */
export function firstWrongToggle(s: CurationState, step: number): CurationEvent {
  return { kind: 'first-wrong-step', step: s.firstWrongStep === step ? null : step };
}

export function verdictToggle(s: CurationState, verdict: 'accepted' | 'rejected'): CurationEvent {
  return { kind: 'critique-verdict', verdict: s.critiqueVerdict === verdict ? null : verdict };
}

/** The step to select when a record is shown: the first one without a rating. */
export function firstUnrated(s: CurationState, steps: number): number {
  for (let i = 0; i < steps; i++) if (ratingOf(s, i) === undefined) return i;
  return 0;
}

export function filterIsEmpty(f: RecordFilter): boolean {
  return !f.unlabelled && !f.disagreement && !f.source && !f.verdict;
}

/** Who says which step is the first wrong one (-1: none), for the chips at the top. */
export interface FirstWrongOpinions {
  human: number | null;
  critic: number | null;
  dataset: number | null;
  /** The first step with a checker finding, -1 when the checker found nothing. */
  checker: number;
}

export function opinions(r: RecordView, curation: CurationState): FirstWrongOpinions {
  // An error finding names its step; a warning (`missing-final-answer`) is not a verdict.
  const checker = checkerFirstWrongStep(r.findings);
  return {
    human: curation.firstWrongStep,
    critic: r.critique ? r.critique.firstWrongStep : null,
    dataset: r.datasetFirstWrongStep ?? null,
    checker,
  };
}

/** True when the opinions that exist do not all name the same step: the server's filter rule. */
export function disagree(o: FirstWrongOpinions): boolean {
  return opinionsDisagree(
    [o.human, o.critic, o.dataset].filter((x): x is number => x !== null),
    () => o.checker,
  );
}

export type Action =
  | { kind: 'next' }
  | { kind: 'prev' }
  | { kind: 'next-unlabelled' }
  | { kind: 'select'; step: number }
  | { kind: 'select-move'; delta: 1 | -1 }
  | { kind: 'rate'; rating: StepRating }
  | { kind: 'first-wrong' }
  | { kind: 'all-correct' }
  | { kind: 'verdict'; verdict: 'accepted' | 'rejected' }
  | { kind: 'edit-critique' }
  | { kind: 'note' }
  | { kind: 'goto' }
  | { kind: 'toggle-filter'; filter: 'unlabelled' | 'disagreement' }
  | { kind: 'toggle-stats' }
  | { kind: 'toggle-help' };

/** The key map (keys without Ctrl/Alt/Meta; the page leaves those to VS Code). */
export function actionForKey(key: string): Action | undefined {
  switch (key) {
    case 'j':
    case 'ArrowRight':
      return { kind: 'next' };
    case 'k':
    case 'ArrowLeft':
      return { kind: 'prev' };
    case 'n':
      return { kind: 'next-unlabelled' };
    case 'ArrowDown':
      return { kind: 'select-move', delta: 1 };
    case 'ArrowUp':
      return { kind: 'select-move', delta: -1 };
    case 'c':
      return { kind: 'rate', rating: 'correct' };
    case 'x':
      return { kind: 'rate', rating: 'incorrect' };
    case 'z':
      return { kind: 'rate', rating: 'neutral' };
    case 'f':
      return { kind: 'first-wrong' };
    case '0':
      return { kind: 'all-correct' };
    case 'a':
      return { kind: 'verdict', verdict: 'accepted' };
    case 'r':
      return { kind: 'verdict', verdict: 'rejected' };
    case 'e':
      return { kind: 'edit-critique' };
    case 'm':
      return { kind: 'note' };
    case 'g':
      return { kind: 'goto' };
    case 'u':
      return { kind: 'toggle-filter', filter: 'unlabelled' };
    case 'd':
      return { kind: 'toggle-filter', filter: 'disagreement' };
    case 's':
      return { kind: 'toggle-stats' };
    case '?':
      return { kind: 'toggle-help' };
  }
  if (/^[1-9]$/.test(key)) return { kind: 'select', step: Number(key) - 1 };
  return undefined;
}

/** The help line: what each key does, in the order a person uses them. */
export const KEY_HELP: Array<[string, string]> = [
  ['j k', 'next / previous'],
  ['n', 'next unlabelled'],
  ['1–9 ↑↓', 'select step'],
  ['c x z', 'step correct / incorrect / neutral'],
  ['f', 'first wrong step'],
  ['0', 'all steps correct'],
  ['a r', 'accept / reject critique'],
  ['e', 'edit critique'],
  ['m', 'note'],
  ['g', 'go to'],
  ['u d', 'filter unlabelled / disagreement'],
  ['s', 'stats'],
  ['?', 'help'],
];
