/**
 * A tokenizer for the arithmetic people write in solution steps: plain text ("16 - 3 - 4 = 9
 * eggs", "$1,200", "20% of 80") and LaTeX ("\frac{3}{4}\cdot 8", "$3 \times 4 = 12$") in one
 * pass, with source offsets so a finding lands on exactly the characters it is about.
 *
 * Letters are the crux: in plain text a word ends an expression ("9 duck eggs"), in math mode a
 * letter is an unknown ("2x + 3"), and an unknown makes an equation something to solve, not an
 * identity to check. The tokenizer only classifies; deciding what is an equation is left to
 * the equation finder.
 */

import * as chars from './chars';
import { readCommand } from './commands';
import { classifyLetters } from './letters';
import { mathRegions } from './regions';

export { mathRegions } from './regions';

// Bound once: the tokenizer calls these per character, and a module getter per call costs.
const { isDigit, isLetter } = chars;

export type Op = '+' | '-' | '*' | '/' | '^';

export type Token =
  | { kind: 'num'; start: number; end: number; value: string; decimals: number }
  | { kind: 'op'; start: number; end: number; op: Op }
  | { kind: 'open'; start: number; end: number; close: string }
  | { kind: 'close'; start: number; end: number; ch: string }
  /** `=` or `≈`; every other relation (≠, <, ≤, ⇒) is a `stop`. */
  | { kind: 'rel'; start: number; end: number; approx: boolean }
  | { kind: 'pct'; start: number; end: number }
  /** `5!`: a factorial sign glued to a number or a bracket, where it cannot be an exclamation. */
  | { kind: 'fact'; start: number; end: number }
  /**
   * A currency or degree sign: dropped, it does not change the number. A degree sign is marked,
   * since it says what the argument of a sine is.
   */
  | { kind: 'unit'; start: number; end: number; degree?: true }
  | { kind: 'cmd'; start: number; end: number; name: CommandName }
  /** A letter in math mode, a one-letter word glued to a number, an unknown LaTeX command. */
  | { kind: 'var'; start: number; end: number; name: string }
  | { kind: 'word'; start: number; end: number; text: string }
  | { kind: 'sup'; start: number; end: number; value: string }
  | { kind: 'ws'; start: number; end: number }
  /** Punctuation, line breaks, relations other than `=`: ends an expression. */
  | { kind: 'stop'; start: number; end: number }
  /**
   * A symbol the reader does not know (`∸`, `‰`, a lone surrogate): it ends an expression like a
   * stop, and a side it touches is never judged, since the symbol may have been part of it.
   */
  | { kind: 'unread'; start: number; end: number };

export type TokenKind = Token['kind'];

/** `\sin` … `\csc`: trigonometric functions, read only at arguments with `\pi` or a degree sign. */
export const TRIG_FUNCTIONS = ['sin', 'cos', 'tan', 'cot', 'sec', 'csc'] as const;
export type TrigName = (typeof TRIG_FUNCTIONS)[number];
export type CommandName = 'frac' | 'sqrt' | 'cbrt' | 'pi' | 'group' | 'binom' | TrigName | 'log' | 'ln';
/** Floor and ceiling brackets (`\lfloor … \rfloor`, `⌈ … ⌉`): the closer each opener waits for. */
export const FLOOR_CLOSE = '⌋';
export const CEIL_CLOSE = '⌉';

const MULTIPLY = new Set(['×', '✕', '⋅', '·', '∙', '*']);
const SUPERSCRIPTS: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };
const CURRENCY = new Set(['€', '£', '¥', '₹', '°']);
const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '⌊': '⌋', '⌈': '⌉' };
const CLOSERS = new Set([')', ']', '}', '⌋', '⌉']);
/** Typographic minus signs: U+2212 and the en dash GSM8K writers use for "1 – 3/4". */
const MINUS = new Set(['-', '−', '–']);
/** Unicode vulgar fractions, read as the fraction they show. */
const VULGAR: Record<string, [string, string]> = {
  '½': ['1', '2'], '⅓': ['1', '3'], '⅔': ['2', '3'], '¼': ['1', '4'], '¾': ['3', '4'], '⅕': ['1', '5'], '⅖': ['2', '5'],
  '⅗': ['3', '5'], '⅘': ['4', '5'], '⅙': ['1', '6'], '⅚': ['5', '6'], '⅐': ['1', '7'], '⅛': ['1', '8'], '⅜': ['3', '8'],
  '⅝': ['5', '8'], '⅞': ['7', '8'], '⅑': ['1', '9'], '⅒': ['1', '10'],
};
/** Punctuation that ends a statement or a clause; any other unknown symbol is `unread`. */
const PUNCTUATION = /[.,;:!?"'“”‘’…—()[\]{}|&@#~`_<>≠≤≥⇒→←↔⟹⟺∴∵±∓]/;


const isSpace = (c: string | undefined) => c !== undefined && (c === ' ' || c === '\n' || (c > ' ' && c < '\x7f' ? false : /\s/.test(c)));

/**
 * `text.indexOf(needle, from)` for calls whose `from` only grows: an answer already known is
 * reused, so "<<" or "_{" repeated a million times without a closer stays linear.
 */
function forwardFinder(text: string): (needle: string, from: number) => number {
  const known = new Map<string, { from: number; at: number }>();
  return (needle, from) => {
    const last = known.get(needle);
    if (last && from >= last.from && (last.at < 0 || last.at >= from)) return last.at;
    const at = text.indexOf(needle, from);
    known.set(needle, { from, at });
    return at;
  };
}

export function tokenize(text: string): Token[] {
  const regions = mathRegions(text);
  const delimiters = new Set<number>();
  for (const [s, e] of regions) {
    if (text[s] === '$') {
      const width = text[s + 1] === '$' && text[e - 2] === '$' && e - s >= 4 ? 2 : 1;
      delimiters.add(s);
      delimiters.add(e - width);
    }
  }
  let region = 0;
  const inMath = (at: number) => {
    while (region < regions.length && regions[region][1] <= at) region++;
    return region < regions.length && regions[region][0] <= at;
  };
  const out: Token[] = [];
  const push = (t: Token) => out.push(t);
  const find = forwardFinder(text);
  let i = 0;
  // Absolute value bars open and not yet closed; a new math region starts with none.
  let bars = 0;
  let barRegion = -1;
  while (i < text.length) {
    const start = i;
    const c = text[i];
    const math = inMath(i);
    if (region !== barRegion) {
      bars = 0;
      barRegion = region;
    }

    // GSM8K calculator annotations <<48/2=24>> repeat the step's own arithmetic: skip them.
    if (c === '<' && text[i + 1] === '<') {
      const end = find('>>', i + 2);
      if (end >= 0) {
        i = end + 2;
        push({ kind: 'ws', start, end: i });
        continue;
      }
    }
    if (isSpace(c)) {
      let newline = false;
      for (; i < text.length && isSpace(text[i]); i++) if (text[i] === '\n') newline = true;
      // Outside math a line break ends an expression: the next line is the next statement.
      push({ kind: newline && !math ? 'stop' : 'ws', start, end: i });
      continue;
    }
    if (c === '_') {
      // A subscript belongs to the symbol before it: y_1, a_{n+1}.
      i++;
      if (text[i] === '{') {
        const close = find('}', i);
        i = close < 0 ? i + 1 : close + 1;
      } else if (i < text.length) {
        i++;
      }
      push({ kind: 'var', start, end: i, name: '_' });
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]) && !isDigit(text[i - 1]))) {
      const num = readNumber(text, i);
      i = num.end;
      push({ kind: 'num', start, end: i, value: num.value, decimals: num.decimals });
      continue;
    }
    if (c === '$') {
      // Dollars that delimit math are layout; others are currency. Either way the number stays.
      const delimiter = delimiters.has(i);
      i += delimiter && text[i + 1] === '$' ? 2 : 1;
      // A math delimiter ends what is before it: "$a = 1$ and $2 + 2 = 4$" are two statements.
      push(delimiter ? { kind: 'stop', start, end: i } : { kind: 'unit', start, end: i });
      continue;
    }
    if (c === '\\') {
      i = readCommand(text, i, push);
      continue;
    }
    if (isLetter(c)) {
      let j = i;
      while (j < text.length && isLetter(text[j])) j++;
      const word = text.slice(i, j);
      i = j;
      if (math) {
        for (let k = start; k < j; k++) push({ kind: 'var', start: k, end: k + 1, name: text[k] });
      } else {
        push({ kind: 'word', start, end: j, text: word });
      }
      continue;
    }
    if (c === '^' && text.startsWith('\\circ', i + 1)) {
      i += 6;
      push({ kind: 'unit', start, end: i, degree: true });
      continue;
    }
    if (c === '^' && text.startsWith('{\\circ}', i + 1)) {
      i += 8;
      push({ kind: 'unit', start, end: i, degree: true });
      continue;
    }
    i++;
    if (c === '*' && text[i] === '*') {
      // Markdown bold, not multiplication.
      while (text[i] === '*') i++;
      push({ kind: 'stop', start, end: i });
    } else if (c === '+' || MINUS.has(c) || c === '/' || c === '÷' || c === '^' || MULTIPLY.has(c)) {
      const op: Op = c === '+' ? '+' : MINUS.has(c) ? '-' : c === '/' || c === '÷' ? '/' : c === '^' ? '^' : '*';
      push({ kind: 'op', start, end: i, op });
    } else if (c === '=') {
      if (text[i] === '>' || text[i] === '<') {
        i++;
        push({ kind: 'stop', start, end: i });
      } else {
        while (text[i] === '=') i++;
        push({ kind: 'rel', start, end: i, approx: false });
      }
    } else if (c === '!' && isFactorial(text, start, out[out.length - 1], math)) {
      push({ kind: 'fact', start, end: i });
    } else if (c === '≈') {
      push({ kind: 'rel', start, end: i, approx: true });
    } else if (c === '%') {
      push({ kind: 'pct', start, end: i });
    } else if (c === '|' && math) {
      // Absolute value bars pair up: a bar opens unless one is open and an operand ends before it.
      let p = out.length - 1;
      while (p >= 0 && out[p].kind === 'ws') p--;
      const prev = out[p];
      const opens = bars === 0 || !prev || prev.kind === 'op' || prev.kind === 'open' || prev.kind === 'rel' || prev.kind === 'stop';
      bars += opens ? 1 : -1;
      push(opens ? { kind: 'open', start, end: i, close: '|' } : { kind: 'close', start, end: i, ch: '|' });
    } else if (c in OPENERS) {
      push({ kind: 'open', start, end: i, close: OPENERS[c] });
    } else if (CLOSERS.has(c)) {
      push({ kind: 'close', start, end: i, ch: c });
    } else if (c in SUPERSCRIPTS) {
      let value = SUPERSCRIPTS[c];
      while (text[i] in SUPERSCRIPTS) value += SUPERSCRIPTS[text[i++]];
      push({ kind: 'sup', start, end: i, value });
    } else if (CURRENCY.has(c)) {
      push(c === '°' ? { kind: 'unit', start, end: i, degree: true } : { kind: 'unit', start, end: i });
    } else if (c in VULGAR) {
      pushVulgar(out, start, VULGAR[c]);
    } else if (c === '√' || c === '∛') {
      push({ kind: 'cmd', start, end: i, name: c === '√' ? 'sqrt' : 'cbrt' });
    } else {
      // A lone surrogate half or any other symbol: one code unit at a time keeps offsets exact.
      push({ kind: PUNCTUATION.test(c) || /\p{P}/u.test(c) ? 'stop' : 'unread', start, end: i });
    }
  }
  return classifyLetters(text, out);
}

/**
 * `5!` and `(n+1)!` are factorials in math mode; in prose only where the expression runs on
 * after the sign ("5! / 3! = 20", "4! = 24"), since "so the total is 5!" ends a sentence.
 * `5!=6` is code's "not equal", never read.
 */
function isFactorial(text: string, at: number, prev: Token | undefined, math: boolean): boolean {
  if (!prev || prev.end !== at || (prev.kind !== 'num' && prev.kind !== 'close')) return false;
  if (prev.kind === 'num' && prev.decimals > 0) return false;
  if (text[at + 1] === '=') return false;
  if (math) return true;
  let j = at + 1;
  while (text[j] === ' ') j++;
  const next = text[j];
  return next !== undefined && (next === '=' || next === '+' || next === '/' || next === '*' || next === ')' || MINUS.has(next) || MULTIPLY.has(next) || next === '÷');
}

/**
 * `¾` as `(3/4)`, and `1½` as `(1 + 1/2)`: a mixed number, not a product. The parts share the
 * character's offsets, so a finding still covers what was written.
 */
function pushVulgar(out: Token[], start: number, [n, d]: [string, string]): void {
  const end = start + 1;
  const prev = out[out.length - 1];
  const mixed = prev?.kind === 'num' && prev.end === start && prev.decimals === 0;
  if (mixed) out.pop();
  out.push({ kind: 'open', start: mixed ? prev.start : start, end: start, close: ')' });
  if (mixed) out.push({ kind: 'num', start: prev.start, end: prev.end, value: prev.value, decimals: 0 }, { kind: 'op', start, end: start, op: '+' });
  out.push({ kind: 'num', start, end, value: n, decimals: 0 }, { kind: 'op', start, end, op: '/' }, { kind: 'num', start, end, value: d, decimals: 0 });
  out.push({ kind: 'close', start: end, end, ch: ')' });
}

/** Digits with thousands separators (`1,200`, `1{,}200`) and a decimal part. */
function readNumber(text: string, i: number): { end: number; value: string; decimals: number } {
  let value = '';
  let j = i;
  let groupLength = 0;
  while (isDigit(text[j])) {
    value += text[j++];
    groupLength++;
  }
  if (groupLength <= 3 && groupLength > 0) {
    for (;;) {
      const sep = text.startsWith('{,}', j) ? 3 : text[j] === ',' ? 1 : 0;
      if (!sep) break;
      const group = text.slice(j + sep, j + sep + 3);
      if (!/^\d{3}$/.test(group) || isDigit(text[j + sep + 3])) break;
      value += group;
      j += sep + 3;
    }
  }
  let decimals = 0;
  if (text[j] === '.' && isDigit(text[j + 1])) {
    value += '.';
    j++;
    while (isDigit(text[j])) {
      value += text[j++];
      decimals++;
    }
  }
  return { end: j, value: value.startsWith('.') ? `0${value}` : value, decimals };
}


