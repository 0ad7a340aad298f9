import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isSolutionDocument } from '../engine/solution';
import { UsageError } from './errors';

export interface Input {
  path: string;
  kind: 'document' | 'dataset';
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);

/**
 * Expands the CLI's FILE arguments: a file is taken as named (a `.jsonl` one as a dataset);
 * a folder contributes the Markdown solution documents below it and nothing else, so that
 * `mathcritic check .` never reports on a README.
 */
export async function expandInputs(args: readonly string[], globs?: readonly string[]): Promise<{ inputs: Input[]; unreadable: string[] }> {
  if (args.length === 0) throw new UsageError('no files given: name solution documents, folders or a .jsonl dataset.');
  const inputs: Input[] = [];
  const unreadable: string[] = [];
  for (const arg of args) {
    let stat;
    try {
      stat = await fs.stat(arg);
    } catch (err) {
      unreadable.push(`${arg}: ${reason(err)}`);
      continue;
    }
    if (stat.isDirectory()) {
      for (const file of await walk(arg)) {
        if (!/\.(md|markdown)$/i.test(file)) continue;
        try {
          if (isSolutionDocument(file, await fs.readFile(file, 'utf8'), globs)) inputs.push({ path: file, kind: 'document' });
        } catch (err) {
          unreadable.push(`${file}: ${reason(err)}`);
        }
      }
    } else {
      inputs.push({ path: arg, kind: /\.jsonl$/i.test(arg) ? 'dataset' : 'document' });
    }
  }
  return { inputs, unreadable };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

export function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file or folder';
  if (e?.code === 'EACCES') return 'permission denied';
  if (e?.code === 'EISDIR') return 'is a folder';
  return e instanceof Error ? e.message : String(err);
}
