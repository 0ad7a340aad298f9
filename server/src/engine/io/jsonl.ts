import { promises as fs, createReadStream } from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { redactKnownSecrets } from '../text/redact';
import { readTextFile } from './decode';

/** A line of a JSONL file that could not be read, kept so the caller can say which and why. */
export interface BadLine {
  line: number;
  reason: string;
  text: string;
}

export interface JsonlRead<T> {
  records: T[];
  /** 1-based line number of each record, parallel to `records`. */
  lines: number[];
  bad: BadLine[];
  /** True when the last line had no newline and did not parse: a torn write, not bad data. */
  tornTail: boolean;
}

/**
 * Reads a JSONL file line by line without giving up on bad lines: each one is reported
 * with its 1-based line number so the user can fix it, and the good ones are kept.
 * `validate` may reject a parsed value by throwing (e.g. a zod `parse`).
 */
export async function readJsonl<T = unknown>(
  file: string,
  validate: (value: unknown) => T = (v) => v as T,
): Promise<JsonlRead<T>> {
  const text = await readTextFile(file);
  return parseJsonl(text, validate);
}

export function parseJsonl<T = unknown>(text: string, validate: (value: unknown) => T = (v) => v as T): JsonlRead<T> {
  const records: T[] = [];
  const recordLines: number[] = [];
  const bad: BadLine[] = [];
  let tornTail = false;
  // A BOM left on text that did not come through readTextFile (an editor buffer, a pipe).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const endsWithNewline = text.endsWith('\n');
  const lines = text.split('\n');
  if (endsWithNewline) lines.pop();
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    try {
      records.push(validate(JSON.parse(line)));
      recordLines.push(i + 1);
    } catch (err) {
      const isLast = i === lines.length - 1;
      if (isLast && !endsWithNewline && err instanceof SyntaxError) {
        tornTail = true;
      }
      bad.push({ line: i + 1, reason: describeError(err), text: line.length > 200 ? `${line.slice(0, 200)}…` : line });
    }
  });
  return { records, lines: recordLines, bad, tornTail };
}

/** Streams records of a large JSONL file without holding it all in memory. */
export async function* streamJsonl(file: string): AsyncGenerator<{ line: number; value?: unknown; error?: string; text: string }> {
  const rl = readline.createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const text of rl) {
    n++;
    if (text.trim() === '') continue;
    try {
      yield { line: n, value: JSON.parse(text), text };
    } catch (err) {
      yield { line: n, error: describeError(err), text };
    }
  }
}

/** A write that did not reach the disk whole (a full disk, a short write): the file was put back as it was. */
export class WriteFailed extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EDQUOT' ? 'the disk quota is used up' : code === 'EFBIG' ? 'the file is too large' : describeError(cause);
    super(`could not write to ${file}: ${why}. Nothing half-written was kept; free some space and run the same command again to resume.`);
    this.name = 'WriteFailed';
  }
}

/**
 * Appends records as whole lines in one write and flushes them, so that an interrupted run
 * leaves at most one torn line at the end, and never loses earlier ones. A torn last line (a
 * crash mid-write) is cut off before appending, so the file stays valid JSONL instead of
 * keeping the fragment in its middle forever; a last line that parses but lacks its newline
 * is kept and ended. A short or failed write (ENOSPC) is undone, back to the size before, and
 * raised as WriteFailed: nothing that was not written whole may be counted as done.
 */
export async function appendJsonl(file: string, records: readonly unknown[]): Promise<void> {
  if (records.length === 0) return;
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, 'a+');
  try {
    let { size } = await handle.stat();
    let prefix = '';
    const tail = await lastLine(handle, size);
    if (tail !== undefined) {
      if (isJson(tail.text)) prefix = '\n';
      else {
        await handle.truncate(tail.start);
        size = tail.start;
      }
    }
    const data = Buffer.from(prefix + records.map((r) => jsonLine(r)).join('\n') + '\n', 'utf8');
    try {
      const { bytesWritten } = await handle.write(data, 0, data.length, null);
      if (bytesWritten !== data.length) throw new Error(`only ${bytesWritten} of ${data.length} bytes could be written (is the disk full?)`);
      await handle.sync();
    } catch (err) {
      await handle.truncate(size).catch(() => {});
      throw new WriteFailed(file, err);
    }
  } finally {
    await handle.close();
  }
}

/** The file's last line when it does not end in a newline: its text and where it starts. */
async function lastLine(handle: fs.FileHandle, size: number): Promise<{ start: number; text: string } | undefined> {
  if (size === 0) return undefined;
  const chunk = Buffer.alloc(Math.min(size, 64 * 1024));
  const pieces: Buffer[] = [];
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - chunk.length);
    const { bytesRead } = await handle.read(chunk, 0, end - start, start);
    const piece = chunk.subarray(0, bytesRead);
    if (end === size && piece[piece.length - 1] === 0x0a) return undefined;
    const nl = piece.lastIndexOf(0x0a);
    if (nl >= 0) {
      pieces.unshift(Buffer.from(piece.subarray(nl + 1)));
      return { start: start + nl + 1, text: Buffer.concat(pieces).toString('utf8') };
    }
    pieces.unshift(Buffer.from(piece));
    end = start;
  }
  return { start: 0, text: Buffer.concat(pieces).toString('utf8') };
}

function isJson(text: string): boolean {
  if (text.trim() === '') return false;
  try {
    JSON.parse(text.endsWith('\r') ? text.slice(0, -1) : text);
    return true;
  } catch {
    return false;
  }
}

/**
 * One record as a JSON line, with any key this process was given taken out of its strings
 * (before serialising, so an escape sequence is never cut in half).
 */
export function jsonLine(record: unknown): string {
  return JSON.stringify(record, (_key, value: unknown) => (typeof value === 'string' ? redactKnownSecrets(value) : value));
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
