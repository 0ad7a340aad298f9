import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { redactKnownSecrets } from '../text/redact';

/**
 * Writes a file so that readers (and a crash) see either the old content or the new one,
 * never a half-written file: write a temporary file beside the target, fsync it, rename it
 * over the target (rename is atomic within a directory on POSIX and NTFS), fsync the directory.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  // A key this process was given never lands in a file (see engine/text/redact.ts).
  await writeAtomic(target, (handle) => handle.writeFile(typeof data === 'string' ? redactKnownSecrets(data) : data));
}

/** `writeFileAtomic` for bytes in pieces (written one after another, never joined in memory). */
export async function writeChunksAtomic(target: string, chunks: Iterable<Uint8Array>): Promise<void> {
  await writeAtomic(target, async (handle) => {
    for (const chunk of chunks) await handle.write(chunk);
  });
}

// Written in 64 KB pieces: strings much larger than that land in V8's large-object space, which
// is freed only by full collections, and a 340 MB export then grows the process by 100+ MB.
const FLUSH_BYTES = 64 * 1024;

/**
 * `writeFileAtomic` for JSONL lines, streamed: an export of a 76,000-record dataset is hundreds
 * of MB, which should not sit in memory as one string. If producing a line throws, the
 * temporary file is removed and the target keeps its old content. Returns the line count.
 */
export async function writeLinesAtomic(target: string, lines: Iterable<string> | AsyncIterable<string>): Promise<number> {
  let count = 0;
  await writeAtomic(target, async (handle) => {
    let pending: string[] = [];
    let pendingBytes = 0;
    for await (const line of lines) {
      pending.push(line, '\n');
      pendingBytes += line.length + 1;
      count++;
      if (pendingBytes >= FLUSH_BYTES) {
        await handle.write(redactKnownSecrets(pending.join('')));
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pending.length) await handle.write(redactKnownSecrets(pending.join('')));
  });
  return count;
}

async function writeAtomic(target: string, write: (handle: fs.FileHandle) => Promise<unknown>): Promise<void> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    try {
      await write(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable; not possible on Windows, where it is harmless to skip.
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    /* directories cannot be opened for sync on every platform */
  } finally {
    await handle?.close();
  }
}
