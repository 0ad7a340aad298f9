import * as fs from 'node:fs';
import { readInto, scanLinesStepwise } from '../io/line-scan';
import { GrowableColumn } from './columns';
import { jsonArrayElements, JsonArrayError } from '../datasets/json-array';
import { isParquetMagic } from '../datasets/parquet';
import { unknownShapeMessage } from '../datasets/read';
import { detectShape, type Mapped, type Shape } from '../datasets/shapes';
import { native } from '../datasets/shapes/native';
import { CurateError } from './errors';
import type { NormalizedRecord } from './normalize';
import { contentKey } from './record-key';
import { isUtf8 } from 'node:buffer';
import { encodingOfStart } from '../io/decode';
import { shapeNamed } from '../datasets/shapes';
import { fingerprintOf, readIndexFile, saveIndexFile, verifyOffsets, type DatasetFingerprint, type IndexColumns, type SavedIndex } from './index-file';
import type { PackedKeys } from './packed-keys';

/** A dataset line that is not a record, as the curator reports it (1-based line; a JSON array's record number). */
export interface SkippedLine {
  line: number;
  reason: string;
}

/** Where the index reads records from, when that is not the dataset file itself (a Parquet dataset's rows spooled as JSON Lines). */
export interface IndexSource {
  readPath: string;
}

export interface IndexOptions {
  /** Where the scan's result is persisted and looked for first (see index-file.ts); none: always scan. */
  indexFile?: string;
}

/** Sentinels in the per-record number columns. */
export const NONE = -2;

/**
 * A dataset opened without loading it (JSON Lines, or one JSON array): one scan records where each record is
 * (byte offsets in typed arrays) and the few facts filters and stats need (key, source,
 * dataset label, critic's first wrong step); the text of a record is read back with one
 * positioned read when it is shown. A 76,000-record file costs a few MB of index, not the
 * file's size.
 *
 * The scan can run progressively (`openProgressive`): the first records are indexed before
 * open returns, the rest in slices between other work, so record 0 can be shown while record
 * 70,000 is not yet found. Meanwhile `count` grows, `scanState` is "scanning" and
 * `whenIndexed(i)` waits for record i. A file written to or replaced during the scan stops it
 * ("changed"): the offsets indexed so far may no longer be the file's, so nothing more is
 * answered from them (and no index file is saved).
 *
 * The file descriptor stays open, so reads keep seeing the file that was indexed even if
 * it is replaced on disk; `changedOnDisk()` says when that happened.
 */
export class DatasetIndex {
  readonly skipped: SkippedLine[] = [];
  /** Source names, interned: `sourceOf[i]` indexes this, -1 for none. */
  readonly sourceNames: string[] = [];
  /** How many records have each source (parallel to `sourceNames`), kept up to date by the scan. */
  readonly sourceCounts: number[] = [];
  private readonly cols = {
    starts: new GrowableColumn<Float64Array>((n) => new Float64Array(n)),
    ends: new GrowableColumn<Float64Array>((n) => new Float64Array(n)),
    lineNumbers: new GrowableColumn<Uint32Array>((n) => new Uint32Array(n)),
    sourceOf: new GrowableColumn<Int32Array>((n) => new Int32Array(n)),
    /** ProcessBench `label`, NONE when absent. */
    datasetSteps: new GrowableColumn<Int32Array>((n) => new Int32Array(n)),
    /** The record's critique's first wrong step (-1 = accepts), NONE when no critique or no verdict. */
    criticSteps: new GrowableColumn<Int32Array>((n) => new Int32Array(n)),
    /** How many steps each record has: a journal's label on a step past the last is rejected on replay. */
    stepCounts: new GrowableColumn<Uint32Array>((n) => new Uint32Array(n)),
  };
  /** 1 where the scan keyed a record by its content (it has no id). */
  private readonly byContent = new GrowableColumn<Uint8Array>((n) => new Uint8Array(n));
  /** Ids the scan met on more than one record: at its end those records are keyed by content. */
  private readonly repeatedIds = new Set<string>();
  private readonly sourceIds = new Map<string, number>();
  /** Ids that several records carry (those records are keyed by content), with their lines. */
  readonly sharedIds = new Map<string, number[]>();
  /** The keys a scan found, and where each is first (a saved index's keys are `packed` instead). */
  private keys: string[] = [];
  private readonly byKey = new Map<string, number>();
  private packed?: PackedKeys;
  private fd: number;
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private readonly identity: { ino: number; size: number; mtimeMs: number };
  private readonly readSize: number;
  private readonly readMtimeMs: number;
  /** The record layout, detected from the first record (MathCritic's own when the file has none). */
  shape: Shape = native;
  private mapRow: (row: Record<string, unknown>) => Mapped = native.reader();
  private detected = false;
  /** "line" for JSON Lines, "record" for a JSON array's elements (and spooled Parquet rows). */
  unit: 'line' | 'record' = 'line';
  /** How this index was made: by scanning the dataset, or read from its persisted index file. */
  origin: 'scan' | 'index-file' = 'scan';
  /** Settles when the persisted index is written (true), or could not be (false, or nothing to write). */
  saved: Promise<boolean> = Promise.resolve(false);
  /** The persisted index's file and the dataset bytes it describes, when the index is persisted. */
  persisted?: { file: string; fingerprint: DatasetFingerprint };
  /**
   * "scanning" while a progressive scan runs; "verifying" while the offsets of a saved index are
   * checked against the file (every record is known and served meanwhile); "changed" when the
   * file changed under either, or did not fit the saved index; "closed" when closed first.
   */
  scanState: 'scanning' | 'verifying' | 'done' | 'changed' | 'closed' = 'done';
  /** Why the scan stopped, when `scanState` is "changed". */
  scanFailure?: string;
  /** Bytes of the file the scan has read (all of them once it is done). */
  scannedBytes = 0;
  /** Settles when the scan is over (done, changed or closed). */
  scanned: Promise<void> = Promise.resolve();
  private scanner?: Iterator<number, void, void>;
  private verifier?: Iterator<void, boolean, void>;
  private readonly waiters: Array<{ index: number; resolve: () => void }> = [];
  private readonly finished: Array<() => void> = [];

  private constructor(
    readonly path: string,
    readonly spool?: IndexSource,
  ) {
    this.fd = fs.openSync(spool?.readPath ?? path, 'r');
    const st = fs.fstatSync(this.fd);
    if (!st.isFile()) {
      fs.closeSync(this.fd);
      throw Object.assign(new Error(`${path} is not a file`), { code: 'EISDIR' });
    }
    this.readSize = st.size;
    this.readMtimeMs = st.mtimeMs;
    const own = spool ? fs.statSync(path) : st;
    this.identity = { ino: own.ino, size: own.size, mtimeMs: own.mtimeMs };
    // The index works on UTF-8 bytes: a UTF-16/32 dataset would scan as garbage lines.
    const head = Buffer.alloc(4);
    fs.readSync(this.fd, head, 0, Math.min(4, this.readSize), 0);
    const { encoding } = encodingOfStart(head.subarray(0, Math.min(4, this.readSize)));
    if (encoding !== 'utf-8' && encoding !== 'utf-8-bom') {
      fs.closeSync(this.fd);
      throw new CurateError('not-jsonl', `${path} is ${encoding.toUpperCase()} (by its byte-order mark); the curator reads UTF-8 JSONL. Convert it, e.g. iconv -f ${encoding.toUpperCase()} -t UTF-8.`);
    }
  }

  /** Indexes the whole file before returning. Throws the fs error (ENOENT, EACCES, …) when it cannot be read. */
  static open(path: string, spool?: IndexSource, options: IndexOptions = {}, rescan = false): DatasetIndex {
    const index = DatasetIndex.start(path, spool, options, rescan);
    try {
      while (index.scanState === 'scanning' || index.scanState === 'verifying') index.scanStep();
    } catch (err) {
      index.close();
      throw err;
    }
    if (index.origin === 'index-file' && index.scanState === 'changed') {
      // The saved index does not fit the file after all: scanned like a first open.
      index.close();
      return DatasetIndex.open(path, spool, options, true);
    }
    return index;
  }

  /**
   * Indexes the file's first records (at least one, when it has any) and returns; the rest is
   * scanned in slices of about `sliceMs` between other work. A persisted index is read whole.
   */
  static openProgressive(path: string, spool?: IndexSource, options: IndexOptions & { sliceMs?: number } = {}, rescan = false): DatasetIndex {
    const index = DatasetIndex.start(path, spool, options, rescan);
    try {
      // The first record decides the shape (and a file that is no dataset fails here, at open).
      while (index.scanState === 'scanning' && index.count === 0) index.scanStep();
      // A saved index: its first chunk of offsets verified before any record is read through it.
      if (index.scanState === 'verifying') index.scanStep();
    } catch (err) {
      index.close();
      throw err;
    }
    if (index.origin === 'index-file' && index.scanState === 'changed') {
      index.close();
      return DatasetIndex.openProgressive(path, spool, options, true);
    }
    if (index.scanState === 'scanning' || index.scanState === 'verifying') void index.scanInSlices(options.sliceMs ?? 25);
    return index;
  }

  private static start(path: string, spool: IndexSource | undefined, options: IndexOptions, rescan: boolean): DatasetIndex {
    const index = new DatasetIndex(path, spool);
    try {
      // A spooled Parquet file is temporary: there is nothing to reopen it from.
      const file = spool ? undefined : options.indexFile;
      const fingerprint = file && index.readSize > 0 ? fingerprintOf(index.fd, path, index.identity.size, index.identity.mtimeMs) : undefined;
      const persisted = file && fingerprint && !rescan ? readIndexFile(file, fingerprint) : undefined;
      if (file && fingerprint) index.persisted = { file, fingerprint };
      if (persisted && index.adopt(persisted)) {
        index.origin = 'index-file';
        index.scannedBytes = index.readSize;
        // Every offset is checked against the file (reading it through), in steps like a scan.
        index.verifier = verifyOffsets(index.fd, persisted, index.readSize);
        index.scanState = 'verifying';
        index.scanned = new Promise((resolve) => index.finished.push(resolve));
      } else {
        index.scanner = index.scan();
        index.scanState = 'scanning';
        index.scanned = new Promise((resolve) => index.finished.push(resolve));
      }
    } catch (err) {
      index.close();
      throw err;
    }
    return index;
  }

  get count(): number {
    return this.packed ? this.packed.length : this.keys.length;
  }

  get size(): number {
    return this.identity.size;
  }

  /** The share of the file scanned so far (1 when the index is complete). */
  get scannedFraction(): number {
    return this.readSize === 0 || this.scanState === 'done' ? 1 : this.scannedBytes / this.readSize;
  }

  /** Resolves once record `i` is indexed, or the scan is over without reaching it (check `count`). */
  whenIndexed(i: number): Promise<void> {
    if (i < this.count || this.scanState !== 'scanning') return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ index: i, resolve }));
  }

  key(i: number): string {
    return this.packed ? this.packed.key(i) : this.keys[i];
  }

  indexOfKey(key: string): number | undefined {
    return this.packed ? this.packed.indexOf(key) : this.byKey.get(key);
  }

  line(i: number): number {
    return this.cols.lineNumbers.data[i];
  }

  source(i: number): string | undefined {
    const s = this.cols.sourceOf.data[i];
    return s < 0 ? undefined : this.sourceNames[s];
  }

  datasetFirstWrongStep(i: number): number | undefined {
    const v = this.cols.datasetSteps.data[i];
    return v === NONE ? undefined : v;
  }

  stepCount(i: number): number {
    return this.cols.stepCounts.data[i];
  }

  criticFirstWrongStep(i: number): number | undefined {
    const v = this.cols.criticSteps.data[i];
    return v === NONE ? undefined : v;
  }

  /** The record's line as written (no line end). */
  rawText(i: number): string {
    const start = this.cols.starts.data[i];
    const length = this.cols.ends.data[i] - start;
    // One reused buffer: an export reads every record, and a buffer per record is garbage the GC collects late.
    if (length > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(length, this.scratch.length * 2));
    readInto(this.fd, this.scratch, start, length);
    // (A BOM is not in it: the scan started line 1's record after it.)
    return this.scratch.toString('utf8', 0, length);
  }

  /** The record's JSON object as written, and the record as the curator reads it. */
  read(i: number): { raw: Record<string, unknown>; record: NormalizedRecord } {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`record ${i} is out of range: the dataset has ${this.count} records (0..${this.count - 1})`);
    const raw = JSON.parse(this.rawText(i)) as Record<string, unknown>;
    const n = this.normalize(raw);
    if (!n.ok) throw new Error(`${this.unit} ${this.line(i)} no longer reads as a record (${n.reason}): the file changed since it was indexed`);
    return { raw, record: n.record };
  }

  /** A row of this dataset as the curator reads it, through the dataset's shape. */
  normalize(raw: unknown): { ok: true; record: NormalizedRecord } | { ok: false; reason: string } {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: `a JSON ${Array.isArray(raw) ? 'array' : raw === null ? 'null' : typeof raw}, not a record` };
    let m: Mapped;
    try {
      m = this.mapRow(raw as Record<string, unknown>);
    } catch (err) {
      m = { skip: `does not fit the ${this.shape.name} shape (${(err as Error).message})` };
    }
    if ('skip' in m) return { ok: false, reason: m.skip };
    const record: NormalizedRecord = { problem: m.problem, steps: m.steps };
    if (m.id !== undefined) record.id = m.id;
    if (m.source !== undefined) record.source = m.source;
    if (m.answer !== undefined) record.referenceAnswer = m.answer;
    if (m.label !== undefined) record.datasetFirstWrongStep = m.label;
    // A MathCritique row's label comes from its critique: that is the critic's verdict, not the dataset's.
    if (m.critique) {
      record.critique = m.critique;
      if (this.shape.name === 'mathcritique') delete record.datasetFirstWrongStep;
    }
    return { ok: true, record };
  }

  /** True when the path now names another file, or the file grew/shrank/was touched. */
  changedOnDisk(): boolean {
    try {
      const st = fs.statSync(this.path);
      return st.ino !== this.identity.ino || st.size !== this.identity.size || st.mtimeMs !== this.identity.mtimeMs;
    } catch {
      return true;
    }
  }

  close(): void {
    if (this.fd >= 0) {
      fs.closeSync(this.fd);
      this.fd = -1;
      if (this.spool) fs.rmSync(this.spool.readPath, { force: true });
    }
    if (this.scanState === 'scanning' || this.scanState === 'verifying') this.endScan('closed');
  }

  /** Scans one chunk of the file (or a few hundred elements of a JSON array); ends the scan after the last. */
  private scanStep(): void {
    if (this.verifier) {
      const step = this.verifier.next();
      if (!step.done) return;
      this.verifier = undefined;
      if (step.value) this.endScan('done');
      else {
        // Never trusted again: the next open scans.
        if (this.persisted) fs.rmSync(this.persisted.file, { force: true });
        this.scanFailure = `${this.path} does not match its saved index (edited without its size or modification time changing?): reopen it to index it again`;
        this.endScan('changed');
      }
      return;
    }
    const step = this.scanner!.next();
    if (step.done) this.finishScan();
    else this.scannedBytes = step.value;
    for (let k = this.waiters.length - 1; k >= 0; k--) {
      if (this.waiters[k].index < this.count) this.waiters.splice(k, 1)[0].resolve();
    }
  }

  private async scanInSlices(sliceMs: number): Promise<void> {
    const going = () => this.scanState === 'scanning' || this.scanState === 'verifying';
    while (going()) {
      await new Promise((resolve) => setImmediate(resolve));
      if (!going()) return;
      const changed = this.changedUnderScan();
      if (changed) {
        this.scanFailure = `${this.path} ${changed} while it was being indexed (after ${this.count.toLocaleString('en')} records): reopen it to index it again`;
        this.endScan('changed');
        return;
      }
      const end = performance.now() + sliceMs;
      try {
        do this.scanStep();
        while (going() && performance.now() < end);
      } catch (err) {
        this.scanFailure = `${this.path} could not be indexed past record ${this.count}: ${(err as Error).message}`;
        this.endScan('changed');
      }
    }
  }

  /** Written to (size or mtime of the open file) or replaced (the path names another file) since the scan began. */
  private changedUnderScan(): string | undefined {
    try {
      const st = fs.fstatSync(this.fd);
      if (st.size !== this.readSize || st.mtimeMs !== this.readMtimeMs) return 'was written to';
    } catch {
      return 'could not be read';
    }
    return this.changedOnDisk() ? 'was replaced or touched' : undefined;
  }

  private endScan(state: 'done' | 'changed' | 'closed'): void {
    this.scanState = state;
    this.scanner = undefined;
    this.verifier = undefined;
    for (const w of this.waiters.splice(0)) w.resolve();
    for (const f of this.finished.splice(0)) f();
  }

  /** The end of a scan: records whose id another record shares are keyed by content; the index is persisted. */
  private finishScan(): void {
    this.scannedBytes = this.readSize;
    if (this.repeatedIds.size > 0) {
      const lineNumbers = this.cols.lineNumbers.data;
      for (let i = 0; i < this.keys.length; i++) {
        const id = this.keys[i];
        if (this.byContent.data[i] || !this.repeatedIds.has(id)) continue;
        const lines = this.sharedIds.get(id) ?? [];
        lines.push(lineNumbers[i]);
        this.sharedIds.set(id, lines);
        const { record } = this.read(i);
        this.keys[i] = contentKey(record.problem, record.steps);
        if (!this.byKey.has(this.keys[i])) this.byKey.set(this.keys[i], i);
      }
      for (const id of this.repeatedIds) this.byKey.delete(id);
      this.repeatedIds.clear();
    }
    if (this.persisted) this.saved = saveIndexFile(this.persisted.file, this.persisted.fingerprint, this.columns());
    this.endScan('done');
  }

  private addRecord(r: NormalizedRecord, start: number, end: number, line: number): void {
    const c = this.cols;
    c.starts.push(start);
    c.ends.push(end);
    c.lineNumbers.push(line);
    let sid = -1;
    if (r.source !== undefined) {
      sid = this.sourceIds.get(r.source) ?? -1;
      if (sid < 0) {
        sid = this.sourceNames.length;
        this.sourceNames.push(r.source);
        this.sourceCounts.push(0);
        this.sourceIds.set(r.source, sid);
      }
      this.sourceCounts[sid]++;
    }
    c.sourceOf.push(sid);
    c.datasetSteps.push(r.datasetFirstWrongStep ?? NONE);
    c.criticSteps.push(r.critique?.firstWrongStep ?? NONE);
    c.stepCounts.push(r.steps.length);
    const i = this.keys.length;
    let key: string;
    if (r.id !== undefined) {
      key = r.id;
      this.byContent.push(0);
      if (this.byKey.has(key)) this.repeatedIds.add(key);
    } else {
      key = contentKey(r.problem, r.steps);
      this.byContent.push(1);
    }
    this.keys.push(key);
    if (!this.byKey.has(key)) this.byKey.set(key, i);
  }

  private onRecord(s: number, e: number, bytes: Buffer, base: number, number: number): void {
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8', s, e));
    } catch (err) {
      this.skipped.push({ line: number, reason: `not valid JSON: ${(err as Error).message}` });
      return;
    }
    if (!this.detected && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      // The first record decides the layout, as for every other reader of datasets.
      this.detected = true;
      const shape = detectShape(value as Record<string, unknown>);
      if (!shape) throw new CurateError('not-jsonl', unknownShapeMessage(this.path, Object.keys(value)));
      this.shape = shape;
      this.mapRow = shape.reader();
    }
    const n = this.normalize(value);
    if (!n.ok) {
      this.skipped.push({ line: number, reason: n.reason });
      return;
    }
    this.addRecord(n.record, base + s, base + e, number);
  }

  /** The scan, one step per chunk: yields the bytes read so far. */
  private *scan(): Generator<number, void, void> {
    const head = Buffer.alloc(Math.min(4096, this.readSize));
    readInto(this.fd, head, 0, head.length);
    if (isParquetMagic(head)) throw new CurateError('not-jsonl', `${this.path} is a Parquet file: open it with CuratorStore.openAsync, which reads its row groups first.`);
    let k = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    while (k < head.length && (head[k] === 0x20 || head[k] === 0x09 || head[k] === 0x0a || head[k] === 0x0d)) k++;
    if (k < head.length && head[k] === 0x5b) {
      this.unit = 'record';
      try {
        let n = 0;
        for (const el of jsonArrayElements(this.fd, this.readSize)) {
          this.onRecord(el.start - el.base, el.end - el.base, el.bytes, el.base, el.number);
          if (++n % 256 === 0) yield el.end;
        }
      } catch (err) {
        if (!(err instanceof JsonArrayError)) throw err;
        this.skipped.push({ line: this.count + this.skipped.length + 1, reason: err.message });
      }
      return;
    }
    if (this.spool) this.unit = 'record';
    yield* scanLinesStepwise(this.fd, this.readSize, ({ start, end, bytes, base, number }) => {
      let s = start - base;
      let e = end - base;
      if (e > s && bytes[e - 1] === 0x0d) e--; // CRLF
      if (number === 1 && e - s >= 3 && bytes[s] === 0xef && bytes[s + 1] === 0xbb && bytes[s + 2] === 0xbf) s += 3; // BOM
      let blank = true;
      for (let k = s; k < e; k++) {
        const c = bytes[k];
        if (c !== 0x20 && c !== 0x09 && c !== 0x0d) {
          blank = false;
          break;
        }
      }
      if (blank) {
        // A trailing empty line is just the file's last newline; inner blank lines are worth a word.
        if (start < this.readSize) this.skipped.push({ line: number, reason: 'blank line' });
        return;
      }
      if (!isUtf8(bytes.subarray(s, e))) {
        this.skipped.push({ line: number, reason: 'not valid UTF-8: save the file as UTF-8' });
        return;
      }
      this.onRecord(s, e, bytes, base, number);
    });
  }

  /** What the scan found, for the index file. */
  private columns(): IndexColumns {
    const c = this.cols;
    return {
      unit: this.unit,
      shape: this.shape.name,
      skipped: this.skipped,
      sourceNames: this.sourceNames,
      sharedIds: [...this.sharedIds],
      keys: this.keys,
      starts: c.starts.values(),
      ends: c.ends.values(),
      lineNumbers: c.lineNumbers.values(),
      sourceOf: c.sourceOf.values(),
      datasetSteps: c.datasetSteps.values(),
      criticSteps: c.criticSteps.values(),
      stepCounts: c.stepCounts.values(),
    };
  }

  /** Takes a persisted index's columns (already checked against the file); false when its shape is unknown to this build. */
  private adopt(c: SavedIndex): boolean {
    const shape = shapeNamed(c.shape);
    if (!shape || shape.name !== c.shape) return false;
    this.shape = shape;
    this.mapRow = shape.reader();
    this.unit = c.unit;
    this.skipped.push(...c.skipped);
    this.sourceNames.push(...c.sourceNames);
    for (let s = 0; s < c.sourceNames.length; s++) this.sourceCounts.push(0);
    for (const s of c.sourceOf) if (s >= 0) this.sourceCounts[s]++;
    for (const [id, lines] of c.sharedIds) this.sharedIds.set(id, lines);
    this.packed = c.keys;
    const cols = this.cols;
    cols.starts = new GrowableColumn((n) => new Float64Array(n), c.starts);
    cols.ends = new GrowableColumn((n) => new Float64Array(n), c.ends);
    cols.lineNumbers = new GrowableColumn((n) => new Uint32Array(n), c.lineNumbers);
    cols.sourceOf = new GrowableColumn((n) => new Int32Array(n), c.sourceOf);
    cols.datasetSteps = new GrowableColumn((n) => new Int32Array(n), c.datasetSteps);
    cols.criticSteps = new GrowableColumn((n) => new Int32Array(n), c.criticSteps);
    cols.stepCounts = new GrowableColumn((n) => new Uint32Array(n), c.stepCounts);
    return true;
  }
}
