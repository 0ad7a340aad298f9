import type { CurationState, JournalEntry, StepRating } from './types';
import type { Snapshot } from './journal';
import { emptyState } from './opinions';

interface RecordFields {
  fields: Map<string, unknown>;
  /** The `at` of the record's last event in append order. */
  updatedAt: string | null;
}

/**
 * The labels of every record, merged from journal events in the order they were appended:
 * per field (each step's rating, the first wrong step, the critique verdict, the edited
 * critique, the note) the event appended last wins. The journal's line order is the one order
 * every reader agrees on (appends to one file are serialised by the kernel); `at` is a clock,
 * and clocks are skewed or edited by hand, so it is kept as data (`updatedAt`, `curated_at`)
 * and never decides: an event stamped in the future does not outlive the labels made after it.
 * Callers apply events in journal order, their own appends included (read back, not applied
 * as written). An event id seen twice is ignored, so reading a line again changes nothing.
 */
export class CurationBook {
  private readonly records = new Map<string, RecordFields>();
  private readonly seen = new Set<string>();

  /** Applies one event, as the last one so far; returns true when it was new. */
  apply(entry: JournalEntry): boolean {
    if (this.seen.has(entry.id)) return false;
    this.seen.add(entry.id);
    let rec = this.records.get(entry.record);
    if (!rec) {
      rec = { fields: new Map(), updatedAt: null };
      this.records.set(entry.record, rec);
    }
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
    rec.fields.set(field, value);
    if (entry.snapshot) rec.fields.set('snapshot', entry.snapshot);
    rec.updatedAt = entry.at;
    return true;
  }

  state(key: string): CurationState {
    const rec = this.records.get(key);
    const state = emptyState();
    if (!rec) return state;
    for (const [field, value] of rec.fields) {
      if (field.startsWith('rating:')) {
        if (value !== null) state.ratings[Number(field.slice(7))] = value as StepRating;
      } else if (field === 'firstWrongStep') state.firstWrongStep = value as number | null;
      else if (field === 'critiqueVerdict') state.critiqueVerdict = value as CurationState['critiqueVerdict'];
      else if (field === 'editedCritique') state.editedCritique = value as string | null;
      else if (field === 'note') state.note = value as string | null;
    }
    state.updatedAt = rec.updatedAt;
    return state;
  }

  /** The latest snapshot filed under a key (labels made from solution documents). */
  snapshot(key: string): Snapshot | undefined {
    return this.records.get(key)?.fields.get('snapshot') as Snapshot | undefined;
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
}
