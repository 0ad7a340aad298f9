import { createReadStream, promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { DecodeError, decodeText, encodingOfStart, readTextFile } from '../io/decode';
import { JsonArrayError, jsonArrayElements } from './json-array';
import { isParquetMagic, openParquet } from './parquet';
import { placeText, type Container, type RecordPlace } from './types';

/** One row of a dataset file before it is read as a record: a parsed value, or why it is none. */
export type RawRow = { place: RecordPlace; value: unknown } | { place: RecordPlace; error: string };

/** A problem with a whole file (not one of its records): it cannot be read as a dataset at all. */
export class DatasetError extends Error {}

/**
 * The container of a dataset file: Parquet by its magic bytes, a JSON array by its first
 * character, JSON Lines otherwise. A `.json` file holding JSON Lines (common on the Hugging
 * Face hub) is read as JSON Lines.
 */
export async function detectContainer(file: string): Promise<Container> {
  const handle = await fsp.open(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (isParquetMagic(head.subarray(0, bytesRead))) return 'parquet';
    let k = 0;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) k = 3;
    while (k < bytesRead && (head[k] === 0x20 || head[k] === 0x09 || head[k] === 0x0a || head[k] === 0x0d)) k++;
    return k < bytesRead && head[k] === 0x5b ? 'json' : 'jsonl';
  } finally {
    await handle.close();
  }
}

/** The rows of a dataset file, one at a time (a Parquet file one row group at a time). */
export async function* readRows(file: string, container: Container): AsyncGenerator<RawRow> {
  if (container === 'jsonl') yield* jsonlRows(file);
  else if (container === 'json') yield* jsonArrayRows(file);
  else yield* parquetRows(file);
}

/** A row that holds a JSON object, with its place written out ("file:12", "file:record 12"). */
export interface ObjectRow {
  place: string;
  value: Record<string, unknown>;
}

/**
 * The rows of a dataset file that are JSON objects; every other row (unparsable, an array, a
 * scalar) goes to `onSkip` with its place and why. An empty file throws a DatasetError, so no
 * reader can mistake "no records" for "all records done".
 */
export async function* objectRows(file: string, container: Container, onSkip?: (s: { place: string; reason: string }) => void): AsyncGenerator<ObjectRow> {
  let seen = 0;
  for await (const row of readRows(file, container)) {
    seen++;
    const place = placeText(file, row.place);
    if ('error' in row) {
      onSkip?.({ place, reason: row.error });
      continue;
    }
    const value = row.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      onSkip?.({ place, reason: `a JSON ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}, not a record` });
      continue;
    }
    yield { place, value: value as Record<string, unknown> };
  }
  if (seen === 0) throw new DatasetError(`${file}: no records (an empty ${container === 'json' ? 'JSON array' : container === 'parquet' ? 'Parquet file' : 'file'}).`);
}

async function* jsonlRows(file: string): AsyncGenerator<RawRow> {
  let n = 0;
  for await (const bytes of lineBytes(file)) {
    n++;
    // Invalid UTF-8 is named with its file, line and column, never read as replacement characters.
    if (!isUtf8(bytes)) decodeOrThrow(bytes, file);
    let text = bytes.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (n === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') continue;
    const place: RecordPlace = { number: n, unit: 'line' };
    try {
      yield { place, value: JSON.parse(text) };
    } catch (err) {
      yield { place, error: `not valid JSON: ${(err as Error).message}` };
    }
  }

  function decodeOrThrow(bytes: Buffer, name: string): void {
    try {
      decodeText(bytes, name);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      // decodeText counts lines within these bytes: the line is ours, the column is its.
      throw new DatasetError(err.message.replace(/^(.*?):1:(\d+):/, (_m, f: string, col: string) => `${f}:${n}:${col}:`));
    }
  }
}

/** A file's lines as bytes (without the newline), read in chunks: nothing is decoded yet. */
async function* lineBytes(file: string): AsyncGenerator<Buffer> {
  const first = Buffer.alloc(4);
  const fd = await fsp.open(file, 'r');
  let got: number;
  try {
    got = (await fd.read(first, 0, 4, 0)).bytesRead;
  } finally {
    await fd.close();
  }
  const { encoding } = encodingOfStart(first.subarray(0, got));
  if (encoding !== 'utf-8' && encoding !== 'utf-8-bom') {
    // UTF-16/32 files are rare: decoded whole by their BOM, then split.
    for (const line of (await readTextFile(file)).split('\n')) yield Buffer.from(line, 'utf8');
    return;
  }
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file)) {
    let buf = rest.length ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let at: number;
    while ((at = buf.indexOf(0x0a)) >= 0) {
      yield buf.subarray(0, at);
      buf = buf.subarray(at + 1);
    }
    rest = Buffer.from(buf);
  }
  if (rest.length) yield rest;
}

async function* jsonArrayRows(file: string): AsyncGenerator<RawRow> {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const elements = jsonArrayElements(fd, size);
    let count = 0;
    for (;;) {
      let next: IteratorResult<{ start: number; end: number; bytes: Buffer; base: number; number: number }>;
      try {
        next = elements.next();
      } catch (err) {
        if (!(err instanceof JsonArrayError)) throw err;
        // Records before the damage are kept; the damage itself is said once.
        if (count === 0) throw new DatasetError(err.message);
        yield { place: { number: count + 1, unit: 'record' }, error: err.message };
        return;
      }
      if (next.done) return;
      const e = next.value;
      count = e.number;
      const place: RecordPlace = { number: e.number, unit: 'record' };
      const text = e.bytes.toString('utf8', e.start - e.base, e.end - e.base);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        yield { place, error: `not valid JSON: ${(err as Error).message}` };
        continue;
      }
      yield { place, value };
      // Let a caller's event loop breathe between records of a large file.
      if (e.number % 2000 === 0) await new Promise((r) => setImmediate(r));
    }
  } finally {
    fs.closeSync(fd);
  }
}

async function* parquetRows(file: string): AsyncGenerator<RawRow> {
  let pq;
  try {
    pq = await openParquet(file);
  } catch (err) {
    throw new DatasetError((err as Error).message);
  }
  try {
    let n = 0;
    for (let g = 0; g < pq.rowGroups; g++) {
      for (const value of await pq.readRowGroup(g)) yield { place: { number: ++n, unit: 'record' }, value };
    }
  } finally {
    await pq.close();
  }
}
