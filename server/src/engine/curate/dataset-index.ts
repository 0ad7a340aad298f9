import * as fs from 'node:fs';
import { readInto, scanLines } from '../io/line-scan';
import { normalizeRecord, type NormalizedRecord } from './normalize';
import { contentKey } from './record-key';

/** A dataset line that is not a record, as the curator reports it (1-based line). */
export interface SkippedLine {
  line: number;
  reason: string;
}

/** Sentinels in the per-record number columns. */
export const NONE = -2;

/**
 * A JSONL dataset opened without loading it: one scan records where each record's line is
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
  private keys: string[] = [];
  private readonly byKey = new Map<string, number>();
  private fd: number;
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private readonly identity: { ino: number; size: number; mtimeMs: number };

  private constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'r');
    const st = fs.fstatSync(this.fd);
    if (!st.isFile()) {
      fs.closeSync(this.fd);
      throw Object.assign(new Error(`${path} is not a file`), { code: 'EISDIR' });
    }
    this.identity = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  }

  /** Indexes the file. Throws the fs error (ENOENT, EACCES, …) when it cannot be read. */
  static open(path: string): DatasetIndex {
    const index = new DatasetIndex(path);
    try {
      index.build();
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
    const n = normalizeRecord(raw);
    if (!n.ok) throw new Error(`line ${this.line(i)} no longer reads as a record (${n.reason}): the file changed since it was indexed`);
    return { raw, record: n.record };
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
    }
  }

  private build(): void {
    const starts: number[] = [];
    const ends: number[] = [];
    const lineNumbers: number[] = [];
    const sourceOf: number[] = [];
    const datasetSteps: number[] = [];
    const criticSteps: number[] = [];
    const keys: string[] = [];
    const sourceIds = new Map<string, number>();
    const idCount = new Map<string, number>();
    const contentKeys: Array<string | undefined> = [];

    scanLines(this.fd, this.identity.size, ({ start, end, bytes, base, number }) => {
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
        if (start < this.identity.size) this.skipped.push({ line: number, reason: 'blank line' });
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(bytes.toString('utf8', s, e));
      } catch (err) {
        this.skipped.push({ line: number, reason: `not valid JSON: ${(err as Error).message}` });
        return;
      }
      const n = normalizeRecord(value);
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
      if (r.id !== undefined) {
        keys.push(r.id);
        idCount.set(r.id, (idCount.get(r.id) ?? 0) + 1);
        contentKeys.push(undefined);
      } else {
        const k = contentKey(r.problem, r.steps);
        keys.push(k);
        contentKeys.push(k);
      }
    });

    this.starts = Float64Array.from(starts);
    this.ends = Float64Array.from(ends);
    this.lineNumbers = Uint32Array.from(lineNumbers);
    this.sourceOf = Int32Array.from(sourceOf);
    this.datasetSteps = Int32Array.from(datasetSteps);
    this.criticSteps = Int32Array.from(criticSteps);
    this.keys = keys;

    // An id shared by several records cannot tell them apart: those records are keyed by content.
    for (let i = 0; i < keys.length; i++) {
      if (contentKeys[i] === undefined && (idCount.get(keys[i]) ?? 0) > 1) {
        const { record } = this.read(i);
        keys[i] = contentKey(record.problem, record.steps);
      }
    }
    for (let i = 0; i < keys.length; i++) if (!this.byKey.has(keys[i])) this.byKey.set(keys[i], i);
  }
}
