import * as fs from 'node:fs';

const CHUNK = 4 * 1024 * 1024;

/**
 * Calls `onLine` for every line of an open file, reading it in fixed chunks so a file of any
 * size is scanned in constant memory (plus the longest line). `start`/`end` are byte offsets
 * of the line without its "\n" (a "\r" before it is left for the caller); `bytes` holds the
 * line at `bytes[start - base .. end - base)`. A last line without "\n" is reported too, with
 * `terminated` false.
 */
export function scanLines(fd: number, size: number, onLine: (line: ScannedLine) => void, from = 0, firstLineNumber = 1): void {
  const steps = scanLinesStepwise(fd, size, onLine, from, firstLineNumber);
  while (!steps.next().done);
}

export interface ScannedLine {
  start: number;
  end: number;
  bytes: Buffer;
  base: number;
  number: number;
  terminated: boolean;
}

/**
 * `scanLines` one chunk at a time: it yields (the bytes read so far) after each chunk's lines
 * were reported, so a caller can spread a large file's scan over many turns of its event loop.
 */
export function* scanLinesStepwise(fd: number, size: number, onLine: (line: ScannedLine) => void, from = 0, firstLineNumber = 1): Generator<number, void, void> {
  let buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, size - from)));
  let base = from; // file offset of buf[0]
  let filled = 0;
  let lineStart = from;
  let lineNumber = firstLineNumber;
  let pos = from;
  while (pos < size) {
    if (filled === buf.length) {
      // The current line fills the whole buffer: keep it and grow (a line longer than a chunk).
      const keep = filled - (lineStart - base);
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, keep + CHUNK));
      buf.copy(bigger, 0, lineStart - base, filled);
      buf = bigger;
      base = lineStart;
      filled = keep;
    }
    const n = fs.readSync(fd, buf, filled, Math.min(buf.length - filled, size - pos), pos);
    if (n === 0) break; // the file shrank under us: stop at what is there
    let searchFrom = filled;
    filled += n;
    pos += n;
    for (;;) {
      const nl = buf.indexOf(0x0a, searchFrom);
      if (nl < 0 || nl >= filled) break;
      onLine({ start: lineStart, end: base + nl, bytes: buf, base, number: lineNumber++, terminated: true });
      lineStart = base + nl + 1;
      searchFrom = nl + 1;
    }
    // Move the unfinished line to the front so the next read continues it.
    const used = lineStart - base;
    if (used > 0) {
      buf.copy(buf, 0, used, filled);
      filled -= used;
      base = lineStart;
    }
    if (pos < size) yield pos;
  }
  if (lineStart < base + filled) onLine({ start: lineStart, end: base + filled, bytes: buf, base, number: lineNumber, terminated: false });
}

/** Reads `length` bytes of an open file from `start` into the front of `buf`. */
export function readInto(fd: number, buf: Buffer, start: number, length: number): void {
  let off = 0;
  while (off < length) {
    const n = fs.readSync(fd, buf, off, length - off, start + off);
    if (n === 0) throw new Error(`the file ended at byte ${start + off}, before byte ${start + length}: it changed since it was indexed`);
    off += n;
  }
}
