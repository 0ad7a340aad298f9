import type { BigNumber } from 'mathjs';

/** Returned when the expression is outside the arithmetic this evaluator knows: ask mathjs. */
export const ASK_MATHJS = Symbol('ask mathjs');

/**
 * The value of the closed arithmetic that `parseExpression` writes (numbers, `+ - * / ^`,
 * brackets, unary signs, `sqrt(…)`), with the same decimal operations and precision as mathjs
 * (`bignumber` makes the numbers, so they share its configured Decimal class). mathjs's
 * `evaluate` parses, compiles and dispatches every call, which was most of the time of a big
 * check and ~0.2 s of the first one. Anything else, or any case mathjs would turn into a
 * complex number, returns ASK_MATHJS so mathjs stays the definition of what a value is.
 */
export function evaluateArithmetic(expression: string, bignumber: (s: string) => BigNumber): BigNumber | typeof ASK_MATHJS {
  const reader = new Reader(expression, bignumber);
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
    throw ASK_MATHJS;
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
