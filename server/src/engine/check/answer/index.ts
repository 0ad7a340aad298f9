import { parseExpression } from '../math/expression';
import { decimal, evaluateClosed, formatDecimal, mathjs, isBigNumber, type Decimal } from '../math/evaluate';
import { tokenize } from '../math/tokens';
import { choiceLetter, normalizeAnswer, splitTopLevel } from './normalize';

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
    return letter === refLetter ? { verdict: 'equal', reason: `choice ${letter}` } : { verdict: 'different', reason: `choice ${letter}, not ${refLetter}` };
  }
  return compareValues(w, r);
}

type Verdict = AnswerComparison['verdict'];

function compareValues(w: string, r: string): AnswerComparison {
  const eq = compareEquations(w, r);
  if (eq) return eq;

  // "(-\infty, 1) \cup (2, \infty)": a union is a set of pieces, in any order.
  if (/\\cup/.test(w) || /\\cup/.test(r)) return compareUnordered(w.split(/\\cup/).map((x) => x.trim()), r.split(/\\cup/).map((x) => x.trim()));
  // "1 \pm \sqrt{2}": the two values it stands for.
  const wp = plusMinus(w);
  const rp = plusMinus(r);
  if (wp || rp) return compareUnordered(wp ?? splitTopLevel(w), rp ?? splitTopLevel(r));

  const wb = brackets(w);
  const rb = brackets(r);
  const wItems = splitTopLevel(wb?.inner ?? w);
  const rItems = splitTopLevel(rb?.inner ?? r);
  if (wItems.length > 1 || rItems.length > 1) {
    const ordered = (wb !== undefined && wb.open !== '{') || (rb !== undefined && rb.open !== '{');
    // A set against a tuple, or [1, 2] against (1, 2): the graders disagree on what the brackets
    // mean (Qwen2.5-Math compares the items in order), so only the items could tell.
    if (ordered && wb && rb && (wb.open !== rb.open || wb.close !== rb.close)) return unknown(w);
    return ordered ? compareOrdered(wItems, rItems) : compareUnordered(wItems, rItems);
  }
  return compareScalar(wb ? w : w, rb ? r : r);
}

function compareScalar(w: string, r: string): AnswerComparison {
  const wn = numberOf(w);
  const rn = numberOf(r);
  if (wn && rn) {
    if (numbersAgree(wn, rn)) return { verdict: 'equal', reason: `${formatDecimal(wn.value)} = ${formatDecimal(rn.value)}` };
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

/** `f(x) = x + 1` against `f(x)=x+1`, or `y = 2x` against `2x`. */
function compareEquations(w: string, r: string): AnswerComparison | undefined {
  const we = splitEquation(w);
  const re = splitEquation(r);
  if (!we && !re) return undefined;
  if (we && re) {
    if (we.lhs.replace(/\s/g, '') !== re.lhs.replace(/\s/g, '')) return unknown(w);
    return compareValues(we.rhs, re.rhs);
  }
  if (we && !re && /^[A-Za-z](\(\w\))?$/.test(we.lhs.trim())) return compareValues(we.rhs, r);
  if (re && !we && /^[A-Za-z](\(\w\))?$/.test(re.lhs.trim())) return compareValues(w, re.rhs);
  return undefined;
}

function splitEquation(s: string): { lhs: string; rhs: string } | undefined {
  const parts = s.split('=');
  if (parts.length !== 2 || /[<>≤≥]/.test(s)) return undefined;
  return { lhs: parts[0], rhs: parts[1] };
}

function brackets(s: string): { open: string; close: string; inner: string } | undefined {
  const t = s.trim().replace(/^\\\{/, '{').replace(/\\\}$/, '}');
  const open = t[0];
  const close = t[t.length - 1];
  if (!'([{'.includes(open) || !')]}'.includes(close) || t.length < 2) return undefined;
  // "(1+2)(3)" is not one bracketed group: the opener must close at the very end.
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if ('([{'.includes(t[i])) depth++;
    else if (')]}'.includes(t[i])) depth--;
    if (depth === 0 && i < t.length - 1) return undefined;
  }
  const inner = t.slice(1, -1);
  if (splitTopLevel(inner).length < 2) return undefined;
  return { open, close, inner };
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
    const scope: Record<string, Decimal> = {};
    names.forEach((name, j) => (scope[name] = decimal(SAMPLE_POINTS[(k + j * 2) % SAMPLE_POINTS.length])));
    const a = evaluateAt(we.mathjs, scope);
    const b = evaluateAt(re.mathjs, scope);
    if (a === undefined || b === undefined) continue;
    if (close(a, b, 1e-9)) agreed++;
    else disagreed++;
  }
  if (disagreed === 0 && agreed >= 3) return { verdict: 'equal', reason: 'equivalent expressions' };
  if (disagreed >= 2 && agreed === 0) return { verdict: 'different', reason: 'the expressions differ' };
  return undefined;
}

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
    return { mathjs: parsed.mathjs, symbols };
  } catch {
    return undefined;
  }
}

function evaluateAt(expression: string, scope: Record<string, Decimal>): Decimal | undefined {
  try {
    const v = mathjs().evaluate(expression, { ...scope }) as unknown;
    return isBigNumber(v) && v.isFinite() ? v : undefined;
  } catch {
    return undefined;
  }
}
