import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkSolution } from '../../engine/check';
import { solutionFromSteps, stepsRecordSchema } from '../../engine/solution';
import { parseJsonl } from '../../engine/io/jsonl';
import { predictFirstError, scoreFirstError, subsetOf, type FirstErrorItem, type FirstErrorScore } from '../../engine/eval/process-bench';
import { reason } from '../inputs';
import { plotCritics } from './eval-plot';
import { EXIT, UsageError } from '../errors';
import { readTextFile } from '../../engine/io/decode';

export const EVAL_HELP = `mathcritic eval DATA.jsonl … [--format table|json] [--critic embedded]
                [--plot F1.svg [--from PREDICTIONS.jsonl …] [--reference processbench]]

Scores a critic on step-labelled datasets the ProcessBench way: each record's label is the
0-based first wrong step (-1 when every step is right); the critic's prediction is the first
step it flags with an error. Reports, per subset (meta.subset, else source, else the file
name) and overall: accuracy on erroneous samples (exact first step), accuracy on correct
samples (nothing flagged), and their harmonic mean F1.

Only the embedded checker (--critic embedded, the default) for now.

  --plot F1.svg         draw F1 per subset, one bar per critic
  --from FILE           (repeatable) a predictions file of an earlier eval run: its critic is
                        scored, printed and drawn beside this run's (DATA may then be omitted)
  --reference processbench
                        mark ProcessBench's published F1 (Table 3) on the subsets that are
                        ProcessBench's (gsm8k, math, olympiadbench, omnimath)

Bad lines are named (file:line) on stderr and skipped. Exits 0, or 2 on bad usage or an
unreadable file.`;

export async function runEval(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'table' },
      critic: { type: 'string', default: 'embedded' },
      plot: { type: 'string' },
      from: { type: 'string', multiple: true },
      reference: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${EVAL_HELP}\n`);
    return EXIT.ok;
  }
  if (values.format !== 'table' && values.format !== 'json') throw new UsageError(`--format must be table or json, not "${values.format}".`);
  if (values.critic !== 'embedded') {
    throw new UsageError(`--critic must be "embedded", not "${values.critic}": model critics come with \`mathcritic critique\`.`);
  }
  if (values.plot !== undefined && !/\.svg$/i.test(values.plot)) throw new UsageError(`--plot writes SVG: name a .svg file, not "${values.plot}".`);
  if (values.reference !== undefined && values.reference !== 'processbench') throw new UsageError(`--reference must be "processbench", not "${values.reference}".`);
  const from = values.from ?? [];
  if ((from.length > 0 || values.reference) && !values.plot) throw new UsageError('--from and --reference go with --plot F1.svg.');
  if (positionals.length === 0 && from.length === 0) throw new UsageError('no datasets given: name one or more .jsonl files of {problem, steps[], label} records.');

  const items: FirstErrorItem[] = [];
  let skipped = 0;
  let unreadable = 0;

  for (const file of positionals) {
    let text: string;
    try {
      text = await readTextFile(file);
    } catch (e) {
      err.write(`mathcritic eval: cannot read ${file}: ${reason(e)}\n`);
      unreadable++;
      continue;
    }
    const { records, lines, bad } = parseJsonl(text, (v) => stepsRecordSchema.parse(v));
    for (const b of bad) err.write(`mathcritic eval: ${file}:${b.line}: skipped a record that does not parse: ${b.reason}\n`);
    skipped += bad.length;
    let used = 0;
    records.forEach((record, i) => {
      const label = record.label;
      if (label === undefined || label < -1 || label >= record.steps.length) {
        const why = label === undefined ? 'it has no label' : `its label ${label} is not -1 or a step index (0..${record.steps.length - 1})`;
        err.write(`mathcritic eval: ${file}:${lines[i]}: skipped a record: ${why}\n`);
        skipped++;
        return;
      }
      const { solution } = solutionFromSteps(record);
      const predicted = predictFirstError(checkSolution(solution).findings);
      items.push({ subset: subsetOf(record, file), label, predicted });
      used++;
    });
    err.write(`${file}: ${used} record${used === 1 ? '' : 's'} evaluated${records.length + bad.length - used > 0 ? `, ${records.length + bad.length - used} skipped` : ''}.\n`);
  }

  let plotted: number = EXIT.ok;
  if (values.plot) {
    plotted = await plotCritics({ plot: values.plot, from, reference: values.reference === 'processbench', own: positionals.length > 0 ? { name: 'embedded checker', items } : undefined, format: values.format, out, err });
    if (positionals.length === 0) return plotted;
  }
  const { subsets, overall } = scoreFirstError(items);
  if (values.format === 'json') {
    out.write(`${JSON.stringify({ subsets, overall, skipped }, null, 2)}\n`);
  } else {
    out.write(formatTable(subsets, overall));
  }
  const files = positionals.length - unreadable;
  err.write(`embedded checker: ${items.length} record${items.length === 1 ? '' : 's'} from ${files} file${files === 1 ? '' : 's'} evaluated, ${skipped} skipped; overall F1 ${percent(overall.f1)}.\n`);
  return unreadable > 0 || plotted !== EXIT.ok ? EXIT.usage : EXIT.ok;
}

function percent(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(1)}%`;
}

function formatTable(subsets: readonly FirstErrorScore[], overall: FirstErrorScore): string {
  const header = ['subset', 'n err', 'acc err', 'n ok', 'acc ok', 'F1'];
  const row = (s: FirstErrorScore) => [s.subset, String(s.erroneous.n), percent(s.erroneous.accuracy), String(s.correct.n), percent(s.correct.accuracy), percent(s.f1)];
  const body = subsets.map(row);
  const last = row(overall);
  const widths = header.map((h, c) => Math.max(h.length, ...[...body, last].map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...body.map(line), rule, line(last)].join('\n') + '\n';
}
