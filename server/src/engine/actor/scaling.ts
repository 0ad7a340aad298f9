import { compareAnswers } from '../check/answer';
import { critiqueSolution, type CriticOptions } from '../critic/critique';
import { critiqueForActor } from '../critic/for-actor';
import type { CritiqueResult } from '../critic/types';
import { solutionFromSteps } from '../solution/from-steps';
import { refineFromStep, sampleRefinements, type ActorOptions, type Refinement } from './refine';

type Input = { problem: string; steps: readonly string[] };

export interface Candidate {
  refinement: Refinement;
  /** The whole solution after the refinement: kept steps, then the new ones. */
  steps: string[];
  critique: CritiqueResult;
  accepted: boolean;
  /** The final answer the refined solution states, if any. */
  answer?: string;
}

export interface BestOfK {
  chosen?: Candidate;
  /** Votes for the chosen answer among the accepted candidates. */
  votes: number;
  candidates: Candidate[];
}

const finalAnswerOf = (problem: string, steps: readonly string[]) => solutionFromSteps({ problem, steps }).solution.finalAnswer?.text;

/**
 * Parallel test-time scaling (the paper's majority voting over response–critique–refinement
 * triplets): K refinements from step k, each critiqued; among those the critic accepts, the
 * final answer most of them reach (by mathematical equivalence) wins, and its first candidate
 * is chosen. No accepted candidate: nothing is chosen.
 */
export async function bestOfKRefinements(input: Input, fromStep: number, critique: string, k: number, actor: ActorOptions, critic: CriticOptions): Promise<BestOfK> {
  const refinements = await sampleRefinements(input, fromStep, critique, actor, k);
  const candidates = await Promise.all(
    refinements.map(async (refinement): Promise<Candidate> => {
      const steps = [...input.steps.slice(0, refinement.fromStep), ...refinement.steps];
      const { result } = await critiqueSolution({ problem: input.problem, steps }, critic);
      return { refinement, steps, critique: result, accepted: result.readable > 0 && result.firstWrongStep === -1, answer: finalAnswerOf(input.problem, steps) };
    }),
  );
  const groups: Candidate[][] = [];
  for (const c of candidates.filter((x) => x.accepted)) {
    const group = groups.find((g) => g[0].answer !== undefined && c.answer !== undefined && compareAnswers(c.answer, g[0].answer).verdict === 'equal');
    if (group) group.push(c);
    else groups.push([c]);
  }
  groups.sort((a, b) => b.length - a.length);
  return { chosen: groups[0]?.[0], votes: groups[0]?.length ?? 0, candidates };
}

export interface Round {
  steps: string[];
  critique: CritiqueResult;
  refinement?: Refinement;
}

/**
 * Sequential test-time scaling: critique, refine from the first wrong step, critique again…
 * until the critic accepts or `maxRounds` refinements were made. Every round is kept (the
 * self-talk export weaves them into one chain).
 */
export async function refineUntilAccepted(
  input: Input,
  maxRounds: number,
  actor: ActorOptions,
  critic: CriticOptions,
  onRound?: (round: Round, index: number) => void,
  /** A critique of `input` already in hand (the diagnostic's): the first round does not ask again. */
  initial?: CritiqueResult,
): Promise<{ steps: string[]; accepted: boolean; rounds: Round[] }> {
  let steps = [...input.steps];
  const rounds: Round[] = [];
  for (let i = 0; ; i++) {
    critic.signal?.throwIfAborted();
    const result = i === 0 && initial ? initial : (await critiqueSolution({ problem: input.problem, steps }, critic)).result;
    const round: Round = { steps, critique: result };
    rounds.push(round);
    if (result.readable === 0) return { steps, accepted: false, rounds };
    if (result.firstWrongStep < 0) {
      onRound?.(round, i);
      return { steps, accepted: true, rounds };
    }
    if (i >= maxRounds) {
      onRound?.(round, i);
      return { steps, accepted: false, rounds };
    }
    const refinement = await refineFromStep({ problem: input.problem, steps }, result.firstWrongStep, critiqueForActor(result), actor);
    if (!refinement) return { steps, accepted: false, rounds };
    round.refinement = refinement;
    onRound?.(round, i);
    steps = [...steps.slice(0, refinement.fromStep), ...refinement.steps];
  }
}
