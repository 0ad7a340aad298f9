import type { CurationState, StepRating } from './types';
import { CRITIQUE_FIELDS, type NormalizedRecord } from './normalize';
import type { Snapshot } from './journal';

/** PRM800K's step ratings as numbers. */
const RATING_VALUE: Record<StepRating, 1 | 0 | -1> = { correct: 1, neutral: 0, incorrect: -1 };

/**
 * A dataset record with a person's labels merged in. Every original field is kept as written;
 * the human fields are added beside them (names documented in the README, "Curating datasets"):
 * - `human_first_wrong_step`: 0-based, -1 = every step is right (ProcessBench's convention);
 * - `step_ratings`: one entry per step, PRM800K's +1 / 0 / -1, null where unrated;
 * - `critique_verdict`: "accepted" | "rejected" (the person's verdict on the record's critique);
 * - `critique`: the edited text, the original kept as `critique_original` (null if there was
 *   none); the assistant turn of `messages` that held the original critique is updated too,
 *   so the chat form trains on the edited text;
 * - `human_note`, `curated_at` (ISO time of the last event).
 * A record whose steps were split from a `response` text gets `steps` too, so `step_ratings`
 * lines up with something. An untouched record is written unchanged.
 */
export function curatedRecord(raw: Record<string, unknown>, record: NormalizedRecord, state: CurationState): Record<string, unknown> {
  if (state.updatedAt === null) return raw;
  const out: Record<string, unknown> = { ...raw };
  if (!Array.isArray(raw.steps)) out.steps = record.steps;
  if (state.firstWrongStep !== null) out.human_first_wrong_step = state.firstWrongStep;
  const rated = Object.keys(state.ratings).map(Number).filter((k) => k < record.steps.length);
  if (rated.length > 0) out.step_ratings = record.steps.map((_, k) => (state.ratings[k] ? RATING_VALUE[state.ratings[k]] : null));
  if (state.critiqueVerdict !== null) out.critique_verdict = state.critiqueVerdict;
  if (state.editedCritique !== null) {
    const field = CRITIQUE_FIELDS.find((f) => typeof raw[f] === 'string');
    const original = field ? (raw[field] as string) : null;
    out.critique_original = original;
    out.critique = state.editedCritique;
    // The MathCritique alias (`critic`) says the same thing: it gets the edited text too.
    if (typeof raw.critic === 'string' && (raw.critic === original || field === 'critic')) out.critic = state.editedCritique;
    if (Array.isArray(raw.messages) && original !== null) {
      out.messages = raw.messages.map((m) =>
        m && typeof m === 'object' && (m as { role?: unknown }).role === 'assistant' && (m as { content?: unknown }).content === original ? { ...m, content: state.editedCritique } : m,
      );
    }
  }
  if (state.note !== null) out.human_note = state.note;
  out.curated_at = state.updatedAt;
  return out;
}

/**
 * A label made from a solution document becomes a record of its own: the snapshot it carried,
 * in the critique-record shape (`first_wrong_step` is the critic's), with the labels merged.
 */
export function snapshotRecord(key: string, snapshot: Snapshot, state: CurationState): Record<string, unknown> {
  const raw: Record<string, unknown> = { id: key };
  if (snapshot.source !== undefined) raw.source = snapshot.source;
  raw.problem = snapshot.problem;
  raw.steps = snapshot.steps;
  if (snapshot.critique !== undefined) raw.critique = snapshot.critique;
  if (snapshot.critiqueFirstWrongStep !== undefined) raw.first_wrong_step = snapshot.critiqueFirstWrongStep;
  return curatedRecord(raw, { problem: snapshot.problem, steps: snapshot.steps }, state);
}
