import type { CurationEvent, JournalEntry } from './types';

/** The record a journal entry labels, as the replay found it: how many steps it has and how to name it. */
export interface LabelTarget {
  steps: number;
  /** e.g. `record 3 (line 4, id "b")`; made only for a label that is rejected. */
  name: () => string;
}

/** Labels filed under a key that no record has. */
export interface UnmatchedLabels {
  key: string;
  labels: number;
  /** The journal line of the first of them. */
  line: number;
}

/** A label on a step its record does not have, rejected on replay. */
export interface RejectedLabel {
  line: number;
  key: string;
  step: number;
  steps: number;
  record: string;
}

/** The step an event names, when it names one that must exist (-1, "every step is right", and null name none). */
function stepOf(event: CurationEvent): number | undefined {
  if (event.kind === 'rate-step') return event.step;
  if (event.kind === 'first-wrong-step' && event.step !== null && event.step >= 0) return event.step;
  return undefined;
}

/**
 * What a journal's replay could not apply, so no label is lost without a word: labels whose
 * key matches no record (the record was edited, removed, or shares its id with another) are
 * counted per key; a label on a step past the record's last is rejected (never applied, so
 * stats and exports never carry it) and named with its journal line. The shell turns both into
 * the notice a person sees (`notice`) and the stats count them.
 */
export class LabelAudit {
  private readonly unmatchedByKey = new Map<string, { labels: number; line: number }>();
  private readonly rejectedList: RejectedLabel[] = [];
  private readonly counted = new Set<string>();

  /** Whether `entry` may be applied to its record. `target` undefined: no record has its key (applied, and counted). */
  admit(entry: JournalEntry, line: number, target: LabelTarget | undefined): boolean {
    const first = !this.counted.has(entry.id);
    this.counted.add(entry.id);
    if (!target) {
      if (first) {
        const u = this.unmatchedByKey.get(entry.record);
        if (u) u.labels++;
        else this.unmatchedByKey.set(entry.record, { labels: 1, line });
      }
      return true;
    }
    const step = stepOf(entry.event);
    if (step === undefined || step < target.steps) return true;
    if (first) this.rejectedList.push({ line, key: entry.record, step, steps: target.steps, record: target.name() });
    return false;
  }

  /** The keys with labels that match no record, leaving out those `matched` says found one since (a later snapshot). */
  unmatched(matched: (key: string) => boolean = () => false): UnmatchedLabels[] {
    return [...this.unmatchedByKey].filter(([key]) => !matched(key)).map(([key, u]) => ({ key, ...u }));
  }

  get rejected(): readonly RejectedLabel[] {
    return this.rejectedList;
  }

  reset(): void {
    this.unmatchedByKey.clear();
    this.rejectedList.length = 0;
    this.counted.clear();
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const LISTED = 5;

/**
 * The sentences a person reads about what `audit` found, or undefined when every label landed.
 * `why(key)` says why a key matches no record (shared id, edited record, no dataset).
 */
export function auditNotice(journalName: string, unmatched: readonly UnmatchedLabels[], rejected: readonly RejectedLabel[], why: (key: string) => string): string | undefined {
  const parts: string[] = [];
  if (unmatched.length > 0) {
    const labels = unmatched.reduce((n, u) => n + u.labels, 0);
    const named = unmatched
      .slice(0, LISTED)
      .map((u) => `"${u.key}" (${plural(u.labels, 'label')}, from journal line ${u.line}: ${why(u.key)})`)
      .join('; ');
    parts.push(`${plural(labels, 'label')} on ${plural(unmatched.length, 'record key')} ${labels === 1 ? 'matches' : 'match'} no record and ${labels === 1 ? 'is' : 'are'} left out of stats and exports: ${named}${unmatched.length > LISTED ? `; and ${unmatched.length - LISTED} more` : ''}`);
  }
  if (rejected.length > 0) {
    const named = rejected
      .slice(0, LISTED)
      .map((r) => `journal line ${r.line}: step ${r.step} of ${r.record}, which has ${plural(r.steps, 'step')}${r.steps > 0 ? ` (0..${r.steps - 1})` : ''}`)
      .join('; ');
    parts.push(`${plural(rejected.length, 'label')} on a step that does not exist ${rejected.length === 1 ? 'was' : 'were'} rejected: ${named}${rejected.length > LISTED ? `; and ${rejected.length - LISTED} more` : ''}`);
  }
  if (parts.length === 0) return undefined;
  return `The journal ${journalName}: ${parts.join('. ')}.`;
}
