import type { Finding } from './findings';

/**
 * The step a checker's findings name as the first wrong one: the smallest step index among
 * error-severity findings, or -1 when there is none. Document-level findings (step -1) do not
 * point at a step and are ignored.
 */
export function predictFirstError(findings: readonly Pick<Finding, 'severity' | 'stepIndex'>[]): number {
  let first = -1;
  for (const f of findings) {
    if (f.severity !== 'error' || f.stepIndex < 0) continue;
    if (first === -1 || f.stepIndex < first) first = f.stepIndex;
  }
  return first;
}
