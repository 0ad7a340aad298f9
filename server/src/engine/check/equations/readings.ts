import { decimal, evaluateClosed, type Decimal } from '../math/evaluate';
import type { Link, Side } from './find';

/**
 * Other readings of what was written. People write arithmetic loosely, and a reading that
 * the checker alone gives a text is not enough to call it wrong: right GSM8K solutions write
 * `25 / 1/3 = 75` (25 divided by a third), `3 / 21 * 100% = 14.28` (a percentage as a number),
 * `$2.50 - $2.24 = 26 cents`, `4 / 3 = 1 and 1/3`, `13 / 6 = 2 full cycles with a remainder`,
 * `Week 1 + Week 2 = 35 + 35 = 70`, `6:00 + 48 = 6:48`, `0900 - 0130 = 0730`. A link judged
 * wrong is left alone (unknown, not wrong) when one of these readings holds, or when the text
 * around a side shows it is part of something the checker did not read.
 */
export interface Judged {
  computed: { side: Side; value: Decimal };
  claimed: { side: Side; value: Decimal };
}

/**
 * `agreesWith(value)`: whether the claim, read as written, agrees with another value of the
 * computed side (rounding as the claim shows it); `same(a, b)`: whether two values are equal.
 */
export function otherReadingHolds(link: Link, judged: Judged, continues: boolean, agreesWith: (value: Decimal) => boolean, same: (a: Decimal, b: Decimal) => boolean): boolean {
  const { computed, claimed } = judged;
  // "2 = 35 + 35 = 70" ("Week 1 + Week 2 = …"), "Remaining 10 = 62,300/10 = $6230": a bare
  // number before a computation that the chain goes on to finish is a label, not a claim.
  if (claimed.side === link.left && !link.left.parsed?.hasOperation && continues) return true;
  for (const value of otherValues(computed.side)) if (agreesWith(value)) return true;
  for (const value of otherClaims(claimed.side)) if (same(computed.value, value)) return true;
  // "E = 4.19 \times 10^{4} = \boxed{41.9} \mathrm{~kJ}": the claim is in a prefixed unit.
  if (PREFIXED_UNIT.test(claimed.side.after ?? '')) for (const k of [1, 2, 3, 6, 9, -1, -2, -3, -6, -9]) if (agreesWith(computed.value.div(decimal(10).pow(k)))) return true;
  // "13 / 6 = 2 full cycles with a remainder of 1 hour", "17/3 = 5 whole loads": a whole part.
  if (/^\s*(?:\\\)|\\\]|\$)?\s*(?:full|whole|complete)\b|^[^.;]{0,20}\b(?:remainder|left over|leftover|quotient)\b/i.test(claimed.side.after ?? '') && computed.value.floor().eq(claimed.value))
    return true;
  // "x^2 = (2.8284)^2 = 8": a rounded input gives the round value it stands for, within its rounding.
  if (withinRoundedInputs(computed.side, claimed)) return true;
  return false;
}

/** A unit with a metric prefix right after a number: kJ, mg, km, µs, as LaTeX writes them too. */
const PREFIXED_UNIT = /^\s*(?:\\(?:mathrm|text|mbox|rm)\s*\{\s*~?\s*)?(?:k|M|G|m|µ|μ|c|n|\\mu\s*)(?:J|g|m|L|l|W|Hz|eV|Pa|s|mol|N|V|A|cal|b)\b/;

/** "= 30 feet / 6", "x = 72 sours / 0.75": a unit word inside an expression that goes on past it. */
export function runsOnPastWord(side: Pick<Side, 'after'>): boolean {
  return /^\s+[A-Za-z]+\s*[-+*/×÷]\s*\$?\d/.test(side.after ?? '');
}

/**
 * The text around a side shows that it is a piece of something else: a number, a time, a
 * label, a mixed number, a factor, one of two alternatives. Such a side is read as cut (never
 * judged, by any check), which `find.ts` and `quantities.ts` ask when they read it.
 */
export function cutByContext(side: Pick<Side, 'source' | 'before' | 'after'>): boolean {
  const before = side.before ?? '';
  const after = side.after ?? '';
  const source = side.source;
  if (runsOnPastWord(side)) return true;
  // "\frac{2}{3} = 0.\overline{6}", "5.75757\ldots": a repeating or unending decimal.
  if (/^\.?\s*\\(?:overline|dot)\b|^\s*(?:\.\.\.|…|\\[lc]?dots\b)/.test(after)) return true;
  // "= \frac{8}{4} \pm \frac{2\sqrt{2}}{4} = 2 \pm …": one term of a ± pair.
  if (/(?:\\pm|±|\\mp|∓)\s*$/.test(before) || /^\s*(?:\\pm|±|\\mp|∓)/.test(after)) return true;
  // "factors. - 10 = 2 * 5 - 12 = 2^2 * 3": a dash that starts a list item, not a minus sign.
  if (/^-\s/.test(source)) return true;
  // "4√3 / 6√3", "1/2x": whether the product after the slash is all divided is a matter of convention.
  if (/\/\s*\d+(?:\.\d+)?(?:√|\\sqrt|[a-zA-Z(])/.test(source)) return true;
  // "-14 = x + 2 -16 = x": a signed number run on after a space is a new expression, not a subtraction.
  if (/(?:[\d)}]|(?<![\\a-zA-Z])[a-zA-Z])\s+-\d/.test(source)) return true;
  // "6:00+18 hours", "= 6:48", "14, 400 / 80", ". 84 + .82": the number goes on past the side.
  // "= 10 000 kg": thousands grouped with a space.
  if (/\d:$|\d,\s?$|\d\.$|[-+*/×÷]\s*\.\s*$/.test(before) || /^:\d|^,\d|^\.\d|^ \d{3}\b/.test(after)) return true;
  // "0900 - 0130 = 0730": clock times and codes, not quantities.
  // (A group of a number written `100{,}001` or `100\,001` is not a leading zero.)
  if (/(?:^|[^\d.,}])0\d/.test(source)) return true;
  // "13 !(15 \cdot 14-1)=13$ ! $\cdot 209": a factorial sign the side does not hold.
  // ("So 3 + 2 = 5!" ends a sentence: an exclamation, not a factorial.)
  if (/\d\s*!\s*(?:\\left)?\s*$/.test(before) || /^\s*\$\s*!|^\s+!\s*(?:\$|\\cdot|\\times|[*×·])/.test(after)) return true;
  // "\frac{89}{4} = 22 \frac{1}{4}": a mixed number written in LaTeX.
  if (/(?:^|[^\d.])\d+\s*\\[dt]?frac/.test(source)) return true;
  // "2 \text{ atoms } / \mathrm{a} \sqrt{3}": a named factor just before the side.
  if (/\\(?:mathrm|text|mathit|mathbf|operatorname|mbox)\s*\{[^{}]*\}\s*$/.test(before)) return true;
  // "4 / 3 = 1 and 1/3", "12 x 1 and 1/4 = 15": a mixed number.
  if (/^\s+and\s+\$?\d+\s*\/\s*\d+/.test(after) || (/\d\s+and\s+$/.test(before) && /^\$?\d+\s*\/\s*\d+/.test(source))) return true;
  // "on day 1 * 2 = 20", "Week 1 + Week 2": a number that names a day, a week or a step.
  if (/\b(?:days?|weeks?|months?|years?|steps?|pages?|parts?|rounds?|levels?|chapters?|lines?|grades?|floors?|rooms?|rows?|games?|phases?|laps?|no\.?|#)\s*$/i.test(before)) return true;
  return false;
}

/** What a computed side could also mean. */
function* otherValues(side: Side): Generator<Decimal> {
  const expression = side.parsed?.mathjs;
  if (!expression) return;
  const exponents = side.parsed?.exponents ?? [];
  // "25 / 1/3", "$2000 / 2/3", "14 / 1 / 4", "7/12 / 1/12": divided by a fraction written inline.
  const byFraction = expression.replace(/(?<![\d.)])(\d+(?:\.\d+)?)((?: \/ \d+(?:\.\d+)?){2,3})(?![\d.(])/g, (chain: string) => {
    const [a, b, c, d] = chain.split(' / ');
    return d === undefined ? `${a} / (${b} / ${c})` : `(${a} / ${b}) / (${c} / ${d})`;
  });
  if (byFraction !== expression) {
    const v = evaluateClosed(byFraction, exponents);
    if (v) yield v;
  }
  // "3 / 21 * 100% = 14.28", "$7500/75% = $100" (a hundred for each of 75 percent): the sign read as a unit.
  const bare = expression.replace(/\((\d+(?:\.\d+)?) \/ 100\)/g, '$1');
  if (bare !== expression) {
    const v = evaluateClosed(bare, exponents);
    if (v) yield v;
  }
}

/** What a claimed side could also mean. */
function* otherClaims(side: Side): Generator<Decimal> {
  const literal = side.parsed?.literal;
  // "$2.50 - $2.24 = 26 cents", "$1 / 2 = 50 cents".
  if (literal && /^\s*(?:cents?|¢|pence)\b/i.test(side.after ?? '')) yield decimal(literal.value).div(100);
  // "1 / 8 \times 100 = \boxed{12.5}\%": a percentage as the number before its sign.
  if (!literal && /%\s*$/.test(side.source) && side.parsed?.mathjs) {
    const v = evaluateClosed(side.parsed.mathjs, side.parsed.exponents ?? []);
    if (v) yield v.mul(100);
  }
  // "3/3 - 2/3 = 1/3 of $150": the fraction is the claim, "of $150" what it is a fraction of.
  const of = / of /i.exec(side.source);
  if (of && side.parsed?.mathjs) {
    // "= 15% of $300" after a share worked out as a percentage.
    const lead = /^\s*\$?(\d+(?:\.\d+)?)\s*(?:(%)|\/\s*(\d+(?:\.\d+)?))\s*$/.exec(side.source.slice(0, of.index));
    if (lead) yield lead[2] ? decimal(lead[1]).div(100) : decimal(lead[1]).div(lead[3]);
  }
}

/**
 * Whether the claim is within what the computed side gives when each number written with four
 * or more decimals (a rounded value: 2.8284 for √8) is anywhere in its rounding interval, and
 * the claim shows fewer decimals than they do. Money, rates and counts keep no such slack.
 */
function withinRoundedInputs(side: Side, claim: Judged['claimed']): boolean {
  const expression = side.parsed?.mathjs;
  const literal = claim.side.parsed?.literal;
  if (!expression || !literal) return false;
  const claimed = claim.value;
  const rounded = [...expression.matchAll(/(?<![\d.])(\d+)\.(\d{4,})(?![\d.])/g)];
  // The claim must be rounder than the inputs: "1.056519 × 1.069 = 1.129730711" claims digits.
  if (rounded.length === 0 || rounded.length > 3 || rounded.some((m) => m[2].length <= literal.decimals)) return false;
  let low: Decimal | undefined;
  let high: Decimal | undefined;
  for (let mask = 0; mask < 1 << rounded.length; mask++) {
    let i = 0;
    const variant = expression.replace(/(?<![\d.])(\d+)\.(\d{4,})(?![\d.])/g, (m: string, _w: string, places: string) => {
      const half = decimal(10).pow(-places.length).div(2);
      const v = decimal(m)[(mask >> i++) & 1 ? 'add' : 'sub'](half);
      return v.toFixed();
    });
    const v = evaluateClosed(variant, side.parsed?.exponents ?? []);
    if (!v) return false;
    low = low === undefined || v.lt(low) ? v : low;
    high = high === undefined || v.gt(high) ? v : high;
  }
  return low !== undefined && high !== undefined && claimed.gte(low) && claimed.lte(high);
}
