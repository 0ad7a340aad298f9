import { scoreFirstError, type FirstErrorItem, type FirstErrorScore, type OverallScore } from '../../engine/eval/process-bench';
import type { EvalSettings, PredictionLine } from '../../engine/eval/prediction-line';

export function percent(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(1)}%`;
}

export interface Scored {
  subsets: FirstErrorScore[];
  overall: OverallScore;
}

/** The lines scored as the combined critic's, or as one of its two critics alone. */
export function scoreLines(lines: readonly PredictionLine[], which: 'prediction' | 'embedded' | 'model' = 'prediction'): Scored {
  const predicted = (l: PredictionLine): number | null => (which === 'embedded' ? (l.embedded_prediction ?? null) : which === 'model' ? (l.model_prediction ?? null) : l.prediction);
  const items: FirstErrorItem[] = lines.map((l) => ({ subset: l.subset, label: l.label, predicted: predicted(l) }));
  return scoreFirstError(items);
}

/** The critic's name in messages and on plots. */
export function criticLabel(s: Pick<EvalSettings, 'critic' | 'model' | 'profile' | 'samples'>): string {
  if (s.critic === 'embedded') return 'embedded checker';
  const k = s.samples > 1 ? `, maj@${s.samples}` : '';
  return `${s.model}${s.critic === 'combined' ? ' + checker' : ''} (${s.profile}${k})`;
}

export function formatTable(scored: Scored, title?: string): string {
  const header = ['subset', 'n err', 'acc err', 'n ok', 'acc ok', 'F1'];
  const unreadable = scored.overall.unreadable > 0;
  if (unreadable) header.push('unreadable');
  const row = (s: FirstErrorScore) => [
    s.subset,
    String(s.erroneous.n),
    percent(s.erroneous.accuracy),
    String(s.correct.n),
    percent(s.correct.accuracy),
    percent(s.f1),
    ...(unreadable ? [String(s.unreadable)] : []),
  ];
  const body = scored.subsets.map(row);
  const last = row(scored.overall);
  const widths = header.map((h, c) => Math.max(h.length, ...[...body, last].map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const notes: string[] = [];
  const { overall } = scored;
  // The overall F1 is ProcessBench's average; say so wherever it is not also the pooled one.
  if (overall.averaged.length > 1 || overall.averaged.length < scored.subsets.length) {
    notes.push(
      `overall F1: the mean of ${overall.averaged.length} subset${overall.averaged.length === 1 ? "'s" : "s'"} F1 (ProcessBench's average); over all records pooled: ${percent(overall.pooled_f1)}`,
    );
  }
  if (unreadable) notes.push(`unreadable: answers the profile could not read, scored as misses on either side (ProcessBench's \`None\`)`);
  return [...(title ? [title] : []), line(header), rule, ...body.map(line), rule, line(last), ...notes].join('\n') + '\n';
}

/** One line per subset and overall: F1 of each critic alone and combined. */
export function formatAlone(combined: Scored, model: Scored, embedded: Scored): string {
  const names = [...combined.subsets.map((s) => s.subset), 'overall'];
  const f1 = (s: Scored, name: string) => percent(name === 'overall' ? s.overall.f1 : (s.subsets.find((x) => x.subset === name)?.f1 ?? null));
  const rows = names.map((n) => [n, f1(embedded, n), f1(model, n), f1(combined, n)]);
  const header = ['F1', 'checker alone', 'model alone', 'combined'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return ['', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/**
 * Why the critic's answers could not be read, most frequent first: one line per reason. A
 * reason may quote a little of the model's answer (`\boxed{…} is not a paragraph index`), so
 * control characters are shown as `?`: a model's text never drives the terminal.
 */
export function unreadableSummary(lines: readonly PredictionLine[]): string {
  const counts = new Map<string, number>();
  let samples = 0;
  for (const l of lines) {
    samples += l.unreadable ?? 0;
    for (const raw of l.unreadable_reasons ?? []) {
      const r = raw.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
      counts.set(r, (counts.get(r) ?? 0) + 1);
    }
  }
  if (samples === 0) return '';
  const reasons = [...counts].sort((a, b) => b[1] - a[1]).map(([r, n]) => `  ${n} × ${r}\n`);
  return `${samples} answer${samples === 1 ? '' : 's'} could not be read (a record with none readable is scored as a miss):\n${reasons.join('')}`;
}
