import type { BigNumber } from 'mathjs';

/** Returned when the expression is outside the arithmetic this evaluator knows: ask mathjs. */
export const ASK_MATHJS = Symbol('ask mathjs');

/** The values of an expression's unknowns, as mathjs's `evaluate` takes them. */
export type Scope = Readonly<Record<string, unknown>>;

/**
 * The value of the arithmetic that `parseExpression` writes (numbers, `+ - * / ^`, brackets,
 * unary signs, `sqrt(…)`, and names that `scope` gives a decimal), with the same decimal
 * operations and precision as mathjs (`bignumber` makes the numbers, so they share its
 * configured Decimal class). mathjs's `evaluate` parses, compiles and dispatches every call,
 * which was most of the time of a big check; and creating mathjs's functions on first use
 * was most of a first check. Anything else (a name the scope lacks, a function, implicit
 * multiplication), or any case mathjs would turn into a complex number, returns ASK_MATHJS
 * so mathjs stays the definition of what a value is.
 */
export function evaluateArithmetic(expression: string, bignumber: (s: string) => BigNumber, scope?: Scope): BigNumber | typeof ASK_MATHJS {
  const reader = new Reader(expression, bignumber, scope);
  try {
    const value = reader.expression();
    reader.space();
    return reader.pos === expression.length ? value : ASK_MATHJS;
  } catch (e) {
    if (e === ASK_MATHJS) return ASK_MATHJS;
    throw e;
  }
}

const MAX_DEPTH = 200;

class Reader {
  pos = 0;
  private depth = 0;

  constructor(
    private readonly s: string,
    private readonly bignumber: (s: string) => BigNumber,
    private readonly scope: Scope | undefined,
  ) {}

  space(): void {
    while (this.s.charCodeAt(this.pos) === 32) this.pos++;
  }

  private eat(c: string): boolean {
    this.space();
    if (this.s[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  expression(): BigNumber {
    if (++this.depth > MAX_DEPTH) throw ASK_MATHJS;
    let value = this.term();
    for (;;) {
      if (this.eat('+')) value = value.plus(this.term());
      else if (this.eat('-')) value = value.minus(this.term());
      else break;
    }
    this.depth--;
    return value;
  }

  private term(): BigNumber {
    let value = this.unary();
    for (;;) {
      if (this.eat('*')) value = value.times(this.unary());
      else if (this.eat('/')) value = value.div(this.unary());
      else return value;
    }
  }

  /** As mathjs reads it: `-2^2` is `-(2^2)`, and an exponent may carry its own sign. */
  private unary(): BigNumber {
    if (++this.depth > MAX_DEPTH) throw ASK_MATHJS;
    let value: BigNumber;
    if (this.eat('-')) value = this.unary().neg();
    else if (this.eat('+')) value = this.unary();
    else value = this.power();
    this.depth--;
    return value;
  }

  private power(): BigNumber {
    const base = this.primary();
    if (!this.eat('^')) return base;
    const exponent = this.unary();
    if (!exponent.isInteger() && base.isNegative()) throw ASK_MATHJS; // complex in mathjs
    return base.pow(exponent);
  }

  private primary(): BigNumber {
    this.space();
    const s = this.s;
    const start = this.pos;
    const c = s.charCodeAt(start);
    if (c >= 48 && c <= 57) {
      let i = start;
      while (isDigit(s.charCodeAt(i))) i++;
      if (s[i] === '.' && isDigit(s.charCodeAt(i + 1))) {
        i++;
        while (isDigit(s.charCodeAt(i))) i++;
      }
      // "1e5", "2x", "0x1F": mathjs reads more than digits here.
      if (isWordChar(s.charCodeAt(i)) || s[i] === '.') throw ASK_MATHJS;
      this.pos = i;
      return this.bignumber(s.slice(start, i));
    }
    if (this.eat('(')) {
      const value = this.expression();
      if (!this.eat(')')) throw ASK_MATHJS;
      return value;
    }
    if (s.startsWith('sqrt(', start)) {
      this.pos = start + 5;
      const value = this.expression();
      if (!this.eat(')')) throw ASK_MATHJS;
      if (value.isNegative()) throw ASK_MATHJS; // complex in mathjs
      return value.sqrt();
    }
    if (this.scope && isNameStart(c)) return this.name(start);
    throw ASK_MATHJS;
  }

  /** A name the scope gives a decimal; mathjs looks in the scope before its own constants. */
  private name(start: number): BigNumber {
    const s = this.s;
    let i = start + 1;
    while (isWordChar(s.charCodeAt(i))) i++;
    const name = s.slice(start, i);
    const value = Object.hasOwn(this.scope!, name) ? this.scope![name] : undefined;
    if (!isDecimal(value)) throw ASK_MATHJS;
    this.pos = i;
    // "f(2)", "x.y", "x'", "x[1]": a call, a property, a transpose or an index in mathjs.
    this.space();
    const next = s[this.pos];
    if (next === '(' || next === '.' || next === "'" || next === '[') throw ASK_MATHJS;
    return value;
  }
}

const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDecimal = (v: unknown): v is BigNumber => typeof v === 'object' && v !== null && (v as { isBigNumber?: unknown }).isBigNumber === true;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
