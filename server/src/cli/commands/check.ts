import { parseArgs } from 'node:util';
import { checkSolution, type Finding } from '../../engine/check';
import { DEFAULT_MAX_DOCUMENT_LENGTH, parseSolutionDocument, solutionFromSteps, tooLongToCheck } from '../../engine/solution';
import { readDataset, skippedLine } from '../../engine/datasets';
import { datasetProblem } from '../../engine/export/sources';
import { LineIndex } from '../../engine/text/line-index';
import { expandInputs, readInputs, splitFormats } from '../inputs';
import { EXIT, UsageError } from '../errors';
import { cliCheckerOptions } from '../config';

export const CHECK_HELP = `mathcritic check FILE|FOLDER|DATASET … [--format text|json] [--format SHAPE] [--max-document-length N]

Checks solution documents with the embedded checker (equations recomputed, final answer
compared with the front matter's answer:). Folders contribute the solution documents below
them. A .jsonl, .json or .parquet file is read as a dataset, in any record shape MathCritic
knows (detected from its fields; --format SHAPE forces one, e.g. prm800k, mr-ben).

A document longer than --max-document-length characters (default: the .mathcritic.json's
maxDocumentLength, else ${DEFAULT_MAX_DOCUMENT_LENGTH}; 0 = no limit; the editor's mathcritic.check.maxDocumentLength)
is not checked and counts as bad input. A named file that is not a solution document (no Problem
and Solution parts, not matched by solutionGlobs) is skipped with a note, as the editor skips it.

Each file is checked with its nearest .mathcritic.json (severity, disable, solutionGlobs,
maxDocumentLength), searched up to the repository root: the findings the editor shows.

Prints file:line:col: severity: message [code]; exits 1 when there are errors, 2 on bad input.`;

interface Reported {
  file: string;
  id?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Finding['severity'];
  code: string;
  message: string;
  step: number;
  /** A JSON array element's or Parquet row's 1-based number (then `line` is that number too). */
  record?: number;
}

export async function runCheck(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string', multiple: true }, 'max-document-length': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    out.write(`${CHECK_HELP}\n`);
    return EXIT.ok;
  }
  const format = splitFormats(values.format, ['text', 'json'], 'text');
  const maxLength = values['max-document-length'] === undefined ? undefined : Number(values['max-document-length']);
  if (maxLength !== undefined && (!Number.isInteger(maxLength) || maxLength < 0)) throw new UsageError(`--max-document-length must be a whole number of characters (0 = no limit), not "${values['max-document-length']}".`);
  const { inputs, problems } = await expandInputs(positionals);
  const reported: Reported[] = [];
  let files = 0;

  let skipped = 0;
  for (const input of inputs) {
    if (input.kind === 'dataset') {
      try {
        const { severities } = cliCheckerOptions(input.path);
        let read = 0;
        for await (const record of readDataset(input.path, { format: format.dataset, onSkip: (s) => (skipped++, problems.push(skippedLine(s))) })) {
          if (read++ === 0) files++;
          const { solution, text: doc } = solutionFromSteps(record);
          const index = new LineIndex(doc);
          // A JSONL record is placed by its line; a JSON array element or Parquet row by its number.
          const at = /:(\d+)$/.exec(record.place);
          const line = at ? Number(at[1]) : Number(/record (\d+)$/.exec(record.place)?.[1] ?? 0);
          for (const f of checkSolution(solution, [], { severities }).findings) {
            const r = toReported(input.path, index, f);
            reported.push({ ...r, id: record.id, line, column: 1, endLine: line, endColumn: 1, ...(at ? {} : { record: line }) });
          }
        }
      } catch (e) {
        problems.push(datasetProblem(input.path, e));
      }
      continue;
    }
    for await (const { text } of readInputs([input], problems)) {
      const options = cliCheckerOptions(input.path);
      const tooLong = maxLength !== undefined ? tooLongToCheck(text.length, maxLength, '--max-document-length') : tooLongToCheck(text.length, options.maxDocumentLength, options.configFile ? `maxDocumentLength in ${options.configFile}` : '--max-document-length');
      if (tooLong) {
        problems.push(`${input.path}: ${tooLong}`);
        continue;
      }
      files++;
      const { solution, issues } = parseSolutionDocument(text);
      const index = new LineIndex(text);
      for (const f of checkSolution(solution, issues, { severities: options.severities }).findings) reported.push(toReported(input.path, index, f));
    }
  }

  if (format.output === 'json') {
    out.write(`${JSON.stringify({ files, findings: reported, problems, skipped }, null, 2)}\n`);
  } else {
    for (const r of reported) {
      const at = r.record !== undefined ? `${r.file}:record ${r.record}` : `${r.file}:${r.line}:${r.column}`;
      // An id-less record's id is its place, which the line already starts with.
      const id = r.id !== undefined && !r.id.startsWith(`${r.file}:`) ? `[${r.id}] ` : '';
      const where = r.id !== undefined ? `${at}: ${r.severity}: ${id}step ${r.step + 1}: ` : `${at}: ${r.severity}: `;
      out.write(`${where}${r.message} [${r.code}]\n`);
    }
    for (const p of problems) err.write(`mathcritic: ${p}\n`);
    const errors = reported.filter((r) => r.severity === 'error').length;
    err.write(`${files} file${files === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${reported.length - errors} other finding${reported.length - errors === 1 ? '' : 's'}${skipped > 0 ? `; ${skipped} dataset record${skipped === 1 ? '' : 's'} skipped` : ''}.\n`);
  }
  if (problems.length > 0 && files === 0) return EXIT.usage;
  if (reported.some((r) => r.severity === 'error')) return EXIT.findings;
  return problems.length > 0 ? EXIT.usage : EXIT.ok;
}

function toReported(file: string, index: LineIndex, f: Finding): Reported {
  const s = index.positionAt(f.span.start);
  const e = index.positionAt(f.span.end);
  return { file, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, severity: f.severity, code: f.code, message: f.message, step: f.stepIndex };
}

