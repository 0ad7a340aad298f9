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

export type Op = '+' | '-' | '*' | '/' | '^';

export type Token =
  | { kind: 'num'; start: number; end: number; value: string; decimals: number }
  | { kind: 'op'; start: number; end: number; op: Op }
  | { kind: 'open'; start: number; end: number; close: string }
  | { kind: 'close'; start: number; end: number; ch: string }
  /** `=` or `≈`; every other relation (≠, <, ≤, ⇒) is a `stop`. */
  | { kind: 'rel'; start: number; end: number; approx: boolean }
  | { kind: 'pct'; start: number; end: number }
  /** A currency or degree sign: dropped, it does not change the number. */
  | { kind: 'unit'; start: number; end: number }
  | { kind: 'cmd'; start: number; end: number; name: 'frac' | 'sqrt' | 'pi' | 'group' }
  /** A letter in math mode, a one-letter word glued to a number, an unknown LaTeX command. */
  | { kind: 'var'; start: number; end: number; name: string }
  | { kind: 'word'; start: number; end: number; text: string }
  | { kind: 'sup'; start: number; end: number; value: string }
  | { kind: 'ws'; start: number; end: number }
  /** Punctuation and anything else: ends an expression. */
  | { kind: 'stop'; start: number; end: number };

export type TokenKind = Token['kind'];

const MULTIPLY = new Set(['×', '✕', '⋅', '·', '∙', '*']);
const SUPERSCRIPTS: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };
const CURRENCY = new Set(['€', '£', '¥', '₹', '°']);
const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);

/** A token without its offsets (distributes over the union, which a plain Omit would collapse). */
type Shape<T> = T extends unknown ? Omit<T, 'start' | 'end'> : never;
type TokenShape = Shape<Token>;

const COMMAND_TOKENS: Record<string, TokenShape | 'ws' | 'text'> = {
  times: { kind: 'op', op: '*' }, cdot: { kind: 'op', op: '*' }, ast: { kind: 'op', op: '*' }, div: { kind: 'op', op: '/' },
  frac: { kind: 'cmd', name: 'frac' }, dfrac: { kind: 'cmd', name: 'frac' }, tfrac: { kind: 'cmd', name: 'frac' }, cfrac: { kind: 'cmd', name: 'frac' },
  sqrt: { kind: 'cmd', name: 'sqrt' }, pi: { kind: 'cmd', name: 'pi' },
  boxed: { kind: 'cmd', name: 'group' }, fbox: { kind: 'cmd', name: 'group' }, mathbf: { kind: 'cmd', name: 'group' }, bm: { kind: 'cmd', name: 'group' },
  displaystyle: 'ws', left: 'ws', right: 'ws', big: 'ws', Big: 'ws', bigl: 'ws', bigr: 'ws', Bigl: 'ws', Bigr: 'ws', quad: 'ws', qquad: 'ws',
  approx: { kind: 'rel', approx: true },
  text: 'text', textrm: 'text', textbf: 'text', textit: 'text', mathrm: 'text', mbox: 'text', operatorname: 'text', textnormal: 'text',
};
const SPACING_COMMANDS = new Set([',', ';', ':', '!', ' ']);

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
// ASCII first: a regular expression per character was most of the tokenizer's time on big steps.
const isLetter = (c: string | undefined) =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c > '\x7f' && /\p{L}/u.test(c)));
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

/**
 * Where `$…$`, `$$…$$`, `\(…\)` and `\[…\]` math runs are, by pandoc's rule for single dollars
 * (an opening `$` is followed by a non-space, a closing `$` follows a non-space and is not
 * followed by a digit), so "costs $5 and $3" stays money.
 */
export function mathRegions(text: string): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  // A closer not found once is not found from any later point either: remember, stay linear.
  const missing = new Set<string>();
  const find = (closer: string, from: number) => {
    if (missing.has(closer)) return -1;
    const at = text.indexOf(closer, from);
    if (at < 0) missing.add(closer);
    return at;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '(' || text[i + 1] === '[')) {
      const end = find(text[i + 1] === '(' ? '\\)' : '\\]', i + 2);
      if (end >= 0) {
        regions.push([i, end + 2]);
        i = end + 2;
      } else {
        i += 2;
      }
      continue;
    }
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '$') {
      if (text[i + 1] === '$') {
        const end = find('$$', i + 2);
        if (end >= 0) {
          regions.push([i, end + 2]);
          i = end + 2;
        } else {
          i += 2;
        }
        continue;
      }
      const next = text[i + 1];
      if (next !== undefined && !/\s/.test(next)) {
        const end = findClosingDollar(text, i + 1);
        if (end >= 0) {
          regions.push([i, end + 1]);
          i = end + 1;
          continue;
        }
      }
    }
    i++;
  }
  return regions;
}

function findClosingDollar(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '\n' && text[j + 1] === '\n') return -1; // math does not cross a paragraph
    if (c === '$') {
      if (text[j + 1] === '$') return -1;
      if (!/\s/.test(text[j - 1]) && !isDigit(text[j + 1])) return j;
      return -1; // "$5 and $3": the second dollar is money, so the first was too
    }
  }
  return -1;
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
  while (i < text.length) {
    const start = i;
    const c = text[i];
    const math = inMath(i);

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
      push({ kind: 'unit', start, end: i });
      continue;
    }
    if (c === '^' && text.startsWith('{\\circ}', i + 1)) {
      i += 8;
      push({ kind: 'unit', start, end: i });
      continue;
    }
    i++;
    if (c === '*' && text[i] === '*') {
      // Markdown bold, not multiplication.
      while (text[i] === '*') i++;
      push({ kind: 'stop', start, end: i });
    } else if (c === '+' || c === '-' || c === '−' || c === '/' || c === '÷' || c === '^' || MULTIPLY.has(c)) {
      const op: Op = c === '+' ? '+' : c === '-' || c === '−' ? '-' : c === '/' || c === '÷' ? '/' : c === '^' ? '^' : '*';
      push({ kind: 'op', start, end: i, op });
    } else if (c === '=') {
      if (text[i] === '>' || text[i] === '<') {
        i++;
        push({ kind: 'stop', start, end: i });
      } else {
        while (text[i] === '=') i++;
        push({ kind: 'rel', start, end: i, approx: false });
      }
    } else if (c === '≈') {
      push({ kind: 'rel', start, end: i, approx: true });
    } else if (c === '%') {
      push({ kind: 'pct', start, end: i });
    } else if (c in OPENERS) {
      push({ kind: 'open', start, end: i, close: OPENERS[c] });
    } else if (CLOSERS.has(c)) {
      push({ kind: 'close', start, end: i, ch: c });
    } else if (c in SUPERSCRIPTS) {
      let value = SUPERSCRIPTS[c];
      while (text[i] in SUPERSCRIPTS) value += SUPERSCRIPTS[text[i++]];
      push({ kind: 'sup', start, end: i, value });
    } else if (CURRENCY.has(c)) {
      push({ kind: 'unit', start, end: i });
    } else {
      // A lone surrogate half or any other symbol: one code unit at a time keeps offsets exact.
      push({ kind: 'stop', start, end: i });
    }
  }
  return classifyLetters(text, out);
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

function readCommand(text: string, i: number, push: (t: Token) => void): number {
  const start = i;
  const next = text[i + 1];
  if (next === undefined) {
    push({ kind: 'stop', start, end: i + 1 });
    return i + 1;
  }
  if (next === '(' || next === ')' || next === '[' || next === ']') {
    push({ kind: 'stop', start, end: i + 2 }); // math delimiters
    return i + 2;
  }
  if (next === '%') {
    push({ kind: 'pct', start, end: i + 2 });
    return i + 2;
  }
  if (next === '$') {
    push({ kind: 'unit', start, end: i + 2 });
    return i + 2;
  }
  if (next === '{' || next === '}') {
    push({ kind: 'stop', start, end: i + 2 }); // a literal brace: a set, not grouping
    return i + 2;
  }
  if (SPACING_COMMANDS.has(next)) {
    push({ kind: 'ws', start, end: i + 2 });
    return i + 2;
  }
  if (next === '*') {
    push({ kind: 'stop', start, end: i + 2 }); // Markdown-escaped asterisk
    return i + 2;
  }
  if (!/[A-Za-z]/.test(next)) {
    push({ kind: 'stop', start, end: i + 2 });
    return i + 2;
  }
  let j = i + 1;
  while (j < text.length && /[A-Za-z]/.test(text[j])) j++;
  const name = text.slice(i + 1, j);
  const meaning = COMMAND_TOKENS[name];
  if (meaning === undefined) {
    const relation = /^(neq|ne|le|leq|ge|geq|lt|gt|equiv|Rightarrow|implies|to|rightarrow|iff|sim|cong|pm|mp)$/.test(name);
    push(relation ? { kind: 'stop', start, end: j } : { kind: 'var', start, end: j, name });
    return j;
  }
  if (meaning === 'ws') {
    push({ kind: 'ws', start, end: j });
    return j;
  }
  if (meaning === 'text') {
    // \text{ apples}: a word (a unit or prose) unless it holds nothing but spaces.
    if (text[j] !== '{') {
      push({ kind: 'word', start, end: j, text: name });
      return j;
    }
    const close = text.indexOf('}', j);
    const end = close < 0 ? text.length : close + 1;
    const inner = text.slice(j + 1, close < 0 ? text.length : close);
    push(inner.trim() === '' ? { kind: 'ws', start, end } : { kind: 'word', start, end, text: inner.trim() });
    return end;
  }
  push({ ...meaning, start, end: j } as Token);
  // \frac12 and \sqrt2: arguments given as bare digits, one digit each.
  if (meaning.kind === 'cmd' && (meaning.name === 'frac' || meaning.name === 'sqrt')) {
    let k = j;
    while (text[k] === ' ') k++;
    for (let args = meaning.name === 'frac' ? 2 : 1; args > 0 && isDigit(text[k]); args--, k++) {
      push({ kind: 'num', start: k, end: k + 1, value: text[k], decimals: 0 });
    }
    if (k > j && isDigit(text[k - 1])) return k;
  }
  return j;
}

/**
 * Plain-text letters that are math after all: `x` between numbers is a times sign, "of"
 * after a percentage or a fraction multiplies, and a single letter glued to a number or a
 * parenthesis ("2x", "f(3)") is an unknown.
 */
function classifyLetters(text: string, tokens: Token[]): Token[] {
  const prevSolid = (k: number) => {
    for (let j = k - 1; j >= 0; j--) if (tokens[j].kind !== 'ws') return j;
    return -1;
  };
  const nextSolid = (k: number) => {
    for (let j = k + 1; j < tokens.length; j++) if (tokens[j].kind !== 'ws') return j;
    return -1;
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'word') continue;
    const p = prevSolid(k);
    const n = nextSolid(k);
    const before = p >= 0 ? tokens[p] : undefined;
    const after = n >= 0 ? tokens[n] : undefined;
    const numberish = (x: Token | undefined) => x !== undefined && (x.kind === 'num' || x.kind === 'close' || x.kind === 'unit');
    const startsOperand = (x: Token | undefined) => x !== undefined && (x.kind === 'num' || x.kind === 'open' || x.kind === 'unit');
    if ((t.text === 'x' || t.text === 'X') && numberish(before) && startsOperand(after)) {
      tokens[k] = { kind: 'op', start: t.start, end: t.end, op: '*' };
      continue;
    }
    if (t.text === 'of' && before && (before.kind === 'pct' || isSimpleFraction(tokens, p)) && startsOperand(after)) {
      tokens[k] = { kind: 'op', start: t.start, end: t.end, op: '*' };
      continue;
    }
    if (t.text.length === 1) {
      const glued =
        (k > 0 && ['num', 'open', 'close'].includes(tokens[k - 1].kind)) ||
        (k + 1 < tokens.length && ['num', 'open'].includes(tokens[k + 1].kind));
      if (glued) tokens[k] = { kind: 'var', start: t.start, end: t.end, name: t.text };
    }
  }
  void text;
  return tokens;
}

/** `3/4` right before position k: "3/4 of 20". */
function isSimpleFraction(tokens: Token[], k: number): boolean {
  const solid = (j: number) => {
    while (j >= 0 && tokens[j].kind === 'ws') j--;
    return j;
  };
  const den = tokens[k];
  if (den?.kind !== 'num') return false;
  const slash = solid(k - 1);
  if (slash < 0 || tokens[slash].kind !== 'op' || (tokens[slash] as { op: Op }).op !== '/') return false;
  const num = solid(slash - 1);
  return num >= 0 && tokens[num].kind === 'num';
}
