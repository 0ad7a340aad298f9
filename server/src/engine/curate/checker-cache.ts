import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../io/atomic-write';
import type { DatasetFingerprint } from './index-file';

/**
 * The checker's first wrong step per record, persisted beside the dataset's index: the
 * human–checker agreement in the stats needs the checker on every labelled record (a few ms
 * each, seconds for a long journal), and its verdict only changes with the record (the
 * dataset fingerprint) or the checker's code (the build fingerprint). A file that matches
 * neither, or does not parse, is ignored: the verdicts are computed again.
 */

const FORMAT = 1;
let build: string | undefined;

/**
 * What identifies the checker's code: the bundle this runs from and its lazy/ leaves, or, when
 * it runs from the TypeScript sources (tests, benches), every engine source file. Computed
 * once per process.
 */
export function checkerBuild(): string {
  if (build !== undefined) return build;
  const hash = createHash('sha256');
  if (__filename.endsWith('.ts')) {
    const engine = path.resolve(__dirname, '..');
    const files = (fs.readdirSync(engine, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort();
    for (const f of files) hash.update(f).update(fs.readFileSync(path.join(engine, f)));
  } else {
    hash.update(fs.readFileSync(__filename));
    // The parts of the checker loaded on first use (mathjs) live beside the bundle, in lazy/.
    const lazy = path.join(__dirname, 'lazy');
    const files = fs.existsSync(lazy) ? fs.readdirSync(lazy).filter((f) => f.endsWith('.js')).sort() : [];
    for (const f of files) hash.update(f).update(fs.readFileSync(path.join(lazy, f)));
  }
  build = hash.digest('hex');
  return build;
}

export function checkerCacheFor(indexFile: string): string {
  return `${indexFile.replace(/\.index$/, '')}.checker`;
}

/** The persisted verdicts (NONE where none was computed), or undefined when the file does not fit. Never throws. */
export function loadCheckerCache(file: string, fingerprint: DatasetFingerprint, count: number, none: number, stepCount: (i: number) => number): Int32Array | undefined {
  try {
    const c = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const f = c.fingerprint as Partial<DatasetFingerprint> | undefined;
    if (c.format !== FORMAT || c.checker !== checkerBuild() || c.count !== count || typeof c.steps !== 'string') return undefined;
    if (!f || f.path !== fingerprint.path || f.size !== fingerprint.size || f.mtimeMs !== fingerprint.mtimeMs || f.edges !== fingerprint.edges) return undefined;
    const bytes = Buffer.from(c.steps, 'base64');
    if (bytes.length !== count * 4) return undefined;
    const steps = new Int32Array(count);
    Buffer.from(steps.buffer).set(bytes);
    // A verdict is a step (or -1, every step right) or "not computed": anything else is not this file's.
    for (let i = 0; i < count; i++) if (steps[i] !== none && (steps[i] < -1 || steps[i] >= stepCount(i))) return undefined;
    return steps;
  } catch {
    return undefined;
  }
}

/** Saves the verdicts atomically; false when the folder cannot be written (the next process checks again). */
export async function saveCheckerCache(file: string, fingerprint: DatasetFingerprint, steps: Int32Array): Promise<boolean> {
  try {
    const text = JSON.stringify({ format: FORMAT, fingerprint, checker: checkerBuild(), count: steps.length, steps: Buffer.from(steps.buffer, steps.byteOffset, steps.byteLength).toString('base64') });
    await writeFileAtomic(file, Buffer.from(text, 'utf8'));
    return true;
  } catch {
    return false;
  }
}
