import type { Token } from './tokens';

/**
 * One side of an equation, turned into a mathjs expression string with every grouping made
 * explicit. Recursive descent over the tokens, with an explicit depth bound so a hostile
 * "((((((…" fails closed instead of blowing the stack.
 */
export interface ParsedExpression {
  /** mathjs syntax, e.g. `5 + (3) * (2)`. */
  mathjs: string;
  /** False for a bare number ("16", "$1,200"): an equation needs an operation on one side. */
  hasOperation: boolean;
  /** When the side is a bare number: the number as written. */
  literal?: {
    value: string;
    decimals: number;
    percent: boolean;
    /** Where the number is written, its sign included: what a fix replaces. */
    start: number;
    end: number;
    /** How the number is written: "1,200", "1{,}200", "18". */
    source: string;
  };
  /** Exponents, checked before evaluation so `10^99999999` is refused, not computed. */
  exponents: string[];
}

const MAX_DEPTH = 64;
const MAX_TOKENS = 400;

class Fail extends Error {}

export function parseExpression(tokens: readonly Token[], options: { allowSymbols?: boolean; text?: string } = {}): ParsedExpression | null {
  const solid = tokens.filter((t) => t.kind !== 'ws' && t.kind !== 'unit');
  if (solid.length === 0 || solid.length > MAX_TOKENS) return null;
  // Two numbers side by side with only a space between ("2 3") are not one expression.
  for (let k = 1; k < tokens.length - 1; k++) {
    if (tokens[k].kind === 'ws' && tokens[k - 1].kind === 'num' && tokens[k + 1].kind === 'num') return null;
  }
  const parser = new Parser(solid, options.allowSymbols ?? false);
  try {
    const mathjs = parser.expression(0);
    if (parser.pos !== solid.length) return null;
    const literal = literalOf(solid, options.text);
    return { mathjs, hasOperation: literal === undefined, literal, exponents: parser.exponents };
  } catch (e) {
    if (e instanceof Fail || e instanceof RangeError) return null;
    throw e;
  }
}

function literalOf(solid: readonly Token[], text = ''): ParsedExpression['literal'] {
  let k = 0;
  let negative = false;
  if (solid[k]?.kind === 'op' && (solid[k] as { op: string }).op === '-') {
    negative = true;
    k++;
  }
  const num = solid[k];
  if (num?.kind !== 'num') return undefined;
  const rest = solid.slice(k + 1);
  const percent = rest.length === 1 && rest[0].kind === 'pct';
  if (rest.length !== 0 && !percent) return undefined;
  const start = solid[0].start;
  return { value: (negative ? '-' : '') + num.value, decimals: num.decimals, percent, start, end: num.end, source: text.slice(start, num.end) };
}

class Parser {
  pos = 0;
  exponents: string[] = [];

  constructor(
    private readonly t: readonly Token[],
    private readonly allowSymbols: boolean,
  ) {}

  private peek(): Token | undefined {
    return this.t[this.pos];
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t?.kind === 'op' && t.op === op;
  }

  expression(depth: number): string {
    if (depth > MAX_DEPTH) throw new Fail();
    let out = this.term(depth);
    for (;;) {
      if (this.isOp('+') || this.isOp('-')) {
        const op = (this.t[this.pos++] as { op: string }).op;
        out = `${out} ${op} ${this.term(depth)}`;
      } else {
        return out;
      }
    }
  }

  private term(depth: number): string {
    let out = this.unary(depth);
    for (;;) {
      if (this.isOp('*') || this.isOp('/')) {
        const op = (this.t[this.pos++] as { op: string }).op;
        out = `${out} ${op} ${this.unary(depth)}`;
      } else if (this.startsImplicitFactor()) {
        // 2(3 + 4), (2)(3), 3\sqrt{2}, 2\pi: written multiplication without a sign.
        out = `${out} * ${this.unary(depth)}`;
      } else {
        return out;
      }
    }
  }

  private startsImplicitFactor(): boolean {
    const t = this.peek();
    if (!t) return false;
    if (t.kind === 'open') return true;
    if (t.kind === 'cmd') return true;
    // 3!2!: a number right after a factorial sign is the next factor.
    if (t.kind === 'num' && this.t[this.pos - 1]?.kind === 'fact') return true;
    return this.allowSymbols && t.kind === 'var';
  }

  private unary(depth: number): string {
    if (this.isOp('-')) {
      this.pos++;
      return `-(${this.unary(depth + 1)})`;
    }
    if (this.isOp('+')) {
      this.pos++;
      return this.unary(depth + 1);
    }
    return this.power(depth);
  }

  private power(depth: number): string {
    const base = this.postfix(depth);
    if (this.isOp('^')) {
      this.pos++;
      const exponent = this.unaryOrGroup(depth + 1);
      this.exponents.push(exponent);
      return `(${base})^(${exponent})`;
    }
    const t = this.peek();
    if (t?.kind === 'sup') {
      this.pos++;
      this.exponents.push(t.value);
      return `(${base})^(${t.value})`;
    }
    return base;
  }

  /** `^2`, `^{10}`, `^-1`: an exponent binds tighter than the operators around it. */
  private unaryOrGroup(depth: number): string {
    const t = this.peek();
    if (t?.kind === 'open' && t.close === '}') return this.primary(depth);
    if (t?.kind === 'num') {
      this.pos++;
      return t.value;
    }
    return this.unary(depth);
  }

  private postfix(depth: number): string {
    const first = this.peek();
    let out = this.primary(depth);
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'pct') {
        this.pos++;
        out = `(${out} / 100)`;
      } else if (t?.kind === 'fact') {
        // Closed factorials only, bounded like an exponent: `(n+1)!` is not evaluated at fractions.
        if (this.allowSymbols && first?.kind !== 'num') throw new Fail();
        this.pos++;
        this.exponents.push(out);
        out = `factorial(${out})`;
      } else {
        return out;
      }
    }
  }

  private primary(depth: number): string {
    if (depth > MAX_DEPTH) throw new Fail();
    const t = this.t[this.pos++];
    if (!t) throw new Fail();
    switch (t.kind) {
      case 'num':
        return t.value;
      case 'open': {
        const inner = this.expression(depth + 1);
        const close = this.t[this.pos++];
        if (close?.kind !== 'close' || close.ch !== t.close) throw new Fail();
        return t.close === '|' ? `abs(${inner})` : `(${inner})`;
      }
      case 'cmd':
        if (t.name === 'pi') return 'pi';
        if (t.name === 'group') return this.argument(depth);
        if (t.name === 'binom') {
          const n = this.argument(depth);
          const k = this.argument(depth);
          if (this.allowSymbols) throw new Fail();
          this.exponents.push(n);
          return `combinations(${n}, ${k})`;
        }
        if (t.name === 'frac') {
          const num = this.argument(depth);
          const den = this.argument(depth);
          return `((${num}) / (${den}))`;
        }
        return this.sqrt(depth, t.name === 'cbrt');
      case 'var':
        if (this.allowSymbols && /^[A-Za-z]$/.test(t.name)) return t.name;
        if (this.allowSymbols && t.name === 'infty') return 'Infinity';
        throw new Fail();
      default:
        throw new Fail();
    }
  }

  private sqrt(depth: number, cube = false): string {
    let index: string | undefined = cube ? '3' : undefined;
    const t = this.peek();
    if (t?.kind === 'open' && t.close === ']') {
      this.pos++;
      index = this.expression(depth + 1);
      const close = this.t[this.pos++];
      if (close?.kind !== 'close' || close.ch !== ']') throw new Fail();
    }
    const radicand = this.argument(depth);
    return index === undefined ? `sqrt(${radicand})` : `nthRoot(${radicand}, ${index})`;
  }

  /** A LaTeX argument: `{…}` or a single token (`\frac12` was split into digits already). */
  private argument(depth: number): string {
    const t = this.peek();
    if (t?.kind === 'open' && t.close === '}') return this.primary(depth + 1);
    // √(16 + 9), √16: the Unicode radical takes a bracket or a number.
    if (t?.kind === 'open' && t.close === ')' && this.t[this.pos - 1]?.kind === 'cmd') return this.primary(depth + 1);
    if (t?.kind === 'num' || t?.kind === 'var' || (t?.kind === 'cmd' && t.name === 'pi')) return this.primary(depth + 1);
    throw new Fail();
  }
}
