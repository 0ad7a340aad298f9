import type { CurationEvent, CurationState } from './types';
import { CurationBook } from './curation-book';
import { Journal, type Snapshot } from './journal';
import { contentKey } from './record-key';
import { isEvent } from './journal-entry';
import { CurateError } from './errors';
import { dismissedSteps } from './dismissals';

/**
 * Labels made outside a dataset, from a solution document: each event carries a snapshot of
 * the record (problem, steps, critique), filed under the content key, so labels of the same
 * solution merge and `exportCurated` can turn the journal into records.
 */
export class SnapshotLabels {
  readonly journal: Journal;
  readonly book = new CurationBook();
  private dismissed?: Set<string>;

  constructor(journalPath: string, by?: string) {
    this.journal = new Journal(journalPath, by);
  }

  label(snapshot: Snapshot, event: CurationEvent): { key: string; state: CurationState } {
    if (!isEvent(event)) throw new CurateError('bad-event', `Not a curation event: ${JSON.stringify(event)}.`);
    for (const e of this.journal.readNew().entries) this.book.apply(e);
    const key = contentKey(snapshot.problem, snapshot.steps);
    try {
      this.book.apply(this.journal.append(key, event, snapshot));
      this.dismissed = undefined;
    } catch (err) {
      throw new CurateError('journal', `The label could not be saved to ${this.journal.path}: ${(err as Error).message}.`);
    }
    return { key, state: this.book.state(key) };
  }

  /** The steps called "not an error" (`dismissedSteps`), as the journal holds them now (another window may have added some). */
  dismissals(): Set<string> {
    const read = this.journal.readNew();
    if (read.restarted) this.book.clear();
    for (const e of read.entries) this.book.apply(e);
    if (!this.dismissed || read.entries.length > 0 || read.restarted) this.dismissed = dismissedSteps(this.book);
    return this.dismissed;
  }

  close(): void {
    this.journal.close();
  }
}

/** Replays a journal into a book (for exports and stats from the CLI). */
export function replayJournal(journalPath: string): { book: CurationBook; read: ReturnType<Journal['readNew']> } {
  const book = new CurationBook();
  const read = new Journal(journalPath).readNew();
  for (const e of read.entries) book.apply(e);
  return { book, read };
}
