import type { Solution } from '../solution/types';
import { findLinks, type Link } from './equations/find';
import { isIdentity } from './equations/rewrites';
import { factorSymbols, SymbolNames, symbolTokens } from './equations/symbols';
import { tokenize, type Token } from './math/tokens';
import type { StepReport } from './report';

/**
 * A rewrite that is not an identity may still be right where a relation between its symbols
 * holds: "since a + b + c = 0, a^2 + b^2 + c^2 = (a + b + c)^2 - 2(ab + bc + ca) = -2(ab + bc + ca)".
 * So a wrong rewrite is dropped, not judged, when any of its symbols takes part in an equation
 * written before it: in the problem, in an earlier step, or earlier in its own step. Only
 * documents with a wrong rewrite pay for this reading.
 */
export function excuseRewrites(solution: Solution, steps: StepReport[]): StepReport[] {
  if (!steps.some((s) => s.wrong.some((e) => e.kind === 'rewrite'))) return steps;
  const related = new Set(relations(solution.problem).flatMap((r) => r.symbols));
  return steps.map((report, i) => {
    const step = solution.steps[i];
    const wrong = report.wrong.filter((e) => e.kind === 'rewrite');
    let out = report;
    const own = step ? report.derive(relations) : [];
    if (step && wrong.length > 0) {
      const keep = report.equations.filter((e) => {
        if (e.kind !== 'rewrite' || e.verdict !== 'wrong') return true;
        const at = e.span.start - step.textStart;
        const before = new Set(own.filter((r) => r.end <= at).flatMap((r) => r.symbols));
        return !(e.symbols ?? []).some((s) => related.has(s) || before.has(s));
      });
      // Written out: a cached report places its equations when read, so a spread would lose them.
      if (keep.length !== report.equations.length)
        out = { stepIndex: report.stepIndex, equations: keep, wrong: keep.filter((e) => e.verdict === 'wrong'), mayDefine: report.mayDefine, derive: (read) => report.derive(read) };
    }
    for (const r of own) for (const s of r.symbols) related.add(s);
    return out;
  });
}

/** Letters that are words, not unknowns, in plain text. */
const ARTICLES = /^[aAI]$/;

/** The symbols of every equation in a text that is not a rewrite of one expression or a function's definition. */
export function relatedSymbols(text: string): Set<string> {
  return new Set(relations(text).flatMap((r) => r.symbols));
}

function relations(text: string): Array<{ end: number; symbols: string[] }> {
  const out: Array<{ end: number; symbols: string[] }> = [];
  if (!text.includes('=')) return out;
  // In plain text a lone letter is an unknown ("x + y = 10"): counting too many is the safe side.
  const tokens = symbolTokens(
    text,
    tokenize(text).map((t): Token => (t.kind === 'word' && t.text.length === 1 && !ARTICLES.test(t.text) ? { kind: 'var', start: t.start, end: t.end, name: t.text } : t)),
  );
  const links = findLinks(text, tokens);
  const names = new SymbolNames();
  const factors = factorSymbols(tokens);
  for (let k = 0; k < links.length; k++) {
    const link = links[k];
    const left = symbolsOf(link.left.tokens);
    const right = symbolsOf(link.right.tokens);
    if (left.size + right.size === 0 || definesFunction(link)) continue;
    const inChain = links[k - 1]?.right === link.left || links[k + 1]?.left === link.right;
    if (inChain && left.size === right.size && [...left].every((s) => right.has(s))) continue;
    // "x - 38 + 50 = x + 12" holds whatever x is: it tells nothing about x.
    if (isIdentity(link, names, factors)) continue;
    out.push({ end: link.right.end, symbols: [...left, ...right] });
  }
  return out;
}

function symbolsOf(tokens: readonly Token[]): Set<string> {
  const out = new Set<string>();
  for (const t of tokens) if (t.kind === 'var') out.add(t.name);
  return out;
}

/** `f(x) = …`: it names a function; it says nothing about x. */
function definesFunction(link: Link): boolean {
  const solid = link.left.tokens.filter((t) => t.kind !== 'ws');
  return solid.length === 4 && solid[0].kind === 'var' && solid[1].kind === 'open' && solid[2].kind === 'var' && solid[3].kind === 'close';
}
