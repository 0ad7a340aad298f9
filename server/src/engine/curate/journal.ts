import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CurationEvent, JournalEntry } from './types';
import { scanLines } from '../io/line-scan';
import { asJournalEntry } from './journal-entry';
import { jsonLine } from '../io/jsonl';

/** The snapshot a label made from a solution document carries (the record it labels). */
export type Snapshot = NonNullable<JournalEntry['snapshot']>;

/** What one read of the journal found. */
export interface JournalRead {
  entries: JournalEntry[];
  /** The journal line of each entry (1-based), for messages about a label that cannot be applied. */
  lines: number[];
  /** Lines that are not events: a write cut short by a crash (or a hand edit). */
  damaged: Array<{ line: number; reason: string }>;
  /** Set when the file ends in an unfinished, unreadable line (a torn last write). */
  tornLine?: number;
  /** The file got shorter than what was read: it was replaced, and is read again from the start. */
  restarted: boolean;
}

/**
 * The append-only journal of curation events beside a dataset. Nothing is ever rewritten:
 * each event is one JSON line written with a single write on an O_APPEND descriptor and
 * fsynced, so a crash loses at most that line, and two processes appending at once each land
 * whole lines (the kernel serialises appends to one file).
 *
 * Reading follows the file like `tail -f`: `readNew()` reads only what was appended since the
 * last read. The read offset only ever moves past complete lines: an unfinished last line may
 * be another process's write in flight, or a torn write that the next append will close with
 * a newline (and that is then skipped as damaged), so it is looked at again next time.
 */
export class Journal {
  private offset = 0;
  private nextLine = 1;
  private writeFd = -1;
  private seq = 0;
  /** The latest `at` written or read: a new event is stamped after every event this writer has seen. */
  private lastAtMs = 0;
  private reportedTorn = -1;
  /** The file last read (inode), to notice a journal replaced or deleted and recreated. */
  private readIdentity?: { ino: number; dev: number };
  /** Set when this writer found the journal gone or replaced: the next read starts over. */
  private replacedUnderWriter = false;

  /** `by` names this writer in its events: host, process and a random part (two windows are two processes). */
  constructor(
    readonly path: string,
    readonly by: string = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
  ) {}

  /** Makes the next `readNew()` read the whole journal again (`restarted`), e.g. once every record it may name is indexed. */
  rereadAll(): void {
    this.replacedUnderWriter = true;
  }

  /** Reads what was appended since the last call (everything, the first time). */
  readNew(): JournalRead {
    const result: JournalRead = { entries: [], lines: [], damaged: [], restarted: false };
    let fd: number;
    try {
      fd = fs.openSync(this.path, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return result; // no label yet
      throw err;
    }
    try {
      const st = fs.fstatSync(fd);
      const size = st.size;
      const replaced = this.replacedUnderWriter || (this.readIdentity !== undefined && (this.readIdentity.ino !== st.ino || this.readIdentity.dev !== st.dev));
      this.replacedUnderWriter = false;
      this.readIdentity = { ino: st.ino, dev: st.dev };
      if (size < this.offset || replaced) {
        this.offset = 0;
        this.nextLine = 1;
        result.restarted = true;
      }
      if (size === this.offset) return result;
      scanLines(
        fd,
        size,
        ({ start, end, bytes, base, number, terminated }) => {
          const text = bytes.toString('utf8', start - base, end - base).trim();
          if (terminated) {
            this.offset = end + 1;
            this.nextLine = number + 1;
          }
          if (text === '') return;
          let entry: JournalEntry | undefined;
          let reason = 'not a curation event';
          try {
            entry = asJournalEntry(JSON.parse(text));
          } catch (err) {
            reason = `not valid JSON (${(err as Error).message})`;
          }
          if (entry) {
            result.entries.push(entry);
            result.lines.push(number);
            // Follow other writers' clocks, but not a stamp far in the future (a skewed clock or a hand edit).
            const at = Date.parse(entry.at);
            if (at <= Date.now() + 60_000) this.lastAtMs = Math.max(this.lastAtMs, at);
          } else if (terminated) result.damaged.push({ line: number, reason });
          else if (this.reportedTorn !== start) {
            // Said once per torn line; it is skipped for good when a later append closes it.
            this.reportedTorn = start;
            result.tornLine = number;
          }
        },
        this.offset,
        this.nextLine,
      );
    } finally {
      fs.closeSync(fd);
    }
    return result;
  }

  /**
   * Appends one event and flushes it to disk before returning. It is stamped later than every
   * event this writer has written or read (a Lamport clock over wall time), so a label made
   * after seeing another window's label wins over it even within the same millisecond, and
   * one writer's events keep their order.
   */
  append(record: string, event: CurationEvent, snapshot?: Snapshot): JournalEntry {
    const ms = Math.max(Date.now(), this.lastAtMs + 1);
    this.lastAtMs = ms;
    const entry: JournalEntry = {
      v: 1,
      id: `${this.by}:${String(++this.seq).padStart(9, '0')}`,
      record,
      at: new Date(ms).toISOString(),
      by: this.by,
      event,
      ...(snapshot ? { snapshot } : {}),
    };
    this.appendLine(jsonLine(entry));
    return entry;
  }

  /** Writes one line as one write(2); starts a new line first when the file ends in a torn one. */
  appendLine(line: string): void {
    // A journal moved or deleted behind our back: write to the file at the path, not to the old inode.
    if (this.writeFd >= 0 && !sameFile(this.writeFd, this.path)) {
      this.close();
      this.replacedUnderWriter = true;
    }
    if (this.writeFd < 0) {
      fs.mkdirSync(path.dirname(this.path), { recursive: true });
      this.writeFd = fs.openSync(this.path, 'a+');
    }
    const fd = this.writeFd;
    const prefix = endsTorn(fd) ? '\n' : '';
    const data = Buffer.from(`${prefix}${line}\n`, 'utf8');
    let written = fs.writeSync(fd, data);
    // A short write to a local file is not expected; finish the line rather than leave it torn.
    while (written < data.length) written += fs.writeSync(fd, data, written, data.length - written);
    fs.fsyncSync(fd);
  }

  close(): void {
    if (this.writeFd >= 0) {
      fs.closeSync(this.writeFd);
      this.writeFd = -1;
    }
  }
}

/** A human sentence for what `readNew()` skipped, or undefined when the journal is whole. */
export function journalNotice(journalPath: string, read: Pick<JournalRead, 'damaged' | 'tornLine'>): string | undefined {
  const parts: string[] = [];
  if (read.tornLine !== undefined) {
    parts.push(`the last line (line ${read.tornLine}) was cut short by an interrupted write and was skipped`);
  }
  if (read.damaged.length > 0) {
    const lines = read.damaged.slice(0, 5).map((d) => d.line).join(', ');
    parts.push(`${read.damaged.length} damaged line${read.damaged.length === 1 ? '' : 's'} (line${read.damaged.length === 1 ? '' : 's'} ${lines}${read.damaged.length > 5 ? ', …' : ''}) ${read.damaged.length === 1 ? 'was' : 'were'} skipped`);
  }
  if (parts.length === 0) return undefined;
  return `The journal ${path.basename(journalPath)}: ${parts.join('; ')}. Every other label is kept, and new labels are appended on a new line.`;
}

/**
 * True when the file ends in an unfinished line that nobody is finishing: a write torn by a
 * crash. Another process's append can be caught half-copied (the kernel grows the file page
 * by page), so an unfinished end is looked at again after a moment: a live writer will have
 * finished its line, a crashed one never does.
 */
function endsTorn(fd: number): boolean {
  const last = Buffer.alloc(1);
  let size = fs.fstatSync(fd).size;
  for (let attempt = 0; ; attempt++) {
    if (size === 0) return false;
    fs.readSync(fd, last, 0, 1, size - 1);
    if (last[0] === 0x0a) return false;
    if (attempt === 3) return true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    const now = fs.fstatSync(fd).size;
    if (now === size && attempt >= 1) return true;
    size = now;
  }
}

function sameFile(fd: number, file: string): boolean {
  try {
    const a = fs.fstatSync(fd);
    const b = fs.statSync(file);
    return a.ino === b.ino && a.dev === b.dev;
  } catch {
    return false;
  }
}
