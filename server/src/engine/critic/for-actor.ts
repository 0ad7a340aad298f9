import type { CritiqueResult } from './types';

/**
 * What the actor is shown of a critique: the feedback on the first wrong step, or, when the
 * critic wrote in the MathCritique layout, its whole answer (their refinement data shows the
 * actor every block, and the mathcritique actor profile passes it as written).
 */
export function critiqueForActor(result: CritiqueResult): string {
  const chosen = result.critiques.find((c) => c.firstWrongStep === result.firstWrongStep && c.format === 'mathcritique');
  return chosen ? chosen.raw : result.feedback;
}
