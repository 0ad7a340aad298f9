/**
 * The curator's contract: LSP requests between the VS Code client and the server, and the
 * messages between the curator webview and the client (which forwards them 1:1 as requests).
 * Types and constants only, so the server, the client and the webview bundle can all import
 * it; the typed request objects for the two LSP ends are in curator-requests.ts.
 *
 * Steps are 0-based everywhere on the wire (ProcessBench's convention); the page shows them
 * 1-based. `firstWrongStep` -1 means "every step is correct"; null means "not labelled".
 */

export type {
  CheckerFindingView,
  CurationEvent,
  CurationState,
  CuratorStats,
  JournalEntry,
  RecordFilter,
  RecordView,
  StepRating,
} from '../server/src/engine/curate/types';
import type { CurationEvent, CurationState, CuratorStats, RecordFilter, RecordView, StoreSummary } from '../server/src/engine/curate/types';

/** LSP requests (client → server). Every one takes the dataset's `uri` (file URI string). */
export const CURATOR_OPEN = 'mathcritic/curator/open';
export interface CuratorOpenParams { uri: string }
export type CuratorOpenResult = StoreSummary;

export const CURATOR_RECORD = 'mathcritic/curator/record';
export interface CuratorRecordParams { uri: string; index: number }
export type CuratorRecordResult = RecordView;

/** Next/previous record matching a filter, starting after (or before) `from`; null when none. */
export const CURATOR_FIND = 'mathcritic/curator/find';
export interface CuratorFindParams { uri: string; from: number; direction: 1 | -1; filter: RecordFilter }
export type CuratorFindResult = number | null;

/** Append one event; answers with the record's state after it (and after other windows' events). */
export const CURATOR_LABEL = 'mathcritic/curator/label';
export interface CuratorLabelParams { uri: string; index: number; event: CurationEvent }
export type CuratorLabelResult = CurationState;

export const CURATOR_STATS = 'mathcritic/curator/stats';
export interface CuratorStatsParams { uri: string }
export type CuratorStatsResult = CuratorStats;

/** Write a new JSONL (atomically) with the labels and edits merged into the records. */
export const CURATOR_EXPORT = 'mathcritic/curator/export';
export interface CuratorExportParams {
  uri: string;
  /** A new .jsonl or .parquet file. */
  target: string;
  /** `records` (default): the dataset with labels merged; `trl` / `prm800k`: step labels as PRM training data. */
  layout?: 'records' | 'trl' | 'prm800k';
  /** A neutral step rating as a TRL boolean: `right` (default), `wrong`, or `stop` before it. */
  neutral?: 'right' | 'wrong' | 'stop';
}
export interface CuratorExportResult { written: number; path: string }

export const CURATOR_CLOSE = 'mathcritic/curator/close';
export interface CuratorCloseParams { uri: string }

/** Server → client notification: another window appended to this dataset's journal. */
export const CURATOR_CHANGED = 'mathcritic/curator/changed';
export interface CuratorChangedParams { uri: string }

/**
 * Server → client notification while a dataset opened with `indexing` in its open result is
 * indexed: how many records are indexed so far (`fraction` of the file scanned). The last one
 * has `done` and the complete open result (`summary`), or `failure` when the scan stopped
 * because the file changed (reopen it).
 */
export const CURATOR_PROGRESS = 'mathcritic/curator/progress';
export interface CuratorProgressParams {
  uri: string;
  count: number;
  fraction: number;
  done?: boolean;
  summary?: CuratorOpenResult;
  failure?: string;
}

/**
 * Webview ↔ client messages. The webview asks with `request` (method is one of the LSP
 * request names above, params without `uri`: the client adds the document's); the client
 * answers with `response`, and pushes `changed` / `theme` / `command` on its own.
 */
/**
 * The page's requests by method (params without `uri`) with their results: a type-only map,
 * since the webview bundles no LSP library. client/src/curator/messages.ts checks its zod
 * schemas against it.
 */
export interface CuratorPageMethods {
  [CURATOR_RECORD]: { params: Omit<CuratorRecordParams, 'uri'>; result: CuratorRecordResult };
  [CURATOR_FIND]: { params: Omit<CuratorFindParams, 'uri'>; result: CuratorFindResult };
  [CURATOR_LABEL]: { params: Omit<CuratorLabelParams, 'uri'>; result: CuratorLabelResult };
  [CURATOR_STATS]: { params: Omit<CuratorStatsParams, 'uri'>; result: CuratorStatsResult };
}

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'request'; id: number; method: string; params: Record<string, unknown> }
  | { type: 'export' };

export type HostToWebview =
  | { type: 'response'; id: number; result?: unknown; error?: string }
  | { type: 'open'; result: CuratorOpenResult }
  | { type: 'changed' }
  | { type: 'progress'; progress: Omit<CuratorProgressParams, 'uri'> }
  | { type: 'goto'; index: number };
