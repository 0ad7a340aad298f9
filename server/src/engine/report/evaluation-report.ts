import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { parseJsonl } from '../io/jsonl';
import { isPredictionLine, readPredictions } from '../eval/read-predictions';
import { scoreFirstError, type FirstErrorScore } from '../eval/process-bench';
import { processBenchSubsetOf } from '../eval/processbench-reference';
import { f1Spec, renderSvg, scaleCurvesSpec } from '../plot';
import { CURVES, scaleCurves } from '../scale/curves';
import { parseScalePredictions } from '../scale/predictions';
import { scaleRecordSchema } from '../scale/record';
import { reportPage } from './html';

export interface EvaluationReport {
  kind: 'eval' | 'scale';
  title: string;
  /** The whole page, under a CSP with no script and nothing remote. */
  html: string;
}

/** A file that is neither kind of predictions file; the message says what it should be. */
export class NotAPredictionsFile extends Error {}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/**
 * "Show Evaluation Report": the table and the plot of a predictions file, either kind:
 * `eval --predictions` (first-error F1 per subset) or `scale --predictions` (the curves).
 */
export async function evaluationReport(file: string): Promise<EvaluationReport> {
  return reportFromText(await fs.readFile(file, 'utf8'), path.basename(file));
}

export async function reportFromText(text: string, name: string): Promise<EvaluationReport> {
  const first = parseJsonl(text).records.find((r) => r !== null && typeof r === 'object');
  if (first !== undefined && scaleRecordSchema.safeParse(first).success) return scaleReport(text, name);
  if (first !== undefined && isPredictionLine(first)) return evalReport(text, name);
  throw new NotAPredictionsFile(`${name} is not a predictions file: write one with \`mathcritic eval … --predictions FILE\` or \`mathcritic scale … --predictions FILE\`.`);
}

async function evalReport(text: string, name: string): Promise<EvaluationReport> {
  const read = readPredictions(text);
  const { subsets, overall } = scoreFirstError(read.items);
  const row = (s: FirstErrorScore) => [s.subset, String(s.erroneous.n), pct(s.erroneous.accuracy), String(s.correct.n), pct(s.correct.accuracy), pct(s.f1)];
  const reference = subsets.some((s) => processBenchSubsetOf(s.subset) !== undefined);
  const svg = await renderSvg(f1Spec([{ name: read.name, subsets }], { reference, title: `First-error F1 per subset: ${read.name}` }));
  const title = `Evaluation: ${read.name}`;
  const html = reportPage({
    title,
    meta: `${name} · ${read.items.length} predictions${read.bad.length ? ` · ${read.bad.length} unreadable lines skipped` : ''}${reference ? " · marks: ProcessBench's published F1" : ''}`,
    table: { header: ['subset', 'n err', 'acc err', 'n ok', 'acc ok', 'F1'], rows: subsets.map(row), footer: [row(overall)] },
    svg,
    plotAlt: `F1 per subset: ${subsets.map((s) => `${s.subset} ${pct(s.f1)}`).join(', ')}`,
  });
  return { kind: 'eval', title, html };
}

async function scaleReport(text: string, name: string): Promise<EvaluationReport> {
  const { records, bad, tornTail } = parseScalePredictions(text);
  const all = [...records.values()];
  const kMax = Math.min(...all.map((r) => r.samples.length));
  // K = 1, 2, 4, … up to the samples every problem has (and that number itself).
  const ks = [...new Set([...Array.from({ length: Math.floor(Math.log2(Math.max(1, kMax))) + 1 }, (_, i) => 2 ** i), Math.max(1, kMax)])].filter((k) => k <= Math.max(1, kMax));
  const summary = scaleCurves(all, ks);
  const actor = all[0].actor_model;
  const critic = all[0].critic_model;
  const title = `Test-time scaling: ${actor}${critic === actor ? '' : ` with critic ${critic}`}`;
  const svg = await renderSvg(scaleCurvesSpec(summary, title));
  const html = reportPage({
    title,
    meta: `${name} · ${summary.n} problems · greedy ${pct(summary.greedy)} · profile ${all[0].profile}, L = ${all[0].refinements}${bad.length || tornTail ? ` · ${bad.length + (tornTail ? 1 : 0)} unreadable lines skipped` : ''}`,
    table: { header: ['K', ...ks.map(String)], rows: [...CURVES.map((c) => [c, ...summary.curves[c].map(pct)]), ['calls/problem', ...summary.calls.map((x) => x.toFixed(1))]] },
    svg,
    plotAlt: `Accuracy against K: ${CURVES.map((c) => `${c} ${summary.curves[c].map(pct).join(' ')}`).join('; ')}`,
  });
  return { kind: 'scale', title, html };
}
