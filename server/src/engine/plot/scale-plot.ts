import type { TopLevelSpec } from 'vega-lite';
import type { CurveName, ScaleSummary } from '../scale/curves';

/** How the curves are named on the plot (the JSON keeps the short names). */
export const CURVE_LABELS: Record<CurveName, string> = {
  majority: 'majority of K samples',
  critic_majority: 'critique + refine, then majority',
  critic_filtered: 'majority of critic-accepted',
};
export const CALLS_LABEL = 'model calls per problem (right axis)';
export const GREEDY_LABEL = 'greedy (1 sample)';

const COLORS = ['#4c78a8', '#e45756', '#54a24b', '#9d9d9d', '#b279a2'];

/**
 * The paper's test-time scaling figure (Xi et al. 2024, Fig. 1) for the user's own actor and
 * critic: accuracy against K on a log scale, one line per curve, the greedy accuracy as a
 * rule, and the critic pipeline's model calls per problem on a second axis, so curves can be
 * compared at equal compute.
 */
export function scaleCurvesSpec(summary: ScaleSummary, title = 'Test-time scaling'): TopLevelSpec {
  const curves = (Object.keys(CURVE_LABELS) as CurveName[]).flatMap((c) => summary.k.map((k, i) => ({ k, series: CURVE_LABELS[c], accuracy: summary.curves[c][i] })));
  const calls = summary.k.map((k, i) => ({ k, series: CALLS_LABEL, calls: Math.round(summary.calls[i] * 10) / 10 }));
  const domain = [...Object.values(CURVE_LABELS), GREEDY_LABEL, CALLS_LABEL];
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain, range: COLORS }, legend: { orient: 'bottom', columns: 2 } } as const;
  const x = { field: 'k', type: 'quantitative', title: 'K (samples per problem, log scale)', scale: { type: 'log', base: 2, nice: false }, axis: { values: summary.k, format: 'd', grid: false } } as const;
  // The accuracies' range with a margin, never past 0 or 100 %.
  const all = [...Object.values(summary.curves).flat(), summary.greedy];
  const lo = Math.max(0, Math.floor((Math.min(...all) - 0.05) * 20) / 20);
  const hi = Math.min(1, Math.ceil((Math.max(...all) + 0.05) * 20) / 20);
  const accuracy = { field: 'accuracy', type: 'quantitative', title: `accuracy (${summary.n} problems)`, axis: { format: '.0%' }, scale: { domain: [lo, hi] } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: `greedy ${(summary.greedy * 100).toFixed(1)}% · ${summary.n} problems`, anchor: 'start' },
    width: 460,
    height: 280,
    background: 'white',
    layer: [
      {
        layer: [
          { data: { values: curves }, mark: { type: 'line', point: true, strokeWidth: 2 }, encoding: { x, y: accuracy, color } },
          { data: { values: [{ series: GREEDY_LABEL, accuracy: summary.greedy }] }, mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1.5 }, encoding: { y: accuracy, color } },
        ],
      },
      {
        data: { values: calls },
        layer: [
          { mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { x, y: { field: 'calls', type: 'quantitative', title: 'model calls per problem', axis: { orient: 'right', grid: false } }, color } },
          { mark: { type: 'text', dy: -8, fontSize: 10 }, encoding: { x, y: { field: 'calls', type: 'quantitative' }, text: { field: 'calls', type: 'quantitative', format: '.1f' }, color } },
        ],
      },
    ],
    resolve: { scale: { y: 'independent' } },
    config: { font: 'sans-serif', view: { stroke: null }, legend: { labelLimit: 320, columnPadding: 24 } },
  } as TopLevelSpec;
}
