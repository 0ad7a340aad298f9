import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';

const SHARED = path.resolve(__dirname, '../../shared/data');

/** Realistic step texts: GSM8K reference steps from ../shared/data when present, else synthetic ones. */
export function sampleSteps(): string[] {
  const file = path.join(SHARED, 'gsm8k-test-correct.jsonl');
  if (existsSync(file)) {
    const steps = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((l) => (JSON.parse(l) as { steps: string[] }).steps)
      .filter((s) => !s.startsWith('####'));
    if (steps.length > 0) return steps;
  }
  return Array.from({ length: 200 }, (_, i) => `She buys ${i + 2} boxes at $${i + 3} each, so ${i + 2} * ${i + 3} = $${(i + 2) * (i + 3)} in all.`);
}

/**
 * A solution of `n` steps from the sample pool, one step in ten with a slip. `draft` makes every
 * step's text one that no earlier document had (a language server keeps step results across
 * documents): what an open of a new document costs, rather than of one already seen.
 */
export function solutionDocument(n: number, draft?: number): string {
  const pool = sampleSteps();
  const tag = draft === undefined ? '' : ` (draft ${draft})`;
  const steps = Array.from({ length: n }, (_, i) => {
    const s = pool[i % pool.length];
    return `${i % 10 === 9 ? `${s} Also 5 + 3 × 2 = 16.` : s}${tag}`;
  });
  return `---\nanswer: 18\n---\n# Problem\n\nA long problem.\n\n# Solution\n\n${steps.map((s, i) => `Step ${i + 1}: ${s}`).join('\n')}\n\nThe answer is 18.\n`;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
