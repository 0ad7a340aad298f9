import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { formatNames, shapeNamed } from '../engine/datasets';
import { findSolutionDocuments } from '../engine/export/sources';
import { UsageError } from './errors';
import { DecodeError, readTextFile } from '../engine/io/decode';
import { isSolutionFile } from '../engine/config';
import { cliCheckerOptions, cliFolderOptions } from './config';
import { note } from './notes';

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
 * line each ("cannot read …"). Each argument's `.mathcritic.json` is read here, for every
 * command: a broken one is a UsageError (exit 2), and a folder's solution globs are its files'.
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
      cliFolderOptions(arg);
      const found = await findSolutionDocuments(arg, globs ?? ((file, text) => isSolutionFile(file, text, cliCheckerOptions(file))));
      for (const p of found.problems) problems.push(p);
      for (const file of found.files) inputs.push({ path: file, kind: 'document' });
    } else {
      cliCheckerOptions(arg);
      inputs.push({ path: arg, kind: isDatasetPath(arg) ? 'dataset' : 'document' });
    }
  }
  return { inputs, problems };
}

/**
 * `expandInputs`, then each input's text, one at a time (a dataset can be large). A file that
 * cannot be read is added to `problems` and skipped. A document that is not a solution (the
 * editor's test: the solution globs, or a Problem and a Solution part) is skipped with a note,
 * as the editor leaves it alone.
 */
export async function* readInputs(inputs: readonly Input[], problems: string[]): AsyncGenerator<{ input: Input; text: string }> {
  for (const input of inputs) {
    let text: string;
    try {
      text = await readTextFile(input.path);
    } catch (e) {
      problems.push(e instanceof DecodeError ? e.message : `cannot read ${input.path}: ${reason(e)}`);
      continue;
    }
    if (input.kind === 'document' && !isSolutionFile(input.path, text, cliCheckerOptions(input.path))) {
      note(`${input.path}: skipped: not a solution document (no Problem and Solution parts, no problem: in the front matter, not matched by solutionGlobs).`);
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
 * Refuses an output that is one of the inputs, however either is spelled (`data.jsonl`,
 * `./data.jsonl`, an absolute path, a link to the same file): the run would append its records
 * to the dataset it is reading, and a resume would take them for input.
 */
export async function refuseOutputOverInput(output: string | undefined, inputs: readonly (string | undefined)[], flag = '--out'): Promise<void> {
  if (!output) return;
  const outStat = await fs.stat(output).catch(() => undefined);
  for (const input of inputs) {
    if (!input) continue;
    const same =
      path.resolve(output) === path.resolve(input) ||
      (outStat !== undefined && (await fs.stat(input).then((s) => s.isFile() && s.dev === outStat.dev && s.ino === outStat.ino, () => false)));
    if (same) throw new UsageError(`${flag} ${output} is the input ${input}: the run would write into what it reads. Name a new file.`);
  }
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
