import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../io/atomic-write';

// Written in 64 KB pieces: strings much larger than that land in V8's large-object space, which
// is freed only by full collections, and a 340 MB export then grows the process by 100+ MB.
const FLUSH_BYTES = 64 * 1024;

/**
 * Writes JSONL lines to `target` atomically, like `writeFileAtomic` (io/atomic-write.ts: a
 * temporary file beside the target, fsync, rename over it, fsync the directory), but streamed:
 * an export of a 76,000-record dataset is hundreds of MB, which should not sit in the server's
 * memory as one string. If producing a line throws, the temporary file is removed and the
 * target keeps its old content. Small outputs go through `writeFileAtomic` itself.
 */
export async function writeLinesAtomic(target: string, lines: Iterable<string> | AsyncIterable<string>): Promise<number> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  let pending: string[] = [];
  let pendingBytes = 0;
  let count = 0;
  try {
    for await (const line of lines) {
      pending.push(line, '\n');
      pendingBytes += line.length + 1;
      count++;
      if (pendingBytes >= FLUSH_BYTES) {
        handle ??= await fs.open(tmp, 'w');
        await handle.write(pending.join(''));
        pending = [];
        pendingBytes = 0;
      }
    }
    if (!handle) {
      // Everything fit in one buffer: the shared atomic writer does the rest.
      await writeFileAtomic(target, pending.join(''));
      return count;
    }
    if (pending.length) await handle.write(pending.join(''));
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(dir);
  return count;
}

async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    /* not possible on every platform (Windows); the rename is still atomic */
  } finally {
    await handle?.close();
  }
}
