import { compileExpression, isBigNumber, formatDecimal, decimal, type CompiledExpression, type Decimal } from '../math/evaluate';
import type { Token } from '../math/tokens';
import type { CheckedEquation } from '.';
import { findLinks, type Link } from './find';
import { factorSymbols, symbolicSide, symbolTokens, SymbolNames, type SymbolicSide } from './symbols';

/**
 * A chain that rewrites one expression, "(x+1)^2 = x^2 + 2x + 1 = …", checked for identity by
 * evaluating both sides of each link at points chosen in advance, on 64-digit decimals. Only
 * where the chain is clearly a rewrite, so an equation to solve is never called wrong:
 *
 * - three sides or more: `2x + 3 = x + 5` alone is an equation as often as an identity, but
 *   nobody solves `a = b = c`;
 * - both sides of the link in the same symbols, so a substitution (`= 9 - 2`), a relation
 *   (`a + b = c`) or a solved value (`x = 3`) is not a rewrite;
 * - both sides of the same degree in every symbol: a step that reduces by a relation stated
 *   elsewhere (`x^3 = x \cdot x^2 = x(2x + 1)` with `x^2 = 2x + 1`) lowers a degree, a slip
 *   (`(x+1)^2 = x^2 + x + 1`) does not;
 * - a step with no vectors, matrices, sums, integrals, limits, derivatives (a prime after a
 *   letter: `f'(x)`, not the apostrophe of "let's") or congruences,
 *   where `·`, juxtaposition and `=` mean something else;
 * - and the sides differ at every point where both have a value: sides equal where they are
 *   defined (`\sqrt{x^2} = x` on the positive points used) are not judged.
 */
export function checkRewrites(text: string, tokens: readonly Token[]): CheckedEquation[] {
  if (!hasSymbolChain(tokens) || NOT_SCALAR_ALGEBRA.test(text)) return [];
  const symbolic = symbolTokens(text, tokens);
  const links = findLinks(text, symbolic);
  const names = new SymbolNames();
  const factors = factorSymbols(symbolic);
  const out: CheckedEquation[] = [];
  for (const chain of chainsOf(links)) {
    if (chain.length < 2) continue;
    // Every side read, and three of them over symbols: "f(x) = 2x + 1 = x + 5" asks for x.
    const sides = [chain[0].left, ...chain.map((l) => l.right)].map((s) => symbolicSide(s, names, factors));
    if (sides.some((s) => s === undefined) || sides.filter((s) => s && s.symbols.length > 0).length < 3) continue;
    for (const link of chain) {
      const judged = judgeRewrite(link, names, factors);
      if (judged) out.push(judged);
    }
  }
  return out;
}

export const NOT_SCALAR_ALGEBRA =
  /\\(mathbf|vec|bm|boldsymbol|overrightarrow|overline|hat|int|sum|prod|lim|partial|pmod|bmod|mod|equiv|binom|choose|pmatrix|bmatrix|vmatrix|det|cdots|ldots|dots|prime)(?![A-Za-z])|\\frac\s*\{\s*d|\b(matri(x|ces)|vectors?|modulo|mod|congruent|derivative|integral|sequence|recurrence)\b|[A-Za-z}]['′](?![a-z])/i;

function hasSymbolChain(tokens: readonly Token[]): boolean {
  let vars = 0;
  let rels = 0;
  for (const t of tokens) {
    if (t.kind === 'var') vars++;
    else if (t.kind === 'rel') rels++;
    if (vars > 0 && rels > 1) return true;
  }
  return false;
}

function chainsOf(links: readonly Link[]): Link[][] {
  const chains: Link[][] = [];
  for (const link of links) {
    const last = chains[chains.length - 1];
    if (last && last[last.length - 1].right === link.left) last.push(link);
    else chains.push([link]);
  }
  return chains;
}

function judgeRewrite(link: Link, names: SymbolNames, factors: ReadonlySet<string>): CheckedEquation | undefined {
  if (link.approx || link.relation !== '=' || (link.left.parsed && link.right.parsed)) return undefined;
  const left = symbolicSide(link.left, names, factors);
  const right = symbolicSide(link.right, names, factors);
  if (!left || !right || left.symbols.length === 0 || left.symbols.join() !== right.symbols.join()) return undefined;
  // "10b = 12b = 15b" states that terms are equal, which only an equation does.
  if (left.monomial && right.monomial) return undefined;
  const letters = left.symbols.map((s) => names.letter(s) as string);
  const l = compiled(left);
  const r = compiled(right);
  if (!l || !r) return undefined;
  // Wrong only where the sides differ at every point both are defined at (three at least).
  const { defined, agreeing } = compareAtPoints(l, r, letters);
  if (agreeing > 0 || defined < 3) return undefined;
  for (let v = 0; v < letters.length; v++) {
    const dl = degree(l, letters, v);
    const dr = degree(r, letters, v);
    if (dl === undefined || dr === undefined || Math.abs(dl - dr) > 0.1) return undefined;
  }
  const shown = messagePoint(l, r, letters);
  const at = left.symbols.map((s, k) => `${s} = ${formatDecimal(shown.scope[letters[k]])}`).join(', ');
  const written = `${link.left.source} = ${link.right.source}`;
  return {
    start: link.left.start,
    end: link.right.end,
    lhs: link.left.source,
    written: link.right.source,
    computed: formatDecimal(shown.left),
    verdict: 'wrong',
    kind: 'rewrite',
    symbols: left.symbols,
    message: `${written} is not an identity: at ${at} the left side is ${formatDecimal(shown.left)} and the right side ${formatDecimal(shown.right)}`,
  };
}

/** Whether both sides read as algebra and agree at every point where both have a value. */
export function isIdentity(link: Link, names: SymbolNames, factors: ReadonlySet<string>): boolean {
  const left = symbolicSide(link.left, names, factors);
  const right = symbolicSide(link.right, names, factors);
  if (!left || !right) return false;
  const letters = [...new Set([...left.symbols, ...right.symbols])].map((s) => names.letter(s) as string);
  const l = compiled(left);
  const r = compiled(right);
  if (!l || !r) return false;
  const { defined, agreeing } = compareAtPoints(l, r, letters);
  return defined >= 3 && agreeing === defined;
}

/** At how many of the fixed points both sides have a value, and at how many of those they agree. */
function compareAtPoints(l: CompiledExpression, r: CompiledExpression, letters: readonly string[]): { defined: number; agreeing: number } {
  let defined = 0;
  let agreeing = 0;
  for (const point of POINTS) {
    const scope = scopeAt(letters, point);
    const a = valueAt(l, scope);
    const b = valueAt(r, scope);
    if (a === undefined || b === undefined) continue;
    defined++;
    if (same(a, b)) agreeing++;
  }
  return { defined, agreeing };
}

function compiled(side: SymbolicSide): CompiledExpression | undefined {
  try {
    return compileExpression(side.mathjs);
  } catch {
    return undefined;
  }
}

const MAX_MAGNITUDE = decimal('1e300');

function valueAt(expression: CompiledExpression, scope: Record<string, Decimal>): Decimal | undefined {
  try {
    const v = expression.evaluate(scope);
    return isBigNumber(v) && v.isFinite() && v.abs().lt(MAX_MAGNITUDE) ? v : undefined;
  } catch {
    return undefined;
  }
}

function same(a: Decimal, b: Decimal): boolean {
  const scale = a.abs().gt(b.abs()) ? a.abs() : b.abs();
  return a.sub(b).abs().lte(scale.mul('1e-40')) || a.sub(b).abs().lt('1e-50');
}

/**
 * Points with positive rational coordinates (square roots stay real), none of them a small
 * integer a denominator is likely to vanish at, fixed so a finding never depends on the run.
 */
export const POINTS: ReadonlyArray<readonly Decimal[]> = (() => {
  const fractions = ['37/7', '13/11', '29/5', '41/13', '17/3', '23/9', '31/17', '43/19', '11/23', '47/29', '53/31', '19/37'];
  const out: Decimal[][] = [];
  for (let p = 0; p < 6; p++) {
    const point: Decimal[] = [];
    for (let v = 0; v < 52; v++) {
      const [n, d] = fractions[(p * 5 + v * 7) % fractions.length].split('/');
      point.push(
        decimal(n)
          .div(decimal(d))
          .add(v % 3),
      );
    }
    out.push(point);
  }
  return out;
})();

function scopeAt(letters: readonly string[], point: readonly Decimal[]): Record<string, Decimal> {
  const scope: Record<string, Decimal> = {};
  letters.forEach((l, k) => (scope[l] = point[k]));
  return scope;
}

const FAR = [decimal('1e6'), decimal('1e12')] as const;

/** The degree in one symbol, from the growth between two far points (the others fixed). */
function degree(expression: CompiledExpression, letters: readonly string[], v: number): number | undefined {
  const values = FAR.map((t) => {
    const scope = scopeAt(letters, POINTS[0]);
    scope[letters[v]] = t;
    return valueAt(expression, scope);
  });
  const [a, b] = values;
  if (!a || !b || a.isZero() || b.isZero()) return undefined;
  return Number(b.abs().div(a.abs()).log(10)) / 6;
}

/** Small whole numbers make the message readable; the first point that shows the difference. */
function messagePoint(l: CompiledExpression, r: CompiledExpression, letters: readonly string[]): { scope: Record<string, Decimal>; left: Decimal; right: Decimal } {
  const small = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29];
  for (let shift = 0; shift < 4; shift++) {
    const scope: Record<string, Decimal> = {};
    letters.forEach((letter, k) => (scope[letter] = decimal(small[(k + shift) % small.length])));
    const a = valueAt(l, scope);
    const b = valueAt(r, scope);
    if (a !== undefined && b !== undefined && !same(a, b)) return { scope, left: a, right: b };
  }
  for (const point of POINTS) {
    const scope = scopeAt(letters, point);
    const a = valueAt(l, scope);
    const b = valueAt(r, scope);
    if (a !== undefined && b !== undefined) return { scope, left: a, right: b };
  }
  throw new Error('unreachable: the sides were compared at three points');
}
