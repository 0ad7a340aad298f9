import { compareAnswers } from '../check/answer';
import type { Round } from '../actor/scaling';
import { refineUntilAccepted } from '../actor/scaling';
import type { ActorOptions } from '../actor/refine';
import type { CriticOptions } from '../critic/critique';
import type { ChatMessage } from '../critic/prompt';
import { findFinalAnswer } from '../solution/final-answer';

/**
 * Self-talk via critique (Xi et al. 2024, §7), in three stages:
 * 1. the critic's step-level verdicts are woven in after each step, as reflections;
 * 2. where a step is wrong, the actor refines from it and the critic re-critiques, until no
 *    error is left (bounded by `maxRounds`) — the rounds become one chain with corrections;
 * 3. an LLM smooths the chain into natural self-talk ("wait, …"), and the final answer is
 *    verified against the reference: only verified chains become records.
 */
export const SELF_TALK_PROMPT_VERSION = 'self-talk-v1';

export const SMOOTH_SYSTEM_PROMPT = [
  'You rewrite a step-by-step solution annotated with a checker\'s reflections into one natural first-person chain of thought.',
  'Keep every step, every reflection and every correction, in order: where a reflection says a step is wrong, say so in your own voice ("Wait, …"), explain why, and continue with the corrected steps.',
  'Do not add new mathematics. End with the final answer in \\boxed{}.',
].join('\n');

/** Stages 1 and 2 as text: the steps of each round up to its wrong step, with reflections. */
export function reflectionChain(rounds: readonly Round[]): string {
  const lines: string[] = [];
  let from = 0;
  for (const round of rounds) {
    const { steps, critique } = round;
    const wrong = critique.firstWrongStep;
    const until = wrong >= 0 ? wrong : steps.length;
    const verdicts = new Map((critique.critiques.find((c) => c.firstWrongStep === wrong) ?? critique.critiques[0])?.verdicts.map((v) => [v.step, v]) ?? []);
    for (let i = from; i < until; i++) {
      const comment = verdicts.get(i)?.comment;
      lines.push(`Step ${i + 1}: ${steps[i]}`, `[Reflection: correct.${comment ? ` ${comment}` : ''}]`);
    }
    if (wrong >= 0) {
      lines.push(`Step ${wrong + 1}: ${steps[wrong]}`, `[Reflection: this step is wrong. ${critique.feedback}]`);
      if (!round.refinement) break;
      lines.push('[Correction: redo this step.]');
      from = wrong;
    }
  }
  return lines.join('\n');
}

export function smoothMessages(problem: string, chain: string): ChatMessage[] {
  return [
    { role: 'system', content: SMOOTH_SYSTEM_PROMPT },
    { role: 'user', content: `Problem:\n${problem.trim()}\n\nAnnotated solution:\n${chain}` },
  ];
}

export interface SelfTalkRecord {
  id: string;
  source?: string;
  problem: string;
  answer: string;
  /** Stages 1–2: the annotated chain, kept so a person can check the smoothing. */
  reflection_chain: string;
  /** Stage 3: the smoothed self-talk. */
  self_talk: string;
  final_answer: string;
  verified: true;
  rounds: number;
  corrections: number;
  model: string;
  prompt_version: string;
  messages: ChatMessage[];
}

export type SelfTalkOutcome = { record: SelfTalkRecord } | { rejected: string };

export async function selfTalk(
  input: { id: string; source?: string; problem: string; steps: readonly string[]; answer?: string },
  maxRounds: number,
  actor: ActorOptions,
  critic: CriticOptions,
): Promise<SelfTalkOutcome> {
  if (!input.answer) return { rejected: 'no reference answer to verify against' };
  const run = await refineUntilAccepted(input, maxRounds, actor, critic);
  if (run.rounds.some((r) => r.critique.readable === 0)) return { rejected: "the critic's answer could not be read" };
  if (!run.accepted) return { rejected: `the critic still finds an error after ${maxRounds} refinement rounds` };
  const chain = reflectionChain(run.rounds);
  const { texts } = await actor.endpoint.complete({ messages: smoothMessages(input.problem, chain), temperature: actor.temperature, maxTokens: actor.maxTokens, signal: actor.signal });
  const smoothed = (texts[0] ?? '').trim();
  const final = findFinalAnswer(smoothed, { start: 0, end: smoothed.length }, [])?.text;
  if (!final) return { rejected: 'the smoothed chain states no final answer' };
  const verdict = compareAnswers(final, input.answer).verdict;
  if (verdict !== 'equal') return { rejected: `the final answer ${final} is ${verdict === 'different' ? 'not' : 'not verifiably'} the reference ${input.answer}` };
  return {
    record: {
      id: input.id,
      source: input.source,
      problem: input.problem,
      answer: input.answer,
      reflection_chain: chain,
      self_talk: smoothed,
      final_answer: final,
      verified: true,
      rounds: run.rounds.length,
      corrections: run.rounds.filter((r) => r.refinement).length,
      model: actor.endpoint.config.model,
      prompt_version: SELF_TALK_PROMPT_VERSION,
      messages: [
        { role: 'user', content: input.problem },
        { role: 'assistant', content: smoothed },
      ],
    },
  };
}
