import { parseExpression } from '../math/expression';
import { decimal, formatDecimal, math, type Decimal } from '../math/evaluate';
import type { Token } from '../math/tokens';
import type { CheckedEquation } from '.';
import { findLinks, type Link, type Side } from './find';

/**
 * A step that solves an equation in one unknown ("1·y - 1 - 8y = -3 … -7y = -4 … y = 4/7"):
 * the value found is put back into each linear equation in that unknown written before it in
 * the step, and a value that does not satisfy one is wrong. Only where the step gives that
 * unknown exactly one value and names no alternatives ("or", ±, cases), so a case split
 * ("x - 2 = 0 or x - 3 = 0") is never read as a contradiction.
 */
export function checkSolvedEquations(text: string, tokens: readonly Token[]): CheckedEquation[] {
  // Most steps give no unknown a value ("y = …"): nothing to solve, and nothing to pay for.
  if (!assignsUnknown(tokens)) return [];
  if (/\bor\b|\\pm|±|\\text\s*\{\s*or|\bcases?\b|\bsuppose\b|\bassume\b|\\neq|≠/i.test(text)) return [];
  const links = findLinks(text, tokens.map(asUnknown));
  const equations: Equation[] = [];
  for (const link of links) {
    const eq = equationOf(link);
    if (eq) equations.push(eq);
  }
  const out: CheckedEquation[] = [];
  const byName = new Map<string, Equation[]>();
  for (const eq of equations) {
    if (eq.names.length !== 1) continue;
    const list = byName.get(eq.names[0]) ?? [];
    list.push(eq);
    byName.set(eq.names[0], list);
  }
  for (const [name, list] of byName) {
    const assignments = list.filter((e) => e.value !== undefined);
    if (assignments.length !== 1 || listsAlternatives(list)) continue;
    const found = assignments[0];
    const value = found.value as Decimal;
    for (const eq of list) {
      if (eq === found || eq.link.right.end > found.link.left.start || !isLinear(`(${eq.lhs}) - (${eq.rhs})`, name)) continue;
      const lhs = evaluateAt(eq.lhs, name, value);
      const rhs = evaluateAt(eq.rhs, name, value);
      if (lhs === undefined || rhs === undefined) continue;
      if (close(lhs, rhs)) continue;
      const shown = `${eq.link.left.source} = ${eq.link.right.source}`;
      out.push({
        start: eq.link.left.start,
        end: eq.link.right.end,
        lhs: shown,
        written: found.link.right.source,
        computed: formatDecimal(lhs),
        verdict: 'wrong',
        kind: 'solved',
        message: `${found.link.left.source} = ${found.link.right.source} does not satisfy ${shown}: with ${name} = ${formatDecimal(value)} the left side is ${formatDecimal(lhs)} and the right side ${formatDecimal(rhs)}`,
      });
      break;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** "1 + y = 23 … 1 + y = 17": one left side with two right sides are cases, not a derivation. */
function listsAlternatives(list: readonly Equation[]): boolean {
  const seen = new Map<string, string>();
  for (const eq of list) {
    const left = eq.link.left.source.replace(/\s+/g, '');
    const right = eq.link.right.source.replace(/\s+/g, '');
    const other = seen.get(left);
    if (other !== undefined && other !== right) return true;
    seen.set(left, right);
  }
  return false;
}

function assignsUnknown(tokens: readonly Token[]): boolean {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'var' && !(t.kind === 'word' && asUnknown(t) !== t)) continue;
    let j = k + 1;
    while (tokens[j]?.kind === 'ws') j++;
    if (tokens[j]?.kind === 'rel') return true;
  }
  return false;
}

interface Equation {
  link: Link;
  lhs: string;
  rhs: string;
  names: string[];
  /** For `x = 3/4`: the value given to the unknown. */
  value?: Decimal;
}

/** In plain text a lone letter ("2/3 * x = 12", "x = 18") is an unknown too. */
function asUnknown(t: Token): Token {
  if (t.kind === 'word' && t.text.length === 1 && /[b-zB-HJ-Z]/.test(t.text)) return { kind: 'var', start: t.start, end: t.end, name: t.text };
  return t;
}

function equationOf(link: Link): Equation | undefined {
  if (link.left.cut || link.right.cut) return undefined;
  const lhs = symbolic(link.left);
  const rhs = symbolic(link.right);
  if (!lhs || !rhs) return undefined;
  const names = [...new Set([...lhs.names, ...rhs.names])];
  if (names.length !== 1) return { link, lhs: lhs.mathjs, rhs: rhs.mathjs, names };
  const name = names[0];
  const bare = (s: Side) => s.tokens.filter((t) => t.kind !== 'ws').length === 1 && s.tokens.some((t) => t.kind === 'var');
  let value: Decimal | undefined;
  if (bare(link.left) && rhs.names.length === 0) value = evaluateAt(rhs.mathjs, name, decimal(0));
  return { link, lhs: lhs.mathjs, rhs: rhs.mathjs, names, value };
}

function symbolic(side: Side): { mathjs: string; names: string[] } | undefined {
  const parsed = parseExpression(side.tokens, { allowSymbols: true });
  if (!parsed) return undefined;
  const names = [...new Set(side.tokens.filter((t): t is Extract<Token, { kind: 'var' }> => t.kind === 'var').map((t) => t.name))];
  if (names.some((n) => !/^[A-Za-z]$/.test(n))) return undefined;
  return { mathjs: parsed.mathjs, names };
}

function evaluateAt(expression: string, name: string, value: Decimal): Decimal | undefined {
  try {
    const v = math.evaluate(expression, { [name]: value }) as unknown;
    return math.isBigNumber(v) && v.isFinite() ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Degree one in the unknown, by exact second differences at three points. */
function isLinear(expression: string, name: string): boolean {
  const [a, b, c] = [decimal(0), decimal(1), decimal(2)].map((p) => evaluateAt(expression, name, p));
  if (!a || !b || !c) return false;
  return close(c.sub(b.mul(2)).add(a), decimal(0)) && !close(b, a);
}

function close(a: Decimal, b: Decimal): boolean {
  const scale = Decimal1(a.abs().gt(b.abs()) ? a.abs() : b.abs());
  return a.sub(b).abs().lte(scale.mul(1e-9));
}

const Decimal1 = (x: Decimal) => (x.lt(1) ? decimal(1) : x);
