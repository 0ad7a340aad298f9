/**
 * ProcessBench's published first-error F1 (%), per subset, for reference marks beside a
 * user's own critics. Source: the ProcessBench paper (Zheng et al. 2024), Table 3; the rows
 * marked † are from GenPRM's Table 1 (the PRM rows are not in the ProcessBench paper).
 * See ../shared/REFERENCES.md.
 */
export const PROCESSBENCH_SUBSETS = ['GSM8K', 'MATH', 'OlympiadBench', 'Omni-MATH'] as const;
export type ProcessBenchSubset = (typeof PROCESSBENCH_SUBSETS)[number];

export interface PublishedRow {
  critic: string;
  f1: Record<ProcessBenchSubset, number>;
}

const row = (critic: string, gsm8k: number, math: number, olympiad: number, omni: number): PublishedRow => ({
  critic,
  f1: { GSM8K: gsm8k, MATH: math, OlympiadBench: olympiad, 'Omni-MATH': omni },
});

export const PROCESSBENCH_PUBLISHED: readonly PublishedRow[] = [
  row('Qwen2.5-Math-7B-PRM800K', 68.2, 62.6, 50.7, 44.3),
  row('Qwen2.5-Math-PRM-7B †', 82.4, 77.6, 67.5, 66.3),
  row('Qwen2.5-Math-PRM-72B †', 87.3, 80.6, 74.3, 71.1),
  row('GPT-4o-0806 (greedy)', 79.2, 63.6, 51.4, 53.5),
  row('o1-mini', 93.2, 88.9, 87.2, 82.4),
  row('QwQ-32B-Preview', 88.0, 78.7, 57.8, 61.3),
  row('Llama-3.1-70B-Instruct', 74.9, 48.2, 46.7, 41.0),
  row('Meta-Llama-3-8B-Instruct', 13.1, 13.8, 4.8, 12.6),
];

/**
 * The ProcessBench subset a dataset subset is, by name: `gsm8k`, `math`, `olympiadbench` or
 * `omnimath` (case, spaces, dashes and a leading "ProcessBench" ignored; the names of its
 * Hugging Face splits and of ../shared/data's sample). Anything else is not one of them, so
 * "mr-ben/math/college_math" gets no MATH mark.
 */
export function processBenchSubsetOf(subset: string): ProcessBenchSubset | undefined {
  const key = subset
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/^processbench/, '');
  return ({ gsm8k: 'GSM8K', math: 'MATH', olympiadbench: 'OlympiadBench', omnimath: 'Omni-MATH' } as const)[key as 'gsm8k'];
}
