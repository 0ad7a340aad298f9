import { parseExpression } from '../math/expression';
import { CEIL_CLOSE, FLOOR_CLOSE, TRIG_FUNCTIONS, type Token } from '../math/tokens';
import type { Side } from './find';

/** Greek letters that name a variable; every other multi-letter command is a function or an operator. */
export const GREEK = new Set([
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'varepsilon',
  'zeta',
  'eta',
  'theta',
  'vartheta',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'xi',
  'rho',
  'sigma',
  'tau',
  'phi',
  'varphi',
  'chi',
  'psi',
  'omega',
  'Gamma',
  'Delta',
  'Theta',
  'Lambda',
  'Sigma',
  'Phi',
  'Psi',
  'Omega',
]);

const isFunctionToken = (t: Token) =>
  (t.kind === 'cmd' && (t.name === 'log' || t.name === 'ln' || (TRIG_FUNCTIONS as readonly string[]).includes(t.name))) ||
  (t.kind === 'open' && (t.close === FLOOR_CLOSE || t.close === CEIL_CLOSE)) ||
  (t.kind === 'close' && (t.ch === FLOOR_CLOSE || t.ch === CEIL_CLOSE));

/**
 * The tokens of a step with its variables named for algebra: `x_1`, `a_{n+1}` and `\alpha` are
 * one symbol each, and any other command (`\sin`, `\log`, `\lfloor`, `\sum`) becomes `unread`, so
 * the equation finder never reads a side that holds one. In `align` blocks, `&=` and a line
 * that starts with `&=` continue the chain of the line before.
 */
export function symbolTokens(text: string, tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (isFunctionToken(t)) {
      // Read with numbers only (math/expression.ts): in algebra they stay what they were, unread.
      out.push({ kind: 'unread', start: t.start, end: t.end });
      continue;
    }
    if (t.kind === 'var' && t.name === '_') {
      const prev = out[out.length - 1];
      if (prev?.kind === 'var' && prev.end === t.start && prev.name !== '_') {
        const sub = text.slice(t.start + 1, t.end).replace(/[{}\s]/g, '');
        out[out.length - 1] = { kind: 'var', start: prev.start, end: t.end, name: sub.length > 1 ? `${prev.name}_{${sub}}` : `${prev.name}_${sub}` };
        continue;
      }
      out.push({ kind: 'unread', start: t.start, end: t.end });
      continue;
    }
    if (t.kind === 'var' && (t.name === 'begin' || t.name === 'end') && tokens[k + 1]?.kind === 'open') {
      // \begin{align*}: an environment's name is layout, not letters.
      let j = k + 1;
      while (j < tokens.length && tokens[j].kind !== 'close') j++;
      out.push({ kind: 'stop', start: t.start, end: tokens[Math.min(j, tokens.length - 1)].end });
      k = j;
      continue;
    }
    if (t.kind === 'var' && t.name.length > 1 && !GREEK.has(t.name)) {
      out.push({ kind: 'unread', start: t.start, end: t.end });
      continue;
    }
    if (t.kind === 'stop' && (text[t.start] === '&' || text.startsWith('\\\\', t.start)) && continuesAlign(text, tokens, k)) {
      out.push({ kind: 'ws', start: t.start, end: t.end });
      continue;
    }
    out.push(t);
  }
  return out;
}

/** `&` before `=`, or a line break `\\` whose next line starts with `&=`. */
function continuesAlign(text: string, tokens: readonly Token[], k: number): boolean {
  let j = k + 1;
  const skip = () => {
    while (tokens[j]?.kind === 'ws') j++;
  };
  skip();
  if (text[tokens[k].start] === '\\') {
    if (tokens[j]?.kind !== 'stop' || text[tokens[j].start] !== '&') return false;
    j++;
    skip();
  }
  return tokens[j]?.kind === 'rel';
}

/** After the `^` at `k`, its exponent (a number, a letter or a braced group) is followed at once by `(`. */
function appliedAfterPower(toks: readonly Token[], k: number): boolean {
  let j = k + 1;
  const first = toks[j];
  if (first?.kind === 'open' && first.close === '}') {
    let depth = 0;
    for (; j < toks.length; j++) {
      const t = toks[j];
      if (t.kind === 'open') depth++;
      else if (t.kind === 'close' && --depth === 0) break;
    }
  }
  const after = toks[j + 1];
  return after?.kind === 'open' && after.close === ')' && after.start === toks[j].end;
}

/** Letters that name functions far more often than numbers: `f(2)` is never `f · 2`. */
const FUNCTION_LETTERS = /^[fghFGHPQ]$/;

/** A side read as algebra: mathjs syntax over one-letter stand-ins, and the symbols it holds. */
export interface SymbolicSide {
  mathjs: string;
  symbols: string[];
  /** One term with no operation but powers ("10b", "x^2"): two of them make no rewrite. */
  monomial: boolean;
}

/**
 * Letters for the symbols of one step, never `e` or `i` (mathjs's constants, and in a solution
 * they may be Euler's number or the imaginary unit): a symbol named so is not read at all.
 */
const POOL = 'abcdfghjklmnopqrstuvwxyzABCDFGHJKLMNOPQRSTUVWXYZ';

export class SymbolNames {
  private readonly letters = new Map<string, string>();

  letter(symbol: string): string | undefined {
    let l = this.letters.get(symbol);
    if (l === undefined) {
      if (this.letters.size >= POOL.length) return undefined;
      l = POOL[this.letters.size];
      this.letters.set(symbol, l);
    }
    return l;
  }

  /** The symbol a stand-in letter is for. */
  symbolOf(letter: string): string {
    for (const [s, l] of this.letters) if (l === letter) return s;
    return letter;
  }
}

/**
 * A side over symbols, or undefined when it cannot be read for sure: a cut side, `e` or `i`, a
 * letter glued to a bracket that is not also used as a factor elsewhere ("f(x)" is a function,
 * "x(x + 1)" a product), or two capitals side by side ("AB" is a segment in geometry).
 */
export function symbolicSide(side: Side, names: SymbolNames, factors: ReadonlySet<string>): SymbolicSide | undefined {
  if (side.cut) return undefined;
  const renamed: Token[] = [];
  const symbols = new Set<string>();
  const toks = side.tokens;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k];
    if (t.kind !== 'var') {
      renamed.push(t);
      continue;
    }
    if (t.name === 'e' || t.name === 'i' || t.name === 'infty') return undefined;
    const next = toks[k + 1];
    if (next?.kind === 'open' && next.start === t.end && next.close === ')' && (FUNCTION_LETTERS.test(t.name) || !factors.has(t.name))) return undefined;
    // "f^{-1}(5)", "f^2(x)": a power of a function applied to its argument.
    if (next?.kind === 'op' && next.op === '^' && FUNCTION_LETTERS.test(t.name) && appliedAfterPower(toks, k + 1)) return undefined;
    const prev = renamed[renamed.length - 1];
    if (prev?.kind === 'var' && prev.end === t.start && /^[A-Z]/.test(t.name) && /^[A-Z]/.test(names.symbolOf(prev.name))) return undefined;
    const letter = names.letter(t.name);
    if (letter === undefined) return undefined;
    symbols.add(t.name);
    renamed.push({ kind: 'var', start: t.start, end: t.end, name: letter });
  }
  const parsed = parseExpression(renamed, { allowSymbols: true });
  if (!parsed) return undefined;
  const monomial = toks.every((t) => t.kind === 'var' || t.kind === 'num' || t.kind === 'ws' || t.kind === 'sup' || (t.kind === 'op' && t.op === '^'));
  return { mathjs: parsed.mathjs, symbols: [...symbols].sort(), monomial };
}

/** Symbols used as a factor somewhere in the tokens: not glued to an opening bracket. */
export function factorSymbols(tokens: readonly Token[]): Set<string> {
  const out = new Set<string>();
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'var') continue;
    const next = tokens[k + 1];
    if (!(next?.kind === 'open' && next.start === t.end)) out.add(t.name);
  }
  return out;
}
