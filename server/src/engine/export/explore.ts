import { compareAnswers } from '../check/answer';
import { refineFromStep, type ActorOptions } from '../actor/refine';
import { parseRefinedSteps } from '../actor/parse';
import { solveMessages } from '../actor/solve';
import { critiqueSolution, type CriticOptions } from '../critic/critique';
import { critiqueForActor } from '../critic/for-actor';
import { solutionFromSteps } from '../solution/from-steps';
import { toRefinementRecord, type RefinementRecord } from './refinement-record';

/**
 * The exploration step of the paper's critique-in-the-loop self-improvement (Algorithm 1):
 * sample N solutions per problem, keep the correct ones (D_correct), and for each wrong one
 * critique and refine up to L times, keeping refinements that reach the reference (D_refine).
 */
export interface CorrectRecord {
  id: string;
  problem: string;
  answer: string;
  steps: string[];
  sample: number;
  messages: Array<{ role: 'user' | 'assistant'; content: string }>;
}

export interface Exploration {
  correct: CorrectRecord[];
  refined: RefinementRecord[];
  /** Correct first tries out of N: the problem's difficulty as the actor sees it. */
  firstTryCorrect: number;
  samples: number;
}

const answerOf = (problem: string, steps: readonly string[]) => solutionFromSteps({ problem, steps }).solution.finalAnswer?.text;
const isRight = (answer: string | undefined, reference: string) => answer !== undefined && compareAnswers(answer, reference).verdict === 'equal';

export async function exploreProblem(
  problem: { id: string; problem: string; answer: string },
  n: number,
  l: number,
  actor: ActorOptions,
  critic: CriticOptions,
): Promise<Exploration> {
  const { texts } = await actor.endpoint.complete({ messages: solveMessages(problem.problem), temperature: actor.temperature, maxTokens: actor.maxTokens, n, signal: actor.signal });
  const out: Exploration = { correct: [], refined: [], firstTryCorrect: 0, samples: texts.length };
  await Promise.all(
    texts.map(async (text, i) => {
      const steps = parseRefinedSteps(text, 0);
      if (steps.length === 0) return;
      if (isRight(answerOf(problem.problem, steps), problem.answer)) {
        out.firstTryCorrect++;
        out.correct.push({ id: `${problem.id}#${i}`, problem: problem.problem, answer: problem.answer, steps, sample: i, messages: [{ role: 'user', content: problem.problem }, { role: 'assistant', content: steps.map((s, j) => `Step ${j + 1}: ${s}`).join('\n') }] });
        return;
      }
      // A wrong first try: critique, refine, check — up to L times.
      for (let attempt = 0; attempt < l; attempt++) {
        const { result } = await critiqueSolution({ problem: problem.problem, steps }, { ...critic, cache: undefined });
        if (result.readable === 0 || result.firstWrongStep < 0) continue;
        const refinement = await refineFromStep({ problem: problem.problem, steps }, result.firstWrongStep, critiqueForActor(result), actor);
        if (!refinement) continue;
        const record = toRefinementRecord({ id: `${problem.id}#${i}.${attempt}`, problem: problem.problem, steps, answer: problem.answer }, result, refinement);
        if (record.refinement_correct) {
          out.refined.push(record);
          return;
        }
      }
    }),
  );
  return out;
}
