import { CRITIQUE_SYSTEM_PROMPT, formatSolutionForCritic } from '../critic/prompt';
import type { CritiqueResult } from '../critic/types';
import { criticProfile, isProfileName } from '../critic/profiles';

/**
 * A critique as a training record: (problem, response, critique) for training critics, with
 * a chat `messages` array that TRL, axolotl and OpenAI fine-tuning read as is. Steps are
 * 0-based (`first_wrong_step`, ProcessBench's convention); -1 means the critic accepts.
 */
export interface CritiqueRecord {
  id: string;
  source?: string;
  problem: string;
  steps: string[];
  /** The response as one text, the steps laid out as the critic read them. */
  response: string;
  critique: string;
  first_wrong_step: number;
  verdict: 'correct' | 'incorrect';
  step_verdicts: Array<{ step: number; correct: boolean; comment: string }>;
  votes: number;
  readable: number;
  samples: number;
  model: string;
  prompt_version: string;
  /** The critic profile that asked and read, and its version. */
  profile: string;
  profile_version: string;
  /** p_right per step (profile `prm`). */
  step_scores?: number[];
  critique_id: string;
  created_at: string;
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  /**
   * Aliases under the names the MathCritique-76k authors' pipeline uses for the same things
   * (github.com/WooooDyy/MathCritique, selfimprove/inference.py and critic.py), so their
   * scripts read these records without a mapping: `question` = problem, `origin_response` =
   * response, `critic` = critique, `critic_model` = model.
   */
  question: string;
  origin_response: string;
  critic: string;
  critic_model: string;
}

/** The critique text of the majority, as a critic would write it: verdicts then conclusion. */
export function critiqueText(result: CritiqueResult): string {
  const chosen = result.critiques.find((c) => c.firstWrongStep === result.firstWrongStep) ?? result.critiques[0];
  if (!chosen) return '';
  const lines = chosen.verdicts.map((v) => `Step ${v.step + 1}: ${v.correct ? 'correct' : 'incorrect'}.${v.comment ? ` ${v.comment}` : ''}`);
  if (result.firstWrongStep >= 0) {
    if (chosen.feedback && !lines.some((l) => l.includes(chosen.feedback))) lines.push(chosen.feedback);
    lines.push(`Conclusion: the first wrong step is Step ${result.firstWrongStep + 1}.`);
  } else {
    lines.push('Conclusion: all steps are correct.');
  }
  return lines.join('\n');
}

/**
 * The critic's own chat when its profile has a layout of its own (mathcritique, processbench):
 * the prompt it was asked and its answer as written, so the record trains a critic of that family.
 */
function ownChat(input: { problem: string; steps: readonly string[] }, result: CritiqueResult): { critique: string; messages: CritiqueRecord['messages'] } | undefined {
  const profile = isProfileName(result.profile) ? criticProfile(result.profile) : undefined;
  const chosen = result.critiques.find((c) => c.firstWrongStep === result.firstWrongStep);
  if (!profile || profile.kind !== 'chat' || profile.name === 'json' || !chosen) return undefined;
  // The answer without the reasoning before `</think>`: a training target is the critique, not the scratchpad.
  const thought = chosen.raw.lastIndexOf('</think>');
  const critique = (thought >= 0 ? chosen.raw.slice(thought + '</think>'.length) : chosen.raw).trim();
  return { critique, messages: [...profile.messages(input), { role: 'assistant', content: critique }] };
}

export function toCritiqueRecord(input: { id: string; source?: string; problem: string; steps: readonly string[] }, result: CritiqueResult): CritiqueRecord {
  const response = formatSolutionForCritic(input.problem, input.steps);
  const own = ownChat(input, result);
  const critique = own?.critique ?? critiqueText(result);
  const chosen = result.critiques.find((c) => c.firstWrongStep === result.firstWrongStep);
  const text = input.steps.map((s, i) => `Step ${i + 1}: ${s.trim()}`).join('\n\n');
  return {
    id: input.id,
    source: input.source,
    problem: input.problem,
    steps: [...input.steps],
    response: text,
    critique,
    first_wrong_step: result.firstWrongStep,
    verdict: result.firstWrongStep < 0 ? 'correct' : 'incorrect',
    step_verdicts: chosen?.verdicts.map((v) => ({ step: v.step, correct: v.correct, comment: v.comment })) ?? [],
    votes: result.votes,
    readable: result.readable,
    samples: result.samples,
    model: result.model,
    prompt_version: result.promptVersion,
    profile: result.profile,
    profile_version: result.profileVersion,
    ...(result.stepScores ? { step_scores: result.stepScores } : {}),
    critique_id: result.id,
    created_at: result.createdAt,
    messages: own?.messages ?? [
      { role: 'system', content: CRITIQUE_SYSTEM_PROMPT },
      { role: 'user', content: response },
      { role: 'assistant', content: critique },
    ],
    question: input.problem,
    origin_response: text,
    critic: critique,
    critic_model: result.model,
  };
}
