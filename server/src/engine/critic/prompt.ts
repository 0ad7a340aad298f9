import * as z from 'zod';
import type { Solution } from '../solution/types';

/**
 * The critique prompt, versioned: the version is part of every cache key and exported record,
 * so changing a word here means bumping it.
 *
 * It follows the critique models of Xi et al. 2024 (AutoMathCritique): check the solution
 * step by step, stop at the first wrong step, and say constructively what is wrong there and
 * how to fix it.
 */
export const CRITIQUE_PROMPT_VERSION = 'critique-v1';

export const CRITIQUE_SYSTEM_PROMPT = [
  'You are a careful math teacher who critiques step-by-step solutions.',
  'Check the solution one step at a time, in order. For each step decide whether it is correct: the arithmetic, the algebra, the logic, and whether it follows from the problem and the earlier steps.',
  'Stop at the first step that is wrong: do not judge the steps after it.',
  'For the first wrong step, give constructive feedback: what exactly is wrong, and how to correct it, without writing the rest of the solution.',
  'If every step is correct, say so.',
].join('\n');

/** What the critic is asked to answer, as JSON (vLLM, SGLang and OpenAI accept it as a schema). */
export const critiqueAnswerSchema = z.object({
  steps: z
    .array(
      z.object({
        step: z.number().int().describe('1-based step number'),
        correct: z.boolean(),
        comment: z.string(),
      }),
    )
    .describe('Verdicts for the steps up to and including the first wrong one'),
  first_wrong_step: z.number().int().nullable().describe('1-based number of the first wrong step, or null if every step is correct'),
  feedback: z.string().describe('Constructive feedback on the first wrong step; empty if every step is correct'),
});
export type CritiqueAnswer = z.infer<typeof critiqueAnswerSchema>;

export const CRITIQUE_JSON_SCHEMA = z.toJSONSchema(critiqueAnswerSchema) as Record<string, unknown>;

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The solution as the critic reads it: the problem, then numbered steps. */
export function formatSolutionForCritic(problem: string, steps: readonly string[]): string {
  const body = steps.map((s, i) => `Step ${i + 1}: ${s.trim()}`).join('\n\n');
  return `Problem:\n${problem.trim()}\n\nSolution:\n${body}`;
}

export function critiqueMessages(solution: Pick<Solution, 'problem'> & { steps: ReadonlyArray<{ text: string }> }, options: { json: boolean }): ChatMessage[] {
  const steps = solution.steps.map((s) => s.text);
  const instructions = options.json
    ? 'Answer in JSON with "steps" (your verdict on each step up to the first wrong one), "first_wrong_step" (its number, or null) and "feedback".'
    : 'Write your verdict on each step as "Step N: correct" or "Step N: incorrect", with a short reason, and end with "Conclusion: the first wrong step is Step N." or "Conclusion: all steps are correct."';
  return [
    { role: 'system', content: CRITIQUE_SYSTEM_PROMPT },
    { role: 'user', content: `${formatSolutionForCritic(solution.problem, steps)}\n\n${instructions}` },
  ];
}
