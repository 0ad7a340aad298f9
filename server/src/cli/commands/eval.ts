import { parseArgs } from 'node:util';
import { checkSolution } from '../../engine/check';
import { solutionFromSteps } from '../../engine/solution';
import { readDataset, skippedLine } from '../../engine/datasets';
import { datasetProblem } from '../../engine/export/sources';
import { predictFirstError, scoreFirstError, subsetOf, type FirstErrorItem, type FirstErrorScore } from '../../engine/eval/process-bench';
import { splitFormats } from '../inputs';
import { plotCritics } from './eval-plot';
import { EXIT, UsageError } from '../errors';
import { cliCheckerOptions } from '../config';

export const EVAL_HELP = `mathcritic eval DATASET … [--format table|json] [--format SHAPE] [--critic embedded]
                [--plot F1.svg [--from PREDICTIONS.jsonl …] [--reference processbench]]

Scores a critic on step-labelled datasets the ProcessBench way: each record's label is the
0-based first wrong step (-1 when every step is right); the critic's prediction is the first
step it flags with an error. Reports, per subset (meta.subset, else source, else the file
name) and overall: accuracy on erroneous samples (exact first step), accuracy on correct
samples (nothing flagged), and their harmonic mean F1.

DATASET is JSON Lines, a JSON array or Parquet, in any shape MathCritic reads (ProcessBench,
PRM800K, MR-GSM8K, MR-Ben, BIG-Bench Mistake, MathCheck, MathCritique rows, TRL stepwise,
MathCritic's own), detected from the first record's fields; --format SHAPE forces one.

Only the embedded checker (--critic embedded, the default) for now.

  --plot F1.svg         draw F1 per subset, one bar per critic
  --from FILE           (repeatable) a predictions file of an earlier eval run: its critic is
                        scored, printed and drawn beside this run's (DATA may then be omitted)
  --reference processbench
                        mark ProcessBench's published F1 (Table 3) on the subsets that are
                        ProcessBench's (gsm8k, math, olympiadbench, omnimath)

Records that do not map are named (file:line, file:record N) on stderr and skipped, and
counted. Exits 0, or 2 on bad usage, a file that is not a dataset of a known shape, or when
no record could be evaluated.`;

export async function runEval(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', multiple: true },
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
  const format = splitFormats(values.format, ['table', 'json'], 'table');
  if (values.critic !== 'embedded') {
    throw new UsageError(`--critic must be "embedded", not "${values.critic}": model critics come with \`mathcritic critique\`.`);
  }
  if (values.plot !== undefined && !/\.svg$/i.test(values.plot)) throw new UsageError(`--plot writes SVG: name a .svg file, not "${values.plot}".`);
  if (values.reference !== undefined && values.reference !== 'processbench') throw new UsageError(`--reference must be "processbench", not "${values.reference}".`);
  const from = values.from ?? [];
  if ((from.length > 0 || values.reference) && !values.plot) throw new UsageError('--from and --reference go with --plot F1.svg.');
  if (positionals.length === 0 && from.length === 0) throw new UsageError('no datasets given: name one or more datasets (.jsonl, .json, .parquet) of step-labelled records.');

  const items: FirstErrorItem[] = [];
  let skipped = 0;
  let unreadable = 0;

  for (const file of positionals) {
    let used = 0;
    let fileSkipped = 0;
    const skip = (place: string, reason: string) => {
      err.write(`mathcritic eval: ${skippedLine({ place, reason })}\n`);
      fileSkipped++;
    };
    const { severities } = cliCheckerOptions(file); // the dataset's .mathcritic.json: what counts as an error (a broken one: exit 2)
    try {
      for await (const record of readDataset(file, { format: format.dataset, onSkip: (s) => skip(s.place, s.reason) })) {
        const label = record.label;
        if (label === undefined) {
          skip(record.place, 'it has no first-wrong-step label');
          continue;
        }
        const { solution } = solutionFromSteps(record);
        const predicted = predictFirstError(checkSolution(solution, [], { severities }).findings);
        items.push({ subset: subsetOf(record, file), label, predicted });
        used++;
      }
    } catch (e) {
      err.write(`mathcritic eval: ${datasetProblem(file, e)}\n`);
      unreadable++;
    }
    skipped += fileSkipped;
    err.write(`${file}: ${used} record${used === 1 ? '' : 's'} evaluated${fileSkipped > 0 ? `, ${fileSkipped} skipped` : ''}.\n`);
  }

  let plotted: number = EXIT.ok;
  if (values.plot) {
    plotted = await plotCritics({ plot: values.plot, from, reference: values.reference === 'processbench', own: positionals.length > 0 ? { name: 'embedded checker', items } : undefined, format: format.output, out, err });
    if (positionals.length === 0) return plotted;
  }
  const { subsets, overall } = scoreFirstError(items);
  // Nothing scored prints no report: no table of dashes that could pass for a result.
  if (items.length > 0) out.write(format.output === 'json' ? `${JSON.stringify({ subsets, overall, skipped }, null, 2)}\n` : formatTable(subsets, overall));
  const files = positionals.length - unreadable;
  err.write(`embedded checker: ${items.length} record${items.length === 1 ? '' : 's'} from ${files} file${files === 1 ? '' : 's'} evaluated, ${skipped} skipped; overall F1 ${percent(overall.f1)}.\n`);
  if (items.length === 0 && unreadable === 0) err.write('mathcritic eval: no record could be evaluated (see the skipped records above).\n');
  return unreadable > 0 || items.length === 0 || plotted !== EXIT.ok ? EXIT.usage : EXIT.ok;
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
