import { decimal, evaluateClosed, formatDecimal, type Decimal } from '../math/evaluate';
import { parseExpression } from '../math/expression';
import type { Token } from '../math/tokens';
import { findLinks, RUN_KINDS } from './find';
import { judgeLinks, type CheckedEquation } from './index';

/**
 * Points and vectors written with their arithmetic, compared component by component:
 * `(1, 0) - (1, 0) = (0, 0)`, `2(1, 3) = (2, 6)`, `(\cos 2\pi, \sin 2\pi) = (1, 0)`. The plain
 * finder stops at every comma, so it never sees these. Only a side made of tuples alone is read:
 * a tuple plus a number (an interval shifted, a gcd written `(12, 18) = 6`), a name before the
 * bracket (`f(1, 2)`, `\gcd(12, 18)`, `C(5, 2)`), square brackets (intervals) or an unknown in a
 * component leave the link unjudged.
 */
export function checkTuples(text: string, tokens: readonly Token[]): CheckedEquation[] {
  // Cheap refusal: most steps have no bracket with a comma in it.
  if (!text.includes(',') || !text.includes('(')) return [];
  const out: CheckedEquation[] = [];
  for (const run of tupleRuns(text, tokens)) {
    const divisors = withDivisors(text, run);
    if (!divisors) judgeRun(text, run, out);
    else {
      // Only links over a call: the plain judge has read the others already.
      const calls = divisors.filter((t) => t.kind === 'num' && t.end - t.start > t.value.length);
      for (const e of judgeLinks(findLinks(text, divisors))) if (calls.some((c) => c.start >= e.start && c.end <= e.end)) out.push(e);
    }
  }
  return out;
}

/** `\gcd`, `\operatorname{lcm}`, "gcd": a name the tokenizer keeps as a command or a word. */
const divisorName = (t: Token | undefined): 'gcd' | 'lcm' | undefined => {
  const name = t?.kind === 'var' ? t.name : t?.kind === 'word' ? t.text.toLowerCase() : undefined;
  return name === 'gcd' || name === 'lcm' ? name : undefined;
};

/**
 * A run whose commas are all those of `\gcd(…)` and `\operatorname{lcm}(…)` calls of whole
 * numbers, with each call as its value in brackets (an operation, so `\gcd(12, 18) = 6` is a
 * claim to check); the plain judge then reads it like any other arithmetic.
 */
function withDivisors(text: string, run: Token[]): Token[] | undefined {
  const out: Token[] = [];
  let found = false;
  for (let k = 0; k < run.length; k++) {
    const t = run[k];
    const name = divisorName(t);
    let open = k + 1;
    while (run[open]?.kind === 'ws') open++;
    if (name && run[open]?.kind === 'open' && (run[open] as { close: string }).close === ')') {
      let depth = 0;
      let close = -1;
      for (let j = open; j < run.length; j++) {
        if (run[j].kind === 'open') depth++;
        else if (run[j].kind === 'close' && --depth === 0) {
          close = j;
          break;
        }
      }
      const args = close < 0 ? undefined : splitComponents(text, run.slice(open + 1, close));
      if (close < 0) return undefined;
      const value = args && args.length >= 2 ? divisorValue(name, args, text) : undefined;
      if (value === undefined) {
        // `\gcd(p(n), p(n+1))`: not a number; the links beside it are still read.
        out.push({ kind: 'unread', start: t.start, end: run[close].end });
        k = close;
        continue;
      }
      out.push(
        { kind: 'open', start: t.start, end: t.start, close: ')' },
        { kind: 'num', start: t.start, end: run[close].end, value: value.toString(), decimals: 0 },
        { kind: 'close', start: run[close].end, end: run[close].end, ch: ')' },
      );
      found = true;
      k = close;
      continue;
    }
    if (isComma(text, t)) return undefined;
    out.push(t);
  }
  return found || out.some((t) => t.kind === 'unread') ? out : undefined;
}

function divisorValue(name: 'gcd' | 'lcm', args: Token[][], text: string): bigint | undefined {
  let acc: bigint | undefined;
  for (const a of args) {
    const parsed = parseExpression(a, { text });
    const v = parsed && evaluateClosed(parsed.mathjs, parsed.exponents);
    if (!v || !v.isInteger() || v.abs().gte(1e50)) return undefined;
    const n = BigInt(v.abs().toFixed());
    if (acc === undefined) acc = n;
    else if (name === 'gcd') acc = gcd(acc, n);
    else acc = acc === 0n || n === 0n ? 0n : (acc / gcd(acc, n)) * n;
  }
  return acc === 0n && name === 'gcd' ? undefined : acc;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

interface TupleSide {
  start: number;
  end: number;
  source: string;
  values: Decimal[];
  /** An operation between tuples, a scalar factor, or inside a component. */
  hasOperation: boolean;
  /** The first term, when it is a tuple written with plain numbers: "(-1, 0) + …". */
  leading?: Decimal[];
  /** Decimal places each component shows, for a side that is one tuple of plain numbers. */
  places?: number[];
  /**
   * The side read as interval arithmetic, where every pair in it is an interval (`(1, 3)`, low
   * before high): `-2(1, 3)` is `(-6, -2)` to someone bounding `-2x` for `x ∈ (1, 3)`.
   */
  interval?: [Decimal, Decimal];
}

type Interval = [Decimal, Decimal];

const isComma = (text: string, t: Token) => t.kind === 'stop' && text[t.start] === ',' && t.end === t.start + 1;

/** Stretches of tokens an equation may run over, commas inside brackets included. */
function tupleRuns(text: string, tokens: readonly Token[]): Token[][] {
  const runs: Token[][] = [];
  let k = 0;
  while (k < tokens.length) {
    if (!RUN_KINDS.has(tokens[k].kind) && !divisorName(tokens[k])) {
      k++;
      continue;
    }
    const start = k;
    let depth = 0;
    let innerComma = false;
    let relation = false;
    for (; k < tokens.length; k++) {
      const t = tokens[k];
      if (t.kind === 'open') depth++;
      else if (t.kind === 'close') depth = Math.max(0, depth - 1);
      else if (t.kind === 'rel') relation = true;
      else if (depth > 0 && isComma(text, t)) innerComma = true;
      else if (!RUN_KINDS.has(t.kind) && !divisorName(t)) break;
    }
    if (innerComma && relation) runs.push(tokens.slice(start, k));
  }
  return runs;
}

function judgeRun(text: string, run: Token[], out: CheckedEquation[]): void {
  const parts: Token[][] = [[]];
  const approx: boolean[] = [];
  let depth = 0;
  for (const t of run) {
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    if (t.kind === 'rel' && depth === 0) {
      approx.push(t.approx);
      parts.push([]);
    } else {
      parts[parts.length - 1].push(t);
    }
  }
  const sides = parts.map((p) => tupleSide(text, trim(p)));
  for (let i = 0; i + 1 < sides.length; i++) {
    const left = sides[i];
    const right = sides[i + 1];
    if (!left || !right || left.values.length !== right.values.length) continue;
    if (!left.hasOperation && !right.hasOperation) continue;
    const [computed, claimed] = left.hasOperation || !right.hasOperation ? [left, right] : [right, left];
    const same = computed.values.every((v, j) => agree(v, claimed.values[j], approx[i], claimed.hasOperation ? -1 : (claimed.places?.[j] ?? 0)));
    // "(1, 2) + (3, 4) = (4, 6) + (1, 1) = …": a running computation that starts from the value.
    if (!same && left.hasOperation && right.hasOperation && right.leading?.every((v, j) => agree(left.values[j], v, false, 0))) continue;
    // Right as intervals, wrong as points: which one the author meant is not for us to say.
    const asIntervals = (x: TupleSide, y: TupleSide) => x.interval !== undefined && x.interval.every((v, j) => agree(v, (y.interval ?? y.values)[j], approx[i], -1));
    if (!same && (asIntervals(computed, claimed) || asIntervals(claimed, computed))) continue;
    const written = `${left.source} ${approx[i] ? '≈' : '='} ${right.source}`;
    const shown = (s: TupleSide) => `(${s.values.map((v) => formatDecimal(v)).join(', ')})`;
    out.push({
      start: left.start,
      end: right.end,
      lhs: computed.source,
      written: claimed.source,
      computed: shown(computed),
      verdict: same ? 'ok' : 'wrong',
      message: same ? `${written} ✓` : `${written} is wrong: ${computed.source} = ${shown(computed)}${claimed.hasOperation ? `, not ${shown(claimed)}` : ''}`,
    });
  }
}

function trim(tokens: Token[]): Token[] {
  let a = 0;
  let b = tokens.length;
  while (a < b && tokens[a].kind === 'ws') a++;
  while (b > a && tokens[b - 1].kind === 'ws') b--;
  return tokens.slice(a, b);
}

/** A side that is a sum of tuples, each with an optional scalar factor; undefined for anything else. */
function tupleSide(text: string, tokens: Token[]): TupleSide | undefined {
  if (tokens.length === 0) return undefined;
  const terms: Array<{ sign: 1 | -1; tokens: Token[] }> = [];
  let depth = 0;
  let current: Token[] = [];
  let sign: 1 | -1 = 1;
  for (const t of tokens) {
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    const binary = depth === 0 && t.kind === 'op' && (t.op === '+' || t.op === '-');
    if (binary && trim(current).length > 0 && !endsWithOperator(current)) {
      terms.push({ sign, tokens: trim(current) });
      current = [];
      sign = t.op === '-' ? -1 : 1;
    } else if (binary && trim(current).length === 0 && terms.length === 0) {
      sign = t.op === '-' ? -1 : 1;
    } else {
      current.push(t);
    }
  }
  if (depth !== 0) return undefined;
  terms.push({ sign, tokens: trim(current) });
  let values: Decimal[] | undefined;
  let hasOperation = terms.length > 1 || terms[0].sign === -1;
  let leading: Decimal[] | undefined;
  let places: number[] | undefined;
  let interval: Interval | undefined;
  let intervals = true;
  for (const [n, term] of terms.entries()) {
    const read = tupleTerm(text, term.tokens);
    if (!read) return undefined;
    if (terms.length === 1 && term.sign === 1 && !read.hasOperation) places = read.places;
    if (values && values.length !== read.values.length) return undefined;
    hasOperation ||= read.hasOperation;
    if (n === 0 && !read.hasOperation && term.sign === 1) leading = read.values;
    const signed = term.sign === 1 ? read.values : read.values.map((v) => v.neg());
    if (!read.interval) intervals = false;
    else if (intervals) {
      const [l, h] = read.interval;
      const add: Interval = term.sign === 1 ? [l, h] : [h.neg(), l.neg()];
      interval = interval ? [interval[0].add(add[0]), interval[1].add(add[1])] : add;
    }
    values = values ? values.map((v, j) => v.add(signed[j])) : signed;
  }
  if (!values) return undefined;
  // `\left(` is layout the tokenizer drops; the side as written starts with it.
  const start = text.startsWith('\\left', tokens[0].start - 5) ? tokens[0].start - 5 : tokens[0].start;
  const end = tokens[tokens.length - 1].end;
  return {
    start,
    end,
    source: text.slice(start, end),
    values,
    hasOperation,
    ...(leading && terms.length > 1 ? { leading } : {}),
    ...(places ? { places } : {}),
    ...(intervals && interval ? { interval } : {}),
  };
}

const endsWithOperator = (tokens: Token[]) => {
  const last = trim(tokens).at(-1);
  return last?.kind === 'op';
};

/** `(a, b)`, `2(a, b)`, `\frac12 \cdot (a, b)`, `-(a, b)`: a round bracket with commas, after a number at most. */
function tupleTerm(text: string, tokens: Token[]): { values: Decimal[]; hasOperation: boolean; places?: number[]; interval?: Interval } | undefined {
  const close = tokens.at(-1);
  if (close?.kind !== 'close' || close.ch !== ')') return undefined;
  let depth = 0;
  let open = -1;
  for (let k = tokens.length - 1; k >= 0; k--) {
    const t = tokens[k];
    if (t.kind === 'close') depth++;
    else if (t.kind === 'open' && --depth === 0) {
      open = k;
      break;
    }
  }
  if (open < 0 || (tokens[open] as { close: string }).close !== ')') return undefined;
  const components = splitComponents(text, tokens.slice(open + 1, -1));
  if (!components || components.length < 2) return undefined;
  let hasOperation = false;
  const values: Decimal[] = [];
  const places: number[] = [];
  for (const c of components) {
    const parsed = parseExpression(c, { text });
    if (!parsed || parsed.literal?.percent) return undefined;
    const v = evaluateClosed(parsed.mathjs, parsed.exponents);
    if (v === undefined) return undefined;
    hasOperation ||= parsed.hasOperation;
    values.push(v);
    places.push(parsed.literal?.decimals ?? 0);
  }
  const interval: Interval | undefined = values.length === 2 && values[0].lt(values[1]) ? [values[0], values[1]] : undefined;
  let prefix = trim(tokens.slice(0, open));
  if (prefix.length === 0) return { values, hasOperation, places, ...(interval ? { interval } : {}) };
  const last = prefix.at(-1);
  if (last?.kind === 'op' && last.op === '*') prefix = trim(prefix.slice(0, -1));
  // A name glued to the bracket makes it a function's arguments: only numbers may scale a tuple.
  if (prefix.some((t) => t.kind === 'var' || t.kind === 'word' || t.kind === 'unread')) return undefined;
  const factor = parseExpression(prefix, { text });
  const f = factor && evaluateClosed(factor.mathjs, factor.exponents);
  if (!f) return undefined;
  const scaled: Interval | undefined = interval && (f.isNegative() ? [interval[1].mul(f), interval[0].mul(f)] : [interval[0].mul(f), interval[1].mul(f)]);
  return { values: values.map((v) => v.mul(f)), hasOperation: true, ...(scaled ? { interval: scaled } : {}) };
}

function splitComponents(text: string, tokens: Token[]): Token[][] | undefined {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    if (depth === 0 && isComma(text, t)) out.push([]);
    else if (depth > 0 && isComma(text, t)) return undefined;
    else out[out.length - 1].push(t);
  }
  return out.some((c) => trim(c).length === 0) ? undefined : out.map(trim);
}

/**
 * As the plain judge rounds (equations/index.ts): exact; or "0.71" for √2/2, a component that
 * shows places; or either with `≈`; and, with both sides computed (`places` -1), the rounding
 * of intermediate values carried along.
 */
function agree(computed: Decimal, claimed: Decimal, approx: boolean, places: number): boolean {
  const diff = computed.sub(claimed).abs();
  const scale = computed.abs().gt(claimed.abs()) ? computed.abs() : claimed.abs();
  if (diff.lt(1e-12) || diff.lte(scale.mul(1e-12))) return true;
  if (places > 0 && diff.lte(decimal(10).pow(-places))) return true;
  if (places < 0 && diff.lte(scale.mul(0.005))) return true;
  return approx && diff.lte(scale.mul(0.01));
}
