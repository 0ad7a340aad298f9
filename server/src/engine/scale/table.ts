import { CURVES, type ScaleSummary } from './curves';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The curves as a text table: one row per curve, one column per K. */
export function formatScaleTable(s: ScaleSummary): string {
  const rows: string[][] = [
    ['K', ...s.k.map(String)],
    ...CURVES.map((c) => [c, ...s.curves[c].map(pct)]),
    ['calls/problem', ...s.calls.map((x) => x.toFixed(1))],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]), rule, ...rows.slice(1).map(line), '', `greedy (1 sample): ${pct(s.greedy)} · ${s.n} problem${s.n === 1 ? '' : 's'} · majority at K costs K calls`].join('\n') + '\n';
}
