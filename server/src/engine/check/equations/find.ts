import { parseExpression, type ParsedExpression } from '../math/expression';
import type { Token, TokenKind } from '../math/tokens';
import { cutByContext } from './readings';

/** One side of a written equality, with where it is and what it says. */
export interface Side {
  start: number;
  end: number;
  source: string;
  parsed: ParsedExpression | null;
  /** The side's tokens, for checks that read it otherwise (with unknowns). */
  tokens: readonly Token[];
  /** A word or a symbol cut the side ("f'(x) = …"): only part of it is here. */
  cut?: boolean;
  /** A word follows the side ("= 90 cents"): the number may be in another unit than the one before. */
  wordAfter?: boolean;
  /** A little of the text just before and just after the side: what other readings look at (readings.ts). */
  before?: string;
  after?: string;
}

/** How much text around a side `readings.ts` looks at. */
export const PEEK = 24;

/** `a = b` (or `a ≈ b`) as written, two neighbouring sides of a chain `a = b = c`. */
export interface Link {
  left: Side;
  right: Side;
  approx: boolean;
  relation: string;
}

/** Kinds that can belong to an arithmetic run; a word or punctuation ends the run. */
export const RUN_KINDS: ReadonlySet<TokenKind> = new Set<TokenKind>(['num', 'op', 'open', 'close', 'rel', 'pct', 'unit', 'cmd', 'var', 'ws', 'sup', 'fact']);

/**
 * Every chain of equalities in the tokens, as links between neighbouring sides. A side that
 * cannot be read for sure (an unknown in it, a word cut it in half, unbalanced brackets) is
 * kept with `parsed: null`, so its links are skipped rather than guessed at.
 */
export function findLinks(text: string, tokens: readonly Token[]): Link[] {
  const links: Link[] = [];
  let k = 0;
  while (k < tokens.length) {
    if (!RUN_KINDS.has(tokens[k].kind)) {
      k++;
      continue;
    }
    const runStart = k;
    while (k < tokens.length && RUN_KINDS.has(tokens[k].kind)) k++;
    const run = tokens.slice(runStart, k);
    if (!run.some((t) => t.kind === 'rel')) continue;
    // One at a time: spreading a run of 100,000 links into push() overflows the stack.
    for (const link of linksOfRun(text, run, tokens[runStart - 1], tokens[k])) links.push(link);
  }
  return links;
}

function linksOfRun(text: string, run: Token[], before: Token | undefined, after: Token | undefined): Link[] {
  const parts: Token[][] = [[]];
  const relations: Array<Extract<Token, { kind: 'rel' }>> = [];
  for (const t of run) {
    if (t.kind === 'rel') {
      relations.push(t);
      parts.push([]);
    } else {
      parts[parts.length - 1].push(t);
    }
  }
  const sides = parts.map((part, i) => {
    let tokens = trimWs(part);
    if (i === 0) tokens = dropUnmatchedOpeners(tokens);
    if (i === parts.length - 1) tokens = dropUnmatchedClosers(tokens);
    return sideOf(text, tokens, {
      cutBefore: i === 0 && cutByWordBefore(text, tokens, part, before),
      cutAfter: i === parts.length - 1 && cutByWordAfter(tokens, after),
    });
  });
  const last = sides[sides.length - 1];
  if (last && after?.kind === 'word') last.wordAfter = true;
  const links: Link[] = [];
  for (let i = 0; i < relations.length; i++) {
    const left = sides[i];
    const right = sides[i + 1];
    if (!left || !right) continue;
    links.push({ left, right, approx: relations[i].approx, relation: text.slice(relations[i].start, relations[i].end) });
  }
  return links;
}

function sideOf(text: string, tokens: Token[], cut: { cutBefore: boolean; cutAfter: boolean }): Side | undefined {
  if (tokens.length === 0) return undefined;
  const start = tokens[0].start;
  const end = tokens[tokens.length - 1].end;
  const source = text.slice(start, end);
  const around = { before: text.slice(Math.max(0, start - PEEK), start), after: text.slice(end, end + PEEK) };
  const isCut = cut.cutBefore || cut.cutAfter || cutByContext({ source, ...around });
  const parsed = isCut ? null : parseExpression(tokens, { text });
  return { start, end, source, parsed, tokens, ...around, ...(isCut ? { cut: true } : {}) };
}

function trimWs(tokens: Token[]): Token[] {
  let a = 0;
  let b = tokens.length;
  while (a < b && tokens[a].kind === 'ws') a++;
  while (b > a && tokens[b - 1].kind === 'ws') b--;
  return tokens.slice(a, b);
}

/** "(3 * 4 = 12 eggs)": the bracket opened before the equation is prose, not part of it. */
function dropUnmatchedOpeners(tokens: Token[]): Token[] {
  let depth = 0;
  let minDepth = 0;
  for (const t of tokens) {
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    minDepth = Math.min(minDepth, depth);
  }
  let extra = depth - minDepth;
  let a = 0;
  // "\boxed{150 \div 3 = 50}": the box opened before the equation is layout too.
  const boxOpens = (k: number) => tokens[k].kind === 'cmd' && (tokens[k] as { name: string }).name === 'group' && tokens[k + 1]?.kind === 'open';
  while (extra > 0 && a < tokens.length && (tokens[a].kind === 'open' || tokens[a].kind === 'ws' || tokens[a].kind === 'unit' || boxOpens(a))) {
    if (tokens[a].kind === 'open') extra--;
    a++;
  }
  return trimWs(tokens.slice(a));
}

function dropUnmatchedClosers(tokens: Token[]): Token[] {
  let depth = 0;
  let extra = 0;
  for (const t of tokens) {
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') {
      if (depth > 0) depth--;
      else extra++;
    }
  }
  let b = tokens.length;
  while (extra > 0 && b > 0 && (tokens[b - 1].kind === 'close' || tokens[b - 1].kind === 'ws')) {
    if (tokens[b - 1].kind === 'close') extra--;
    b--;
  }
  return trimWs(tokens.slice(0, b));
}

/**
 * "12 apples + 3 = 15": the left side starts with an operator right after a word, so the word
 * is an operand and the side as written is only half of it.
 */
function cutByWordBefore(text: string, tokens: Token[], raw: Token[], before: Token | undefined): boolean {
  const first = tokens[0];
  // A symbol the reader skipped may have been an operator of this side ("1 ∸ 3/4").
  if (before?.kind === 'unread') return true;
  // "sin(0) = 0", "F'(3) = -4": a name glued to the bracket makes it a function's argument.
  if (first && before && raw[0] === first && before.end === first.start && (before.kind === 'word' || before.kind === 'var' || isPrime(text, before))) return true;
  // "60 questions x 40/100 = 24", "twice 5 = 10": a word that multiplies makes the side half an operand.
  if (first && before?.kind === 'word' && OPERATOR_WORDS.test(before.text)) return true;
  if (!first || first.kind !== 'op') return false;
  if (before === undefined) return first.op !== '-' && first.op !== '+';
  if (before.kind !== 'word' && before.kind !== 'var') return first.op !== '-' && first.op !== '+';
  // "is -3 + 5": a minus glued to its number after a space is a sign; "apples - 3" is not.
  const second = tokens[1];
  const gluedSign = first.op === '-' && second !== undefined && second.start === first.end && second.kind !== 'ws' && raw[0]?.kind === 'ws';
  return !gluedSign;
}

/** Words that act on the number after them. */
const OPERATOR_WORDS = /^(x|times|twice|half|double|triple|thrice|plus|minus|over)$/i;

const isPrime = (text: string, t: Token) => t.kind === 'stop' && t.end - t.start === 1 && /['′’]/.test(text[t.start]);

/** "= 5 + x" or "= 3 times": the right side runs on into a word. */
function cutByWordAfter(tokens: Token[], after: Token | undefined): boolean {
  const last = tokens[tokens.length - 1];
  if (!last) return false;
  if (last.kind === 'op') return true;
  if (after?.kind === 'unread') return true;
  // "= 2x" in prose: a letter glued to the number makes it a term of an unknown.
  return after !== undefined && after.kind === 'var' && after.start === last.end;
}
