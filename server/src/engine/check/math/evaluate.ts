import { all, create, type BigNumber, type MathJsInstance } from 'mathjs';
import { ASK_MATHJS, evaluateArithmetic } from './fast-evaluate';

/**
 * One mathjs instance for the engine, on decimal BigNumbers: `0.1 + 0.2 = 0.3` must come out
 * true, and `1,234,567.89 × 3` must not lose a cent to binary floating point.
 */
export const math: MathJsInstance = create(all, { number: 'BigNumber', precision: 64 });

export type Decimal = BigNumber;

const MAX_EXPONENT = 1000;

/**
 * The value of a closed numeric expression, or undefined when it has none we can trust
 * (division by zero, a complex result, an exponent too large to be what the author meant).
 */
export function evaluateClosed(expression: string, exponents: readonly string[] = []): Decimal | undefined {
  try {
    for (const exponent of exponents) {
      const e = closedValue(exponent);
      if (!math.isBigNumber(e) || e.abs().gt(MAX_EXPONENT)) return undefined;
    }
    const value = closedValue(expression);
    if (!math.isBigNumber(value) || !value.isFinite()) return undefined;
    return value;
  } catch {
    return undefined;
  }
}

const bignumber = (s: string) => math.bignumber(s);

/** Plain arithmetic by the quick reader; mathjs for the rest (see fast-evaluate.ts). */
function closedValue(expression: string): unknown {
  const quick = evaluateArithmetic(expression, bignumber);
  return quick === ASK_MATHJS ? math.evaluate(expression) : quick;
}

export function decimal(value: string | number): Decimal {
  return math.bignumber(value);
}

/** A value as a person would write it: no exponent notation, no trailing zeros, at most `places` decimals. */
export function formatDecimal(value: Decimal, places = 6): string {
  const rounded = value.toDecimalPlaces(places);
  let text = rounded.toFixed();
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  if (text === '-0') text = '0';
  return rounded.eq(value) ? text : `${text}…`;
}
