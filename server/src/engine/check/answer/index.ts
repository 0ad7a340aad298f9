import { parseExpression } from '../math/expression';
import { decimal, evaluateClosed, evaluateIn, formatDecimal, mathjs, type Decimal } from '../math/evaluate';
import { tokenize } from '../math/tokens';
import { choiceLetter, isSimpleName, normalizeAnswer, splitTopLevel } from './normalize';

export interface AnswerComparison {
  /** `unknown` when the two cannot be compared for sure: never a finding. */
  verdict: 'equal' | 'different' | 'unknown';
  /** Why, in a few words: "2000 ≠ 1375", "same set", "could not read 'x^y!'". */
  reason: string;
}

/**
 * Compares a final answer with the reference by mathematical equivalence: numbers (fractions,
 * decimals, percentages, roots, π), expressions (by evaluation at random points), tuples and
 * intervals in order, sets and answer lists in any order, multiple-choice letters.
 */
const MAX_ANSWER = 400;

export function compareAnswers(written: string, reference: string): AnswerComparison {
  const w = normalizeAnswer(written);
  const r = normalizeAnswer(reference);
  if (w === '' || r === '') return { verdict: 'unknown', reason: 'empty answer' };
  if (w.length > MAX_ANSWER || r.length > MAX_ANSWER) return { verdict: 'unknown', reason: 'answer too long to compare' };
  if (w === r) return { verdict: 'equal', reason: 'same answer' };

  const refLetter = /^\(?[A-J]\)?$/.test(r) ? choiceLetter(r) : undefined;
  if (refLetter) {
    const letter = choiceLetter(w);
    if (!letter) return { verdict: 'unknown', reason: `the reference is choice ${refLetter}; no choice letter in the answer` };
    if (letter === refLetter) return { verdict: 'equal', reason: `choice ${letter}` };
    // Qwen2.5-Math reads the letter its own way ("C, not a" is A to it): then we cannot be sure.
    if (qwenChoice(w) === refLetter) return unknown(w);
    return { verdict: 'different', reason: `choice ${letter}, not ${refLetter}` };
  }
  const verdict = compareValues(w, r);
  // "\sqrt34" is √3·4 in LaTeX (and to Hendrycks' fix_sqrt) but √34 to Qwen2.5-Math: when only
  // the second reading agrees, the writer may have meant it.
  const bare = /\\sqrt\s*[0-9A-Za-z]{2}/;
  if (verdict.verdict !== 'equal' && (bare.test(written) || bare.test(reference))) {
    const braced = (x: string) => normalizeAnswer(x.replace(/\\sqrt\s*([0-9A-Za-z]+)/g, '\\sqrt{$1}'));
    if (compareValues(braced(written), braced(reference)).verdict === 'equal') {
      return { verdict: 'unknown', reason: 'equal only if an unbraced \\sqrt takes every digit after it' };
    }
  }
  return verdict;
}

/**
 * Qwen2.5-Math's `choice_answer_clean`: after "answer is" / "choice is" the first, else the last
 * of the letters A–E that stand alone once the text is upper-cased.
 */
function qwenChoice(s: string): string | undefined {
  const parts = s.split(/choice is|answer is/);
  const after = parts.length > 1;
  const text = parts[parts.length - 1].trim().replace(/[./]+$/, '').replace(/^:+/, '');
  const letters = [...text.toUpperCase().matchAll(/\b([A-E])\b/g)].map((m) => m[1]);
  return after ? letters[0] : letters[letters.length - 1];
}

type Verdict = AnswerComparison['verdict'];

function compareValues(w: string, r: string): AnswerComparison {
  if (w === r) return { verdict: 'equal', reason: 'same answer' };
  const eq = compareEquations(w, r);
  if (eq) return eq;
  w = linearInequality(w) ?? w;
  r = linearInequality(r) ?? r;
  if (w === r) return { verdict: 'equal', reason: 'same set' };

  // "(-\infty, 1) \cup (2, \infty)": a union is a set of pieces, in any order.
  if (/\\cup/.test(w) || /\\cup/.test(r)) return compareUnordered(w.split(/\\cup/).map((x) => x.trim()), r.split(/\\cup/).map((x) => x.trim()));
  w = unwrap(w);
  r = unwrap(r);

  const wb = brackets(w);
  const rb = brackets(r);
  let wItems = wb?.items ?? splitTopLevel(w);
  let rItems = rb?.items ?? splitTopLevel(r);
  const ordered = (wb !== undefined && wb.open !== '{') || (rb !== undefined && rb.open !== '{');
  if (!ordered) {
    // "1 \pm \sqrt{2}", "\{1 \pm \sqrt5, -2\}": the two values it stands for.
    wItems = wItems.flatMap((x) => plusMinus(x) ?? [x]);
    rItems = rItems.flatMap((x) => plusMinus(x) ?? [x]);
  }
  if (wItems.length > 1 || rItems.length > 1) {
    const named = compareAssignments(wItems, rItems);
    if (named) return named;
    // Only "1000,99" written tight: "32, 349" is a list to Math-Verify.
    const tight = (x: string) => /^-?\d+,\d+$/.test(x);
    const comma = (tight(w) ? decimalComma(wItems, rItems) : undefined) ?? (tight(r) ? decimalComma(rItems, wItems) : undefined);
    if (comma) return comma;
    // A vector or matrix matches any brackets. A set against a tuple, or [1, 2] against (1, 2):
    // the graders disagree on what the brackets mean (Qwen2.5-Math compares the items in
    // order), so only the items could tell.
    const vector = wb?.open === '⟨' || rb?.open === '⟨';
    if (!vector && ordered && wb && rb && (wb.open !== rb.open || wb.close !== rb.close)) {
      const items = wb.open === '{' || rb.open === '{' ? compareUnordered(wItems, rItems) : compareOrdered(wItems, rItems);
      return items.verdict === 'different' ? items : unknown(w);
    }
    return ordered ? compareOrdered(wItems, rItems) : compareUnordered(wItems, rItems);
  }
  return compareScalar(w, r);
}

/** `(⟨1, 2⟩)`, `((1, 2))`, `[⟨…⟩]`: brackets around a single bracketed value add nothing. */
function unwrap(s: string): string {
  for (let guard = 0; guard < 5; guard++) {
    const t = s.trim();
    if (!/^[([]/.test(t) || !/[)\]]$/.test(t)) return t;
    const inner = t.slice(1, -1).trim();
    if (!/^[([{⟨]/.test(inner) || !enclosesAll(t) || !enclosesAll(inner)) return t;
    s = inner;
  }
  return s.trim();
}

/** The opener at 0 closes at the very end: "(1+2)(3)" is not one group. */
function enclosesAll(t: string): boolean {
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if ('([{⟨'.includes(t[i])) depth++;
    else if (')]}⟩'.includes(t[i])) depth--;
    if (depth === 0 && i < t.length - 1) return false;
  }
  return depth === 0;
}

function compareScalar(w: string, r: string): AnswerComparison {
  // An interval's end at infinity: unlike any number and the other infinity.
  const infinity = (x: string) => (/^\+?\\infty$/.test(x) ? 1 : /^-\\infty$/.test(x) ? -1 : 0);
  const wi = infinity(w.replace(/\s/g, ''));
  const ri = infinity(r.replace(/\s/g, ''));
  if (wi !== 0 || ri !== 0) {
    if (wi === ri) return { verdict: 'equal', reason: 'same infinity' };
    if ((wi !== 0 && ri !== 0) || numberOf(wi !== 0 ? r : w)) return { verdict: 'different', reason: `${w} ≠ ${r}` };
    return unknown(w);
  }
  const wn = numberOf(w);
  const rn = numberOf(r);
  if (wn && rn) {
    if (numbersAgree(wn, rn)) return { verdict: 'equal', reason: `${formatDecimal(wn.value)} = ${formatDecimal(rn.value)}` };
    // "1,375" against 1.375: a thousands separator to us, a decimal comma to Math-Verify.
    const european = (x: string, other: NumberValue) => {
      const asDecimal = /^-?[1-9]\d{0,2},\d{3}$/.test(x) ? numberOf(x.replace(',', '.')) : undefined;
      return asDecimal !== undefined && numbersAgree(asDecimal, other);
    };
    if (european(w, rn) || european(r, wn)) return unknown(w);
    return { verdict: 'different', reason: `${formatDecimal(wn.value)} ≠ ${formatDecimal(rn.value)}` };
  }
  const wt = w.toLowerCase();
  const rt = r.toLowerCase();
  if (wt === rt) return { verdict: 'equal', reason: 'same text' };
  const yesNo = /^(yes|no|true|false)$/;
  if (yesNo.test(wt) && yesNo.test(rt)) return { verdict: 'different', reason: `${w}, not ${r}` };
  // A word of three letters or more is prose, not a product of unknowns.
  const prose = /(?<![\\A-Za-z])[A-Za-z]{3,}/;
  if (!prose.test(w.replace(/\\[A-Za-z]+/g, '')) && !prose.test(r.replace(/\\[A-Za-z]+/g, ''))) {
    const symbolic = compareSymbolic(w, r);
    if (symbolic) return symbolic;
  }
  return unknown(w);
}

function plusMinus(s: string): string[] | undefined {
  const parts = s.split(/\\pm|±/);
  if (parts.length !== 2 || parts[0].trim() === '' || parts[1].trim() === '') return undefined;
  const [a, b] = parts.map((p) => p.trim());
  return [`${a}+(${b})`, `${a}-(${b})`];
}

function unknown(w: string): AnswerComparison {
  return { verdict: 'unknown', reason: `could not compare ${JSON.stringify(w)} for sure` };
}

function compareOrdered(ws: string[], rs: string[]): AnswerComparison {
  if (ws.length !== rs.length) return sizeMismatch(ws, rs);
  let worst: Verdict = 'equal';
  for (let i = 0; i < ws.length; i++) {
    const c = compareValues(ws[i], rs[i]);
    if (c.verdict === 'different') return { verdict: 'different', reason: `item ${i + 1}: ${c.reason}` };
    if (c.verdict === 'unknown') worst = 'unknown';
  }
  return worst === 'equal' ? { verdict: 'equal', reason: 'same items in order' } : unknown(ws.join(', '));
}

function compareUnordered(ws: string[], rs: string[]): AnswerComparison {
  if (ws.length !== rs.length) return sizeMismatch(ws, rs);
  const left = [...rs];
  let sure = true;
  for (const w of ws) {
    const match = left.findIndex((r) => compareValues(w, r).verdict === 'equal');
    if (match >= 0) {
      left.splice(match, 1);
      continue;
    }
    if (!left.every((r) => compareValues(w, r).verdict === 'different')) sure = false;
    if (sure) return { verdict: 'different', reason: `${w} is not among the reference answers` };
    return unknown(ws.join(', '));
  }
  return { verdict: 'equal', reason: 'same items' };
}

function sizeMismatch(ws: string[], rs: string[]): AnswerComparison {
  // A count only tells when every item is a plain value; "x, y" vs "(x, y)" may be a notation matter.
  const plain = [...ws, ...rs].every((x) => numberOf(x) !== undefined);
  return plain ? { verdict: 'different', reason: `${ws.length} values, the reference has ${rs.length}` } : unknown(ws.join(', '));
}

/**
 * `f(x) = x + 1` against `f(x)=x+1`, `y = 2x` against `2x`, `x = y` against `y = x`,
 * `2x + 4y - 3 = 0` against `y = -\frac12 x + \frac34`: equations by their right sides when
 * the left sides name the answer, else as relations (one a non-zero multiple of the other).
 */
function compareEquations(w: string, r: string): AnswerComparison | undefined {
  const we = splitEquation(w);
  const re = splitEquation(r);
  if (!we && !re) return undefined;
  if (we && re) {
    if (we.lhs.replace(/\s/g, '') === re.lhs.replace(/\s/g, '')) return compareValues(we.rhs, re.rhs);
    if (sameRelation(we, re)) return { verdict: 'equal', reason: 'equivalent equations' };
    return unknown(w);
  }
  if (we && isSimpleName(we.lhs)) return compareValues(we.rhs, r);
  if (re && isSimpleName(re.lhs)) return compareValues(w, re.rhs);
  return undefined;
}

function splitEquation(s: string): { lhs: string; rhs: string } | undefined {
  const parts = s.split('=');
  if (parts.length !== 2 || /[<>≤≥≠]/.test(s) || splitTopLevel(s).length > 1) return undefined;
  if (parts[0].trim() === '' || parts[1].trim() === '') return undefined;
  return { lhs: parts[0].trim(), rhs: parts[1].trim() };
}

/** Qwen2.5-Math's check_symbolic_equality (L − R equal up to sign), widened to any non-zero factor. */
function sameRelation(a: { lhs: string; rhs: string }, b: { lhs: string; rhs: string }): boolean {
  const fa = symbolicOf(`(${a.lhs})-(${a.rhs})`);
  const fb = symbolicOf(`(${b.lhs})-(${b.rhs})`);
  if (!fa || !fb) return false;
  const names = [...new Set([...fa.symbols, ...fb.symbols])].sort();
  if (names.length === 0 || names.length > 4) return false;
  let ratio: Decimal | undefined;
  let agreed = 0;
  for (let k = 0; k < SAMPLE_POINTS.length; k++) {
    const scope = pointScope(names, k);
    const x = evaluateIn(fa.mathjs, scope);
    const y = evaluateIn(fb.mathjs, scope);
    if (x === undefined || y === undefined) continue;
    if (y.abs().lt(1e-12) || x.abs().lt(1e-12)) {
      if (!(y.abs().lt(1e-12) && x.abs().lt(1e-12))) return false;
      continue;
    }
    const q = x.div(y);
    if (ratio === undefined) ratio = q;
    else if (!close(ratio, q, 1e-9)) return false;
    agreed++;
  }
  return agreed >= 3;
}

/** Each item `x = 1`, `y = 2` on both sides: matched by name, in any order. */
function compareAssignments(ws: string[], rs: string[]): AnswerComparison | undefined {
  const named = (items: string[]) => {
    const pairs = items.map(splitEquation);
    return pairs.every((p) => p !== undefined && isSimpleName(p.lhs)) ? (pairs as Array<{ lhs: string; rhs: string }>) : undefined;
  };
  const wn = named(ws);
  const rn = named(rs);
  if (!wn && !rn) return undefined;
  if (wn && rn) {
    if (wn.length !== rn.length) return unknown(ws.join(', '));
    const key = (x: string) => x.replace(/\s/g, '');
    let worst: Verdict = 'equal';
    for (const p of wn) {
      const q = rn.find((x) => key(x.lhs) === key(p.lhs));
      if (!q) return unknown(ws.join(', '));
      const c = compareValues(p.rhs, q.rhs);
      if (c.verdict === 'different') return { verdict: 'different', reason: `${p.lhs}: ${c.reason}` };
      if (c.verdict === 'unknown') worst = 'unknown';
    }
    return worst === 'equal' ? { verdict: 'equal', reason: 'same values by name' } : unknown(ws.join(', '));
  }
  // Named against bare values (Qwen2.5-Math drops "x=", "y="): in the order written, and never
  // "different" when another order would agree, since the order of the names is not known.
  const wv = wn ? wn.map((p) => p.rhs) : ws;
  const rv = rn ? rn.map((p) => p.rhs) : rs;
  const inOrder = compareOrdered(wv, rv);
  if (inOrder.verdict !== 'different') return inOrder;
  return compareUnordered(wv, rv).verdict === 'different' ? inOrder : unknown(ws.join(', '));
}

/**
 * `1000,99` or `0,111` against one number: Math-Verify reads a decimal comma; Qwen2.5-Math's
 * parse_digits drops commas (`2,4` = `24`), which only makes the pair unknown.
 */
function decimalComma(ws: string[], rs: string[]): AnswerComparison | undefined {
  if (rs.length !== 1 || ws.length !== 2 || !ws.every((x) => /^-?\d+$/.test(x)) || ws[1].startsWith('-')) return undefined;
  const rn = numberOf(rs[0]);
  if (!rn) return undefined;
  const asDecimal = numberOf(`${ws[0]}.${ws[1]}`);
  if (asDecimal && numbersAgree(asDecimal, rn)) return { verdict: 'equal', reason: `${ws[0]},${ws[1]} read with a decimal comma` };
  const joined = numberOf(`${ws[0]}${ws[1]}`);
  if (joined && numbersAgree(joined, rn)) return unknown(ws.join(','));
  return undefined;
}

/**
 * `-x > -1` as `(-\infty, 1)`: an inequality linear in one unknown is the interval it describes
 * (Math-Verify compares relations as sets and reads flipped ones).
 */
function linearInequality(s: string): string | undefined {
  const m = /^([^<>≤≥=≠]+)(<|>|≤|≥)([^<>≤≥=≠]+)$/.exec(s);
  if (!m) return undefined;
  const f = symbolicOf(`(${m[1]})-(${m[3]})`);
  if (!f || new Set(f.symbols).size !== 1) return undefined;
  const name = f.symbols[0];
  const at = (x: number) => evaluateIn(f.mathjs, { [name]: decimal(x) });
  const values = [0, 1, 2, 3].map(at);
  if (values.some((v) => v === undefined)) return undefined;
  const [f0, f1, f2, f3] = values as Decimal[];
  const slope = f1.sub(f0);
  if (slope.abs().lt(1e-12) || !close(f2.sub(f1), slope, 1e-9) || !close(f3.sub(f2), slope, 1e-9)) return undefined;
  const root = formatExact(f0.neg().div(slope));
  // L op R is f op 0, with f = slope·(x − root): a negative slope turns the relation round.
  const op = slope.isNegative() ? ({ '<': '>', '>': '<', '≤': '≥', '≥': '≤' } as Record<string, string>)[m[2]] : m[2];
  if (op === '<') return `(-\\infty, ${root})`;
  if (op === '≤') return `(-\\infty, ${root}]`;
  if (op === '>') return `(${root}, \\infty)`;
  return `[${root}, \\infty)`;
}

function formatExact(v: Decimal): string {
  return v.toDecimalPlaces(30).toString();
}

function brackets(s: string): { open: string; close: string; items: string[] } | undefined {
  const t = s.trim().replace(/^\\\{/, '{').replace(/\\\}$/, '}');
  const open = t[0];
  const close = t[t.length - 1];
  if (!'([{⟨'.includes(open) || !')]}⟩'.includes(close) || t.length < 2) return undefined;
  if (!enclosesAll(t)) return undefined;
  const inner = t.slice(1, -1);
  let items = splitTopLevel(inner);
  // "(12,102)": inside brackets a comma before three digits still separates two values.
  if (items.length === 1) items = splitTopLevel(inner, false);
  if (items.length < 2 && open !== '⟨') return undefined;
  return { open, close, items };
}

interface NumberValue {
  value: Decimal;
  /** Decimal places shown, when the answer is a plain decimal. */
  decimals?: number;
  percent: boolean;
}

function numberOf(s: string): NumberValue | undefined {
  const text = s.trim();
  if (text === '') return undefined;
  const tokens = tokenize(`$${text}$`).slice(1, -1);
  const parsed = parseExpression(tokens);
  if (!parsed) {
    const plain = text.replace(/,(?=\d{3}\b)/g, '');
    if (/^-?\d+(\.\d+)?$/.test(plain)) return { value: decimal(plain), decimals: plain.split('.')[1]?.length ?? 0, percent: false };
    return undefined;
  }
  const value = evaluateClosed(parsed.mathjs, parsed.exponents);
  if (!value) return undefined;
  return { value, decimals: parsed.literal && !parsed.literal.percent ? parsed.literal.decimals : undefined, percent: /%$/.test(text) };
}

function numbersAgree(w: NumberValue, r: NumberValue): boolean {
  return agreesOneWay(w, r) || agreesOneWay(r, w);
}

function agreesOneWay(w: NumberValue, r: NumberValue): boolean {
  const candidates = [r.value];
  // "8%" against "0.08" or "8": the graders accept either reading of a percentage.
  if (w.percent || r.percent) candidates.push(r.value.mul(100), r.value.div(100));
  return candidates.some((c) => {
    // Qwen2.5-Math's numeric_equal: relative tolerance 1e-4.
    if (close(w.value, c, 1e-4)) return true;
    // 0.33 for 1/3: a value rounded to the places the answer shows.
    return w.decimals !== undefined && w.decimals > 0 && !c.eq(c.toDecimalPlaces(w.decimals)) && c.toDecimalPlaces(w.decimals, 4).eq(w.value);
  });
}

function close(a: Decimal, b: Decimal, relative: number): boolean {
  const scale = a.abs().gt(b.abs()) ? a.abs() : b.abs();
  return a.sub(b).abs().lte(scale.mul(relative)) || a.sub(b).abs().lt(1e-12);
}

const SAMPLE_POINTS = [0.7071, 1.3137, 2.1719, 0.4142, 3.0303];

/** Expressions in unknowns: equal when they agree at several points, different when they clearly do not. */
function compareSymbolic(w: string, r: string): AnswerComparison | undefined {
  const we = symbolicOf(w);
  const re = symbolicOf(r);
  if (!we || !re) return undefined;
  const names = [...new Set([...we.symbols, ...re.symbols])].sort();
  if (names.length === 0 || names.length > 4) return undefined;
  let agreed = 0;
  let disagreed = 0;
  for (let k = 0; k < SAMPLE_POINTS.length; k++) {
    const scope = pointScope(names, k);
    const a = evaluateIn(we.mathjs, scope);
    const b = evaluateIn(re.mathjs, scope);
    if (a === undefined || b === undefined) continue;
    if (close(a, b, 1e-9)) agreed++;
    else disagreed++;
  }
  if (disagreed === 0 && agreed >= 3) return { verdict: 'equal', reason: 'equivalent expressions' };
  if (disagreed >= 2 && agreed === 0) return { verdict: 'different', reason: 'the expressions differ' };
  return undefined;
}

function pointScope(names: string[], k: number): Record<string, Decimal> {
  const scope: Record<string, Decimal> = {};
  names.forEach((name, j) => (scope[name] = decimal(SAMPLE_POINTS[(k + j * 2) % SAMPLE_POINTS.length])));
  return scope;
}

/** Read as a product of unknowns, `\\sin x` would be `s·i·n·x`: such answers are not compared. */
const FUNCTIONS = /^(?:sin|cos|tan|sec|csc|cot|arcsin|arccos|arctan|sinh|cosh|tanh|log|ln|lg|exp|max|min|gcd|lcm|det|arg|deg|dim|ker|lim|Pr)$/;

function symbolicOf(s: string): { mathjs: string; symbols: string[] } | undefined {
  const tokens = tokenize(`$${s}$`).slice(1, -1);
  const parsed = parseExpression(tokens, { allowSymbols: true });
  if (!parsed) return undefined;
  try {
    const node = mathjs().parse(parsed.mathjs);
    const symbols = node
      .filter((n) => (n as { isSymbolNode?: boolean }).isSymbolNode === true)
      .map((n) => (n as unknown as { name: string }).name)
      .filter((name) => !['pi', 'e', 'sqrt', 'nthRoot', 'Infinity'].includes(name));
    if (symbols.some((name) => FUNCTIONS.test(name))) return undefined;
    return { mathjs: parsed.mathjs, symbols };
  } catch {
    return undefined;
  }
}
