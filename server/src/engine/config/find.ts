import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from './schema';

/**
 * The `.mathcritic.json` that applies to files in `dir`: the nearest one in `dir` or an
 * ancestor, searched up to `root` (the workspace folder) when `dir` is inside it. Without a
 * root (the CLI, a file outside every workspace folder), the search stops at the repository
 * root (a folder holding `.git`) or at the filesystem root, so a file above the checkout never
 * changes what CI reports.
 */
export function findConfigFile(dir: string, root?: string): string | undefined {
  let current = path.resolve(dir);
  const stop = root !== undefined && isInside(current, path.resolve(root)) ? path.resolve(root) : undefined;
  for (;;) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    if (isFile(candidate)) return candidate;
    if (current === stop) return undefined;
    if (stop === undefined && fs.existsSync(path.join(current, '.git'))) return undefined;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
