import { isDigit } from './chars';
import type { Token } from './tokens';

/** A token without its offsets (distributes over the union, which a plain Omit would collapse). */
type Shape<T> = T extends unknown ? Omit<T, 'start' | 'end'> : never;
type TokenShape = Shape<Token>;

const COMMAND_TOKENS: Record<string, TokenShape | 'ws' | 'text'> = {
  times: { kind: 'op', op: '*' }, cdot: { kind: 'op', op: '*' }, ast: { kind: 'op', op: '*' }, div: { kind: 'op', op: '/' },
  frac: { kind: 'cmd', name: 'frac' }, dfrac: { kind: 'cmd', name: 'frac' }, tfrac: { kind: 'cmd', name: 'frac' }, cfrac: { kind: 'cmd', name: 'frac' },
  sqrt: { kind: 'cmd', name: 'sqrt' }, binom: { kind: 'cmd', name: 'binom' }, dbinom: { kind: 'cmd', name: 'binom' }, tbinom: { kind: 'cmd', name: 'binom' }, pi: { kind: 'cmd', name: 'pi' },
  boxed: { kind: 'cmd', name: 'group' }, fbox: { kind: 'cmd', name: 'group' }, mathbf: { kind: 'cmd', name: 'group' }, bm: { kind: 'cmd', name: 'group' },
  displaystyle: 'ws', left: 'ws', right: 'ws', big: 'ws', Big: 'ws', bigl: 'ws', bigr: 'ws', Bigl: 'ws', Bigr: 'ws', quad: 'ws', qquad: 'ws',
  approx: { kind: 'rel', approx: true },
  sin: { kind: 'cmd', name: 'sin' }, cos: { kind: 'cmd', name: 'cos' }, tan: { kind: 'cmd', name: 'tan' },
  cot: { kind: 'cmd', name: 'cot' }, sec: { kind: 'cmd', name: 'sec' }, csc: { kind: 'cmd', name: 'csc' },
  log: { kind: 'cmd', name: 'log' }, ln: { kind: 'cmd', name: 'ln' },
  lfloor: { kind: 'open', close: '⌋' }, rfloor: { kind: 'close', ch: '⌋' }, lceil: { kind: 'open', close: '⌉' }, rceil: { kind: 'close', ch: '⌉' },
  text: 'text', textrm: 'text', textbf: 'text', textit: 'text', mathrm: 'text', mbox: 'text', operatorname: 'text', textnormal: 'text',
};
const SPACING_COMMANDS = new Set([',', ';', ':', '!', ' ']);

/** A LaTeX command at `i` (`\frac`, `\times`, `\text{…}`, `\,`): pushes its tokens, returns where it ends. */
export function readCommand(text: string, i: number, push: (t: Token) => void): number {
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
  if (meaning.kind === 'cmd' && (meaning.name === 'frac' || meaning.name === 'binom' || meaning.name === 'sqrt')) {
    let k = j;
    while (text[k] === ' ') k++;
    for (let args = meaning.name !== 'sqrt' ? 2 : 1; args > 0 && isDigit(text[k]); args--, k++) {
      push({ kind: 'num', start: k, end: k + 1, value: text[k], decimals: 0 });
    }
    if (k > j && isDigit(text[k - 1])) return k;
  }
  return j;
}
