/**
 * Parse + check throughput of the engine, in process, cold (no step cache).
 * Run: node --import tsx bench/throughput.ts
 */
import { parseSolutionDocument } from '../server/src/engine/solution';
import { checkSolution } from '../server/src/engine/check';
import { solutionDocument, median } from './corpus';

const text = solutionDocument(10_000);
const times: number[] = [];
for (let i = 0; i < 12; i++) {
  const t0 = performance.now();
  const { solution, issues } = parseSolutionDocument(text);
  checkSolution(solution, issues);
  times.push(performance.now() - t0);
}
const ms = median(times.slice(2));
console.log(`Engine parse+check, cold: ${(10_000 / (ms / 1000)).toFixed(0)} steps/s (median ${ms.toFixed(1)} ms per 10,000-step document)`);
