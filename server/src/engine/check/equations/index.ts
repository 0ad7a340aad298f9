import { decimal, evaluateClosed, formatDecimal, type Decimal } from '../math/evaluate';
import { tokenize } from '../math/tokens';
import { findLinks, type Link, type Side } from './find';
import { writeLike } from './style';
import { otherReadingHolds } from './readings';

/** An equality written in a step, recomputed. Offsets are into the text that was checked. */
export interface CheckedEquation {
  start: number;
  end: number;
  /** The side that was computed, as written. */
  lhs: string;
  /** The side it was compared with, as written. */
  written: string;
  /** The value of `lhs`, as a person would write it. */
  computed: string;
  verdict: 'ok' | 'wrong';
  /** "5 + 3 × 2 = 16 is wrong: 5 + 3 × 2 = 11", or "48/2 = 24 ✓". */
  message: string;
  /** `quantity` when the numbers carry unit words ("40 minutes + 100 minutes = 160 minutes"). */
  kind?: 'equation' | 'quantity' | 'solved' | 'rewrite';
  /** For a rewrite: the symbols it is in, so a relation between them stated elsewhere can excuse it. */
  symbols?: readonly string[];
  /** For a wrong literal result with an exact value: the number to put in its place. */
  fix?: { start: number; end: number; text: string; was: string };
}

/**
 * Recomputes every closed numeric equality in a piece of text. Precision comes first: a side
 * that cannot be read for sure, an unknown, or an equation without any operation is skipped,
 * never judged.
 */
export function checkEquations(text: string): CheckedEquation[] {
  return judgeLinks(findLinks(text, tokenize(text)));
}

/** Judges the links of chains in order; exported for checks that find their links otherwise. */
export function judgeLinks(links: readonly Link[]): CheckedEquation[] {
  const out: CheckedEquation[] = [];
  // The last computed side of the current chain and its value: "3 × 4 = 12 = 13" judges 13
  // against 3 × 4, since the bare 12 in between only repeated it.
  let carried: Valued | undefined;
  let previous: Link | undefined;
  for (let i = 0; i < links.length; i++) {
    const link = links[i];
    if (previous?.right !== link.left) carried = undefined;
    previous = link;
    const judged = judge(link, carried, links[i + 1]?.left === link.right);
    if (judged) out.push(judged.equation);
    carried = judged?.carry;
  }
  return out;
}

interface Valued {
  side: Side;
  value: Decimal;
}

function valueOf(side: Side): Decimal | undefined {
  if (!side.parsed) return undefined;
  // A bare number needs no parser: most claimed sides are one, and mathjs costs ~30 µs a call.
  const literal = side.parsed.literal;
  if (literal) return literal.percent ? decimal(literal.value).div(100) : decimal(literal.value);
  return evaluateClosed(side.parsed.mathjs, side.parsed.exponents);
}

/** `continues`: the chain goes on after the link's right side (`a = b = c`). */
function judge(link: Link, carried: Valued | undefined, continues: boolean): { equation: CheckedEquation; carry: Valued | undefined } | undefined {
  const { left, right } = link;
  if (!left.parsed || !right.parsed) return undefined;
  const bothLiteral = !left.parsed.hasOperation && !right.parsed.hasOperation;
  if (bothLiteral && !carried) return undefined;
  const lv = valueOf(left);
  const rv = valueOf(right);
  if (lv === undefined || rv === undefined) return undefined;
  let computed: Valued;
  let claimed: Valued;
  if (bothLiteral) {
    // Only a link after a computation says something: "12 = 13" alone is not an equation, and
    // "$0.90 = 90 cents" changes the unit, not the value.
    if (!carried || right.wordAfter || !agrees(carried, { side: left, value: lv }, link.approx)) return undefined;
    // "= 0.2 = 20%": the written intermediate may be rounded, and the next link rounds that.
    if (agrees({ side: left, value: lv }, { side: right, value: rv }, link.approx)) return { equation: okEquation(link, carried), carry: carried };
    computed = carried;
    claimed = { side: right, value: rv };
  } else if (left.parsed.hasOperation || right.parsed.hasOperation === false) {
    // The computed side is the one with the operation; the other is what the author claims.
    computed = { side: left, value: lv };
    claimed = { side: right, value: rv };
  } else {
    computed = { side: right, value: rv };
    claimed = { side: left, value: lv };
  }
  const ok = agrees(computed, claimed, link.approx);
  // Wrong as the checker reads it, but right as a person may have meant it: not judged.
  if (!ok && !bothLiteral && otherReadingHolds(link, { computed, claimed }, continues, (value) => agrees({ side: computed.side, value }, claimed, link.approx), (a, b) => close(a, b, 1e-9))) return undefined;
  if (!ok && left.parsed.hasOperation && right.parsed.hasOperation && continuesFrom(right, lv)) {
    // "5 + 3 = 8 * 2 = 16": a running computation, not a claim that 5 + 3 equals 8 * 2.
    return undefined;
  }
  const relation = link.relation === '≈' || link.relation.startsWith('\\') ? link.relation : '=';
  const written = bothLiteral ? `${computed.side.source} = ${left.source} ${relation} ${right.source}` : `${left.source} ${relation} ${right.source}`;
  const base = {
    start: bothLiteral ? computed.side.start : left.start,
    end: right.end,
    lhs: computed.side.source,
    written: claimed.side.source,
    computed: formatDecimal(computed.value),
  };
  const carry = right.parsed.hasOperation ? { side: right, value: rv } : computed.side.parsed?.hasOperation ? computed : undefined;
  if (ok) return { equation: { ...base, verdict: 'ok', message: `${written} ✓` }, carry };
  const literal = claimed.side.parsed?.literal;
  const message = literal
    ? `${written} is wrong: ${computed.side.source} = ${formatDecimal(computed.value)}`
    : `${written} is wrong: ${computed.side.source} = ${formatDecimal(computed.value)}, not ${formatDecimal(claimed.value)}`;
  const text = literal && !literal.percent && !link.approx ? writeLike(computed.value, literal) : undefined;
  const fix = literal && text !== undefined ? { start: literal.start, end: literal.end, text, was: literal.source } : undefined;
  return { equation: { ...base, verdict: 'wrong', message, ...(fix ? { fix } : {}) }, carry: undefined };
}

function okEquation(link: Link, carried: Valued): CheckedEquation {
  const text = `${carried.side.source} = ${link.left.source} ${link.relation} ${link.right.source}`;
  return { start: carried.side.start, end: link.right.end, lhs: carried.side.source, written: link.right.source, computed: formatDecimal(carried.value), verdict: 'ok', message: `${text} ✓` };
}

/** Whether the claimed value is the computed one, as a careful person would round it. */
function agrees(computed: Valued, claimed: Valued, approx: boolean): boolean {
  const c = computed.value;
  const literal = claimed.side.parsed?.literal;
  // Rounding is read into a result only when the result shows places ("10/3 = 3.33"), or the
  // author says it is approximate: "0.5 + 0.4 = 0" and "99 / 100 = 0" are wrong.
  const candidates: Array<{ value: Decimal; decimals: number; shown: boolean }> = [];
  if (literal) {
    const v = decimal(literal.value);
    // A whole number shows its rounding only when its units digit is not its leading digit
    // ("41/0.14 = 293", "= 33%"): the rounding then moves it by under 5 %.
    const shown = literal.decimals > 0 || v.abs().gte(10);
    candidates.push({ value: literal.percent ? v.div(100) : v, decimals: literal.decimals + (literal.percent ? 2 : 0), shown });
    // "16/80 × 100 = 20%": a percentage also reads as the number in front of the sign.
    if (literal.percent) candidates.push({ value: v, decimals: literal.decimals, shown });
  } else {
    candidates.push({ value: claimed.value, decimals: -1, shown: false });
  }
  const computedLiteral = computed.side.parsed?.literal;
  return candidates.some(({ value, decimals, shown }) => {
    if (close(c, value, 1e-12)) return true;
    if (computedLiteral?.percent && close(c.mul(100), value, 1e-12)) return true;
    if (shown && roundsTo(c, value, decimals)) return true;
    // "15 - 8\sqrt{3} \approx 1.16": an approximation may round what it is made of first (\sqrt{3} ≈ 1.73).
    if (approx) return close(c, value, 0.02) || (decimals >= 0 && c.sub(value).abs().lte(decimal(10).pow(-decimals)));
    // Both sides computed: allow the rounding of intermediate values the author carried along.
    if (decimals < 0) return close(c, value, 0.005);
    return false;
  });
}

function continuesFrom(side: Side, value: Decimal): boolean {
  const lead = /^-?\(?(\d+(?:\.\d+)?)/.exec(side.parsed?.mathjs ?? '');
  return lead !== null && decimal(lead[1]).eq(value.abs());
}

function close(a: Decimal, b: Decimal, relative: number): boolean {
  const scale = a.abs().gt(b.abs()) ? a.abs() : b.abs();
  return a.sub(b).abs().lte(scale.mul(relative)) || a.sub(b).abs().lt(1e-12);
}

/** decimal.js rounding modes: half up, half even, and truncation ("0.666… = 0.66"). */
const ROUNDINGS = [4, 6, 1] as const;

/** Rounded or truncated to the places shown. */
function roundsTo(c: Decimal, claimed: Decimal, decimals: number): boolean {
  if (decimals > 20) return false;
  return ROUNDINGS.some((mode) => c.toDecimalPlaces(decimals, mode).eq(claimed));
}
