import * as fs from 'node:fs';

const CHUNK = 4 * 1024 * 1024;

/** One element of a top-level JSON array: its bytes at `bytes[start - base .. end - base)`. */
export interface ArrayElement {
  start: number;
  end: number;
  bytes: Buffer;
  base: number;
  /** 1-based position in the array. */
  number: number;
}

/** The file is not a JSON array, or ends before its closing bracket. */
export class JsonArrayError extends Error {}

const WS = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;

/**
 * Yields each element of a file holding one JSON array, reading it in fixed
 * chunks: memory is one chunk plus the largest element, never the file. Only the structure
 * is scanned here (brackets, strings, commas: all ASCII, so UTF-8 needs no decoding); each
 * element is left to `JSON.parse`, which is native and much faster than a JavaScript
 * streaming parser. Offsets are bytes, so a record can be read back with one positioned read.
 */
export function* jsonArrayElements(fd: number, size: number): Generator<ArrayElement> {
  let buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, size)));
  let base = 0;
  let filled = 0;
  let pos = 0;
  let phase: 'before' | 'between' | 'in' | 'after' = 'before';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let elementStart = -1;
  let lastNonWs = -1;
  let number = 0;
  let scanned = 0; // offset (in file) up to which bytes were scanned

  const element = (endExclusive: number): ArrayElement => {
    const e = { start: elementStart, end: endExclusive, bytes: buf, base, number: ++number };
    elementStart = -1;
    return e;
  };

  // A UTF-8 BOM before the bracket.
  if (size >= 3) {
    const bom = Buffer.alloc(3);
    fs.readSync(fd, bom, 0, 3, 0);
    if (bom[0] === 0xef && bom[1] === 0xbb && bom[2] === 0xbf) {
      pos = base = scanned = 3;
    }
  }

  while (pos < size) {
    if (filled === buf.length) {
      const keepFrom = elementStart >= 0 ? elementStart : scanned;
      const keep = filled - (keepFrom - base);
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, keep + CHUNK));
      buf.copy(bigger, 0, keepFrom - base, filled);
      buf = bigger;
      base = keepFrom;
      filled = keep;
    }
    const n = fs.readSync(fd, buf, filled, Math.min(buf.length - filled, size - pos), pos);
    if (n === 0) break;
    filled += n;
    pos += n;
    for (let k = scanned - base; k < filled; k++) {
      const c = buf[k];
      if (phase === 'in') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
          lastNonWs = base + k;
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          if (depth === 0) {
            // The array's own closing bracket after a scalar element.
            yield element(lastNonWs + 1);
            phase = 'after';
            continue;
          }
          depth--;
        } else if (c === 0x2c && depth === 0) {
          yield element(lastNonWs + 1);
          phase = 'between';
          continue;
        }
        if (!WS[c]) lastNonWs = base + k;
        continue;
      }
      if (WS[c]) continue;
      if (phase === 'before') {
        if (c !== 0x5b) throw new JsonArrayError(`not a JSON array: it starts with ${JSON.stringify(String.fromCharCode(c))}, not "["`);
        phase = 'between';
      } else if (phase === 'between') {
        if (c === 0x5d) phase = 'after';
        else if (c === 0x2c) continue; // tolerated: an empty slot is not worth refusing a file over
        else {
          phase = 'in';
          elementStart = base + k;
          lastNonWs = base + k;
          depth = 0;
          inString = false;
          escaped = false;
          if (c === 0x22) inString = true;
          else if (c === 0x7b || c === 0x5b) depth = 1;
        }
      } else if (phase === 'after') {
        throw new JsonArrayError(`unexpected text after the array's closing "]" at byte ${base + k}`);
      }
    }
    scanned = base + filled;
    // Keep only the unfinished element (if any) at the front of the buffer.
    const keepFrom = elementStart >= 0 ? elementStart : scanned;
    const used = keepFrom - base;
    if (used > 0) {
      buf.copy(buf, 0, used, filled);
      filled -= used;
      base = keepFrom;
    }
  }
  if (phase === 'before') throw new JsonArrayError('not a JSON array: the file is empty');
  if (phase === 'in') {
    // The file was cut off: what is there of the last element is reported as one (it will not parse).
    yield element(lastNonWs + 1);
    throw new JsonArrayError(`the array ends at byte ${size} before its closing "]" (a truncated file?)`);
  }
  if (phase === 'between') throw new JsonArrayError(`the array ends at byte ${size} before its closing "]" (a truncated file?)`);
}
