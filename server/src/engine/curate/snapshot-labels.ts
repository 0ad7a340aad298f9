import type { CurationEvent, CurationState } from './types';
import { CurationBook } from './curation-book';
import { Journal, type JournalRead, type Snapshot } from './journal';
import { contentKey } from './record-key';
import { isEvent } from './journal-entry';
import { CurateError } from './errors';
import { auditNotice, LabelAudit } from './label-audit';
import * as path from 'node:path';
import { dismissedSteps } from './dismissals';

/**
 * Labels made outside a dataset, from a solution document: each event carries a snapshot of
 * the record (problem, steps, critique), filed under the content key, so labels of the same
 * solution merge and `exportCurated` can turn the journal into records.
 */
export class SnapshotLabels {
  readonly journal: Journal;
  readonly book = new CurationBook();
  private readonly audit = new LabelAudit();
  private dismissed?: Set<string>;

  constructor(journalPath: string, by?: string) {
    this.journal = new Journal(journalPath, by);
  }

  label(snapshot: Snapshot, event: CurationEvent): { key: string; state: CurationState } {
    if (!isEvent(event)) throw new CurateError('bad-event', `Not a curation event: ${JSON.stringify(event)}.`);
    const key = contentKey(snapshot.problem, snapshot.steps);
    try {
      this.journal.append(key, event, snapshot);
    } catch (err) {
      throw new CurateError('journal', `The label could not be saved to ${this.journal.path}: ${(err as Error).message}.`);
    }
    // Read back with what others appended before it, so its place is its line (as on every replay).
    applySnapshotRead(this.book, this.audit, this.journal.readNew());
    this.dismissed = undefined;
    return { key, state: this.book.state(key) };
  }

  /** The steps called "not an error" (`dismissedSteps`), as the journal holds them now (another window may have added some). */
  dismissals(): Set<string> {
    const read = this.journal.readNew();
    applySnapshotRead(this.book, this.audit, read);
    if (!this.dismissed || read.entries.length > 0 || read.restarted) this.dismissed = dismissedSteps(this.book);
    return this.dismissed;
  }

  close(): void {
    this.journal.close();
  }
}

/**
 * Replays a journal into a book (for exports and stats from the CLI), with no dataset: a label
 * is applied when it carries, or its key has, a snapshot of its record, and its step exists in
 * it. `notice` names what was left out, so a dataset's journal exported alone says so.
 */
export function replayJournal(journalPath: string): { book: CurationBook; read: JournalRead; notice?: string } {
  const book = new CurationBook();
  const audit = new LabelAudit();
  const read = new Journal(journalPath).readNew();
  applySnapshotRead(book, audit, read);
  const unmatched = audit.unmatched((key) => book.snapshot(key) !== undefined);
  const notice = auditNotice(path.basename(journalPath), unmatched, audit.rejected, () => 'no snapshot of its record is in the journal: it was made on a dataset, so export it with that dataset (curate export DATASET --journal FILE)');
  return { book, read, ...(notice ? { notice } : {}) };
}

function applySnapshotRead(book: CurationBook, audit: LabelAudit, read: JournalRead): void {
  if (read.restarted) {
    book.clear();
    audit.reset();
  }
  for (const [n, e] of read.entries.entries()) {
    const snapshot = e.snapshot ?? book.snapshot(e.record);
    const target = snapshot ? { steps: snapshot.steps.length, name: () => `the solution labelled from ${snapshot.source ?? 'a document'}` } : undefined;
    if (audit.admit(e, read.lines[n], target)) book.apply(e);
  }
}
