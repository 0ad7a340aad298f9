import { CEIL_CLOSE, FLOOR_CLOSE, TRIG_FUNCTIONS, type Token, type TrigName } from './tokens';

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
/**
 * The one failure thrown: most sides a step offers are not expressions, and a new Error each
 * time captured a stack trace, 3 % of a first check's time.
 */
const FAIL = new Fail('not an expression');

const isTrig = (name: string): name is TrigName => (TRIG_FUNCTIONS as readonly string[]).includes(name);

export function parseExpression(tokens: readonly Token[], options: { allowSymbols?: boolean; text?: string } = {}): ParsedExpression | null {
  // Units are dropped; where a degree sign stood is kept, since it is what a sine's argument is in.
  const solid: Token[] = [];
  const degreeAfter = new Set<number>();
  for (const t of tokens) {
    if (t.kind === 'ws') continue;
    if (t.kind === 'unit') {
      if (t.degree && solid.length > 0) degreeAfter.add(solid.length - 1);
      continue;
    }
    solid.push(t);
  }
  if (solid.length === 0 || solid.length > MAX_TOKENS) return null;
  // Two numbers side by side with only a space between ("2 3") are not one expression.
  for (let k = 1; k < tokens.length - 1; k++) {
    if (tokens[k].kind === 'ws' && tokens[k - 1].kind === 'num' && tokens[k + 1].kind === 'num') return null;
  }
  if (!options.allowSymbols && solid.some(isEllipsis)) {
    const sum = writtenSum(solid);
    return sum === undefined ? null : { mathjs: sum, hasOperation: true, exponents: [] };
  }
  const parser = new Parser(solid, options.allowSymbols ?? false, degreeAfter, options.text);
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

const isEllipsis = (t: Token) => t.kind === 'var' && (t.name === 'cdots' || t.name === 'ldots' || t.name === 'dots');

/** The longest progression a written-out sum is read as, in terms. */
const MAX_TERMS = 10_000_000;

/**
 * `1 + 2 + 3 + \cdots + 100`, `1 + 2 + 4 + \cdots + 512`: a sum written out, at least three whole
 * numbers before the dots and one after, read as the arithmetic or geometric progression its
 * first three terms start and its last one ends. Two terms do not fix a pattern (`1 + 4 + \cdots
 * + 100` may be squares), nor do terms with operations in them (`1^2 + 2^2 + \cdots`), a
 * constant term (`1 + 1 + \cdots + 1`: how many?), or a last term the progression misses.
 */
function writtenSum(solid: readonly Token[]): string | undefined {
  const terms: bigint[] = [];
  let dots = -1;
  for (let k = 0; k < solid.length; k++) {
    const t = solid[k];
    if (k % 2 === 1) {
      if (t.kind !== 'op' || t.op !== '+') return undefined;
      continue;
    }
    if (isEllipsis(t)) {
      if (dots >= 0) return undefined;
      dots = terms.length;
      continue;
    }
    if (t.kind !== 'num' || t.decimals > 0) return undefined;
    terms.push(BigInt(t.value));
  }
  if (solid.length % 2 === 0 || dots < 3 || dots !== terms.length - 1) return undefined;
  const [a, b, c] = terms;
  const last = terms[terms.length - 1];
  const lead = terms.slice(0, dots);
  const d = b - a;
  if (d !== 0n && lead.every((x, i) => x === a + BigInt(i) * d)) {
    if ((last - a) % d !== 0n || (last - a) / d < BigInt(dots)) return undefined;
    const n = (last - a) / d + 1n;
    if (n > BigInt(MAX_TERMS)) return undefined;
    return ((n * (a + last)) / 2n).toString();
  }
  if (a === 0n || b % a !== 0n) return undefined;
  const r = b / a;
  if (r === 0n || r === 1n || r === -1n || c !== b * r || !lead.every((x, i) => x === a * r ** BigInt(i))) return undefined;
  let x = a;
  let sum = 0n;
  for (let i = 0; i < 4000 && (r > 0n ? (a > 0n ? x <= last : x >= last) : true); i++) {
    sum += x;
    if (x === last) return i >= dots ? sum.toString() : undefined;
    x *= r;
  }
  return undefined;
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
    /** Indices of tokens a degree sign follows. */
    private readonly degreeAfter: ReadonlySet<number> = new Set(),
    /** The text the tokens point into: a logarithm's base is read from it. */
    private readonly text?: string,
  ) {}

  private peek(): Token | undefined {
    return this.t[this.pos];
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t?.kind === 'op' && t.op === op;
  }

  expression(depth: number): string {
    if (depth > MAX_DEPTH) throw FAIL;
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
        if (this.allowSymbols && first?.kind !== 'num') throw FAIL;
        this.pos++;
        this.exponents.push(out);
        out = `factorial(${out})`;
      } else {
        return out;
      }
    }
  }

  private primary(depth: number): string {
    if (depth > MAX_DEPTH) throw FAIL;
    const t = this.t[this.pos++];
    if (!t) throw FAIL;
    switch (t.kind) {
      case 'num':
        return t.value;
      case 'open': {
        const inner = this.expression(depth + 1);
        const close = this.t[this.pos++];
        if (close?.kind !== 'close' || close.ch !== t.close) throw FAIL;
        if (t.close === FLOOR_CLOSE || t.close === CEIL_CLOSE) {
          // At sample points a floor is no identity test: in algebra it stays unread.
          if (this.allowSymbols) throw FAIL;
          // mathjs rounds a value within 1e-12 of a whole number to it (3·(1/3) is 1): right for a
          // computed value, not for a written one with that many places (⌊2.9999999999999⌋ is 2).
          const only = this.t[this.pos - 2];
          if (only?.kind === 'num' && only.decimals > 10 && this.t[this.pos - 3] === t) throw FAIL;
          return `${t.close === FLOOR_CLOSE ? 'floor' : 'ceil'}(${inner})`;
        }
        return t.close === '|' ? `abs(${inner})` : `(${inner})`;
      }
      case 'cmd':
        if (t.name === 'pi') {
          if (this.appliedAsFunction()) throw FAIL;
          return 'pi';
        }
        if (isTrig(t.name)) return this.trig(t.name, depth);
        if (t.name === 'log' || t.name === 'ln') return this.logarithm(t.name === 'ln', depth);
        if (t.name === 'group') return this.argument(depth);
        if (t.name === 'binom') {
          const n = this.argument(depth);
          const k = this.argument(depth);
          if (this.allowSymbols) throw FAIL;
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
        throw FAIL;
      default:
        throw FAIL;
    }
  }

  /**
   * `\pi(2)`, `\pi(n)`: a permutation or the prime-counting function, not π times 2, unless a
   * power follows the bracket (`\pi (6)^2`, the area of a circle).
   */
  private appliedAsFunction(): boolean {
    const open = this.peek();
    if (open?.kind !== 'open' || open.close !== ')') return false;
    let depth = 0;
    for (let k = this.pos; k < this.t.length; k++) {
      const x = this.t[k];
      if (x.kind === 'open') depth++;
      else if (x.kind === 'close' && --depth === 0) {
        const after = this.t[k + 1];
        return !(after?.kind === 'op' && after.op === '^') && after?.kind !== 'sup';
      }
    }
    return true;
  }

  /**
   * `\cos \frac{7\pi}{4}`, `\sin 2\pi`, `\tan(60^\circ)`, `\sin^2 30^\circ`: exact values at
   * arguments in radians with `\pi` or in degrees with the sign written. A bare `\sin 30` may be
   * either, and is not read; nor is `\sin^{-1}`, an inverse.
   */
  private trig(name: TrigName, depth: number): string {
    if (this.allowSymbols) throw FAIL;
    const power = this.isOp('^') ? (this.pos++, this.wholePower()) : undefined;
    const from = this.pos;
    const argument = this.functionArgument(depth, (x) => x.kind === 'num' || (x.kind === 'cmd' && (x.name === 'pi' || x.name === 'frac' || x.name === 'sqrt')));
    let pi = false;
    let degrees = false;
    for (let k = from; k < this.pos; k++) {
      const x = this.t[k];
      if (x.kind === 'cmd' && x.name === 'pi') pi = true;
      if (this.degreeAfter.has(k)) degrees = true;
    }
    const zero = this.pos === from + 1 && this.t[from].kind === 'num' && /^0(\.0*)?$/.test((this.t[from] as { value: string }).value);
    if (pi === degrees && !(zero && !pi)) throw FAIL;
    const call = `${name}(${degrees ? `(${argument}) * pi / 180` : argument})`;
    return power === undefined ? call : `(${call})^(${power})`;
  }

  /** `\log_2 8`, `\log_{10}(1000)`, `\ln 1`: a logarithm with its base written (a bare `\log` may be base 10 or e). */
  private logarithm(natural: boolean, depth: number): string {
    if (this.allowSymbols) throw FAIL;
    let base = '';
    if (!natural) {
      const sub = this.t[this.pos];
      if (sub?.kind !== 'var' || sub.name !== '_' || this.text === undefined) throw FAIL;
      this.pos++;
      base = this.text.slice(sub.start + 1, sub.end).replace(/[{}\s]/g, '');
      if (!/^\d+$/.test(base) || Number(base) < 2) throw FAIL;
    }
    if (this.isOp('^')) throw FAIL;
    const argument = this.functionArgument(depth, (x) => x.kind === 'num' || (x.kind === 'cmd' && (x.name === 'frac' || x.name === 'sqrt')), true);
    return natural ? `log(${argument})` : `log(${argument}, ${base})`;
  }

  /** `^2`, `^{3}`: the power of a function's value (`\sin^2 x`), a whole number. */
  private wholePower(): string {
    const t = this.peek();
    if (t?.kind === 'num' && t.decimals === 0) {
      this.pos++;
      return t.value;
    }
    const inner = this.t[this.pos + 1];
    if (t?.kind === 'open' && t.close === '}' && inner?.kind === 'num' && inner.decimals === 0 && this.t[this.pos + 2]?.kind === 'close') {
      this.pos += 3;
      return inner.value;
    }
    throw FAIL;
  }

  /**
   * A function's argument: a bracket, or factors written side by side without a sign
   * (`2\pi`, `\frac{7\pi}{4}`, `30^\circ`). A sign after them (`\sin \pi/6`) leaves unclear
   * where the argument ends, and is not read.
   */
  private functionArgument(depth: number, factor: (t: Token) => boolean, powers = false): string {
    const t = this.peek();
    if (t?.kind === 'open' && (t.close === ')' || t.close === '}')) return this.primary(depth + 1);
    let out = '';
    for (let x = this.peek(); x && factor(x); x = this.peek()) {
      const f = powers ? this.power(depth + 1) : this.primary(depth + 1);
      out = out ? `${out} * ${f}` : f;
      if (this.degreeAfter.has(this.pos - 1)) break;
    }
    const after = this.peek();
    if (!out || (after?.kind === 'op' && (after.op === '/' || after.op === '^')) || after?.kind === 'fact' || after?.kind === 'pct' || after?.kind === 'sup') throw FAIL;
    return out;
  }

  private sqrt(depth: number, cube = false): string {
    let index: string | undefined = cube ? '3' : undefined;
    const t = this.peek();
    if (t?.kind === 'open' && t.close === ']') {
      this.pos++;
      index = this.expression(depth + 1);
      const close = this.t[this.pos++];
      if (close?.kind !== 'close' || close.ch !== ']') throw FAIL;
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
    throw FAIL;
  }
}
