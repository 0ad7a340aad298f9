import { decimal, evaluateClosed, formatDecimal, type Decimal } from '../math/evaluate';
import { tokenize } from '../math/tokens';
import { findLinks, type Link, type Side } from './find';

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
}

/**
 * Recomputes every closed numeric equality in a piece of text. Precision comes first: a side
 * that cannot be read for sure, an unknown, or an equation without any operation is skipped,
 * never judged.
 */
export function checkEquations(text: string): CheckedEquation[] {
  const links = findLinks(text, tokenize(text));
  const out: CheckedEquation[] = [];
  for (const link of links) {
    const judged = judge(link);
    if (judged) out.push(judged);
  }
  return out;
}

interface Valued {
  side: Side;
  value: Decimal;
}

function valueOf(side: Side): Decimal | undefined {
  if (!side.parsed) return undefined;
  return evaluateClosed(side.parsed.mathjs, side.parsed.exponents);
}

function judge(link: Link): CheckedEquation | undefined {
  const { left, right } = link;
  if (!left.parsed || !right.parsed) return undefined;
  if (!left.parsed.hasOperation && !right.parsed.hasOperation) return undefined;
  const lv = valueOf(left);
  const rv = valueOf(right);
  if (lv === undefined || rv === undefined) return undefined;

  // The computed side is the one with the operation; the other is what the author claims.
  const [computed, claimed] = left.parsed.hasOperation || right.parsed.hasOperation === false
    ? [{ side: left, value: lv }, { side: right, value: rv }]
    : [{ side: right, value: rv }, { side: left, value: lv }];
  const ok = agrees(computed, claimed, link.approx);
  if (!ok && left.parsed.hasOperation && right.parsed.hasOperation && continuesFrom(right, lv)) {
    // "5 + 3 = 8 * 2 = 16": a running computation, not a claim that 5 + 3 equals 8 * 2.
    return undefined;
  }
  const relation = link.relation === '≈' || link.relation.startsWith('\\') ? link.relation : '=';
  const written = `${left.source} ${relation} ${right.source}`;
  const base = {
    start: left.start,
    end: right.end,
    lhs: computed.side.source,
    written: claimed.side.source,
    computed: formatDecimal(computed.value),
  };
  if (ok) return { ...base, verdict: 'ok', message: `${written} ✓` };
  const claimedIsLiteral = !claimed.side.parsed?.hasOperation;
  const message = claimedIsLiteral
    ? `${written} is wrong: ${computed.side.source} = ${formatDecimal(computed.value)}`
    : `${written} is wrong: ${computed.side.source} = ${formatDecimal(computed.value)}, not ${formatDecimal(claimed.value)}`;
  return { ...base, verdict: 'wrong', message };
}

/** Whether the claimed value is the computed one, as a careful person would round it. */
function agrees(computed: Valued, claimed: Valued, approx: boolean): boolean {
  const c = computed.value;
  const literal = claimed.side.parsed?.literal;
  const candidates: Array<{ value: Decimal; decimals: number }> = [];
  if (literal) {
    const v = decimal(literal.value);
    candidates.push({ value: literal.percent ? v.div(100) : v, decimals: literal.decimals + (literal.percent ? 2 : 0) });
    // "16/80 × 100 = 20%": a percentage also reads as the number in front of the sign.
    if (literal.percent) candidates.push({ value: v, decimals: literal.decimals });
  } else {
    candidates.push({ value: claimed.value, decimals: -1 });
  }
  const computedLiteral = computed.side.parsed?.literal;
  return candidates.some(({ value, decimals }) => {
    if (close(c, value, 1e-12)) return true;
    if (computedLiteral?.percent && close(c.mul(100), value, 1e-12)) return true;
    if (decimals >= 0 && roundsTo(c, value, decimals)) return true;
    if (approx) return close(c, value, 0.01) || (decimals >= 0 && c.sub(value).abs().lte(decimal(10).pow(-decimals)));
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
