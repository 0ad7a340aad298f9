import { formatSolutionForCritic, type ChatMessage } from '../critic/prompt';

/**
 * The actor's refinement prompt (conditional refinement y' = actor(x, y, c) of Xi et al. 2024),
 * versioned like the critic's. The actor keeps the steps before the wrong one and rewrites from
 * it to the end.
 */
export const REFINE_PROMPT_VERSION = 'refine-v1';

export const ACTOR_SYSTEM_PROMPT = [
  'You are a careful math student who corrects a step-by-step solution using a teacher\'s critique.',
  'Keep the steps before the wrong step exactly as they are. Rewrite the solution from the wrong step to the end, fixing the error the critique points out.',
  'Write only the rewritten steps, each on its own line starting with "Step N:" (continuing the numbering), and put the final answer in \\boxed{} in the last step.',
].join('\n');

export function refineMessages(problem: string, steps: readonly string[], fromStep: number, critique: string): ChatMessage[] {
  const kept = fromStep > 0 ? `Keep Steps 1 to ${fromStep} as they are.` : 'No step before it is kept.';
  return [
    { role: 'system', content: ACTOR_SYSTEM_PROMPT },
    {
      role: 'user',
      content: `${formatSolutionForCritic(problem, steps)}\n\nCritique: the first wrong step is Step ${fromStep + 1}. ${critique.trim()}\n\n${kept} Rewrite from Step ${fromStep + 1} to the end.`,
    },
  ];
}
