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
  const all =
    tuples.length === 0 && quantities.length === 0 && solved.length === 0 && rewrites.length === 0
      ? plain
      : [...plain, ...tuples, ...quantities, ...solved, ...rewrites].sort((a, b) => a.start - b.start || a.end - b.end);
  if (!all.some((e) => e.verdict === 'wrong')) return all;
  // "2 + 1 = 1 (False)", "… an extraneous root": the step says itself that what it wrote fails.
  if (FALSE_MARK.test(text)) return all.filter((e) => e.verdict !== 'wrong');
  // "Let's try a = 2, b = 3: 1 = 1/2 + 1/3 + 1/7 … this does not equal 1": the value put first
  // is the one hoped for, and the step says the sum misses it. Tried, not claimed.
  if (MISSES.test(text)) return all.filter((e) => e.verdict !== 'wrong' || !text.startsWith(e.written, e.start));
  return all;
}

const FALSE_MARK = /\((?:false|not true|incorrect|impossible)\)|\b(?:is false|extraneous|contradiction)\b/i;
const MISSES = /\b(?:does(?:n't| not)|do(?:n't| not)|is(?:n't| not)|are(?:n't| not)|not)\s+(?:equal|equate|hold|work|satisfy|add up|match)\b/i;
