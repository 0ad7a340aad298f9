import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../engine/io/atomic-write';
import { scoreFirstError, type FirstErrorItem } from '../../engine/eval/process-bench';
import { readPredictions } from '../../engine/eval/read-predictions';
import { processBenchSubsetOf } from '../../engine/eval/processbench-reference';
import { f1Spec, renderSvg, type CriticScores } from '../../engine/plot';
import { reason } from '../inputs';
import { EXIT } from '../errors';

/**
 * `eval --plot`: this run's critic and the critics of earlier runs' prediction files, scored
 * the same way and drawn side by side. Each `--from` file's table is printed (this run's own
 * table is printed by `eval` itself).
 */
export async function plotCritics(o: {
  plot: string;
  from: readonly string[];
  reference: boolean;
  own?: { name: string; items: FirstErrorItem[] };
  format: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}): Promise<number> {
  const critics: CriticScores[] = [];
  if (o.own) critics.push({ name: o.own.name, subsets: scoreFirstError(o.own.items).subsets });
  const json: unknown[] = [];
  let unreadable = 0;
  for (const file of o.from) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      o.err.write(`mathcritic eval: cannot read ${file}: ${reason(e)}\n`);
      unreadable++;
      continue;
    }
    const read = readPredictions(text);
    for (const b of read.bad) o.err.write(`mathcritic eval: ${file}:${b.line}: skipped a line that is not a prediction ({subset, label, prediction, critic}): ${b.reason}\n`);
    if (read.items.length === 0) {
      o.err.write(`mathcritic eval: ${file} has no predictions to plot.\n`);
      unreadable++;
      continue;
    }
    // Two files of one critic (two runs of a model, say) stay apart on the plot.
    const name = critics.some((c) => c.name === read.name) ? `${read.name} · ${path.basename(file)}` : read.name;
    const scored = scoreFirstError(read.items);
    critics.push({ name, subsets: scored.subsets });
    json.push({ critic: name, file, ...scored });
    if (o.format !== 'json')
      o.out.write(
        `${name} (${file}): ${scored.subsets.map((s) => `${s.subset} ${s.f1 === null ? '—' : `${(s.f1 * 100).toFixed(1)}%`}`).join(', ')}; overall F1 ${scored.overall.f1 === null ? '—' : `${(scored.overall.f1 * 100).toFixed(1)}%`}\n`,
      );
  }
  if (!o.own && o.format === 'json') o.out.write(`${JSON.stringify({ critics: json }, null, 2)}\n`);
  if (critics.length === 0) return EXIT.usage;
  if (o.reference && !critics.some((c) => c.subsets.some((s) => processBenchSubsetOf(s.subset)))) {
    o.err.write("mathcritic eval: no subset is one of ProcessBench's (gsm8k, math, olympiadbench, omnimath): the plot has no reference marks.\n");
  }
  await writeFileAtomic(o.plot, await renderSvg(f1Spec(critics, { reference: o.reference })));
  o.err.write(`plot of ${critics.length} critic${critics.length === 1 ? '' : 's'} written to ${o.plot}\n`);
  return unreadable > 0 ? EXIT.usage : EXIT.ok;
}
