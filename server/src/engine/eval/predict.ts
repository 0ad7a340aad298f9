/**
 * One record's prediction line for `eval`: the embedded checker, a model critic (K samples,
 * voted), or both combined. Engine code: the shells pass the endpoint options in.
 */
import { checkSolution } from '../check';
import { predictFirstError } from '../check/first-error';
import { critiqueSolution, type CriticOptions } from '../critic';
import { solutionFromSteps } from '../solution';
import type { CheckerOptions } from '../config';
import { combineFirstErrors } from './combine';
import type { EvalSettings, PredictionLine } from './prediction-line';
import { majorityVote } from './vote';

/** A labelled record to evaluate, as read from a dataset. */
export interface EvalRecord {
  id: string;
  subset: string;
  /** 0-based first wrong step, -1 when every step is right. */
  label: number;
  problem: string;
  steps: string[];
  answer?: string;
  /** The severities that apply to it (a `.mathcritic.json`): a code turned off flags nothing. */
  severities?: CheckerOptions['severities'];
}

/** The embedded checker's first error (-1: it flags no step). */
export function embeddedPrediction(record: EvalRecord): number {
  const { solution } = solutionFromSteps(record);
  return predictFirstError(checkSolution(solution, [], { severities: record.severities }).findings);
}

export async function predictRecord(record: EvalRecord, settings: EvalSettings, critic?: Omit<CriticOptions, 'signal'>, signal?: AbortSignal): Promise<PredictionLine> {
  const base = { id: record.id, subset: record.subset, label: record.label, ...settings };
  if (settings.critic === 'embedded') {
    const prediction = embeddedPrediction(record);
    return { ...base, prediction, match: prediction === record.label, votes: 1 };
  }
  if (!critic) throw new Error(`--critic ${settings.critic} needs a model endpoint`);
  const { result } = await critiqueSolution({ problem: record.problem, steps: record.steps }, { ...critic, signal });
  const samplePredictions = result.critiques.map((c) => c.firstWrongStep);
  const vote = majorityVote(samplePredictions, settings.ties);
  // A PRM's answer is its step scores; a chat critic's, its texts (readable ones first).
  const said = result.stepScores ? { step_scores: result.stepScores } : { raw: [...result.critiques.map((c) => c.raw), ...result.unreadable] };
  const model = {
    votes: vote.votes,
    sample_predictions: samplePredictions,
    unreadable: result.unreadable.length,
    ...(result.unreadableReasons.length > 0 ? { unreadable_reasons: result.unreadableReasons } : {}),
    ...said,
  };
  if (settings.critic === 'model') return { ...base, prediction: vote.prediction, match: vote.prediction === record.label, ...model };
  const embedded = embeddedPrediction(record);
  const prediction = combineFirstErrors(embedded, vote.prediction);
  return { ...base, prediction, match: prediction === record.label, ...model, embedded_prediction: embedded, model_prediction: vote.prediction };
}
