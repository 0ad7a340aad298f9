import type { CurationState, JournalEntry, StepRating } from './types';
import type { Snapshot } from './journal';
import { emptyState } from './opinions';

interface Winner {
  atMs: number;
  id: string;
  value: unknown;
}

interface RecordFields {
  fields: Map<string, Winner>;
  updatedAt: string | null;
  updatedAtMs: number;
}

/**
 * The labels of every record, merged from journal events in any order: per field (each step's
 * rating, the first wrong step, the critique verdict, the edited critique, the note) the event
 * with the later `at` wins, ties broken by the larger `id`. Merging is commutative and
 * idempotent (an event id seen twice is ignored), so two windows replaying the same journal,
 * in whatever interleaving their appends landed, reach the same labels.
 */
export class CurationBook {
  private readonly records = new Map<string, RecordFields>();
  private readonly seen = new Set<string>();

  /** Applies one event; returns true when it was new (even if an older one it lost to). */
  apply(entry: JournalEntry): boolean {
    if (this.seen.has(entry.id)) return false;
    this.seen.add(entry.id);
    let rec = this.records.get(entry.record);
    if (!rec) {
      rec = { fields: new Map(), updatedAt: null, updatedAtMs: -Infinity };
      this.records.set(entry.record, rec);
    }
    const atMs = Date.parse(entry.at);
    const ev = entry.event;
    const [field, value] =
      ev.kind === 'rate-step'
        ? [`rating:${ev.step}`, ev.rating]
        : ev.kind === 'first-wrong-step'
          ? ['firstWrongStep', ev.step]
          : ev.kind === 'critique-verdict'
            ? ['critiqueVerdict', ev.verdict]
            : ev.kind === 'edit-critique'
              ? ['editedCritique', ev.text]
              : ['note', ev.text];
    this.offer(rec, field, { atMs, id: entry.id, value });
    if (entry.snapshot) this.offer(rec, 'snapshot', { atMs, id: entry.id, value: entry.snapshot });
    if (atMs > rec.updatedAtMs || (atMs === rec.updatedAtMs && rec.updatedAt !== null && entry.at > rec.updatedAt)) {
      rec.updatedAtMs = atMs;
      rec.updatedAt = entry.at;
    }
    return true;
  }

  state(key: string): CurationState {
    const rec = this.records.get(key);
    const state = emptyState();
    if (!rec) return state;
    for (const [field, w] of rec.fields) {
      if (field.startsWith('rating:')) {
        if (w.value !== null) state.ratings[Number(field.slice(7))] = w.value as StepRating;
      } else if (field === 'firstWrongStep') state.firstWrongStep = w.value as number | null;
      else if (field === 'critiqueVerdict') state.critiqueVerdict = w.value as CurationState['critiqueVerdict'];
      else if (field === 'editedCritique') state.editedCritique = w.value as string | null;
      else if (field === 'note') state.note = w.value as string | null;
    }
    state.updatedAt = rec.updatedAt;
    return state;
  }

  /** The latest snapshot filed under a key (labels made from solution documents). */
  snapshot(key: string): Snapshot | undefined {
    return this.records.get(key)?.fields.get('snapshot')?.value as Snapshot | undefined;
  }

  /** Keys that have at least one event, in the order they were first seen. */
  keys(): IterableIterator<string> {
    return this.records.keys();
  }

  has(key: string): boolean {
    return this.records.has(key);
  }

  get eventCount(): number {
    return this.seen.size;
  }

  clear(): void {
    this.records.clear();
    this.seen.clear();
  }

  private offer(rec: RecordFields, field: string, w: Winner): void {
    const cur = rec.fields.get(field);
    if (!cur || w.atMs > cur.atMs || (w.atMs === cur.atMs && w.id > cur.id)) rec.fields.set(field, w);
  }
}
