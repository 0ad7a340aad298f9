import { promises as fs, createReadStream } from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { redactKnownSecrets } from '../text/redact';

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
  const text = await fs.readFile(file, 'utf8');
  return parseJsonl(text, validate);
}

export function parseJsonl<T = unknown>(text: string, validate: (value: unknown) => T = (v) => v as T): JsonlRead<T> {
  const records: T[] = [];
  const recordLines: number[] = [];
  const bad: BadLine[] = [];
  let tornTail = false;
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

/**
 * Appends records as whole lines in one write and flushes them, so that an interrupted run
 * leaves at most one torn line at the end (which readers skip) and never loses earlier ones.
 */
export async function appendJsonl(file: string, records: readonly unknown[]): Promise<void> {
  if (records.length === 0) return;
  await fs.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.open(file, 'a');
  try {
    // A torn previous line would glue itself to this one; start on a fresh line if needed.
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      const probe = await fs.open(file, 'r');
      try {
        await probe.read(last, 0, 1, size - 1);
      } finally {
        await probe.close();
      }
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.write(prefix + records.map((r) => jsonLine(r)).join('\n') + '\n');
    await handle.sync();
  } finally {
    await handle.close();
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
