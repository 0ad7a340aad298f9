import { compareAnswers } from '../check/answer';
import { parseRefinedSteps } from '../actor/parse';
import { refineFromStep, type ActorOptions } from '../actor/refine';
import { solveMessages } from '../actor/solve';
import { critiqueSolution, type CriticOptions } from '../critic/critique';
import type { CritiqueResult } from '../critic/types';
import { solutionFromSteps } from '../solution/from-steps';
import type { ScaleProblem } from './problems';
import type { RefinementStep, SampleRecord, ScaleRecord, Verdict } from './record';
import { withOwnSignal } from './signals';

export interface ScaleOptions {
  /** max(K): samples drawn once per problem; smaller K use prefixes of them. */
  samples: number;
  /** L: refinements per sample the critic rejects. */
  refinements: number;
  /** The actor at its sampling temperature (the greedy sample is drawn at 0). */
  actor: ActorOptions;
  critic: CriticOptions;
  /** The critic profile's name, recorded with the results. */
  profile: string;
}

const answerOf = (problem: string, steps: readonly string[]): string | null => solutionFromSteps({ problem, steps }).solution.finalAnswer?.text ?? null;

/** The embedded checker's equivalence, the one `eval` and the checker use. */
export const isCorrect = (answer: string | null, reference: string): boolean => answer !== null && compareAnswers(answer, reference).verdict === 'equal';

function verdictOf(result: CritiqueResult): { verdict: Verdict; first_wrong_step: number | null } {
  if (result.readable === 0) return { verdict: 'unreadable', first_wrong_step: null };
  return { verdict: result.firstWrongStep < 0 ? 'accepted' : 'rejected', first_wrong_step: result.firstWrongStep };
}

/**
 * One problem of `mathcritic scale`: a greedy sample, then max(K) samples in one request; each
 * sample critiqued, and while the critic names a wrong step, refined from it (at most L times)
 * and critiqued again. Every answer along the way is kept. Model errors propagate: the problem
 * is not written, and a rerun asks it again.
 */
export async function scaleProblem(p: ScaleProblem, o: ScaleOptions): Promise<ScaleRecord> {
  const { actor } = o;
  const ask = (n: number, temperature: number) => withOwnSignal(actor.signal, (signal) => actor.endpoint.complete({ messages: solveMessages(p.problem), temperature, maxTokens: actor.maxTokens, n, signal }));
  const [greedy, sampled] = await Promise.all([ask(1, 0), ask(o.samples, actor.temperature)]);
  const greedySteps = parseRefinedSteps(greedy.texts[0] ?? '', 0);
  const greedyAnswer = greedySteps.length > 0 ? answerOf(p.problem, greedySteps) : null;
  // A server may return fewer choices than asked: the missing ones are samples with no answer.
  const texts = Array.from({ length: o.samples }, (_, i) => sampled.texts[i] ?? '');
  const samples = await Promise.all(texts.map((text) => sampleLoop(p, parseRefinedSteps(text, 0), o)));
  return {
    id: p.id,
    source: p.source,
    problem: p.problem,
    answer: p.answer,
    greedy: { steps: greedySteps, answer: greedyAnswer, correct: isCorrect(greedyAnswer, p.answer) },
    samples,
    actor_model: actor.endpoint.config.model,
    critic_model: o.critic.endpoint.config.model,
    profile: o.profile,
    refinements: o.refinements,
    temperature: actor.temperature,
    created_at: new Date().toISOString(),
  };
}

async function sampleLoop(p: ScaleProblem, first: string[], o: ScaleOptions): Promise<SampleRecord> {
  const answer = first.length > 0 ? answerOf(p.problem, first) : null;
  const sample: SampleRecord = {
    steps: first,
    answer,
    correct: isCorrect(answer, p.answer),
    verdict: 'no-steps',
    first_wrong_step: null,
    refinements: [],
    final_answer: answer,
    final_correct: isCorrect(answer, p.answer),
    accepted: false,
    calls: 1,
  };
  if (first.length === 0) return sample;
  const critique = async (steps: string[]) => {
    sample.calls += Math.max(1, o.critic.samples);
    // No cache: each sample is judged on its own, as a rerun would judge it.
    return withOwnSignal(o.critic.signal, async (signal) => (await critiqueSolution({ problem: p.problem, steps }, { ...o.critic, cache: undefined, signal })).result);
  };
  let steps = first;
  let result = await critique(steps);
  Object.assign(sample, verdictOf(result));
  for (let i = 0; i < o.refinements && result.readable > 0 && result.firstWrongStep >= 0; i++) {
    const from = Math.min(result.firstWrongStep, steps.length - 1);
    sample.calls++;
    const refinement = await withOwnSignal(o.actor.signal, (signal) => refineFromStep({ problem: p.problem, steps }, from, result.feedback, { ...o.actor, signal }));
    if (!refinement) break; // an unreadable rewrite: the sample keeps its last solution
    steps = [...steps.slice(0, from), ...refinement.steps];
    result = await critique(steps);
    const refined = answerOf(p.problem, steps);
    const step: RefinementStep = { from_step: from, steps: refinement.steps, answer: refined, correct: isCorrect(refined, p.answer), ...verdictOf(result) };
    sample.refinements.push(step);
    sample.final_answer = refined;
    sample.final_correct = step.correct;
  }
  sample.accepted = result.readable > 0 && result.firstWrongStep < 0;
  return sample;
}
