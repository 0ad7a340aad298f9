import { bigBenchMistake, mathCheck, mrBen, mrGsm8k } from './benchmarks';
import { mathCritiqueRows } from './mathcritique';
import { native } from './native';
import { prm800k } from './prm800k';
import { gsm8k, mathReference, olympiadBench } from './references';
import type { Row, Shape } from './shape';
import { trlStepwise } from './trl';

export type { Mapped, Row, Shape } from './shape';

/**
 * Every record layout the reader knows, in the order they are tried: the benchmark layouts
 * are recognised by fields only they have, MathCritic's own layout (the loosest) last.
 */
export const SHAPES: readonly Shape[] = [prm800k, trlStepwise, mathCheck, mrGsm8k, mrBen, bigBenchMistake, mathCritiqueRows, gsm8k, mathReference, olympiadBench, native];

/** `--format` names: each shape's, plus ProcessBench's (whose files are in MathCritic's layout). */
export const FORMAT_ALIASES: Record<string, string> = { processbench: 'mathcritic', native: 'mathcritic', trl: 'trl-stepwise', mrben: 'mr-ben', mrgsm8k: 'mr-gsm8k', 'big-bench-mistake': 'bbmistake', hendrycks: 'math', 'math-500': 'math' };

export function shapeNamed(name: string): Shape | undefined {
  const n = FORMAT_ALIASES[name.toLowerCase()] ?? name.toLowerCase();
  return SHAPES.find((s) => s.name === n);
}

export function detectShape(row: Row): Shape | undefined {
  return SHAPES.find((s) => s.matches(row));
}

export function formatNames(): string[] {
  return [...SHAPES.map((s) => s.name), 'processbench'];
}
