import { judgeLinks, type CheckedEquation } from './equations';
import { checkCongruences } from './equations/congruences';
import { checkConversions } from './equations/conversions';
import { findLinks } from './equations/find';
import { findQuantityLinks } from './equations/quantities';
import { checkRewrites } from './equations/rewrites';
import { checkSolvedEquations } from './equations/solved';
import { checkTuples } from './equations/tuples';
import { tokenize } from './math/tokens';

/** Everything judged inside one step's text, in text order: what the step cache keeps. */
export function checkStep(text: string): CheckedEquation[] {
  const tokens = tokenize(text);
  const plain = judgeLinks(findLinks(text, tokens));
  const tuples = checkTuples(text, tokens);
  const congruences = checkCongruences(text, tokens);
  if (congruences.length > 0) tuples.push(...congruences);
  const quantities = judgeLinks(findQuantityLinks(text, tokens)).map((e): CheckedEquation => ({ ...e, kind: 'quantity' }));
  const conversions = checkConversions(text, tokens);
  if (conversions.length > 0) quantities.push(...conversions);
  const solved = checkSolvedEquations(text, tokens);
  const rewrites = checkRewrites(text, tokens);
  if (tuples.length === 0 && quantities.length === 0 && solved.length === 0 && rewrites.length === 0) return plain;
  return [...plain, ...tuples, ...quantities, ...solved, ...rewrites].sort((a, b) => a.start - b.start || a.end - b.end);
}
