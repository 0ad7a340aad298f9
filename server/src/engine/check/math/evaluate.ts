import { createBigNumberClass, isBigNumber as isMathjsBigNumber, type BigNumber, type ConfigOptions, type MathJsInstance } from 'mathjs';
import { ASK_MATHJS, evaluateArithmetic, type Scope } from './fast-evaluate';
import type * as MathjsFull from './mathjs-full';

/**
 * The engine's numbers are decimal BigNumbers: `0.1 + 0.2 = 0.3` must come out true, and
 * `1,234,567.89 × 3` must not lose a cent to binary floating point.
 */
const CONFIG: ConfigOptions = { number: 'BigNumber', precision: 64 };

export type Decimal = BigNumber;

export type BigNumberClass = new (value: string | number) => Decimal;

// mathjs exports its factories; its typings do not declare this one.
declare module 'mathjs' {
  function createBigNumberClass(deps: { config: ConfigOptions }): BigNumberClass;
}

/** mathjs's own BigNumber class (its factory, on the engine's precision): all a decimal needs, without the rest of mathjs. */
const BigNumberClass = createBigNumberClass({ config: CONFIG });

let full: MathJsInstance | undefined;

/**
 * One mathjs instance for the engine, made on first use on the same BigNumber class, so a
 * value is the same whether `decimal` or mathjs made it. Creating it (and loading all of
 * mathjs) was most of the server's start, and a small solution often needs none of it: the
 * quick reader (fast-evaluate.ts) and `decimal` do plain arithmetic.
 */
export function mathjs(): MathJsInstance {
  // A synchronous require on purpose: the checks that need mathjs are synchronous.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  full ??= (require('./mathjs-full') as typeof MathjsFull).createMathjs(BigNumberClass, CONFIG);
  return full;
}

export const isBigNumber = (x: unknown): x is Decimal => isMathjsBigNumber(x);

const MAX_EXPONENT = 1000;

/**
 * The value of a closed numeric expression, or undefined when it has none we can trust
 * (division by zero, a complex result, an exponent too large to be what the author meant).
 */
export function evaluateClosed(expression: string, exponents: readonly string[] = []): Decimal | undefined {
  try {
    for (const exponent of exponents) {
      const e = valueOf(exponent);
      if (!isBigNumber(e) || e.abs().gt(MAX_EXPONENT)) return undefined;
    }
    const value = valueOf(expression);
    if (!isBigNumber(value) || !value.isFinite()) return undefined;
    return value;
  } catch {
    return undefined;
  }
}

/** As mathjs's `bignumber` reads a string; a word-size suffix (`0xFFi8`) is left to mathjs itself. */
const bignumber = (s: string): Decimal => (/0[box][0-9a-fA-F]*i/.test(s) ? mathjs().bignumber(s) : new BigNumberClass(s));

/** Plain arithmetic (with the scope's unknowns) by the quick reader; mathjs for the rest (see fast-evaluate.ts). */
function valueOf(expression: string, scope?: Scope): unknown {
  const quick = evaluateArithmetic(expression, bignumber, scope);
  return quick === ASK_MATHJS ? mathjs().evaluate(expression, { ...scope }) : quick;
}

/**
 * The value of an expression with its unknowns at `scope`'s values, as mathjs evaluates it;
 * undefined when it throws or has no finite decimal value.
 */
export function evaluateIn(expression: string, scope: Scope): Decimal | undefined {
  try {
    const v = valueOf(expression, scope);
    return isBigNumber(v) && v.isFinite() ? v : undefined;
  } catch {
    return undefined;
  }
}

/** An expression read once and evaluated at many points. */
export interface CompiledExpression {
  evaluate(scope: Scope): unknown;
}

/**
 * As mathjs's `compile`, and it throws where that throws; mathjs is created only for an
 * expression the quick reader cannot read (the point it is evaluated at decides, e.g. a
 * negative base to a fractional power).
 */
export function compileExpression(expression: string): CompiledExpression {
  let compiled: CompiledExpression | undefined;
  const full = () => (compiled ??= mathjs().compile(expression));
  if (!quickReads(expression)) full();
  return {
    evaluate(scope) {
      if (!compiled) {
        const quick = evaluateArithmetic(expression, bignumber, scope);
        if (quick !== ASK_MATHJS) return quick;
      }
      return full().evaluate(scope);
    },
  };
}

/**
 * Whether the quick reader reads the expression at a sample point: then mathjs parses it too
 * (what the reader reads is a part of mathjs's grammar); anything else is compiled by mathjs
 * at once, so that it throws where mathjs's `compile` throws.
 */
function quickReads(expression: string): boolean {
  const names = expression.match(/[A-Za-z_]\w*/g) ?? [];
  const sample = Object.fromEntries(names.map((n) => [n, SAMPLE]));
  try {
    return evaluateArithmetic(expression, bignumber, sample) !== ASK_MATHJS;
  } catch {
    return false;
  }
}

const SAMPLE = new BigNumberClass('2');

export function decimal(value: string | number): Decimal {
  // mathjs's `bignumber(number)` goes through the number's string too (more than 15 digits would throw otherwise).
  return typeof value === 'number' ? new BigNumberClass(`${value}`) : bignumber(value);
}

/** A value as a person would write it: no exponent notation, no trailing zeros, at most `places` decimals. */
export function formatDecimal(value: Decimal, places = 6): string {
  const rounded = value.toDecimalPlaces(places);
  let text = rounded.toFixed();
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  if (text === '-0') text = '0';
  return rounded.eq(value) ? text : `${text}…`;
}
