import { compareAnswers } from '../check/answer';
import { critiqueSolution, type CriticOptions } from '../critic/critique';
import { critiqueForActor } from '../critic/for-actor';
import type { ChatMessage } from '../critic/prompt';
import { solutionFromSteps } from '../solution/from-steps';
import { parseRefinedSteps } from './parse';
import { refineFromStep, type ActorOptions } from './refine';

export const SOLVE_PROMPT_VERSION = 'solve-v1';

const SOLVE_SYSTEM_PROMPT = [
  'You are a careful math student. Solve the problem step by step.',
  'Write each step on its own line starting with "Step N:", and put the final answer in \\boxed{} in the last step.',
].join('\n');

export function solveMessages(problem: string): ChatMessage[] {
  return [
    { role: 'system', content: SOLVE_SYSTEM_PROMPT },
    { role: 'user', content: `Problem:\n${problem.trim()}` },
  ];
}

export interface SolveCandidate {
  /** As first written, and after one critique-guided refinement when the critic found an error. */
  first: string[];
  steps: string[];
  refined: boolean;
  answer?: string;
}

export interface Solved {
  chosen?: SolveCandidate;
  votes: number;
  candidates: SolveCandidate[];
}

/**
 * "Solve Problem": the actor writes K solutions, each is critiqued and refined once from its
 * first wrong step, and the solution whose final answer most of the K reach (by mathematical
 * equivalence) is chosen — critique-in-the-loop sampling with majority voting.
 */
export async function solveProblem(problem: string, k: number, actor: ActorOptions, critic: CriticOptions): Promise<Solved> {
  const { texts } = await actor.endpoint.complete({ messages: solveMessages(problem), temperature: actor.temperature, maxTokens: actor.maxTokens, n: k, signal: actor.signal });
  const drafts = texts.map((t) => parseRefinedSteps(t, 0)).filter((s) => s.length > 0);
  const candidates = await Promise.all(
    drafts.map(async (first): Promise<SolveCandidate> => {
      const { result } = await critiqueSolution({ problem, steps: first }, critic);
      let steps = first;
      let refined = false;
      if (result.readable > 0 && result.firstWrongStep >= 0) {
        const refinement = await refineFromStep({ problem, steps: first }, result.firstWrongStep, critiqueForActor(result), actor);
        if (refinement) {
          steps = [...first.slice(0, refinement.fromStep), ...refinement.steps];
          refined = true;
        }
      }
      return { first, steps, refined, answer: solutionFromSteps({ problem, steps }).solution.finalAnswer?.text };
    }),
  );
  const groups: SolveCandidate[][] = [];
  for (const c of candidates) {
    if (c.answer === undefined) continue;
    const g = groups.find((x) => compareAnswers(c.answer as string, x[0].answer as string).verdict === 'equal');
    if (g) g.push(c);
    else groups.push([c]);
  }
  groups.sort((a, b) => b.length - a.length);
  return { chosen: groups[0]?.[0], votes: groups[0]?.length ?? 0, candidates };
}
