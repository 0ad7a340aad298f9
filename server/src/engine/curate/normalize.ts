import { splitSteps } from '../solution/steps';
import { parseCritique } from '../critic/parse';
import { mathCritiqueFirstWrongStep } from '../critic/profiles/mathcritique';

/**
 * One dataset line read into the shape the curator shows, whatever format it came in:
 * - ProcessBench style: `problem`, `steps[]`, `label` (0-based first wrong step, -1 = none);
 * - our critique / refinement records: `problem`, `steps[]`, `critique`, `first_wrong_step`, `model`;
 * - MathCritique-style records: `query`/`question` + `response` (split into steps the way a
 *   solution document is) + `critique`.
 * Anything else is refused with a reason rather than guessed at.
 */
export interface NormalizedRecord {
  id?: string;
  source?: string;
  problem: string;
  steps: string[];
  referenceAnswer?: string;
  datasetFirstWrongStep?: number;
  critique?: { text: string; firstWrongStep: number | null; model?: string };
}

export type Normalized = { ok: true; record: NormalizedRecord } | { ok: false; reason: string };

const PROBLEM_FIELDS = ['problem', 'question', 'query'] as const;
// `origin_response` / `critic` / `critic_model`: the names of the MathCritique authors' pipeline
// (which our critique records also carry, see export/critique-record.ts).
const RESPONSE_FIELDS = ['response', 'origin_response', 'solution'] as const;
export const CRITIQUE_FIELDS = ['critique', 'critic'] as const;

export function normalizeRecord(value: unknown): Normalized {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: Array.isArray(value) ? 'a JSON array, not a record (the curator reads JSON Lines: one object per line)' : `a JSON ${value === null ? 'null' : typeof value}, not a record` };
  }
  const r = value as Record<string, unknown>;
  const problemField = PROBLEM_FIELDS.find((f) => typeof r[f] === 'string' && (r[f] as string).trim() !== '');
  if (!problemField) return { ok: false, reason: 'no problem (a non-empty "problem", "question" or "query" string)' };
  const problem = r[problemField] as string;

  let steps: string[] | undefined;
  if (Array.isArray(r.steps)) {
    if (!r.steps.every((s) => typeof s === 'string')) return { ok: false, reason: '"steps" is not an array of strings' };
    steps = r.steps as string[];
  } else {
    // A response written as one text: split it as a solution document's steps are split.
    const responseField = RESPONSE_FIELDS.find((f) => typeof r[f] === 'string' && (r[f] as string).trim() !== '');
    if (responseField) {
      const text = r[responseField] as string;
      steps = splitSteps(text, { start: 0, end: text.length }).steps.map((s) => s.text);
    }
  }
  if (!steps || steps.length === 0) {
    if (typeof r.self_talk === 'string') return { ok: false, reason: 'a self-talk record: one smoothed chain of text, no steps to label (its source critique records can be curated)' };
    return { ok: false, reason: 'no steps (a non-empty "steps" array of strings, or a "response" text)' };
  }

  const record: NormalizedRecord = { problem, steps };
  if (typeof r.id === 'string' || (typeof r.id === 'number' && Number.isFinite(r.id))) record.id = String(r.id);
  if (typeof r.source === 'string' && r.source !== '') record.source = r.source;
  const answer = r.answer ?? r.reference_answer ?? r.ground_truth_answer;
  if (typeof answer === 'string' || typeof answer === 'number') record.referenceAnswer = String(answer);
  // ProcessBench's `label`: only an integer in -1..steps-1 is a first wrong step (PRM800K's
  // `label` is an object, other datasets use strings: not ours to read).
  if (isStepIndex(r.label, steps.length)) record.datasetFirstWrongStep = r.label as number;

  const critique = critiqueOf(r, steps);
  if (critique) record.critique = critique;
  return { ok: true, record };
}

function critiqueOf(r: Record<string, unknown>, steps: readonly string[]): NormalizedRecord['critique'] | undefined {
  const stepCount = steps.length;
  const field = CRITIQUE_FIELDS.find((f) => typeof r[f] === 'string');
  if (field === undefined) return undefined;
  const text = r[field] as string;
  let firstWrongStep: number | null = null;
  if (isStepIndex(r.first_wrong_step, stepCount)) firstWrongStep = r.first_wrong_step as number;
  else if (r.verdict === 'correct') firstWrongStep = -1;
  else if (text.trim() !== '') {
    // A critique without a structured verdict: the MathCritique pipeline's per-step layout, or
    // else read the way the critic's own free-text answers are read (nothing rather than a guess).
    const stepwise = mathCritiqueFirstWrongStep(text, steps);
    if (stepwise !== undefined) firstWrongStep = stepwise;
    else {
      const parsed = parseCritique(text, stepCount);
      if (parsed) firstWrongStep = parsed.firstWrongStep;
    }
  }
  const model = [r.model, r.critic_model].find((m): m is string => typeof m === 'string' && m !== '');
  return { text, firstWrongStep, ...(model ? { model } : {}) };
}

export function isStepIndex(v: unknown, stepCount: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= -1 && v < stepCount;
}
