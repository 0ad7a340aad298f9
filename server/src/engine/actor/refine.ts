import type { ChatEndpoint } from '../model/endpoint';
import type { Solution, StepStyle } from '../solution/types';
import { parseRefinedSteps } from './parse';
import { actorProfile, type ActorProfileName } from './profiles';
import { responseSteps } from '../datasets/shapes/mathcritique';

export interface Refinement {
  /** The new steps from `fromStep` to the end. */
  steps: string[];
  fromStep: number;
  raw: string;
  model: string;
  promptVersion: string;
  /** The actor profile that asked, and the step the critique called wrong (the prompt's). */
  actorProfile?: ActorProfileName;
  wrongStep?: number;
}

export interface ActorOptions {
  endpoint: ChatEndpoint;
  temperature: number;
  maxTokens: number;
  /** How the refinement is asked (default: MathCritic's refine-v1, which keeps the steps before the wrong one). */
  profile?: ActorProfileName;
  signal?: AbortSignal;
}

/** Asks the actor to rewrite a solution from its first wrong step, given the critique. */
export async function refineFromStep(input: { problem: string; steps: readonly string[] }, fromStep: number, critique: string, options: ActorOptions): Promise<Refinement | undefined> {
  return (await sampleRefinements(input, fromStep, critique, options, 1))[0];
}

/** K refinements in one request (`n`), the unreadable ones dropped. */
export async function sampleRefinements(input: { problem: string; steps: readonly string[] }, fromStep: number, critique: string, options: ActorOptions, k: number): Promise<Refinement[]> {
  const profile = actorProfile(options.profile);
  const { texts } = await options.endpoint.complete({
    messages: profile.messages(input.problem, input.steps, fromStep, critique),
    temperature: options.temperature,
    maxTokens: options.maxTokens,
    n: k,
    signal: options.signal,
  });
  // A whole new solution (their actor's) is one step a line, as their responses are; it replaces every step.
  const from = profile.rewritesAll ? 0 : fromStep;
  return texts
    .map((raw) => ({ raw, steps: profile.rewritesAll ? responseSteps(raw) : parseRefinedSteps(raw, fromStep) }))
    .filter((r) => r.steps.length > 0)
    .map(({ raw, steps }) => ({ steps, fromStep: from, raw, model: options.endpoint.config.model, promptVersion: profile.version, actorProfile: profile.name, wrongStep: fromStep }));
}

/**
 * The replacement text for steps `fromStep`… of a document, laid out in the document's own
 * style ("Step N:" lines, a numbered list, or paragraphs), and the span it replaces: from the
 * start of the wrong step to the end of the last step.
 */
export function refinementEdit(solution: Solution, fromStep: number, steps: readonly string[]): { start: number; end: number; newText: string } {
  const first = solution.steps[fromStep];
  const last = solution.steps[solution.steps.length - 1];
  return { start: first.span.start, end: last.span.end, newText: layoutSteps(steps, fromStep, solution.stepStyle) };
}

export function layoutSteps(steps: readonly string[], fromStep: number, style: StepStyle): string {
  return steps
    .map((s, i) => (style === 'step-lines' ? `Step ${fromStep + i + 1}: ${s}` : style === 'numbered-list' ? `${fromStep + i + 1}. ${s}` : s))
    .join(style === 'numbered-list' ? '\n' : '\n\n');
}
