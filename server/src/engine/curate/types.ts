/**
 * The curation domain: step ratings, the journal's on-disk line, the state a journal replays
 * to, and the views and stats the curator shows. The engine owns them; the curator protocol
 * (protocol/curator.ts) only re-exports them beside its requests and messages.
 *
 * Steps are 0-based everywhere (ProcessBench's convention); the page shows them 1-based.
 * `firstWrongStep` -1 means "every step is correct"; null means "not labelled".
 */

import type { Severity } from '../check/findings';

/** PRM800K's three step ratings (+1 / 0 / -1). */
export type StepRating = 'correct' | 'neutral' | 'incorrect';

/** One human action on one record. Appended to the journal as one line, never rewritten. */
export type CurationEvent =
  | { kind: 'rate-step'; step: number; rating: StepRating | null }
  | { kind: 'first-wrong-step'; step: number | null }
  | { kind: 'critique-verdict'; verdict: 'accepted' | 'rejected' | null }
  | { kind: 'edit-critique'; text: string | null }
  | { kind: 'note'; text: string | null };

/** One journal line. `record` is the record's key (its `id`, else a hash of problem + steps). */
export interface JournalEntry {
  v: 1;
  /** Unique per event (so replaying the same line twice changes nothing). */
  id: string;
  record: string;
  /** ISO time, as the writer's clock said: data, not order (on replay the event appended last wins per field). */
  at: string;
  /** Which window/process wrote it (two windows on one dataset append to the same journal). */
  by: string;
  event: CurationEvent;
  /**
   * Set on labels made from a solution document (its model-critic diagnostic), which has no
   * dataset line to point at: the record itself, so exporting the journal turns it into one.
   */
  snapshot?: { problem: string; steps: string[]; critique?: string; critiqueFirstWrongStep?: number; source?: string };
}

/** The labels of one record after replaying the journal. */
export interface CurationState {
  ratings: Record<number, StepRating>;
  firstWrongStep: number | null;
  critiqueVerdict: 'accepted' | 'rejected' | null;
  editedCritique: string | null;
  note: string | null;
  /** ISO time of the last event, or null when no human touched the record. */
  updatedAt: string | null;
}

export interface CheckerFindingView {
  step: number;
  code: string;
  /** The checker's default severity: an `error` names its step as wrong, a warning does not. */
  severity: Severity;
  message: string;
}

/** One record as the page shows it. */
export interface RecordView {
  index: number;
  count: number;
  key: string;
  source?: string;
  problem: string;
  steps: string[];
  referenceAnswer?: string;
  /** The dataset's own label of the first wrong step (ProcessBench `label`), if any. */
  datasetFirstWrongStep?: number;
  /** The critique in the record (a critique record's `critique` / `first_wrong_step`), if any. */
  critique?: { text: string; firstWrongStep: number | null; model?: string };
  /** The embedded checker, run on the record's steps when it is shown. */
  findings: CheckerFindingView[];
  curation: CurationState;
}

export interface RecordFilter {
  unlabelled?: boolean;
  /** Human, critic, dataset label and checker do not all agree on the first wrong step. */
  disagreement?: boolean;
  source?: string;
  /** The critique's verdict: the critic accepts ('correct') or names a wrong step ('incorrect'). */
  verdict?: 'correct' | 'incorrect';
}

export interface CuratorStats {
  count: number;
  labelled: number;
  ratings: Record<StepRating, number>;
  critiqueVerdicts: { accepted: number; rejected: number };
  /** Records with both a human first wrong step and a critic's: how often they agree. */
  humanCritic: { agree: number; disagree: number };
  /**
   * Records with both a human first wrong step and a checker finding / none. `pending`: labelled
   * records the checker has not been run on yet (it costs a few ms a record), left out of the two counts.
   */
  humanChecker: { agree: number; disagree: number; pending?: number };
  sources: Record<string, number>;
  /** Journal labels whose key matches no record (edited, removed, or an id two records share); absent when none. */
  unmatchedLabels?: { records: number; labels: number };
  /** Journal labels on a step the record does not have, rejected on replay; absent when none. */
  rejectedLabels?: number;
  /** Present while the dataset is still being indexed: the counts cover the records indexed so far (`fraction` of the file scanned). */
  indexing?: { fraction: number };
}

/** What opening a dataset says about it. */
export interface StoreSummary {
  count: number;
  /** Lines of the dataset that are not records (bad JSON, no problem/steps): 1-based line + why. */
  skipped: Array<{ line: number; reason: string }>;
  /** Set when the journal's last line was torn (a crash mid-write) and was skipped. */
  journalNotice?: string;
  /** Journal labels whose key matches no record, per key (named in `journalNotice` too). */
  unmatchedLabels?: Array<{ key: string; labels: number; line: number }>;
  /** Journal labels on a step the record does not have, rejected on replay (named in `journalNotice` too). */
  rejectedLabels?: Array<{ line: number; key: string; step: number; steps: number; record: string }>;
  journalPath: string;
  /**
   * Present while the dataset is still being indexed: `count` is the records indexed so far
   * (`fraction` of the file scanned), and lines skipped later are reported when the scan ends.
   */
  indexing?: { fraction: number };
}
