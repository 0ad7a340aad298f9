import type { CurationEvent, JournalEntry, StepRating } from './types';

/**
 * Checks a journal line's shape. The journal is read on every open and written by other
 * processes (and possibly by hand), so a line is applied only when every field is what the
 * protocol says; anything else is skipped with a notice, never half-applied.
 */
export function asJournalEntry(value: unknown): JournalEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  if (e.v !== 1 || typeof e.id !== 'string' || e.id === '' || typeof e.record !== 'string' || typeof e.by !== 'string') return undefined;
  if (typeof e.at !== 'string' || Number.isNaN(Date.parse(e.at))) return undefined;
  if (!isEvent(e.event)) return undefined;
  if (e.snapshot !== undefined && !isSnapshot(e.snapshot)) return undefined;
  return value as JournalEntry;
}

const RATINGS: ReadonlySet<unknown> = new Set<StepRating>(['correct', 'neutral', 'incorrect']);

export function isEvent(value: unknown): value is CurationEvent {
  if (typeof value !== 'object' || value === null) return false;
  const ev = value as Record<string, unknown>;
  const intOrNull = (x: unknown) => x === null || (typeof x === 'number' && Number.isInteger(x));
  switch (ev.kind) {
    case 'rate-step':
      return typeof ev.step === 'number' && Number.isInteger(ev.step) && ev.step >= 0 && (ev.rating === null || RATINGS.has(ev.rating));
    case 'first-wrong-step':
      return intOrNull(ev.step) && (ev.step === null || (ev.step as number) >= -1);
    case 'critique-verdict':
      return ev.verdict === null || ev.verdict === 'accepted' || ev.verdict === 'rejected';
    case 'edit-critique':
    case 'note':
      return ev.text === null || typeof ev.text === 'string';
    default:
      return false;
  }
}

function isSnapshot(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    typeof s.problem === 'string' &&
    Array.isArray(s.steps) &&
    s.steps.every((x) => typeof x === 'string') &&
    (s.critique === undefined || typeof s.critique === 'string') &&
    (s.critiqueFirstWrongStep === undefined || (typeof s.critiqueFirstWrongStep === 'number' && Number.isInteger(s.critiqueFirstWrongStep))) &&
    (s.source === undefined || typeof s.source === 'string')
  );
}
