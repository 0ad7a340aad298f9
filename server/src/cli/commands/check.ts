import { parseArgs } from 'node:util';
import { checkSolution, type Finding } from '../../engine/check';
import { DEFAULT_MAX_DOCUMENT_LENGTH, parseSolutionDocument, solutionFromSteps, stepsRecordSchema, tooLongToCheck } from '../../engine/solution';
import { LineIndex } from '../../engine/text/line-index';
import { parseJsonl } from '../../engine/io/jsonl';
import { expandInputs, readInputs } from '../inputs';
import { EXIT, UsageError } from '../errors';

export const CHECK_HELP = `mathcritic check FILE|FOLDER|DATA.jsonl … [--format text|json] [--max-document-length N]

Checks solution documents with the embedded checker (equations recomputed, final answer
compared with the front matter's answer:). Folders contribute the solution documents below
them. A .jsonl file is read as a dataset of {id, problem, steps[], answer} records.

A document longer than --max-document-length characters (default ${DEFAULT_MAX_DOCUMENT_LENGTH}; 0 = no limit;
the editor's mathcritic.check.maxDocumentLength) is not checked and counts as bad input.

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
}

export async function runCheck(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, 'max-document-length': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    out.write(`${CHECK_HELP}\n`);
    return EXIT.ok;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${values.format}".`);
  const maxLength = values['max-document-length'] === undefined ? DEFAULT_MAX_DOCUMENT_LENGTH : Number(values['max-document-length']);
  if (!Number.isInteger(maxLength) || maxLength < 0) throw new UsageError(`--max-document-length must be a whole number of characters (0 = no limit), not "${values['max-document-length']}".`);
  const { inputs, problems } = await expandInputs(positionals);
  const reported: Reported[] = [];
  let files = 0;

  for await (const { input, text } of readInputs(inputs, problems)) {
    const skipped = input.kind === 'document' ? tooLongToCheck(text.length, maxLength, '--max-document-length') : undefined;
    if (skipped) {
      problems.push(`${input.path}: ${skipped}`);
      continue;
    }
    files++;
    if (input.kind === 'document') {
      const { solution, issues } = parseSolutionDocument(text);
      const index = new LineIndex(text);
      for (const f of checkSolution(solution, issues).findings) reported.push(toReported(input.path, index, f));
    } else {
      const { records, lines, bad } = parseJsonl(text, (v) => stepsRecordSchema.parse(v));
      for (const b of bad) problems.push(`${input.path}:${b.line}: skipped a record that does not parse: ${b.reason}`);
      records.forEach((record, i) => {
        const { solution, text: doc } = solutionFromSteps(record);
        const index = new LineIndex(doc);
        for (const f of checkSolution(solution).findings) {
          const r = toReported(input.path, index, f);
          reported.push({ ...r, id: record.id, line: lines[i], column: 1, endLine: lines[i], endColumn: 1 });
        }
      });
    }
  }

  if (values.format === 'json') {
    out.write(`${JSON.stringify({ files, findings: reported, problems }, null, 2)}\n`);
  } else {
    for (const r of reported) {
      const where = r.id !== undefined ? `${r.file}:${r.line}:${r.column}: ${r.severity}: [${r.id}] step ${r.step + 1}: ` : `${r.file}:${r.line}:${r.column}: ${r.severity}: `;
      out.write(`${where}${r.message} [${r.code}]\n`);
    }
    for (const p of problems) err.write(`mathcritic: ${p}\n`);
    const errors = reported.filter((r) => r.severity === 'error').length;
    err.write(`${files} file${files === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${reported.length - errors} other finding${reported.length - errors === 1 ? '' : 's'}.\n`);
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

