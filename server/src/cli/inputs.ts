import { promises as fs } from 'node:fs';
import { formatNames, shapeNamed } from '../engine/datasets';
import { findSolutionDocuments } from '../engine/export/sources';
import { UsageError } from './errors';

export interface Input {
  path: string;
  kind: 'document' | 'dataset';
}

/** The file names read as datasets (any other file is a solution document). */
export function isDatasetPath(file: string): boolean {
  return /\.(jsonl|ndjson|json|parquet)$/i.test(file);
}

/**
 * Expands the CLI's FILE arguments: a file is taken as named (`.jsonl`, `.json`, `.parquet` as a dataset);
 * a folder contributes the Markdown solution documents below it and nothing else, so that
 * `mathcritic check .` never reports on a README. What cannot be read is in `problems`, one
 * line each ("cannot read …").
 */
export async function expandInputs(args: readonly string[], globs?: readonly string[]): Promise<{ inputs: Input[]; problems: string[] }> {
  if (args.length === 0) throw new UsageError('no files given: name solution documents, folders or datasets (.jsonl, .json, .parquet).');
  const inputs: Input[] = [];
  const problems: string[] = [];
  for (const arg of args) {
    let stat;
    try {
      stat = await fs.stat(arg);
    } catch (err) {
      problems.push(`cannot read ${arg}: ${reason(err)}`);
      continue;
    }
    if (stat.isDirectory()) {
      const found = await findSolutionDocuments(arg, globs);
      for (const p of found.problems) problems.push(p);
      for (const file of found.files) inputs.push({ path: file, kind: 'document' });
    } else {
      inputs.push({ path: arg, kind: isDatasetPath(arg) ? 'dataset' : 'document' });
    }
  }
  return { inputs, problems };
}

/**
 * `expandInputs`, then each input's text, one at a time (a dataset can be large). A file that
 * cannot be read is added to `problems` and skipped.
 */
export async function* readInputs(inputs: readonly Input[], problems: string[]): AsyncGenerator<{ input: Input; text: string }> {
  for (const input of inputs) {
    let text: string;
    try {
      text = await fs.readFile(input.path, 'utf8');
    } catch (e) {
      problems.push(`cannot read ${input.path}: ${reason(e)}`);
      continue;
    }
    yield { input, text };
  }
}

export function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file or folder';
  if (e?.code === 'EACCES') return 'permission denied';
  if (e?.code === 'EISDIR') return 'is a folder';
  return e instanceof Error ? e.message : String(err);
}

/**
 * `--format` on commands that also print a report (`check`, `eval`): each value is either an
 * output format (`outputs`, e.g. table|json) or a dataset record shape (prm800k, trl-stepwise,
 * …), so `--format json --format prm800k` sets both. Unknown names are a usage error.
 */
export function splitFormats(values: readonly string[] | undefined, outputs: readonly string[], defaultOutput: string): { output: string; dataset?: string } {
  let output = defaultOutput;
  let dataset: string | undefined;
  for (const v of values ?? []) {
    if (outputs.includes(v)) output = v;
    else if (shapeNamed(v) || v === 'auto') dataset = v;
    else throw new UsageError(`--format must be ${outputs.join(' or ')} (the report) or a dataset shape (${formatNames().join(', ')}), not "${v}".`);
  }
  return { output, ...(dataset ? { dataset } : {}) };
}
