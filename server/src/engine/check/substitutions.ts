import type { Solution } from '../solution/types';
import { findLinks, type Link, type Side } from './equations/find';
import { evaluateIn, formatDecimal, type Decimal } from './math/evaluate';
import { parseExpression } from './math/expression';
import { tokenize, type Token } from './math/tokens';
import type { Draft } from './registry';
import type { StepReport } from './report';

/** A one-letter function of one variable, defined once in the document: `f(x) = 2x^2 + 3`. */
interface Definition {
  name: string;
  parameter: string;
  mathjs: string;
  source: string;
}

/**
 * A cheap look for "f(x) =" before any reading, from each "(" on (a regular expression over
 * every step cost 15 ms a check at 10,000 steps): most documents define no function.
 */
function mayDefine(text: string): boolean {
  let known = seen.get(text);
  if (known === undefined) {
    known = scanDefines(text);
    // Bounded: a keystroke re-reads 10,000 step texts, almost all of them seen before.
    if (seen.size >= 100_000) seen.clear();
    seen.set(text, known);
  }
  return known;
}

const seen = new Map<string, boolean>();

/** Whether a text may define a function ("f(x) ="): what a step's report remembers of it. */
export function scanDefines(text: string): boolean {
  const letter = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  for (let i = text.indexOf('('); i >= 0; i = text.indexOf('(', i + 1)) {
    let j = i + 1;
    while (text[j] === ' ') j++;
    if (!letter(text[j]) || !letter(text[i - 1])) continue;
    j++;
    while (text[j] === ' ') j++;
    if (text[j] !== ')') continue;
    j++;
    while (text[j] === ' ') j++;
    if (text[j] === '=') return true;
  }
  return false;
}
/** Words after a definition that make it one piece of a piecewise or conditional definition. */
const CONDITION_AFTER = /^(?:\s|\$|\\[)\]]|[,;])*(?:if|for|when|whenever|unless|otherwise|provided|on)\b/i;

/**
 * "f(2) = 2·2² + 3 = 11" where f was defined earlier in the problem or the solution: the value
 * the definition gives at the argument is set against the first side after `f(2) =`. Only for a
 * function of one variable defined by one expression in it, once (two different definitions of
 * f, a piecewise or conditional one, or one with a parameter left open: nothing is judged), and
 * a closed argument and a closed side after it. Later links are `wrong-equation`'s.
 */
export function checkSubstitutions(solution: Solution, reports?: readonly Pick<StepReport, 'mayDefine' | 'derive'>[]): Draft[] {
  const cached = reports && reports.length === solution.steps.length ? reports : undefined;
  // The step cache knows each step's answer: a keystroke then looks up no step text.
  const defines = cached ? cached.some((r) => r.mayDefine) : solution.steps.some((s) => mayDefine(s.text));
  if (!defines && !mayDefine(solution.problem)) return [];
  const definitions = new Map<string, Definition | null>();
  const define = (d: Definition | string) => {
    if (typeof d === 'string') return void definitions.set(d, null);
    const known = definitions.get(d.name);
    if (known === undefined) definitions.set(d.name, d);
    else if (known !== null && known.mathjs !== d.mathjs) definitions.set(d.name, null);
  };
  const inProblem = new Set<string>();
  for (const r of mayDefine(solution.problem) ? readStatements(solution.problem) : []) {
    if (r.use) continue;
    define(r.statement);
    if (typeof r.statement !== 'string') inProblem.add(r.statement.name);
  }
  // Each step's statements depend on its text alone (kept with its cached check); what depends on
  // the other steps is this fold. Two of them: a function is known from its definition on, but a
  // second, different definition anywhere makes every use of the name ambiguous.
  const readings = cached ? cached.map((r) => r.derive(readStatements)) : solution.steps.map((s) => readStatements(s.text));
  for (const reading of readings) for (const r of reading) if (!r.use) define(r.statement);
  const out: Draft[] = [];
  const known = new Map<string, Definition>();
  for (const name of inProblem) {
    const d = definitions.get(name);
    if (d) known.set(name, d);
  }
  readings.forEach((reading, i) => {
    const step = solution.steps[i];
    for (const r of reading) {
      if (!r.use) {
        const final = typeof r.statement === 'string' ? undefined : definitions.get(r.statement.name);
        if (final) known.set(final.name, final);
        continue;
      }
      const judged = judgeUse(r.use, known);
      if (judged) out.push({ ...judged, span: { start: step.textStart + judged.span.start, end: step.textStart + judged.span.end }, stepIndex: step.index });
    }
  });
  return out;
}

/** A text's definitions, and its links that may use a function ("f(2) = …"), in text order. */
type Reading = { statement: Statement; use?: undefined } | { use: Link };

function readStatements(text: string): Reading[] {
  const out: Reading[] = [];
  // A definition and a use both need a bracket: most steps are left untokenized.
  if (!text.includes('(')) return out;
  readTokens(
    text,
    tokenize(text),
    (statement) => out.push({ statement }),
    (use) => {
      if (functionHead(use.left)) out.push({ use });
    },
  );
  return out;
}

/** A definition, or the name of a function something else is said of ("h(4x - 1) = 2x + 7", "h(x) = x"). */
type Statement = Definition | string;

/** Definitions and uses in text order, so a use sees only what was defined before it. */
function readTokens(text: string, tokens: readonly Token[], define: (d: Statement) => void, use: (link: Link) => void): void {
  for (const link of findLinks(text, tokens)) {
    if (link.relation !== '=' && !link.approx) continue;
    const d = definitionOf(text, link);
    if (d) define(d);
    else use(link);
  }
}

function definitionOf(text: string, link: Link): Statement | undefined {
  const head = functionHead(link.left);
  if (!head) return undefined;
  const varsIn = (tokens: readonly Token[]) => new Set(tokens.filter((t): t is Extract<Token, { kind: 'var' }> => t.kind === 'var').map((t) => t.name));
  const inside = varsIn(head.argument);
  // A closed argument is a use; an argument in unknowns other than one bare letter says
  // something of the function that no single expression may stand for.
  if (inside.size === 0) return undefined;
  if (head.argument.length !== 1 || head.argument[0].kind !== 'var' || !/^[A-Za-z]$/.test(head.argument[0].name)) return head.name;
  const parameter = head.argument[0].name;
  const names = varsIn(link.right.tokens);
  // "f(x) = 0" asks where f vanishes; it defines nothing and contradicts nothing.
  if (!names.has(parameter)) return names.size === 0 ? undefined : head.name;
  if (names.size !== 1 || link.approx || link.right.cut || link.right.wordAfter || CONDITION_AFTER.test(text.slice(link.right.end))) return head.name;
  const parsed = parseExpression(link.right.tokens, { allowSymbols: true });
  // "h(x) = x" is an equation to solve as often as a definition.
  if (!parsed || link.right.tokens.filter((t) => t.kind !== 'ws').length < 2) return head.name;
  return { name: head.name, parameter, mathjs: parsed.mathjs, source: `${link.left.source} = ${link.right.source}` };
}

/** `f(…)` as a whole side: the name and the tokens inside the brackets. */
function functionHead(side: Side): { name: string; argument: Token[] } | undefined {
  const solid = side.tokens.filter((t) => t.kind !== 'ws');
  const [name, open] = solid;
  const close = solid[solid.length - 1];
  if (solid.length < 4 || name.kind !== 'var' || !/^[A-Za-z]$/.test(name.name) || open.kind !== 'open' || open.close !== ')' || open.start !== name.end) return undefined;
  if (close.kind !== 'close' || close.ch !== ')') return undefined;
  // The bracket after the name closes at the end of the side: "f(2) + f(3)" is not one call.
  let depth = 0;
  for (let k = 1; k < solid.length; k++) {
    const t = solid[k];
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close' && --depth === 0 && k !== solid.length - 1) return undefined;
  }
  return { name: name.name, argument: solid.slice(2, -1) };
}

function judgeUse(link: Link, known: ReadonlyMap<string, Definition>): Omit<Draft, 'stepIndex'> | undefined {
  const head = functionHead(link.left);
  const d = head && known.get(head.name);
  if (!head || !d || !link.right.parsed || link.right.cut) return undefined;
  const argument = parseExpression(head.argument);
  if (!argument) return undefined;
  const x = evaluateIn(argument.mathjs, {});
  const claimed = evaluateIn(link.right.parsed.mathjs, {});
  if (x === undefined || claimed === undefined) return undefined;
  const value = evaluateIn(d.mathjs, { [d.parameter]: x });
  if (value === undefined || agrees(value, claimed, link)) return undefined;
  return {
    message: `${link.left.source} = ${link.right.source} is wrong: with ${d.source}, ${head.name}(${formatDecimal(x)}) = ${formatDecimal(value)}`,
    span: { start: link.left.start, end: link.right.end },
  };
}

function agrees(value: Decimal, claimed: Decimal, link: Link): boolean {
  const scale = value.abs().gt(claimed.abs()) ? value.abs() : claimed.abs();
  if (value.sub(claimed).abs().lte(scale.mul('1e-12'))) return true;
  const literal = link.right.parsed?.literal;
  // "f(1/3) = 0.33": rounded to the places shown.
  if (literal && literal.decimals > 0 && !literal.percent && value.toDecimalPlaces(literal.decimals).eq(claimed)) return true;
  return link.approx && value.sub(claimed).abs().lte(scale.mul(0.01));
}
