import type { TopLevelSpec } from 'vega-lite';
import type { FirstErrorScore } from '../eval/process-bench';
import { PROCESSBENCH_PUBLISHED, processBenchSubsetOf } from '../eval/processbench-reference';

export interface CriticScores {
  /** The critic's name on the plot (unique among the critics plotted). */
  name: string;
  subsets: readonly FirstErrorScore[];
}

export const REFERENCE_LEGEND = 'ProcessBench, published F1';
const REFERENCE_SLOT = 'published';

/**
 * ProcessBench-style F1 per subset, one bar per critic side by side; with `reference`, the
 * published rows as marks on the subsets that are ProcessBench's. A subset with one side
 * empty has no F1 and no bar.
 */
export function f1Spec(critics: readonly CriticScores[], options: { reference?: boolean; title?: string } = {}): TopLevelSpec {
  const subsets = [...new Set(critics.flatMap((c) => c.subsets.map((s) => s.subset)))];
  const bars = critics.flatMap((c) => c.subsets.filter((s) => s.f1 !== null).map((s) => ({ subset: s.subset, critic: c.name, f1: s.f1 as number, n: s.erroneous.n + s.correct.n })));
  const marks = options.reference
    ? subsets.flatMap((subset) => {
        const pb = processBenchSubsetOf(subset);
        return pb ? PROCESSBENCH_PUBLISHED.map((r) => ({ subset, slot: REFERENCE_SLOT, reference: r.critic, f1: r.f1[pb] / 100 })) : [];
      })
    : [];
  const x = { field: 'subset', type: 'nominal', title: null, sort: subsets, axis: { labelAngle: subsets.length > 4 ? -30 : 0, labelLimit: 180 } } as const;
  const y = { field: 'f1', type: 'quantitative', title: 'first-error F1', scale: { domain: [0, 1] }, axis: { format: '.0%' } } as const;
  // The published marks get a slot of their own beside the bars, so they never hide one.
  const slots = [...critics.map((c) => c.name), ...(marks.length > 0 ? [REFERENCE_SLOT] : [])];
  const xOffset = (field: string) => ({ field, type: 'nominal', scale: { domain: slots, paddingInner: 0.05 } }) as const;
  const layers: unknown[] = [
    { data: { values: bars }, mark: { type: 'bar' }, encoding: { x, xOffset: xOffset('critic'), y, color: { field: 'critic', title: 'critic', sort: critics.map((c) => c.name), scale: { scheme: 'tableau10' }, legend: { orient: 'bottom', direction: 'vertical' } } } },
    {
      data: { values: bars },
      mark: { type: 'text', dy: -6, fontSize: 9 },
      encoding: { x, xOffset: xOffset('critic'), y, text: { field: 'f1', type: 'quantitative', format: '.0%' } },
    },
  ];
  if (marks.length > 0) {
    layers.push({
      data: { values: marks },
      mark: { type: 'point', filled: true, size: 45, opacity: 0.85, color: '#222' },
      encoding: { x, xOffset: xOffset('slot'), y, shape: { field: 'reference', title: REFERENCE_LEGEND, sort: PROCESSBENCH_PUBLISHED.map((r) => r.critic), legend: { orient: 'right' } } },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.title ?? 'First-error F1 per subset (ProcessBench metric)', anchor: 'start' },
    width: Math.max(320, subsets.length * (26 * Math.max(1, critics.length + (marks.length > 0 ? 1 : 0)) + 30)),
    height: 260,
    background: 'white',
    layer: layers,
    config: { font: 'sans-serif', view: { stroke: null }, legend: { labelLimit: 320, titleLimit: 320 } },
  } as TopLevelSpec;
}
