import * as fs from 'node:fs';
import { readInto, scanLines } from '../io/line-scan';
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
import { fingerprintOf, loadIndexFile, saveIndexFile, type DatasetFingerprint, type IndexColumns } from './index-file';

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
 * The file descriptor stays open, so reads keep seeing the file that was indexed even if
 * it is replaced on disk; `changedOnDisk()` says when that happened.
 */
export class DatasetIndex {
  readonly skipped: SkippedLine[] = [];
  /** Source names, interned: `sourceOf[i]` indexes this, -1 for none. */
  readonly sourceNames: string[] = [];
  private starts!: Float64Array;
  private ends!: Float64Array;
  private lineNumbers!: Uint32Array;
  private sourceOf!: Int32Array;
  /** ProcessBench `label`, NONE when absent. */
  private datasetSteps!: Int32Array;
  /** The record's critique's first wrong step (-1 = accepts), NONE when no critique or no verdict. */
  private criticSteps!: Int32Array;
  /** How many steps each record has: a journal's label on a step past the last is rejected on replay. */
  private stepCounts!: Uint32Array;
  /** Ids that several records carry (those records are keyed by content), with their lines. */
  readonly sharedIds = new Map<string, number[]>();
  private keys: string[] = [];
  private readonly byKey = new Map<string, number>();
  private fd: number;
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private readonly identity: { ino: number; size: number; mtimeMs: number };
  private readonly readSize: number;
  /** The record layout, detected from the first record (MathCritic's own when the file has none). */
  shape: Shape = native;
  private mapRow: (row: Record<string, unknown>) => Mapped = native.reader();
  /** "line" for JSON Lines, "record" for a JSON array's elements (and spooled Parquet rows). */
  unit: 'line' | 'record' = 'line';
  /** How this index was made: by scanning the dataset, or read from its persisted index file. */
  origin: 'scan' | 'index-file' = 'scan';
  /** Settles when the persisted index is written (true), or could not be (false, or nothing to write). */
  saved: Promise<boolean> = Promise.resolve(false);
  /** The persisted index's file and the dataset bytes it describes, when the index is persisted. */
  persisted?: { file: string; fingerprint: DatasetFingerprint };

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

  /** Indexes the file. Throws the fs error (ENOENT, EACCES, …) when it cannot be read. */
  static open(path: string, spool?: IndexSource, options: IndexOptions = {}): DatasetIndex {
    const index = new DatasetIndex(path, spool);
    try {
      // A spooled Parquet file is temporary: there is nothing to reopen it from.
      const file = spool ? undefined : options.indexFile;
      const fingerprint = file && index.readSize > 0 ? fingerprintOf(index.fd, path, index.identity.size, index.identity.mtimeMs) : undefined;
      const persisted = file && fingerprint ? loadIndexFile(file, index.fd, fingerprint) : undefined;
      if (persisted && index.adopt(persisted)) index.origin = 'index-file';
      else {
        index.build();
        if (file && fingerprint) index.saved = saveIndexFile(file, fingerprint, index.columns());
      }
      if (file && fingerprint) index.persisted = { file, fingerprint };
    } catch (err) {
      index.close();
      throw err;
    }
    return index;
  }

  get count(): number {
    return this.keys.length;
  }

  get size(): number {
    return this.identity.size;
  }

  key(i: number): string {
    return this.keys[i];
  }

  indexOfKey(key: string): number | undefined {
    return this.byKey.get(key);
  }

  line(i: number): number {
    return this.lineNumbers[i];
  }

  source(i: number): string | undefined {
    const s = this.sourceOf[i];
    return s < 0 ? undefined : this.sourceNames[s];
  }

  datasetFirstWrongStep(i: number): number | undefined {
    const v = this.datasetSteps[i];
    return v === NONE ? undefined : v;
  }

  stepCount(i: number): number {
    return this.stepCounts[i];
  }

  criticFirstWrongStep(i: number): number | undefined {
    const v = this.criticSteps[i];
    return v === NONE ? undefined : v;
  }

  /** The record's line as written (no line end). */
  rawText(i: number): string {
    const length = this.ends[i] - this.starts[i];
    // One reused buffer: an export reads every record, and a buffer per record is garbage the GC collects late.
    if (length > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(length, this.scratch.length * 2));
    readInto(this.fd, this.scratch, this.starts[i], length);
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
  }

  private build(): void {
    const starts: number[] = [];
    const ends: number[] = [];
    const lineNumbers: number[] = [];
    const sourceOf: number[] = [];
    const datasetSteps: number[] = [];
    const criticSteps: number[] = [];
    const stepCounts: number[] = [];
    const keys: string[] = [];
    const sourceIds = new Map<string, number>();
    const idCount = new Map<string, number>();
    const contentKeys: Array<string | undefined> = [];

    let detected = false;
    const onRecord = ({ s, e, bytes, base, number }: { s: number; e: number; bytes: Buffer; base: number; number: number }): void => {
      let value: unknown;
      try {
        value = JSON.parse(bytes.toString('utf8', s, e));
      } catch (err) {
        this.skipped.push({ line: number, reason: `not valid JSON: ${(err as Error).message}` });
        return;
      }
      if (!detected && typeof value === 'object' && value !== null && !Array.isArray(value)) {
        // The first record decides the layout, as for every other reader of datasets.
        detected = true;
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
      const r = n.record;
      starts.push(base + s);
      ends.push(base + e);
      lineNumbers.push(number);
      let sid = -1;
      if (r.source !== undefined) {
        sid = sourceIds.get(r.source) ?? -1;
        if (sid < 0) {
          sid = this.sourceNames.length;
          this.sourceNames.push(r.source);
          sourceIds.set(r.source, sid);
        }
      }
      sourceOf.push(sid);
      datasetSteps.push(r.datasetFirstWrongStep ?? NONE);
      criticSteps.push(r.critique?.firstWrongStep ?? NONE);
      stepCounts.push(r.steps.length);
      if (r.id !== undefined) {
        keys.push(r.id);
        idCount.set(r.id, (idCount.get(r.id) ?? 0) + 1);
        contentKeys.push(undefined);
      } else {
        const k = contentKey(r.problem, r.steps);
        keys.push(k);
        contentKeys.push(k);
      }
    };

    const head = Buffer.alloc(Math.min(4096, this.readSize));
    readInto(this.fd, head, 0, head.length);
    if (isParquetMagic(head)) throw new CurateError('not-jsonl', `${this.path} is a Parquet file: open it with CuratorStore.openAsync, which reads its row groups first.`);
    let k = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    while (k < head.length && (head[k] === 0x20 || head[k] === 0x09 || head[k] === 0x0a || head[k] === 0x0d)) k++;
    if (k < head.length && head[k] === 0x5b) {
      this.unit = 'record';
      try {
        for (const el of jsonArrayElements(this.fd, this.readSize)) onRecord({ s: el.start - el.base, e: el.end - el.base, bytes: el.bytes, base: el.base, number: el.number });
      } catch (err) {
        if (!(err instanceof JsonArrayError)) throw err;
        this.skipped.push({ line: starts.length + this.skipped.length + 1, reason: err.message });
      }
    } else {
      if (this.spool) this.unit = 'record';
      scanLines(this.fd, this.readSize, ({ start, end, bytes, base, number }) => {
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
        onRecord({ s, e, bytes, base, number });
      });
    }

    this.starts = Float64Array.from(starts);
    this.ends = Float64Array.from(ends);
    this.lineNumbers = Uint32Array.from(lineNumbers);
    this.sourceOf = Int32Array.from(sourceOf);
    this.datasetSteps = Int32Array.from(datasetSteps);
    this.criticSteps = Int32Array.from(criticSteps);
    this.stepCounts = Uint32Array.from(stepCounts);
    this.keys = keys;

    // An id shared by several records cannot tell them apart: those records are keyed by content.
    for (let i = 0; i < keys.length; i++) {
      if (contentKeys[i] === undefined && (idCount.get(keys[i]) ?? 0) > 1) {
        const lines = this.sharedIds.get(keys[i]) ?? [];
        lines.push(lineNumbers[i]);
        this.sharedIds.set(keys[i], lines);
        const { record } = this.read(i);
        keys[i] = contentKey(record.problem, record.steps);
      }
    }
    this.mapKeys();
  }

  private mapKeys(): void {
    for (let i = 0; i < this.keys.length; i++) if (!this.byKey.has(this.keys[i])) this.byKey.set(this.keys[i], i);
  }

  /** What the scan found, for the index file. */
  private columns(): IndexColumns {
    return {
      unit: this.unit,
      shape: this.shape.name,
      skipped: this.skipped,
      sourceNames: this.sourceNames,
      sharedIds: [...this.sharedIds],
      keys: this.keys,
      starts: this.starts,
      ends: this.ends,
      lineNumbers: this.lineNumbers,
      sourceOf: this.sourceOf,
      datasetSteps: this.datasetSteps,
      criticSteps: this.criticSteps,
      stepCounts: this.stepCounts,
    };
  }

  /** Takes a persisted index's columns (already checked against the file); false when its shape is unknown to this build. */
  private adopt(c: IndexColumns): boolean {
    const shape = shapeNamed(c.shape);
    if (!shape || shape.name !== c.shape) return false;
    this.shape = shape;
    this.mapRow = shape.reader();
    this.unit = c.unit;
    this.skipped.push(...c.skipped);
    this.sourceNames.push(...c.sourceNames);
    for (const [id, lines] of c.sharedIds) this.sharedIds.set(id, lines);
    this.keys = c.keys;
    this.starts = c.starts;
    this.ends = c.ends;
    this.lineNumbers = c.lineNumbers;
    this.sourceOf = c.sourceOf;
    this.datasetSteps = c.datasetSteps;
    this.criticSteps = c.criticSteps;
    this.stepCounts = c.stepCounts;
    this.mapKeys();
    return true;
  }
}
