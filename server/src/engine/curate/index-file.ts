import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { writeChunksAtomic } from '../io/atomic-write';
import { readInto } from '../io/line-scan';
import { PackedKeys } from './packed-keys';

/**
 * The persisted line index of a dataset: what one scan found (offsets, per-record facts,
 * keys), saved beside the journal so that reopening a large dataset reads a few MB instead of
 * scanning hundreds. The file is a cache, never a source of truth: it is used only when the
 * dataset's size, mtime and a hash of its head and tail match what was indexed, its own
 * checksum matches, and every offset lands on a record (`{` after a line start, `}` before
 * its end); anything else is ignored, and the dataset is scanned again.
 */

/** Bumped whenever what the index holds (or how a scan fills it) changes: an older file is rebuilt. */
const FORMAT = 2;
const MAGIC = Buffer.from('MCIDX\n', 'latin1');
const EDGE_BYTES = 64 * 1024;
const VERIFY_CHUNK = 4 * 1024 * 1024;

/** The facts a scan yields, as the index holds them. */
export interface IndexColumns {
  unit: 'line' | 'record';
  shape: string;
  skipped: Array<{ line: number; reason: string }>;
  sourceNames: string[];
  sharedIds: Array<[string, number[]]>;
  keys: string[];
  starts: Float64Array;
  ends: Float64Array;
  lineNumbers: Uint32Array;
  sourceOf: Int32Array;
  datasetSteps: Int32Array;
  criticSteps: Int32Array;
  stepCounts: Uint32Array;
}

/** An index file's columns as read back: the keys packed, made strings only when asked for. */
export type SavedIndex = Omit<IndexColumns, 'keys'> & { keys: PackedKeys };

/** What `verifyOffsets` reads of either. */
type Offsets = Pick<IndexColumns, 'unit' | 'starts' | 'ends' | 'lineNumbers'> & { keys: { length: number } };

/** What ties an index file to the bytes it indexed. */
export interface DatasetFingerprint {
  path: string;
  size: number;
  mtimeMs: number;
  edges: string;
}

/** Where the index of `datasetPath` is kept: a `.mathcritic/` folder beside the journal (the journal's own when it is in one). */
export function indexFileFor(datasetPath: string, journalPath: string): string {
  const dir = path.dirname(path.resolve(journalPath));
  const home = path.basename(dir) === '.mathcritic' ? dir : path.join(dir, '.mathcritic');
  // Several datasets may share one journal folder (and one name in different folders).
  const tag = createHash('sha256').update(path.resolve(datasetPath)).digest('hex').slice(0, 12);
  return path.join(home, `${path.basename(datasetPath)}.${tag}.index`);
}

/** Size, mtime and a hash of the first and last 64 KB of the open dataset. */
export function fingerprintOf(fd: number, datasetPath: string, size: number, mtimeMs: number): DatasetFingerprint {
  const hash = createHash('sha256');
  const edge = Buffer.allocUnsafe(Math.min(EDGE_BYTES, size));
  readInto(fd, edge, 0, edge.length);
  hash.update(edge);
  readInto(fd, edge, Math.max(0, size - edge.length), edge.length);
  hash.update(edge);
  return { path: path.resolve(datasetPath), size, mtimeMs, edges: hash.update(String(size)).digest('hex') };
}

const NUMERIC = ['starts', 'ends', 'lineNumbers', 'sourceOf', 'datasetSteps', 'criticSteps', 'stepCounts'] as const;
const KINDS = { starts: Float64Array, ends: Float64Array, lineNumbers: Uint32Array, sourceOf: Int32Array, datasetSteps: Int32Array, criticSteps: Int32Array, stepCounts: Uint32Array } as const;

/** The index as bytes: magic, header length, a JSON header, the columns, the packed keys, and a sha256 of all that. */
export function encodeIndex(fingerprint: DatasetFingerprint, c: IndexColumns): Buffer {
  return Buffer.concat(indexParts(fingerprint, c));
}

/**
 * `encodeIndex` in pieces, the columns as views of the index's own arrays: a 760,000-record
 * index is tens of MB, and joining it (twice, with its hash) cost the scan's peak memory as much.
 */
function indexParts(fingerprint: DatasetFingerprint, c: IndexColumns): Buffer[] {
  const keys = PackedKeys.pack(c.keys);
  const json = JSON.stringify({
    format: FORMAT,
    fingerprint,
    count: c.keys.length,
    unit: c.unit,
    shape: c.shape,
    skipped: c.skipped,
    sourceNames: c.sourceNames,
    sharedIds: c.sharedIds,
    keysBytes: keys.blob.length,
    keySlots: keys.slots.length,
  });
  // Spaces after the JSON put the columns at a multiple of 8 bytes: a reopen then views them in
  // the file's own buffer instead of copying tens of MB.
  const unpadded = MAGIC.length + 4 + Buffer.byteLength(json);
  const header = Buffer.from(json + ' '.repeat((8 - (unpadded % 8)) % 8), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const view = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const parts: Buffer[] = [MAGIC, length, header, ...NUMERIC.map((k) => view(c[k])), view(keys.offsets), view(keys.slots), keys.blob];
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return [...parts, hash.digest()];
}

/** The columns of an index file, or undefined when it is not one, is damaged, or belongs to other bytes. */
export function decodeIndex(bytes: Buffer, expected: DatasetFingerprint): SavedIndex | undefined {
  if (bytes.length < MAGIC.length + 4 + 32 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const body = bytes.subarray(0, bytes.length - 32);
  if (
    !createHash('sha256')
      .update(body)
      .digest()
      .equals(bytes.subarray(bytes.length - 32))
  )
    return undefined;
  const headerLength = body.readUInt32LE(MAGIC.length);
  let at = MAGIC.length + 4 + headerLength;
  if (at > body.length) return undefined;
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(body.toString('utf8', MAGIC.length + 4, at)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const f = h.fingerprint as Partial<DatasetFingerprint> | undefined;
  if (h.format !== FORMAT || !f || f.path !== expected.path || f.size !== expected.size || f.mtimeMs !== expected.mtimeMs || f.edges !== expected.edges) return undefined;
  const count = h.count;
  if (
    !Number.isSafeInteger(count) ||
    (count as number) < 0 ||
    (h.unit !== 'line' && h.unit !== 'record') ||
    typeof h.shape !== 'string' ||
    !Number.isSafeInteger(h.keysBytes) ||
    !Number.isSafeInteger(h.keySlots)
  )
    return undefined;
  const n = count as number;
  const columns: Partial<IndexColumns> = {};
  // A view of the file's buffer where it is aligned for one (the writer aligns it), else a copy.
  type Kind = typeof Float64Array | typeof Uint32Array | typeof Int32Array;
  const column = <K extends Kind>(Kind: K, length: number): InstanceType<K> | undefined => {
    const byteLength = length * Kind.BYTES_PER_ELEMENT;
    if (at + byteLength > body.length) return undefined;
    const offset = body.byteOffset + at;
    let out: InstanceType<K>;
    if (offset % Kind.BYTES_PER_ELEMENT === 0) out = new Kind(body.buffer as ArrayBuffer, offset, length) as InstanceType<K>;
    else {
      out = new Kind(length) as InstanceType<K>;
      Buffer.from(out.buffer).set(body.subarray(at, at + byteLength));
    }
    at += byteLength;
    return out;
  };
  for (const k of NUMERIC) {
    const values = column(KINDS[k], n);
    if (!values) return undefined;
    (columns as Record<string, unknown>)[k] = values;
  }
  const offsets = column(Uint32Array, n + 1);
  const slots = column(Int32Array, h.keySlots as number);
  if (!offsets || !slots || at + (h.keysBytes as number) !== body.length) return undefined;
  const blob = body.subarray(at);
  const keys = isUtf8(blob) ? PackedKeys.from({ blob, offsets, slots }, n) : undefined;
  if (!keys) return undefined;
  const sourceNames = h.sourceNames;
  if (!Array.isArray(sourceNames) || !sourceNames.every((s) => typeof s === 'string')) return undefined;
  const skipped = h.skipped;
  if (!Array.isArray(skipped) || !skipped.every((s) => isObject(s) && Number.isSafeInteger(s.line) && typeof s.reason === 'string')) return undefined;
  const sharedIds = h.sharedIds;
  if (!Array.isArray(sharedIds) || !sharedIds.every((e) => Array.isArray(e) && typeof e[0] === 'string' && Array.isArray(e[1]) && (e[1] as unknown[]).every((l) => Number.isSafeInteger(l))))
    return undefined;
  const c = { ...columns, unit: h.unit, shape: h.shape, keys, sourceNames: sourceNames as string[], skipped, sharedIds } as SavedIndex;
  return columnsInRange(c, expected.size) ? c : undefined;
}

/** Offsets inside the file, in order and not overlapping; every number column within its domain. */
function columnsInRange(c: SavedIndex, size: number): boolean {
  const { starts, ends, sourceOf, stepCounts, datasetSteps, criticSteps, lineNumbers } = c;
  const sources = c.sourceNames.length;
  let previousEnd = 0;
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i];
    const e = ends[i];
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < previousEnd || e <= s + 1 || e > size) return false;
    previousEnd = e;
    if (sourceOf[i] < -1 || sourceOf[i] >= sources) return false;
    if (stepCounts[i] < 1 || datasetSteps[i] < -2 || criticSteps[i] < -2) return false;
    if (i > 0 && lineNumbers[i] <= lineNumbers[i - 1]) return false;
  }
  return true;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/**
 * True when every record's offsets land on a record in the open dataset: for JSON Lines, each
 * record starts at a line start and ends at a line end; for a JSON array's elements (always
 * objects), `{` opens and `}` closes each one. The boundaries are checked in large sequential
 * reads, several times cheaper than a small positioned read per record, and nothing is parsed.
 */
export function offsetsLandOnRecords(fd: number, c: Offsets, size: number): boolean {
  const steps = verifyOffsets(fd, c, size);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `offsetsLandOnRecords` a chunk at a time: yields after each chunk read, returns the verdict.
 * A reopen verifies the first chunk before the first record is shown and the rest in slices
 * (a 760,000-record dataset is gigabytes to read).
 */
export function* verifyOffsets(fd: number, c: Offsets, size: number): Generator<void, boolean, void> {
  const chunk = Buffer.allocUnsafe(Math.min(VERIFY_CHUNK, Math.max(1, size)));
  let base = 0;
  let filled = 0;
  let reads = 0;
  // Positions are asked for in ascending order, so the file is read front to back once.
  const byteAt = (at: number): number => {
    if (at < base || at >= base + filled) {
      base = at;
      filled = Math.min(chunk.length, size - at);
      readInto(fd, chunk, at, filled);
      reads++;
    }
    return chunk[at - base];
  };
  const lines = c.unit === 'line';
  for (let i = 0; i < c.keys.length; i++) {
    if (reads > 0) {
      reads = 0;
      yield;
    }
    const s = c.starts[i];
    const e = c.ends[i];
    if (lines) {
      const atLineStart = s === 0 || (i === 0 && s === 3 && c.lineNumbers[0] === 1) || byteAt(s - 1) === 0x0a;
      const atLineEnd = e === size || byteAt(e) === 0x0a || byteAt(e) === 0x0d;
      if (!atLineStart || !atLineEnd) return false;
    } else if (byteAt(s) !== 0x7b || byteAt(e - 1) !== 0x7d) return false;
  }
  return true;
}

/** The index file's columns when it is usable for the open dataset; undefined means: scan. Never throws. */
export function loadIndexFile(file: string, fd: number, fingerprint: DatasetFingerprint): SavedIndex | undefined {
  const c = readIndexFile(file, fingerprint);
  try {
    return c && offsetsLandOnRecords(fd, c, fingerprint.size) ? c : undefined;
  } catch {
    return undefined;
  }
}

/** The index file's columns when it decodes and belongs to these bytes, its offsets not yet verified (`verifyOffsets`). Never throws. */
export function readIndexFile(file: string, fingerprint: DatasetFingerprint): SavedIndex | undefined {
  try {
    return decodeIndex(fs.readFileSync(file), fingerprint);
  } catch {
    return undefined;
  }
}

/**
 * The labels journal in `.mathcritic/` is meant to be committed; the index and checker caches
 * beside it are not. A `.gitignore` there, written once and never over a user's own, says so.
 */
function keepCachesOutOfGit(dir: string): void {
  const ignore = path.join(dir, '.gitignore');
  if (fs.existsSync(ignore)) return;
  try {
    fs.writeFileSync(ignore, '# Caches MathCritic rebuilds at will (the labels journal beside them is yours to commit).\n*.index\n*.checker\n', { flag: 'wx' });
  } catch {
    // Another process wrote it first, or the folder is read-only: the caches still work.
  }
}

/** Saves the index atomically; a folder that cannot be written only costs the next open a scan. */
export async function saveIndexFile(file: string, fingerprint: DatasetFingerprint, c: IndexColumns): Promise<boolean> {
  try {
    await writeChunksAtomic(file, indexParts(fingerprint, c));
    keepCachesOutOfGit(path.dirname(file));
    return true;
  } catch {
    return false;
  }
}
