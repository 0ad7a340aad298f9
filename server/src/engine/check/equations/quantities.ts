import { parseExpression } from '../math/expression';
import type { Token } from '../math/tokens';
import { PEEK, type Link, type Side } from './find';
import { cutByContext } from './readings';
import { unitConflict } from './units';

/**
 * Equations whose numbers carry unit words, which the plain finder leaves alone because a word
 * ends its expressions: "40 minutes + 100 minutes = 161 minutes", "4 * 20 sheep = 90 sheep",
 * "$20/hour * 35 hours/week = $700/week". The words are set aside and the numbers judged,
 * only where nothing in the words can change the arithmetic: no scale word ("3 dozen"), no
 * multiplier word ("twice", "half of"), no bracket, and no two units of one dimension that a
 * conversion would have to join ("30 minutes × $10/hour").
 */
export function findQuantityLinks(text: string, tokens: readonly Token[]): Link[] {
  const links: Link[] = [];
  let k = 0;
  while (k < tokens.length) {
    if (!startsQuantity(tokens, k) || !freeStart(tokens, k)) {
      k++;
      continue;
    }
    const chain = readChain(text, tokens, k);
    k = chain.next;
    if (chain.links.length > 0) links.push(...chain.links);
  }
  return links;
}

/** Words that make the number after them something else than what is written. */
const OPERAND_WORDS = /^(half|halves|twice|double|triple|thrice|quarter|third|thirds|times|of|minus|plus|less|more|than|per|each|every|over|by|x)$/i;
/** Words in a unit phrase that scale or change the number, or end the statement. */
const SCALE_WORDS = /^(dozens?|hundreds?|thousands?|millions?|billions?|trillions?|score|gross|k|grand|half|halves|twice|times|percent|pct|more|less|fewer|than|quarters?|thirds?|fifths?|tenths?|squared|cubed|if|not|or)$/i;
/** Words after which a new clause starts: the chain ends before them. */
const MAX_PHRASE_WORDS = 4;

function startsQuantity(tokens: readonly Token[], k: number): boolean {
  const t = tokens[k];
  if (t === undefined) return false;
  if (t.kind === 'num') return true;
  return t.kind === 'unit' && tokens[k + 1]?.kind === 'num';
}

/** The chain starts here only if nothing before it is part of the first operand. */
function freeStart(tokens: readonly Token[], k: number): boolean {
  let j = k - 1;
  while (j >= 0 && tokens[j].kind === 'ws') j--;
  if (j < 0) return true;
  const t = tokens[j];
  if (t.kind === 'stop') return true;
  if (t.kind === 'word') return !OPERAND_WORDS.test(t.text) && !operatorBehindWords(tokens, j);
  return false;
}

/** "25 classmates + his 1 teacher + 1 himself = 27": an operator a few words back joins the number to what came before. */
function operatorBehindWords(tokens: readonly Token[], j: number): boolean {
  for (let words = 0; j >= 0 && words <= 3; j--) {
    const t = tokens[j];
    if (t.kind === 'ws') continue;
    if (t.kind === 'word') {
      words++;
      continue;
    }
    return t.kind === 'op';
  }
  return false;
}

interface Operand {
  /** The tokens that carry the value: currency, number, percent sign. */
  tokens: Token[];
  numerators: string[];
  denominators: string[];
  start: number;
  end: number;
  /** Where its unit words end. */
  phraseEnd: number;
}

interface Chain {
  links: Link[];
  next: number;
}

/**
 * quantity (op quantity)* (= quantity (op quantity)*)+, where a quantity is a number with its
 * currency, percent sign and unit words ("35 hours/week", "5 cents per sentence").
 */
function readChain(text: string, tokens: readonly Token[], from: number): Chain {
  const sides: Array<{ operands: Operand[]; ops: Token[] }> = [{ operands: [], ops: [] }];
  const relations: Token[] = [];
  let k = from;
  let wordInside = false;
  for (;;) {
    const q = readQuantity(tokens, k);
    if (!q) break;
    const side = sides[sides.length - 1];
    side.operands.push(q.operand);
    if (q.operand.numerators.length + q.operand.denominators.length > 0) wordInside = true;
    k = q.next;
    const next = nextSolid(tokens, k);
    const t = tokens[next];
    if (!t) break;
    if (t.kind === 'op' && t.op !== '^') {
      side.ops.push(t);
      k = next + 1;
      continue;
    }
    if (t.kind === 'word' && /^x$/i.test(t.text) && startsQuantity(tokens, nextSolid(tokens, next + 1))) {
      side.ops.push({ kind: 'op', start: t.start, end: t.end, op: '*' });
      k = next + 1;
      continue;
    }
    if (t.kind === 'rel') {
      relations.push(t);
      sides.push({ operands: [], ops: [] });
      k = next + 1;
      continue;
    }
    break;
  }
  const next = Math.max(k, from + 1);
  // A dangling operator or relation: the chain runs on into something not read.
  const complete = sides.every((s) => s.operands.length > 0 && s.ops.length === s.operands.length - 1);
  if (!complete || relations.length === 0 || !wordInside) return { links: [], next };
  // "Expenses in 2014 = 20,000 pounds × $0.24": a bare number before the first `=` is a label.
  const first = sides[0].operands;
  if (first.length === 1 && first[0].numerators.length + first[0].denominators.length === 0) return { links: [], next };
  // "= 33.333...%": a number that runs on into symbols was not read whole.
  if (!sides.every((s) => cleanEnd(text, s.operands[s.operands.length - 1].phraseEnd))) return { links: [], next };
  // A link the plain finder also sees (no word in either side) is left to it.
  const hasWords = (o: Operand) => o.numerators.length + o.denominators.length > 0;
  const wanted = relations.map((_, i) => [...sides[i].operands, ...sides[i + 1].operands.slice(0, -1)].some(hasWords));
  // "4 subjects = 186+62 = 248", "2 days = 7+2", "60 kW would cost = $0.10*60": one quantity
  // before a computation names what is computed; what the author claims comes after it.
  if (first.length === 1 && sides[1].operands.length > 1) wanted[0] = false;
  if (!wanted.some(Boolean) || unitConflict(sides.flatMap((s) => s.operands))) return { links: [], next };
  // A computed side is shown with its unit words; the claimed one ends at its number.
  const built = sides.map((s, i) => sideOf(text, s.operands, s.ops, i < sides.length - 1));
  if (built.some((s) => s === undefined)) return { links: [], next };
  const ready = built as Side[];
  const links: Link[] = [];
  for (let i = 0; i < relations.length; i++) {
    if (!wanted[i]) continue;
    const rel = relations[i] as Extract<Token, { kind: 'rel' }>;
    links.push({ left: ready[i], right: ready[i + 1], approx: rel.approx, relation: text.slice(rel.start, rel.end) });
  }
  return { links, next };
}

function cleanEnd(text: string, at: number): boolean {
  const c = text[at];
  if (c === undefined || /\s/.test(c) || /[,;:!?)]/.test(c)) return true;
  return c === '.' && (text[at + 1] === undefined || /\s/.test(text[at + 1]));
}

function nextSolid(tokens: readonly Token[], k: number): number {
  while (k < tokens.length && tokens[k].kind === 'ws') k++;
  return k;
}

function readQuantity(tokens: readonly Token[], k: number): { operand: Operand; next: number } | undefined {
  k = nextSolid(tokens, k);
  if (!startsQuantity(tokens, k)) return undefined;
  const value: Token[] = [];
  const start = k;
  if (tokens[k].kind === 'unit') value.push(tokens[k++]);
  value.push(tokens[k++]);
  if (tokens[k]?.kind === 'pct') value.push(tokens[k++]);
  const numerators: string[] = [];
  const denominators: string[] = [];
  let words = 0;
  let perNext = false;
  let phraseEnd = tokens[k - 1].end;
  for (;;) {
    const j = nextSolid(tokens, k);
    const t = tokens[j];
    if (t?.kind === 'word') {
      if (/^x$/i.test(t.text) && startsQuantity(tokens, nextSolid(tokens, j + 1))) break;
      // A lone letter is an unknown ("7/x + 14/y = 4"), not a unit; "a" is the article.
      if (SCALE_WORDS.test(t.text) || ++words > MAX_PHRASE_WORDS || (t.text.length === 1 && !/^a$/i.test(t.text))) return undefined;
      // "1/3 of Solomon": a fraction of something, not a number of units.
      if (words === 1 && /^of$/i.test(t.text) && dividedBefore(tokens, start)) return undefined;
      if (/^per$/i.test(t.text)) perNext = true;
      else (perNext ? denominators : numerators).push(t.text.toLowerCase());
      if (!/^per$/i.test(t.text)) perNext = false;
      k = j + 1;
      phraseEnd = t.end;
      continue;
    }
    // "$20/hour": a slash before a word makes a rate, not a division.
    if (t?.kind === 'op' && t.op === '/' && tokens[j + 1]?.kind === 'word' && tokens[j + 1].start === t.end) {
      const w = tokens[j + 1] as Extract<Token, { kind: 'word' }>;
      if (SCALE_WORDS.test(w.text) || w.text.length === 1) return undefined;
      denominators.push(w.text.toLowerCase());
      k = j + 2;
      phraseEnd = w.end;
      continue;
    }
    break;
  }
  if (value[0].kind === 'unit') numerators.push('$');
  const last = value[value.length - 1];
  return { operand: { tokens: value, numerators, denominators, start: value[0].start, end: last.end, phraseEnd }, next: k };
}

/** The number at `k` is a denominator: a slash comes before it. */
function dividedBefore(tokens: readonly Token[], k: number): boolean {
  let j = k - 1;
  while (j >= 0 && tokens[j].kind === 'ws') j--;
  return tokens[j]?.kind === 'op' && (tokens[j] as Extract<Token, { kind: 'op' }>).op === '/';
}

function sideOf(text: string, operands: Operand[], ops: Token[], withWords: boolean): Side | undefined {
  const tokens: Token[] = [];
  operands.forEach((o, i) => {
    tokens.push(...o.tokens);
    if (ops[i]) tokens.push(ops[i]);
  });
  const parsed = parseExpression(tokens, { text });
  if (!parsed) return undefined;
  const start = operands[0].start;
  const lastOperand = operands[operands.length - 1];
  const end = withWords ? lastOperand.phraseEnd : lastOperand.end;
  const side = { start, end, source: text.slice(start, end), parsed, tokens, before: text.slice(Math.max(0, start - PEEK), start), after: text.slice(end, end + PEEK) };
  return cutByContext(side) ? { ...side, parsed: null, cut: true } : side;
}
