import * as fs from 'node:fs';
import { rmSync } from 'node:fs';
import { detectContainer } from '../datasets/rows';
import { spoolParquet } from '../datasets/spool';
import * as path from 'node:path';
import type { CurationEvent, CurationState, JournalEntry, StoreSummary, CuratorStats, RecordFilter, RecordView } from './types';
import { CurationBook } from './curation-book';
import { checkRecord } from './checker-view';
import { DatasetIndex, NONE } from './dataset-index';
import { CurateError, fileError } from './errors';
import { exportCurated, type CuratedExportOptions } from './export-run';
import { findRecord, findRecordAsync, type FilterFacts } from './filters';
import { Journal, journalNotice, type JournalRead } from './journal';
import { isEvent } from './journal-entry';
import { StatsTally } from './stats';
import { auditNotice, LabelAudit, type LabelTarget } from './label-audit';
import { isContentKey } from './record-key';
import { indexFileFor } from './index-file';
import { checkerCacheFor, loadCheckerCache, saveCheckerCache } from './checker-cache';

export interface CuratorStoreOptions {
  /** Default: `<dataset>.journal`. */
  journalPath?: string;
  /** Names this writer in its events (default: host, pid and a random part). */
  by?: string;
  /** Where the dataset's line index is persisted, so a reopen does not scan (default: `.mathcritic/` beside the journal); false: never. */
  indexFile?: string | false;
  /**
   * Return once the first records are indexed and scan the rest in slices between other work
   * (see DatasetIndex.openProgressive): `indexed` settles when the scan is over.
   */
  progressive?: boolean;
}

/**
 * One dataset under curation: its index, its journal and the labels replayed from it. Reads
 * never load the dataset; labels are appended, never rewritten. Call `sync()` before answering
 * anything, so labels another process appended since are seen.
 */
export class CuratorStore {
  readonly book = new CurationBook();
  readonly journal: Journal;
  private readonly tally: StatsTally;
  /** Labels the replay could not apply (no record with their key, a step the record does not have). */
  private readonly audit = new LabelAudit();
  /** The checker's first wrong step per record, NONE until it has been run on it (grown with the index). */
  private checkerSteps: Int32Array;
  /** Settles when every record is indexed and the journal replayed against all of them (at once unless `progressive`). */
  indexed: Promise<void> = Promise.resolve();
  /** Checker verdicts computed since they were last persisted (see checker-cache.ts). */
  private checkerDirty = false;
  /** Settles when the latest save of the checker verdicts is done (true when written). */
  checkerSaved: Promise<boolean> = Promise.resolve(false);
  private notice?: string;
  private watcher?: { close(): void };
  private watchTimer?: NodeJS.Timeout;
  /** Another writer's events were applied since the watcher last said so. */
  private othersPending = false;
  private closed = false;

  private constructor(
    readonly index: DatasetIndex,
    journalPath: string,
    by?: string,
  ) {
    this.journal = new Journal(journalPath, by);
    this.checkerSteps = new Int32Array(index.count).fill(NONE);
    if (index.scanState !== 'scanning') this.loadCheckerVerdicts();
    this.tally = new StatsTally(
      () => index.count,
      () => Object.fromEntries(index.sourceNames.map((name, s) => [name, index.sourceCounts[s]])),
      (i) => this.checkerStep(i),
    );
  }

  /** The verdicts an earlier session persisted, for the records still without one. */
  private loadCheckerVerdicts(): void {
    const { index } = this;
    const persisted = index.persisted;
    const verdicts = persisted && loadCheckerCache(checkerCacheFor(persisted.file), persisted.fingerprint, index.count, NONE, (i) => index.stepCount(i));
    if (!verdicts) return;
    this.growCheckerSteps();
    for (let i = 0; i < verdicts.length; i++) if (this.checkerSteps[i] === NONE) this.checkerSteps[i] = verdicts[i];
  }

  private growCheckerSteps(): void {
    if (this.checkerSteps.length >= this.index.count) return;
    const bigger = new Int32Array(Math.max(this.index.count, this.checkerSteps.length * 2)).fill(NONE);
    bigger.set(this.checkerSteps);
    this.checkerSteps = bigger;
  }

  /**
   * The end of a progressive scan. While it ran, a journal label whose record was not yet
   * indexed was applied by its key but could not be checked against the record (nor told
   * apart from a label on no record): now that every key is known the journal is replayed
   * again from its start, which is what a complete open would have done.
   */
  private onScanEnded(): void {
    if (this.closed || this.index.scanState !== 'done') return;
    this.growCheckerSteps();
    this.loadCheckerVerdicts();
    this.journal.rereadAll();
    try {
      this.sync();
    } catch {
      /* the next request reports a journal that cannot be read */
    }
  }

  /** While a progressive scan runs: how far it is (`fraction` of the file's bytes). */
  get indexing(): { fraction: number } | undefined {
    return this.index.scanState === 'scanning' ? { fraction: this.index.scannedFraction } : undefined;
  }

  /** Indexes the dataset and replays its journal. Throws a CurateError that says what is wrong. */
  static open(datasetPath: string, options: CuratorStoreOptions = {}, spool?: string): CuratorStore {
    let index: DatasetIndex;
    const journalPath = options.journalPath ?? `${datasetPath}.journal`;
    const indexFile = options.indexFile === false ? undefined : (options.indexFile ?? indexFileFor(datasetPath, journalPath));
    try {
      const source = spool ? { readPath: spool } : undefined;
      index = options.progressive ? DatasetIndex.openProgressive(datasetPath, source, { indexFile }) : DatasetIndex.open(datasetPath, source, { indexFile });
    } catch (err) {
      if (spool) rmSync(spool, { force: true });
      if (err instanceof CurateError) throw err;
      throw fileError(datasetPath, err);
    }
    if (index.count === 0 && index.skipped.some((s) => s.reason !== 'blank line')) {
      const first = index.skipped.find((s) => s.reason !== 'blank line')!;
      index.close();
      throw new CurateError(
        'not-jsonl',
        `${datasetPath} is not a dataset of solution records: none of its ${index.unit}s is a record (${index.unit} ${first.line}: ${first.reason}). The curator reads JSON Lines, a JSON array or Parquet, with a "problem" and "steps" or another known shape.`,
      );
    }
    const store = new CuratorStore(index, journalPath, options.by);
    let read: JournalRead;
    try {
      read = store.journal.readNew();
    } catch (err) {
      index.close();
      throw fileError(store.journal.path, err, 'journal');
    }
    store.applyRead(read);
    store.notice = journalNotice(store.journal.path, read);
    if (index.scanState === 'scanning') store.indexed = index.scanned.then(() => store.onScanEnded());
    return store;
  }

  /**
   * `open` for any container: a Parquet dataset's rows are first spooled as JSON Lines to a
   * temporary file (removed on close), since its compressed columns cannot be read record by
   * record with one positioned read. JSON Lines and JSON arrays are indexed in place.
   */
  static async openAsync(datasetPath: string, options: CuratorStoreOptions = {}): Promise<CuratorStore> {
    let container;
    try {
      container = await detectContainer(datasetPath);
    } catch (err) {
      throw fileError(datasetPath, err);
    }
    if (container !== 'parquet') return CuratorStore.open(datasetPath, options);
    let spool: string;
    try {
      spool = await spoolParquet(datasetPath);
    } catch (err) {
      throw new CurateError('unreadable', `${datasetPath} cannot be read as Parquet: ${(err as Error).message}`);
    }
    return CuratorStore.open(datasetPath, options, spool);
  }

  get count(): number {
    return this.index.count;
  }

  summary(): StoreSummary {
    // Until every record is indexed, a label whose record is not found yet is not known to match none.
    const scanning = this.index.scanState === 'scanning';
    const unmatched = scanning ? [] : this.unmatchedLabels();
    const rejected = this.audit.rejected;
    const notice = [this.notice, auditNotice(path.basename(this.journal.path), unmatched, rejected, (key) => this.whyUnmatched(key))].filter(Boolean).join(' ');
    return {
      count: this.index.count,
      skipped: this.index.skipped,
      ...(notice ? { journalNotice: notice } : {}),
      ...(unmatched.length ? { unmatchedLabels: unmatched } : {}),
      ...(rejected.length ? { rejectedLabels: [...rejected] } : {}),
      journalPath: this.journal.path,
      ...(scanning ? { indexing: { fraction: this.index.scannedFraction } } : {}),
    };
  }

  /** Applies what the journal grew by. `others` is true when another writer appended. */
  sync(): { others: boolean } {
    let read: JournalRead;
    try {
      read = this.journal.readNew();
    } catch (err) {
      throw fileError(this.journal.path, err, 'journal');
    }
    const others = this.applyRead(read);
    if (others) this.othersPending = true;
    return { others };
  }

  state(i: number): CurationState {
    return this.book.state(this.index.key(i));
  }

  /** `view`, once record i is indexed: waits for a progressive scan to reach it (out of range if it never does). */
  async viewWhenIndexed(i: number): Promise<RecordView> {
    if (Number.isInteger(i) && i >= 0) await this.index.whenIndexed(i);
    return this.view(i);
  }

  view(i: number): RecordView {
    this.checkIndex(i);
    const { record } = this.readRecord(i);
    const { findings, firstWrongStep } = checkRecord(record);
    this.growCheckerSteps();
    if (this.checkerSteps[i] !== firstWrongStep) this.checkerDirty = true;
    this.checkerSteps[i] = firstWrongStep;
    return {
      index: i,
      count: this.index.count,
      key: this.index.key(i),
      ...(record.source !== undefined ? { source: record.source } : {}),
      problem: record.problem,
      steps: record.steps,
      ...(record.referenceAnswer !== undefined ? { referenceAnswer: record.referenceAnswer } : {}),
      ...(record.datasetFirstWrongStep !== undefined ? { datasetFirstWrongStep: record.datasetFirstWrongStep } : {}),
      ...(record.critique ? { critique: record.critique } : {}),
      findings,
      curation: this.state(i),
    };
  }

  find(from: number, direction: 1 | -1, filter: RecordFilter): number | null {
    this.checkSearch(from, direction);
    return findRecord(this.index.count, from, direction, filter ?? {}, this.facts());
  }

  /**
   * `find` without freezing the caller's event loop; resolves undefined when `cancelled()` says so.
   * While a progressive scan runs, a forward search that passes the last indexed record waits
   * for the scan to index more and goes on; a backward one searches what is indexed.
   */
  async findAsync(from: number, direction: 1 | -1, filter: RecordFilter, cancelled?: () => boolean): Promise<number | null | undefined> {
    this.checkSearch(from, direction);
    // A store closed while searching stops the search (its file is closed).
    const stop = () => this.closed || (cancelled?.() ?? false);
    let start = from;
    for (;;) {
      const searched = this.index.count;
      const found = await findRecordAsync(searched, start, direction, filter ?? {}, this.facts(), stop);
      if (found !== null || direction === -1 || this.index.scanState !== 'scanning') {
        this.checkScan();
        return found;
      }
      await this.index.whenIndexed(searched);
      if (stop()) return undefined;
      start = searched - 1;
    }
  }

  /** Appends a person's label of record i to the journal (flushed) and returns the record's labels. */
  label(i: number, event: CurationEvent): CurationState {
    this.checkIndex(i);
    this.checkScan();
    if (!isEvent(event)) throw new CurateError('bad-event', `Not a curation event: ${JSON.stringify(event)}.`);
    const steps = this.readRecord(i).record.steps.length;
    if (event.kind === 'rate-step' && event.step >= steps) throw new CurateError('out-of-range', `Step ${event.step} is out of range: record ${i} has ${steps} steps (0..${steps - 1}).`);
    if (event.kind === 'first-wrong-step' && event.step !== null && event.step >= steps) {
      throw new CurateError('out-of-range', `Step ${event.step} is out of range: record ${i} has ${steps} steps (0..${steps - 1}, or -1 for "every step is right").`);
    }
    try {
      this.journal.append(this.index.key(i), event);
    } catch (err) {
      throw new CurateError('journal', `The label could not be saved to ${this.journal.path}: ${(err as Error).message}. Nothing was lost from the journal; check that its folder is writable.`);
    }
    // Read back, not applied as written: its place is its line, after what others appended before it.
    this.sync();
    return this.state(i);
  }

  /** The stats, every checker verdict they need computed first (seconds, the first time, on a long journal). */
  stats(): CuratorStats {
    this.tally.settleAll();
    return this.statsSoFar();
  }

  /**
   * The stats as they stand: every count over every indexed record, but the human–checker
   * agreement only over the labelled records the checker has been run on so far
   * (`humanChecker.pending` says how many wait; `warmStats()` runs it on them). While a
   * progressive scan runs, `indexing` says so and the counts cover the records indexed so far.
   */
  statsSoFar(): CuratorStats {
    const stats = this.tally.stats();
    this.saveCheckerVerdicts();
    const scanning = this.index.scanState === 'scanning';
    const unmatched = scanning ? [] : this.unmatchedLabels();
    if (unmatched.length > 0) stats.unmatchedLabels = { records: unmatched.length, labels: unmatched.reduce((n, u) => n + u.labels, 0) };
    if (this.audit.rejected.length > 0) stats.rejectedLabels = this.audit.rejected.length;
    if (scanning) stats.indexing = { fraction: this.index.scannedFraction };
    return stats;
  }

  /** Prepares what the first `stats()` would compute (checker verdicts of labelled records) without blocking; `budgetMs`: stop after that long. */
  async warmStats(budgetMs = Infinity): Promise<void> {
    const until = performance.now() + budgetMs;
    await this.tally.settleInBackground(() => this.closed || performance.now() > until);
    this.saveCheckerVerdicts();
  }

  /** Persists the checker verdicts computed since the last save, in the background (a failed write costs the next process a re-check). */
  private saveCheckerVerdicts(): void {
    const persisted = this.index.persisted;
    // Verdicts are filed per record of a complete index (the file's count is checked on load).
    const state = this.index.scanState;
    if (!this.checkerDirty || !persisted || (state !== 'done' && state !== 'verifying')) return;
    this.checkerDirty = false;
    const previous = this.checkerSaved;
    // One after another, each with the verdicts as they were when it was asked for: the last write holds the most.
    const snapshot = this.checkerSteps.slice(0, this.index.count);
    this.checkerSaved = previous.then(() => saveCheckerCache(checkerCacheFor(persisted.file), persisted.fingerprint, snapshot));
  }

  async export(target: string, options?: CuratedExportOptions): Promise<{ written: number; path: string }> {
    return exportCurated({ index: this.index, book: this.book }, target, options);
  }

  /**
   * Calls `onOthers` when another process appends to the journal (a second window on the
   * same dataset). Watches the folder, not the file, so a journal created later is seen too.
   */
  watch(onOthers: () => void): void {
    if (this.watcher) return;
    const dir = path.dirname(this.journal.path);
    const name = path.basename(this.journal.path);
    const fire = () => {
      if (this.watchTimer) return;
      this.watchTimer = setTimeout(() => {
        this.watchTimer = undefined;
        try {
          // Also when a request's sync already applied them: the page should redraw the rest (stats, counters).
          this.sync();
          if (this.othersPending) {
            this.othersPending = false;
            onOthers();
          }
        } catch {
          /* the next request reports a journal that cannot be read */
        }
      }, 30);
      this.watchTimer.unref?.();
    };
    try {
      const w = fs.watch(dir, { persistent: false }, (_event, file) => {
        if (!file || file === name) fire();
      });
      w.on('error', () => undefined);
      this.watcher = w;
    } catch {
      // No inotify (or too many watches): poll the journal's size instead.
      const listener = () => fire();
      fs.watchFile(this.journal.path, { persistent: false, interval: 1000 }, listener);
      this.watcher = { close: () => fs.unwatchFile(this.journal.path, listener) };
    }
  }

  close(): void {
    this.saveCheckerVerdicts();
    this.closed = true;
    this.watcher?.close();
    this.watcher = undefined;
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.journal.close();
    this.index.close();
  }

  private applyRead(read: JournalRead): boolean {
    if (read.restarted) {
      this.book.clear();
      this.tally.reset();
      this.audit.reset();
    }
    const touched = new Set<number>();
    let others = false;
    for (const [n, entry] of read.entries.entries()) {
      if (!this.audit.admit(entry, read.lines[n], this.targetOf(entry))) continue;
      if (!this.book.apply(entry)) continue;
      if (entry.by !== this.journal.by) others = true;
      const i = this.index.indexOfKey(entry.record);
      if (i !== undefined) touched.add(i);
    }
    if (read.restarted)
      for (const key of this.book.keys()) {
        const i = this.index.indexOfKey(key);
        if (i !== undefined) touched.add(i);
      }
    this.refreshStats(touched);
    return others || read.restarted;
  }

  /** The record a journal entry labels: a dataset record, or the snapshot a label from a solution document carries. */
  private targetOf(entry: JournalEntry): LabelTarget | undefined {
    const i = this.index.indexOfKey(entry.record);
    if (i !== undefined) {
      return { steps: this.index.stepCount(i), name: () => `record ${i} (${this.index.unit} ${this.index.line(i)}${isContentKey(entry.record) ? '' : `, id "${entry.record}"`})` };
    }
    const snapshot = entry.snapshot ?? this.book.snapshot(entry.record);
    return snapshot ? { steps: snapshot.steps.length, name: () => `the solution labelled from ${snapshot.source ?? 'a document'}` } : undefined;
  }

  private unmatchedLabels() {
    return this.audit.unmatched((key) => this.book.snapshot(key) !== undefined);
  }

  private whyUnmatched(key: string): string {
    const shared = this.index.sharedIds.get(key);
    if (shared) {
      return `${shared.length} records share this id (${this.index.unit}s ${shared.join(', ')}), so its labels cannot tell them apart; those records are now filed by their content, label them again`;
    }
    if (isContentKey(key)) return 'no record has the problem and steps it was made on any more: the record was edited or removed since';
    return 'no record has this id any more: the record was removed or its id edited since';
  }

  private refreshStats(indices: Iterable<number>): void {
    for (const i of indices) this.tally.update(i, this.state(i), this.index.criticFirstWrongStep(i));
  }

  private facts(): FilterFacts {
    const index = this.index;
    return {
      state: (i) => this.state(i),
      source: (i) => index.source(i),
      critic: (i) => index.criticFirstWrongStep(i),
      dataset: (i) => index.datasetFirstWrongStep(i),
      checker: (i) => this.checkerStep(i),
    };
  }

  private checkerStep(i: number): number {
    this.growCheckerSteps();
    if (this.checkerSteps[i] === NONE) {
      this.checkerSteps[i] = checkRecord(this.readRecord(i).record).firstWrongStep;
      this.checkerDirty = true;
    }
    return this.checkerSteps[i];
  }

  private readRecord(i: number) {
    try {
      return this.index.read(i);
    } catch (err) {
      if (err instanceof RangeError) throw new CurateError('out-of-range', `Record ${i} is out of range: the dataset has ${this.index.count} records (0..${this.index.count - 1}).`);
      throw new CurateError('changed', `Record ${i} (line ${this.index.line(i)}) cannot be read: ${(err as Error).message}. Reopen the dataset.`);
    }
  }

  private checkSearch(from: number, direction: number): void {
    if (!Number.isInteger(from) || from < -1 || from > this.index.count) {
      throw new CurateError(
        'out-of-range',
        `Cannot search from record ${from}: it is out of range, the dataset has ${this.index.count} records (0..${this.index.count - 1}); start from -1 or ${this.index.count} to search from an end.`,
      );
    }
    if (direction !== 1 && direction !== -1) throw new CurateError('bad-event', `direction must be 1 or -1, not ${String(direction)}.`);
  }

  /** A scan stopped by a change of the file: what it indexed may not be the file's any more. */
  private checkScan(): void {
    if (this.index.scanState === 'changed') throw new CurateError('changed', `${this.index.scanFailure ?? `${this.index.path} changed while it was being indexed`}.`);
  }

  private checkIndex(i: number): void {
    this.checkScan();
    if (Number.isInteger(i) && i >= this.index.count && this.index.scanState === 'scanning') {
      throw new CurateError('indexing', `Record ${i} is not indexed yet: ${this.index.count.toLocaleString('en')} records are, ${Math.floor(100 * this.index.scannedFraction)}% of the file scanned so far.`);
    }
    if (!Number.isInteger(i) || i < 0 || i >= this.index.count) {
      throw new CurateError('out-of-range', `Record ${i} is out of range: the dataset has ${this.index.count} records (0..${this.index.count - 1}).`);
    }
  }
}
