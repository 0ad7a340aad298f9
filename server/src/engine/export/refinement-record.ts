import { compareAnswers } from '../check/answer';
import { ACTOR_SYSTEM_PROMPT, refineMessages } from '../actor/prompt';
import { actorProfile } from '../actor/profiles';
import type { Refinement } from '../actor/refine';
import type { CritiqueResult } from '../critic/types';
import { critiqueForActor } from '../critic/for-actor';
import { solutionFromSteps } from '../solution/from-steps';
import { toCritiqueRecord, type CritiqueRecord } from './critique-record';

/**
 * (problem, response, critique, refinement) — the record that trains actors to refine from a
 * critique. `messages` is the actor's chat: the refine prompt, then the rewritten steps.
 */
export interface RefinementRecord extends Omit<CritiqueRecord, 'messages'> {
  refinement_steps: string[];
  /** The whole refined solution: the kept steps, then the rewritten ones. */
  refined_steps: string[];
  refined_answer: string | null;
  /** Against the reference answer; null when there is none or the answers cannot be compared. */
  refinement_correct: boolean | null;
  actor_model: string;
  actor_prompt_version: string;
  critique_messages: CritiqueRecord['messages'];
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  /** MathCritique pipeline aliases (see CritiqueRecord): the refined solution and its correctness. */
  new_response: string;
  'correctness-new': boolean | null;
}

export function toRefinementRecord(
  input: { id: string; source?: string; problem: string; steps: readonly string[]; answer?: string },
  critique: CritiqueResult,
  refinement: Refinement,
): RefinementRecord {
  const base = toCritiqueRecord(input, critique);
  const refined = [...input.steps.slice(0, refinement.fromStep), ...refinement.steps];
  const refinedAnswer = solutionFromSteps({ problem: input.problem, steps: refined }).solution.finalAnswer?.text ?? null;
  const verdict = refinedAnswer !== null && input.answer ? compareAnswers(refinedAnswer, input.answer).verdict : 'unknown';
  const prompt = refineMessages(input.problem, input.steps, refinement.fromStep, critique.feedback);
  const profile = actorProfile(refinement.actorProfile);
  // A whole-solution actor (their SFT rows): its own turns, then the new solution as it wrote it.
  const messages: RefinementRecord['messages'] = profile.rewritesAll
    ? [...profile.messages(input.problem, input.steps, refinement.wrongStep ?? Math.max(0, critique.firstWrongStep), critiqueForActor(critique)), { role: 'assistant', content: refinement.raw.trim() }]
    : [
        { role: 'system', content: ACTOR_SYSTEM_PROMPT },
        { role: 'user', content: prompt[1].content },
        { role: 'assistant', content: refinement.steps.map((s, i) => `Step ${refinement.fromStep + i + 1}: ${s}`).join('\n') },
      ];
  const refinementCorrect = verdict === 'unknown' ? null : verdict === 'equal';
  return {
    ...base,
    refinement_steps: refinement.steps,
    refined_steps: refined,
    refined_answer: refinedAnswer,
    refinement_correct: refinementCorrect,
    actor_model: refinement.model,
    actor_prompt_version: refinement.promptVersion,
    critique_messages: base.messages,
    messages,
    new_response: refined.map((s, i) => `Step ${i + 1}: ${s.trim()}`).join('\n\n'),
    'correctness-new': refinementCorrect,
  };
}
