import type { ChatMessage } from '../critic/prompt';
import { mathCritiqueSolution } from '../critic/profiles/mathcritique';
import { refineMessages, REFINE_PROMPT_VERSION } from './prompt';

/** How the actor is asked to refine: MathCritic's own prompt, or the MathCritique authors'. */
export type ActorProfileName = 'default' | 'mathcritique';
export const ACTOR_PROFILE_NAMES: readonly ActorProfileName[] = ['default', 'mathcritique'];
export const DEFAULT_ACTOR_PROFILE: ActorProfileName = 'default';

export function isActorProfileName(name: unknown): name is ActorProfileName {
  return typeof name === 'string' && (ACTOR_PROFILE_NAMES as readonly string[]).includes(name);
}

export interface ActorProfile {
  name: ActorProfileName;
  version: string;
  /**
   * True when the actor writes the whole solution anew (their refinement data does), so the new
   * steps start at step 0; false when it keeps the steps before the wrong one.
   */
  rewritesAll: boolean;
  messages(problem: string, steps: readonly string[], fromStep: number, critique: string): ChatMessage[];
}

/**
 * The refinement turn of the MathCritique SFT files (github WooooDyy/MathCritique,
 * `selfimprove/data_filter.py` `input_new_template`, and the rows of
 * `meta-llama/*-sftdata_0_new.json`): the question with its answer-format request, the actor's
 * solution, then "I have made a step-by-step critic for your solution…" and the critique.
 * GSM8K problems ask for "The answer is [your answer]."; MATH problems for a boxed answer.
 */
const HEARD =
  'I have made a step-by-step critic for your solution. Please read the following critic and use this critic as a reference to provide a new detailed, step-by-step solution, including all reasoning and intermediate steps.';

function answerFormat(problem: string, steps: readonly string[]): string {
  const latex = /\\boxed|\\frac|\$/.test(problem) || steps.some((s) => s.includes('\\boxed'));
  return latex ? "Please also give your final number in the format of 'The answer is $\\boxed{[your answer]}$.'" : "Please also give your final number in the format of 'The answer is [your answer].'";
}

/**
 * The critique in their critic's layout. A critique already in it (a `mathcritique` critic's
 * answer) is passed as written; another critic's feedback becomes the blocks up to the wrong step.
 */
export function mathCritiqueCritic(steps: readonly string[], fromStep: number, critique: string): string {
  if (/correctness of (?:the|this) step\s*:/i.test(critique)) return critique.trim();
  const line = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();
  const blocks = steps.slice(0, fromStep + 1).map((s, i) => {
    const wrong = i === fromStep;
    return `Step sentence: ${line(s)}\nCorrectness of the step: ${wrong ? 'Wrong' : 'Correct'}\nExplanation: ${wrong ? critique.trim() : 'This step is correct.'}`;
  });
  return `${blocks.join('\n\n')}\n\nCorrectness of the final answer: Wrong\nExplanation: The error in step ${fromStep + 1} carries into the final answer.`;
}

const mathCritiqueActor: ActorProfile = {
  name: 'mathcritique',
  version: 'mathcritique-refine-v1',
  rewritesAll: true,
  messages(problem, steps, fromStep, critique) {
    const format = answerFormat(problem, steps);
    return [
      { role: 'user', content: `${problem.trim()} ${format}` },
      { role: 'assistant', content: mathCritiqueSolution(steps) },
      { role: 'user', content: `${HEARD} ${format}\n\n${mathCritiqueCritic(steps, fromStep, critique)}` },
    ];
  },
};

const defaultActor: ActorProfile = { name: 'default', version: REFINE_PROMPT_VERSION, rewritesAll: false, messages: refineMessages };

const ACTOR_PROFILES: Record<ActorProfileName, ActorProfile> = { default: defaultActor, mathcritique: mathCritiqueActor };

export function actorProfile(name: string = DEFAULT_ACTOR_PROFILE): ActorProfile {
  if (!isActorProfileName(name)) throw new Error(`unknown actor profile "${name}": use one of ${ACTOR_PROFILE_NAMES.join(', ')}`);
  return ACTOR_PROFILES[name];
}
