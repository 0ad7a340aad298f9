import type { Solution } from '../../solution/types';
import { compileExpression, decimal, formatDecimal, isBigNumber, type CompiledExpression, type Decimal } from '../math/evaluate';
import { mathRegions, tokenize } from '../math/tokens';
import type { Draft } from '../registry';
import type { StepReport } from '../report';
import { findLinks, type Link } from './find';
import { NOT_SCALAR_ALGEBRA, POINTS } from './rewrites';

import { factorSymbols, GREEK, symbolicSide, symbolTokens, SymbolNames } from './symbols';

/**
 * An equation rearranged from the one just before it ("xy = xy + 6y - 2x - 12", "rearranging
 * terms gives 6y - 2x = -12"), checked exactly: with each moved to one side, D1 = L1 - R1 and
 * D2 = L2 - R2, a right rearrangement (terms moved, both sides scaled or simplified) makes
 * D2 = λ·D1 for a constant λ. When instead D2 = λ·D1 + k for constants λ ≠ 0 and k ≠ 0, at
 * every point where the first equation holds the second one is off by k: it cannot follow.
 * Anything else (D2 = x·D1, a square, a substitution of another fact) is not judged: the
 * second equation may come from more than the first one. Inequalities the same way, each read
 * as D < 0 (or D ≤ 0): D2 = λ·D1 with λ < 0 says the opposite of the first one ("-2x < 6, so
 * x < -3"), which holds nowhere the first one holds. A constant k between inequalities is not
 * judged: "n < 5, so n ≤ 4" is right for whole numbers.
 *
 * Only between equations that are clearly one derivation: in the same symbols, next to each
 * other with nothing but deduction words between them ("so", "\implies", "we get", a new
 * display), or across two steps when the second opens with "Simplifying…", "Rearranging…",
 * "Expanding…". Never a value (`x = 3`), two sides written the same way twice (`a + b = 5 …
 * a + b = 7` are cases), or a step with vectors, sums, congruences or derivatives.
 */
export function checkRearrangements(solution: Solution, reports?: readonly Pick<StepReport, 'derive'>[]): Draft[] {
  const cached = reports && reports.length === solution.steps.length ? reports : undefined;
  const out: Draft[] = [];
  let previous: Relation | undefined;
  // Equations of the steps before, newest last, each with the text of its step: premises a substitution may use.
  const earlier: Array<{ relation: Relation; step: number }> = [];
  solution.steps.forEach((step, s) => {
    const read = cached ? cached[s].derive(readRelations) : readRelations(step.text);
    if (read.relations.length > 0 && previous && SUBSTITUTE_LEAD.test(normalizeGap(read.lead))) {
      const judged = judgeSubstitutionOnce(previous, earlier, read.relations[0], solution.steps.slice(Math.max(0, s - PREMISE_STEPS - 1), s + 1).map((t) => t.text), s);
      if (judged) {
        const relation = read.relations[0];
        out.push({ message: judged, span: { start: step.textStart + relation.start, end: step.textStart + relation.end }, stepIndex: step.index });
      }
    }
    for (const relation of read.relations) earlier.push({ relation, step: s });
    // Only the last few steps are in reach: a long document keeps a short list.
    while (earlier.length > 0 && earlier[0].step < s - PREMISE_STEPS - 1) earlier.shift();
    if (earlier.length > MAX_PREMISES) earlier.splice(0, earlier.length - MAX_PREMISES);
    read.relations.forEach((relation, r) => {
      const before =
        r === 0
          ? previous && REWRITE_LEAD.test(normalizeGap(read.lead))
            ? previous
            : undefined
          : parallel(read.gaps, r)
            ? read.relations[r - 2]
            : deductive(read.gaps[r - 1])
              ? read.relations[r - 1]
              : undefined;
      const judged = before && judge(before, relation);
      if (judged) out.push({ message: judged, span: { start: step.textStart + relation.start, end: step.textStart + relation.end }, stepIndex: step.index });
    });
    previous = read.relations.length > 0 ? read.relations[read.relations.length - 1] : read.hasText ? undefined : previous;
  });
  return out;
}

/** One equation over symbols, as the last link of its chain (before) and the first (after). */
export interface Relation {
  start: number;
  end: number;
  /** The link compared with the equation before it, and the one the next equation is compared with. */
  first: Shown;
  last: Shown;
}

interface Shown {
  /** `=`, or an inequality read as D < 0 or D ≤ 0. */
  inequality: boolean;
  source: string;
  left: string;
  right: string;
  symbols: string;
  /** `x = 3/4`: a value found, which the solved-equation check judges. */
  value: boolean;
  /** D = L - R at the fixed points (the k-th symbol at the k-th coordinate). */
  values: ReadonlyArray<Decimal | undefined>;
  /**
   * D at the substitution points, where each symbol's coordinate depends on its name alone, so
   * premises with other symbols are read at the same points; computed once, when first asked.
   */
  atNamedPoints?: () => NamedValues;
}

export interface StepRelations {
  relations: Relation[];
  /** The text before the first relation. */
  lead: string;
  /** gaps[r]: the text between relation r - 1 and relation r. */
  gaps: string[];
  /** Whether the step says anything with no relation read: it then breaks a derivation. */
  hasText: boolean;
}

const SYMBOL_IN_MATH = new RegExp(`(?:^|[^\\\\A-Za-z])[A-Za-z]|\\\\(?:${[...GREEK].join('|')})(?![A-Za-z])`);
const GLUED_UNKNOWN = /\d[A-Za-z](?![A-Za-z])/;
const RELATION_SIGN = /[=<>≤≥]|\\[lg][et]/;

const NONE: StepRelations = { relations: [], lead: '', gaps: [], hasText: true };

/** What one step text holds for this check; it depends on the text alone, so it is cached with it. */
export function readRelations(text: string): StepRelations {
  // Symbols are read in math mode only, and an equation needs a relation sign.
  if (!RELATION_SIGN.test(text) || !(text.includes('$') || text.includes('\\(') || text.includes('\\['))) return text.trim() ? NONE : { ...NONE, hasText: false };
  // "$5 × 3 = $15" is money, not math with symbols: reading such a step again is most of the cost.
  // A letter glued to a number ("2p - 2 + 2p = $1") is an unknown in plain text too.
  if (!GLUED_UNKNOWN.test(text) && !mathRegions(text).some(([start, end]) => SYMBOL_IN_MATH.test(text.slice(start, end)))) return NONE;
  if (NOT_SCALAR_ALGEBRA.test(text)) return NONE;
  const symbolic = symbolTokens(text, tokenize(text)).map((t) => (t.kind !== 'rel' && INEQUALITY.test(text.slice(t.start, t.end)) ? { kind: 'rel' as const, start: t.start, end: t.end, approx: false } : t));
  const links = findLinks(text, symbolic);
  const names = new SymbolNames();
  const factors = factorSymbols(symbolic);
  const relations: Relation[] = [];
  const gaps: string[] = [];
  let lead = '';
  let chain: Link[] = [];
  let lastEnd = 0;
  const close = () => {
    if (chain.length === 0) return;
    const first = shown(chain[0], names, factors);
    const last = chain.length === 1 ? first : shown(chain[chain.length - 1], names, factors);
    const start = chain[0].left.start;
    const end = chain[chain.length - 1].right.end;
    if (first && last) {
      if (relations.length === 0) lead = text.slice(0, start);
      else gaps.push(text.slice(lastEnd, start));
      relations.push({ start, end, first, last });
    } else {
      // An equation not read breaks the derivation: nothing after it is compared with what came before.
      if (relations.length === 0) lead = text.slice(0, end) + '=';
      else gaps.push(text.slice(lastEnd, end) + '=');
      relations.push({ start, end, first: BROKEN, last: BROKEN });
    }
    lastEnd = end;
    chain = [];
  };
  for (const link of links) {
    if (chain.length > 0 && chain[chain.length - 1].right !== link.left) close();
    chain.push(link);
  }
  close();
  const kept = relations.filter((r) => r.first !== BROKEN);
  if (kept.length === relations.length) return { relations, lead, gaps, hasText: true };
  // Broken relations are dropped, their text left in the gap after them, so it breaks the pair.
  const out: StepRelations = { relations: [], lead: '', gaps: [], hasText: true };
  let pending = lead;
  relations.forEach((r, k) => {
    if (k > 0) pending += gaps[k - 1];
    if (r.first === BROKEN) {
      pending += '=';
      return;
    }
    if (out.relations.length === 0) out.lead = pending;
    else out.gaps.push(pending);
    pending = '';
    out.relations.push(r);
  });
  return out;
}

const BROKEN: Shown = { inequality: false, source: '', left: '', right: '', symbols: '', value: false, values: [] };

function shown(link: Link, names: SymbolNames, factors: ReadonlySet<string>): Shown | undefined {
  const inequality = INEQUALITY.test(link.relation);
  if (link.approx || (link.relation !== '=' && !inequality) || link.left.cut || link.right.cut) return undefined;
  const left = symbolicSide(link.left, names, factors);
  const right = symbolicSide(link.right, names, factors);
  if (!left || !right) return undefined;
  const symbols = [...new Set([...left.symbols, ...right.symbols])].sort();
  if (symbols.length === 0) return undefined;
  const bare = (side: Link['left']) => side.tokens.filter((t) => t.kind !== 'ws').length === 1 && side.tokens.some((t) => t.kind === 'var');
  const value = (bare(link.left) && right.symbols.length === 0) || (bare(link.right) && left.symbols.length === 0);
  let compiled: CompiledExpression;
  try {
    compiled = compileExpression(GREATER.test(link.relation) ? `(${right.mathjs}) - (${left.mathjs})` : `(${left.mathjs}) - (${right.mathjs})`);
  } catch {
    return undefined;
  }
  const letters = symbols.map((s) => names.letter(s) as string);
  const values = POINTS.map((point) => {
    const scope: Record<string, Decimal> = {};
    letters.forEach((l, k) => (scope[l] = point[k]));
    try {
      const v = compiled.evaluate(scope);
      return isBigNumber(v) && v.isFinite() && v.abs().lt(LARGE) ? v : undefined;
    } catch {
      return undefined;
    }
  });
  const squash = (s: string) => s.replace(/\s+/g, '');
  let named: NamedValues | undefined;
  const atNamedPoints = (): NamedValues => {
    if (named) return named;
    const exact = NAMED_POINTS.map((_, p) => {
      const scope: Record<string, Decimal> = {};
      symbols.forEach((symbol, k) => (scope[letters[k]] = namedCoordinate(symbol, p)));
      try {
        const v = compiled.evaluate(scope);
        return isBigNumber(v) && v.isFinite() && v.abs().lt(LARGE) ? v : undefined;
      } catch {
        return undefined;
      }
    });
    named = { exact, approx: exact.map((v) => (v === undefined ? undefined : v.toNumber())) };
    return named;
  };
  return { inequality, source: `${link.left.source} ${link.relation} ${link.right.source}`, left: squash(link.left.source), right: squash(link.right.source), symbols: symbols.join(','), value, values, atNamedPoints };
}

const LARGE = decimal('1e200');

/** Inequality signs, as the tokenizer leaves them (stops) or does not read them (`\leqslant`). */
const INEQUALITY = /^(?:<|>|≤|≥|\\(?:lt|gt|le|leq|ge|geq|leqslant|geqslant))$/;
const GREATER = /^(?:>|≥|\\(?:gt|ge|geq|geqslant))$/;

/** The message when `after` cannot follow from `before`, or undefined. */
function judge(before: Relation, after: Relation): string | undefined {
  const a = before.last;
  const b = after.first;
  // A value found (`x = 3/4`) is the solved-equation check's; a bound (`x < -3`) is this one's.
  if (a.symbols !== b.symbols || a.inequality !== b.inequality || (!a.inequality && (a.value || b.value))) return undefined;
  // One expression written twice with two values ("a + b = 5 … 7 = a + b") is a list of cases.
  if (a.left === b.left || a.right === b.right || a.left === b.right || a.right === b.left) return undefined;
  const pairs: Array<[Decimal, Decimal]> = [];
  a.values.forEach((x, k) => {
    const y = b.values[k];
    if (x !== undefined && y !== undefined) pairs.push([x, y]);
  });
  if (pairs.length < 4) return undefined;
  // λ from the two points furthest apart in D1; then every point must fit D2 = λ·D1 + k.
  let lo = pairs[0];
  let hi = pairs[0];
  for (const p of pairs) {
    if (p[0].lt(lo[0])) lo = p;
    if (p[0].gt(hi[0])) hi = p;
  }
  const spread = hi[0].sub(lo[0]);
  let scale = decimal(1);
  for (const [x, y] of pairs) scale = Decimal_max(scale, x.abs(), y.abs());
  if (spread.abs().lte(scale.mul(TIGHT))) return undefined;
  const lambda = hi[1].sub(lo[1]).div(spread);
  if (lambda.abs().lte(TIGHT)) return undefined;
  const k = lo[1].sub(lambda.mul(lo[0]));
  if (!pairs.every(([x, y]) => y.sub(lambda.mul(x)).sub(k).abs().lte(scale.mul(TIGHT)))) return undefined;
  if (a.inequality) {
    if (lambda.gt(0) || k.abs().gt(scale.mul(LOOSE))) return undefined;
    return `${b.source} does not follow from ${a.source}: it is the same inequality turned the wrong way, false wherever that one holds.`;
  }
  if (k.abs().lte(scale.mul(LOOSE))) return undefined;
  const off = k.gt(0) ? `its left side is ${formatDecimal(k)} more than its right side` : `its left side is ${formatDecimal(k.neg())} less than its right side`;
  return `${b.source} does not follow from ${a.source}: wherever that holds, ${off}.`;
}

/** A step that opens by putting the equation the step before ended with into another one. */
const SUBSTITUTE_LEAD = /^(?:(?:then|now|next|so|thus|hence|first|second|finally)\s+)?(?:substituting|plugging|putting|inserting)\b[a-z0-9 ]*$/;

/** Words after which two equations may belong to different cases or hypotheses. */
const CASES = /\b(?:case|cases|suppose|assume|assuming|otherwise|alternatively|either|contradiction|if)\b/i;

/** How far back a premise of a substitution is looked for, in steps, and how many at most. */
const PREMISE_STEPS = 4;
const MAX_PREMISES = 24;
/** Premises tried against one substitution, the newest. */
const MAX_CANDIDATES = 8;

interface NamedValues {
  exact: ReadonlyArray<Decimal | undefined>;
  /** The same in doubles, for the quick fit. */
  approx: ReadonlyArray<number | undefined>;
}

/** The substitution points: nine, each symbol's coordinate at each a rational that depends on its name. */
const NAMED_POINTS = Array.from({ length: 9 }, (_, p) => p);
const coordinates = new Map<string, Decimal[]>();

function namedCoordinate(symbol: string, p: number): Decimal {
  let row = coordinates.get(symbol);
  if (!row) {
    // FNV-1a of the name: two symbols share no coordinate by chance.
    let h = 2166136261;
    for (let i = 0; i < symbol.length; i++) h = Math.imul(h ^ symbol.charCodeAt(i), 16777619) >>> 0;
    row = NAMED_POINTS.map((q) => decimal(((h >>> (q % 8)) % 9973) + 11).div(decimal(((h >>> ((q + 3) % 11)) % 89) + 97)).add(q % 3));
    if (coordinates.size < 10000) coordinates.set(symbol, row);
  }
  return row[p];
}

/**
 * "ab = 4. Substituting this into Equation 1 (a + ab = 2): a + a(4) = 2". With D = L - R for
 * each, a right substitution gives D = λ·D1 + μ·D2 for the two premises (here a + 4 = 2,
 * λ = -1, μ = 1). When instead D = λ·D1 + μ·D2 + k for constants λ, μ, k none 0 (here 5a - 2 =
 * -5·(ab - 4) + 5·(a + ab - 2) - 12), the new equation is off by k wherever both premises hold:
 * it cannot follow from them, whatever else is known. Not judged when any premise in reach
 * gives it exactly, when the premises are one equation twice or contradict each other, or when
 * the steps between speak of cases or assumptions.
 */
/**
 * The judgment of a substitution, kept with the equation judged: a keystroke elsewhere leaves
 * its premises and texts the same objects, and the fit is not solved again.
 */
const judgedSubstitutions = new WeakMap<Relation, { key: readonly unknown[]; message: string | undefined }>();

function judgeSubstitutionOnce(
  last: Relation,
  earlier: ReadonlyArray<{ relation: Relation; step: number }>,
  after: Relation,
  texts: readonly string[],
  s: number,
): string | undefined {
  const key = [last, s, ...texts, ...earlier.flatMap((e) => [e.relation, e.step])];
  const known = judgedSubstitutions.get(after);
  if (known && known.key.length === key.length && known.key.every((k, i) => k === key[i])) return known.message;
  const first = s - (texts.length - 1);
  const message = judgeSubstitution(last, earlier, after, (from) => texts.slice(Math.max(0, from - first)).join(' '));
  judgedSubstitutions.set(after, { key, message });
  return message;
}

function judgeSubstitution(
  last: Relation,
  earlier: ReadonlyArray<{ relation: Relation; step: number }>,
  after: Relation,
  textFrom: (step: number) => string,
): string | undefined {
  const d = after.first;
  const p = last.last;
  if (d.inequality || d.value || p.inequality || p.value || !d.atNamedPoints || !p.atNamedPoints) return undefined;
  const lastStep = earlier.length > 0 ? earlier[earlier.length - 1].step : 0;
  const candidates = earlier
    .filter(({ relation, step }) => relation !== last && step >= lastStep - PREMISE_STEPS)
    .map(({ relation, step }) => ({ shown: relation.last, step }))
    .filter(({ shown }) => !shown.inequality && !shown.value && shown.atNamedPoints)
    .slice(-MAX_CANDIDATES);
  const fits = candidates.map((c) => ({ ...c, fit: fitPremises(p, c.shown, d) }));
  // Any premise in reach it follows from, exactly: a right substitution.
  if (fits.some((f) => f.fit === 'follows')) return undefined;
  for (const f of [...fits].reverse()) {
    if (f.fit === undefined || f.fit === 'follows') continue;
    if (CASES.test(textFrom(f.step))) return undefined;
    // Solved at 64 digits: shown as the number it is, not its last digit's rounding.
    const k = f.fit.toDecimalPlaces(30);
    const off = k.gt(0) ? `its left side is ${formatDecimal(k)} more than its right side` : `its left side is ${formatDecimal(k.neg())} less than its right side`;
    return `${d.source} does not follow from ${p.source} and ${f.shown.source}: wherever both hold, ${off}.`;
  }
  return undefined;
}

/** D = λ·P1 + μ·P2 + k at every point: 'follows' when k is 0, k when it is not, undefined when it does not fit or is not one fit. */
function fitPremises(p1: Shown, p2: Shown, d: Shown): Decimal | 'follows' | undefined {
  const symbols = [...new Set([...p1.symbols.split(','), ...p2.symbols.split(',')])].sort();
  if (symbols.length > 6 || !d.symbols.split(',').every((s) => symbols.includes(s))) return undefined;
  // Both premises must share a symbol with the new equation: it is one put into the other.
  const shares = (x: Shown) => x.symbols.split(',').some((s) => d.symbols.split(',').includes(s));
  if (!shares(p1) || !shares(p2)) return undefined;
  const [first, second, result] = [p1.atNamedPoints?.(), p2.atNamedPoints?.(), d.atNamedPoints?.()];
  if (!first || !second || !result) return undefined;
  const quickRows: Array<[number, number, number]> = [];
  const rows: Array<[Decimal, Decimal, Decimal]> = [];
  for (let k = 0; k < NAMED_POINTS.length; k++) {
    const [a, b, y] = [first.exact[k], second.exact[k], result.exact[k]];
    if (a === undefined || b === undefined || y === undefined) return undefined;
    rows.push([a, b, y]);
    quickRows.push([first.approx[k] as number, second.approx[k] as number, result.approx[k] as number]);
  }
  // In doubles first: most pairs do not fit at all, and 64-digit arithmetic is what costs.
  const quick = quickFit(quickRows);
  if (quick !== 'fits') return quick;
  const one = decimal(1);
  const det3 = (m: Decimal[][]) =>
    m[0][0].mul(m[1][1].mul(m[2][2]).sub(m[1][2].mul(m[2][1]))).sub(m[0][1].mul(m[1][0].mul(m[2][2]).sub(m[1][2].mul(m[2][0])))).add(m[0][2].mul(m[1][0].mul(m[2][1]).sub(m[1][1].mul(m[2][0]))));
  const [r0, r1, r2] = rows;
  const m = [
    [r0[0], r0[1], one],
    [r1[0], r1[1], one],
    [r2[0], r2[1], one],
  ];
  const det = det3(m);
  let scale = one;
  for (const r of rows) for (const x of r) if (x.abs().gt(scale)) scale = x.abs();
  // The premises one equation twice, or contradicting each other (1 among their combinations): no single fit.
  if (det.abs().lte(scale.pow(3).mul(LOOSE))) return undefined;
  const ys = [r0[2], r1[2], r2[2]];
  const solve = (col: number) => det3(m.map((row, i) => row.map((x, j) => (j === col ? ys[i] : x)))).div(det);
  const [lambda, mu, k] = [solve(0), solve(1), solve(2)];
  if (!rows.every(([a, b, y]) => y.sub(lambda.mul(a)).sub(mu.mul(b)).sub(k).abs().lte(scale.mul(TIGHT)))) return undefined;
  if (k.abs().lte(scale.mul(LOOSE))) return 'follows';
  // A constant alone (`b = b + 3`) or one premise alone is not a substitution.
  if (lambda.abs().lte(LOOSE) || mu.abs().lte(LOOSE)) return undefined;
  return k;
}

/** The fit in doubles: 'fits' (an offset to confirm exactly), 'follows', or undefined (no single fit). */
function quickFit(rows: ReadonlyArray<[number, number, number]>): 'fits' | 'follows' | undefined {
  const det3 = (m: number[][]) =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const m = rows.slice(0, 3).map(([a, b]) => [a, b, 1]);
  const ys = rows.slice(0, 3).map((r) => r[2]);
  let scale = 1;
  for (const r of rows) for (const x of r) scale = Math.max(scale, Math.abs(x));
  const det = det3(m);
  if (!Number.isFinite(det) || Math.abs(det) <= scale ** 3 * 1e-9) return undefined;
  const solve = (col: number) => det3(m.map((row, i) => row.map((x, j) => (j === col ? ys[i] : x)))) / det;
  const [lambda, mu, k] = [solve(0), solve(1), solve(2)];
  if (!rows.every(([a, b, y]) => Math.abs(y - lambda * a - mu * b - k) <= scale * 1e-7)) return undefined;
  return Math.abs(k) <= scale * 1e-9 ? 'follows' : 'fits';
}

const TIGHT = decimal('1e-40');
const LOOSE = decimal('1e-20');

function Decimal_max(...xs: Decimal[]): Decimal {
  return xs.reduce((m, x) => (x.gt(m) ? x : m));
}

/**
 * Words that join two equations of one derivation. "and", "or", "if", "case" and any number or
 * formula between them are not among them: "x = 2 or x = 3" are alternatives.
 */
const DEDUCTION_WORDS = new Set([
  'so', 'thus', 'hence', 'therefore', 'then', 'which', 'this', 'that', 'it', 'gives', 'give', 'giving', 'yields', 'we', 'get', 'have', 'obtain',
  'simplify', 'simplifies', 'simplifying', 'simplified', 'to', 'becomes', 'rearrange', 'rearranging', 'rearranged', 'terms', 'combine', 'combining',
  'collect', 'collecting', 'like', 'expand', 'expanding', 'expanded', 'both', 'sides', 'side', 'the', 'left', 'right', 'implies', 'means', 'now',
  'further', 'finally', 'or', 'equivalently', 'is', 'equation', 'becomes', 'reduces', 'distributing', 'moving', 'all', 'one', 'on',
]);

/** The words between two equations, layout and deduction arrows removed. */
function normalizeGap(gap: string): string {
  return gap
    .replace(/\\text\s*\{([^}]*)\}/g, ' $1 ')
    .replace(/\\(?:implies|Rightarrow|Longrightarrow|therefore|iff|Leftrightarrow|quad|qquad|left|right|displaystyle|\[|\]|\(|\)|,|;|!)/g, ' ')
    .replace(/\\begin\s*\{[^}]*\}|\\end\s*\{[^}]*\}/g, ' ')
    .replace(/\\\\|[$&.,;:*()⟹⇒→∴]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/'s\b/g, '');
}

function deductive(gap: string | undefined): boolean {
  if (gap === undefined) return false;
  const words = normalizeGap(gap);
  if (words === '') return true;
  if (/\bor\b(?! equivalently)/.test(words)) return false;
  return words.split(' ').every((w) => DEDUCTION_WORDS.has(w));
}

/** Words that say what was done to both sides: "divide both sides of the first inequality by 4". */
const OPERATION_WORDS = new Set([
  ...DEDUCTION_WORDS, 'and', 'divide', 'dividing', 'divided', 'multiply', 'multiplying', 'multiplied', 'subtract', 'subtracting', 'add', 'adding',
  'by', 'from', 'of', 'first', 'second', 'inequality', 'inequalities', 'equation', 'equations', 'these', 'them', 'each', 'expand', 'simplify',
]);

/**
 * "A and B. Divide both sides of the first by 4, and of the second by 3: A' and B'": two
 * derivations side by side, so relation r is compared with the one two before it.
 */
function parallel(gaps: readonly string[], r: number): boolean {
  // "2x = a or 2x = b, so x = c or x = d": alternatives pair up as a conjunction does.
  const and = (g: string | undefined) => g !== undefined && /^(?:and|or)$/.test(normalizeGap(g));
  const operation = (g: string | undefined) => {
    const words = g === undefined ? '' : normalizeGap(g);
    return words !== '' && words.split(' ').every((w) => OPERATION_WORDS.has(w) || /^\d+(?:\.\d+)?$|^\d*[a-z]$/.test(w));
  };
  // relation r is the first of the second pair, or the second of it.
  return (and(gaps[r - 2]) && operation(gaps[r - 1]) && and(gaps[r])) || (and(gaps[r - 3]) && operation(gaps[r - 2]) && and(gaps[r - 1]));
}

/** A step that opens by rewriting the equation the step before ended with. */
const REWRITE_LEAD =
  /^(?:(?:then|now|next|so|thus|hence|therefore|first|second|third|finally)\s+)?(?:simplifying|rearranging|expanding|combining like terms|collecting like terms|distributing|this simplifies to|which simplifies to|simplify|rearrange|expand)\b[a-z ]*$/;
