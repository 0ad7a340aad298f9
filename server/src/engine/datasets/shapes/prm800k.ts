import { answerOf, isStringArray, str, type Mapped, type Row, type Shape } from './shape';

interface Completion {
  text?: unknown;
  rating?: unknown;
}
interface LabelStep {
  completions?: Completion[] | null;
  human_completion?: unknown;
  chosen_completion?: unknown;
}

/**
 * PRM800K (openai/prm800k, `data/phase{1,2}_{train,test}.jsonl`): the problem under
 * `question.problem`, the solution's steps under `question.pre_generated_steps` (phase 2) or
 * as the chosen completions of `label.steps[]` (phase 1), the ratings (-1, 0, +1) under
 * `label.steps[].completions[].rating`, and `label.finish_reason`.
 *
 * - the first step whose completion (the one the solution took) is rated -1 is the first
 *   wrong step; 0 ("neutral": not wrong, no progress) counts as right, as the paper's PRM does;
 * - no -1 and `finish_reason` "solution": every step is right (-1);
 * - no -1 and any other finish ("give_up", "bad_problem", or "found_error" with no -1 among
 *   the steps the solution took): the labeller did not vouch for the rest, so the record is
 *   skipped with that reason rather than counted as right. A -1 found before giving up is kept.
 * Every step's rating is kept in `meta.ratings` (null where unrated), `finish_reason` too.
 */
export const prm800k: Shape = {
  name: 'prm800k',
  signature: 'question.problem, question.pre_generated_steps, label.steps[].completions[].rating, label.finish_reason — PRM800K',
  matches: (r) => isObject(r.question) && isObject(r.label) && Array.isArray((r.label as Row).steps),
  reader: () => readPrm800k,
};

function readPrm800k(r: Row): Mapped {
  if (!isObject(r.question) || !isObject(r.label) || !Array.isArray((r.label as Row).steps)) {
    return { skip: !isObject(r.question) ? 'no "question.problem"' : 'no "label.steps" (the ratings)' };
  }
  const q = r.question as Row;
  const label = r.label as Row;
  const problem = str(q.problem);
  if (!problem) return { skip: 'no "question.problem"' };
  const labelled = (label.steps as unknown[]).filter(isObject) as LabelStep[];
  const pre = isStringArray(q.pre_generated_steps) ? q.pre_generated_steps : undefined;

  // The text and rating of the completion the solution took at step k.
  const taken = (step: LabelStep, k: number): { text?: string; rating: number | null } => {
    const completions = Array.isArray(step.completions) ? step.completions : [];
    if (pre) {
      const same = completions.find((c) => c && c.text === pre[k]);
      if (same) return { text: pre[k], rating: ratingOf(same.rating) };
    }
    if (typeof step.chosen_completion === 'number' && completions[step.chosen_completion]) {
      const c = completions[step.chosen_completion];
      return { text: typeof c.text === 'string' ? c.text : undefined, rating: ratingOf(c.rating) };
    }
    // A person's own step (phase 1) is by construction a +1 step.
    if (typeof step.human_completion === 'string') return { text: step.human_completion, rating: 1 };
    if (step.human_completion && typeof (step.human_completion as Row).text === 'string') return { text: (step.human_completion as Row).text as string, rating: 1 };
    // Where labelling stopped at an error (phase 2) nothing is chosen: the first -1 alternative is the step that was rated wrong.
    const wrong = completions.find((c) => c && ratingOf(c.rating) === -1);
    const c = wrong ?? completions[0];
    return { text: c && typeof c.text === 'string' ? c.text : undefined, rating: c ? ratingOf(c.rating) : null };
  };

  const ratings: Array<number | null> = [];
  const trajectory: string[] = [];
  for (let k = 0; k < labelled.length; k++) {
    const t = taken(labelled[k], k);
    ratings.push(t.rating);
    if (t.text !== undefined) trajectory.push(t.text);
    if (t.rating === -1 && !pre) break; // phase 1: what follows the first wrong step is another branch
  }
  const steps = pre ?? trajectory;
  if (steps.length === 0) return { skip: 'no steps (neither question.pre_generated_steps nor rated completions)' };
  const finish = typeof label.finish_reason === 'string' ? label.finish_reason : undefined;
  const firstWrong = ratings.indexOf(-1);
  let first: number;
  if (firstWrong >= 0 && firstWrong < steps.length) first = firstWrong;
  else if (finish === 'solution') first = -1;
  else return { skip: `the labeller stopped (finish_reason ${JSON.stringify(finish ?? null)}) without rating a step -1: the steps after step ${ratings.length} are not vouched for` };
  while (ratings.length < steps.length) ratings.push(null);
  const meta: Row = { ratings: ratings.slice(0, steps.length), finish_reason: finish ?? null };
  for (const k of ['generation', 'labeler', 'timestamp', 'is_quality_control_question'] as const) if (r[k] !== undefined) meta[k] = r[k];
  if (q.pre_generated_answer !== undefined) meta.model_answer = q.pre_generated_answer;
  return { problem, steps, label: first, answer: answerOf(q.ground_truth_answer), meta };
}

function ratingOf(v: unknown): number | null {
  return v === 1 || v === 0 || v === -1 ? v : null;
}

function isObject(v: unknown): v is Row {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
