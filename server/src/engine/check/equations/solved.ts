import { parseExpression } from '../math/expression';
import { decimal, evaluateIn, formatDecimal, type Decimal } from '../math/evaluate';
import type { Token } from '../math/tokens';
import type { CheckedEquation } from '.';
import { findLinks, type Link, type Side } from './find';
import { runsOnPastWord } from './readings';

/**
 * A step that solves an equation in one unknown ("1·y - 1 - 8y = -3 … -7y = -4 … y = 4/7"):
 * the value found is put back into each linear equation in that unknown written before it in
 * the step, and a value that does not satisfy one is wrong. A system the same way: when every
 * unknown of a linear equation gets its value after it ("x + y = 10, x - y = 2 … x = 6, y = 4"),
 * the values are put back together. Only where the step gives each unknown one value and
 * names no alternatives ("or", ±, cases), so a case split ("x - 2 = 0 or x - 3 = 0") is never
 * read as a contradiction.
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
  // The one value each unknown gets in the step: "c = 18 - 2 + 4 … c = 20" gives c one value.
  const values = new Map<string, Equation>();
  for (const [name, list] of byName) {
    const assignments = list.filter((e) => e.value !== undefined);
    if (assignments.length === 0 || listsAlternatives(list)) continue;
    const first = assignments[0];
    if (assignments.every((a) => close(a.value as Decimal, first.value as Decimal))) values.set(name, first);
  }
  for (const [name, found] of values) {
    const value = found.value as Decimal;
    for (const eq of byName.get(name) ?? []) {
      if (eq.value !== undefined || eq.link.right.end > found.link.left.start || !isLinear(`(${eq.lhs}) - (${eq.rhs})`, { [name]: value }, name)) continue;
      const scope = { [name]: value };
      const lhs = evaluateIn(eq.lhs, scope);
      const rhs = evaluateIn(eq.rhs, scope);
      if (lhs === undefined || rhs === undefined) continue;
      if (close(lhs, rhs)) continue;
      out.push(notSatisfied(eq, [found], scope, lhs, rhs));
      break;
    }
  }
  // A system: every unknown of a linear equation written before their values got one.
  for (const eq of equations) {
    if (eq.names.length < 2 || !eq.names.every((n) => values.has(n))) continue;
    const found = eq.names.map((n) => values.get(n) as Equation);
    if (found.some((f) => eq.link.right.end > f.link.left.start)) continue;
    const scope = Object.fromEntries(eq.names.map((n) => [n, values.get(n)?.value as Decimal]));
    if (!eq.names.every((n) => isLinear(`(${eq.lhs}) - (${eq.rhs})`, scope, n))) continue;
    const lhs = evaluateIn(eq.lhs, scope);
    const rhs = evaluateIn(eq.rhs, scope);
    if (lhs === undefined || rhs === undefined || close(lhs, rhs)) continue;
    out.push(notSatisfied(eq, found, scope, lhs, rhs));
  }
  return out.sort((a, b) => a.start - b.start);
}

function notSatisfied(eq: Equation, found: readonly Equation[], scope: Record<string, Decimal>, lhs: Decimal, rhs: Decimal): CheckedEquation {
  const shown = `${eq.link.left.source} = ${eq.link.right.source}`;
  const values = found.map((f) => `${f.link.left.source} = ${f.link.right.source}`).join(', ');
  const at = Object.entries(scope)
    .map(([n, v]) => `${n} = ${formatDecimal(v)}`)
    .join(', ');
  return {
    start: eq.link.left.start,
    end: eq.link.right.end,
    lhs: shown,
    written: found.map((f) => f.link.right.source).join(', '),
    computed: formatDecimal(lhs),
    verdict: 'wrong',
    kind: 'solved',
    message: `${values} does not satisfy ${shown}: with ${at} the left side is ${formatDecimal(lhs)} and the right side ${formatDecimal(rhs)}`,
  };
}

/**
 * "1 + y = 23 … 1 + y = 17": one left side with two right sides of different values are cases,
 * not a derivation ("c = 18 - 2 + 4 … c = 20" is one value written twice).
 */
function listsAlternatives(list: readonly Equation[]): boolean {
  const seen = new Map<string, Equation>();
  for (const eq of list) {
    const left = eq.link.left.source.replace(/\s+/g, '');
    const other = seen.get(left);
    if (other !== undefined && !sameRight(other, eq)) return true;
    seen.set(left, eq);
  }
  return false;
}

function sameRight(a: Equation, b: Equation): boolean {
  if (a.link.right.source.replace(/\s+/g, '') === b.link.right.source.replace(/\s+/g, '')) return true;
  // "18 = -2(1)^2 + 4(1) + c … 18 = -2 + 4 + c": the same right side, rewritten.
  const name = a.names[0];
  return [0, 1, 2].every((p) => {
    const scope = { [name]: decimal(p) };
    const x = evaluateIn(a.rhs, scope);
    const y = evaluateIn(b.rhs, scope);
    return x !== undefined && y !== undefined && close(x, y);
  });
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
  if (link.left.cut || link.right.cut || runsOnPastWord(link.left) || runsOnPastWord(link.right)) return undefined;
  const lhs = symbolic(link.left);
  const rhs = symbolic(link.right);
  if (!lhs || !rhs) return undefined;
  const names = [...new Set([...lhs.names, ...rhs.names])];
  if (names.length !== 1) return { link, lhs: lhs.mathjs, rhs: rhs.mathjs, names };
  const bare = (s: Side) => s.tokens.filter((t) => t.kind !== 'ws').length === 1 && s.tokens.some((t) => t.kind === 'var');
  let value: Decimal | undefined;
  if (bare(link.left) && rhs.names.length === 0) value = evaluateIn(rhs.mathjs, {});
  return { link, lhs: lhs.mathjs, rhs: rhs.mathjs, names, value };
}

function symbolic(side: Side): { mathjs: string; names: string[] } | undefined {
  const parsed = parseExpression(side.tokens, { allowSymbols: true });
  if (!parsed) return undefined;
  const names = [...new Set(side.tokens.filter((t): t is Extract<Token, { kind: 'var' }> => t.kind === 'var').map((t) => t.name))];
  if (names.some((n) => !/^[A-Za-z]$/.test(n))) return undefined;
  return { mathjs: parsed.mathjs, names };
}

/** Degree one in one unknown (the others at their values), by exact second differences at three points. */
function isLinear(expression: string, scope: Record<string, Decimal>, name: string): boolean {
  const [a, b, c] = [decimal(0), decimal(1), decimal(2)].map((p) => evaluateIn(expression, { ...scope, [name]: p }));
  if (!a || !b || !c) return false;
  return close(c.sub(b.mul(2)).add(a), decimal(0)) && !close(b, a);
}

function close(a: Decimal, b: Decimal): boolean {
  const scale = Decimal1(a.abs().gt(b.abs()) ? a.abs() : b.abs());
  return a.sub(b).abs().lte(scale.mul(1e-9));
}

const Decimal1 = (x: Decimal) => (x.lt(1) ? decimal(1) : x);
