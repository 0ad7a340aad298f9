import type { CurationState, StepRating } from './types';

/** How a curated record is written: as the dataset's record with labels merged, or as PRM training data. */
export type CuratedLayout = 'records' | 'trl' | 'prm800k';

/**
 * What a step rated neutral (PRM800K's 0: not wrong, no progress) becomes as a TRL boolean:
 * - `right` (default): a true label, as the PRM800K paper's PRM and OpenR's preprocessing treat it;
 * - `wrong`: a false label, the stricter reading (the step did not help);
 * - `stop`: the completions end before it, since it cannot be called either.
 * In the PRM800K layout a neutral rating stays 0: that layout has its own three-valued scale.
 */
export type NeutralAs = 'right' | 'wrong' | 'stop';

export const CURATED_LAYOUTS: readonly CuratedLayout[] = ['records', 'trl', 'prm800k'];
export const NEUTRAL_CHOICES: readonly NeutralAs[] = ['right', 'wrong', 'stop'];

/**
 * A person's step labels as one verdict per step, up to where they say something: the first
 * wrong step they named (steps before it right, it wrong, nothing after), or else their step
 * ratings in order until the first incorrect one or the first unrated step. Undefined when the
 * record has no step label at all.
 */
export function stepVerdicts(state: CurationState, stepCount: number): Array<StepRating> | undefined {
  if (state.firstWrongStep !== null) {
    const k = state.firstWrongStep;
    if (k === -1) return Array.from({ length: stepCount }, () => 'correct');
    return Array.from({ length: k + 1 }, (_, i) => (i === k ? 'incorrect' : 'correct'));
  }
  const out: StepRating[] = [];
  for (let i = 0; i < stepCount; i++) {
    const r = state.ratings[i];
    if (!r) break;
    out.push(r);
    if (r === 'incorrect') break;
  }
  return out.length > 0 ? out : undefined;
}

/** TRL's stepwise supervision row (PRMTrainer): the steps up to and including the first wrong one, one boolean each. */
export function trlRow(problem: string, steps: readonly string[], verdicts: readonly StepRating[], neutral: NeutralAs): Record<string, unknown> | undefined {
  const completions: string[] = [];
  const labels: boolean[] = [];
  for (let i = 0; i < verdicts.length; i++) {
    const v = verdicts[i];
    if (v === 'neutral' && neutral === 'stop') break;
    completions.push(steps[i]);
    labels.push(v === 'correct' || (v === 'neutral' && neutral === 'right'));
    if (!labels[labels.length - 1]) break;
  }
  return completions.length > 0 ? { prompt: problem, completions, labels } : undefined;
}

const RATING: Record<StepRating, 1 | 0 | -1> = { correct: 1, neutral: 0, incorrect: -1 };

/**
 * PRM800K's labeller layout (openai/prm800k): `question.pre_generated_steps` holds the whole
 * solution, `label.steps[k].completions[0].rating` the person's +1/0/-1 for step k, and
 * `finish_reason` is "found_error" at a -1, "solution" when every step is rated and none is
 * wrong, "give_up" when the ratings stop short of the end.
 */
export function prm800kRow(problem: string, steps: readonly string[], verdicts: readonly StepRating[], answer: string | undefined, id: string, curatedAt: string | null): Record<string, unknown> {
  const wrong = verdicts.includes('incorrect');
  return {
    id,
    labeler: 'mathcritic-curator',
    timestamp: curatedAt,
    generation: null,
    is_quality_control_question: false,
    is_initial_screening_question: false,
    question: { problem, ground_truth_answer: answer ?? null, pre_generated_steps: [...steps], pre_generated_answer: null, pre_generated_verifier_score: null },
    label: {
      steps: verdicts.map((v, k) => ({ completions: [{ text: steps[k], rating: RATING[v], flagged: null }], human_completion: null, chosen_completion: v === 'incorrect' ? null : 0 })),
      total_time: null,
      finish_reason: wrong ? 'found_error' : verdicts.length === steps.length ? 'solution' : 'give_up',
    },
  };
}
