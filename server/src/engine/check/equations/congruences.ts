import type { MathNode } from 'mathjs';
import { evaluateClosed, isBigNumber, mathjs } from '../math/evaluate';
import { parseExpression } from '../math/expression';
import type { Token } from '../math/tokens';
import type { CheckedEquation } from './index';
import { RUN_KINDS } from './find';

/**
 * Congruences between numbers, `2^{10} \equiv 1 \pmod{11}`, `3^4 = 81 \equiv 1 \ (\text{mod } 10)`,
 * and remainders, `17 \bmod 5 = 2`: exact in whole numbers, with powers reduced as they are
 * computed, so `2^{2023} \equiv 8 \pmod{10}` is read too. A congruence in an unknown
 * (`n^2 \equiv 1 \pmod 8`: true for odd n only, and often a condition, not a claim), a negated
 * one (`\not\equiv`), a fraction (a modular inverse) or a modulus that is not a whole number
 * written right after the chain is not judged. `a = b \mod n` may be a congruence or a
 * remainder: not judged either.
 */
export function checkCongruences(text: string, tokens: readonly Token[]): CheckedEquation[] {
  if (!text.includes('equiv') && !text.includes('≡') && !text.includes('mod')) return [];
  const out: CheckedEquation[] = [];
  let sides: Token[][] = [[]];
  let relations: Array<'≡' | '=' | 'negated'> = [];
  const reset = () => {
    sides = [[]];
    relations = [];
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (isCongruence(text, t)) {
      const before = sides[sides.length - 1];
      const negated = before.length > 0 && isNot(text, lastSolid(before));
      if (negated) before.splice(before.lastIndexOf(lastSolid(before) as Token), 1);
      relations.push(negated ? 'negated' : '≡');
      sides.push([]);
      continue;
    }
    const marker = modMarker(text, t);
    if (marker) {
      const modulus = readModulus(text, tokens, k + 1);
      if (modulus) {
        if (relations.includes('≡')) judgeChain(text, sides, relations, modulus.value, out);
        else if (relations.length === 0) {
          const rest = remainder(text, tokens, modulus.next);
          if (rest) judgeRemainder(text, sides[0], modulus.value, rest, out);
        }
        k = modulus.next - 1;
      }
      reset();
      continue;
    }
    if (t.kind === 'rel' && !t.approx) {
      relations.push('=');
      sides.push([]);
      continue;
    }
    if (!RUN_KINDS.has(t.kind) || t.kind === 'rel') {
      reset();
      continue;
    }
    sides[sides.length - 1].push(t);
  }
  return out;
}

const isCongruence = (text: string, t: Token) => (t.kind === 'stop' || t.kind === 'unread') && (text.startsWith('\\equiv', t.start) || text[t.start] === '≡') && !/[A-Za-z]/.test(text[t.end] ?? '');
const isNot = (text: string, t: Token | undefined) => t?.kind === 'var' && t.name === 'not';

function lastSolid(tokens: readonly Token[]): Token | undefined {
  for (let k = tokens.length - 1; k >= 0; k--) if (tokens[k].kind !== 'ws') return tokens[k];
  return undefined;
}

/** `\pmod`, `\mod`, `\bmod`, `\text{mod}`, "mod". */
function modMarker(text: string, t: Token): boolean {
  if (t.kind === 'var') return t.name === 'pmod' || t.name === 'mod' || t.name === 'bmod';
  return t.kind === 'word' && t.text === 'mod';
}

/** The whole number after a mod sign (`{11}`, ` 11`, `11)`), and where what follows starts. */
function readModulus(text: string, tokens: readonly Token[], k: number): { value: bigint; next: number } | undefined {
  while (tokens[k]?.kind === 'ws') k++;
  let t = tokens[k];
  let braced = false;
  if (t?.kind === 'open' && t.close === '}') {
    braced = true;
    t = tokens[++k];
  }
  if (t?.kind !== 'num' || t.decimals > 0) return undefined;
  k++;
  if (braced) {
    if (tokens[k]?.kind !== 'close') return undefined;
    k++;
  }
  const value = BigInt(t.value);
  if (value < 2n) return undefined;
  let j = k;
  while (tokens[j]?.kind === 'ws') j++;
  if (tokens[j]?.kind === 'close' && (tokens[j] as { ch: string }).ch === ')') k = j + 1;
  void text;
  return { value, next: k };
}

/** `= 2` after `17 \bmod 5`: the remainder claimed, a whole number. */
function remainder(text: string, tokens: readonly Token[], k: number): bigint | undefined {
  while (tokens[k]?.kind === 'ws') k++;
  if (tokens[k]?.kind !== 'rel' || (tokens[k] as { approx: boolean }).approx) return undefined;
  k++;
  while (tokens[k]?.kind === 'ws') k++;
  const t = tokens[k];
  const after = tokens[k + 1];
  if (t?.kind !== 'num' || t.decimals > 0 || (after && (after.kind === 'op' || after.kind === 'open' || after.kind === 'var' || after.kind === 'cmd' || after.kind === 'fact'))) return undefined;
  void text;
  return BigInt(t.value);
}

function trim(tokens: readonly Token[]): Token[] {
  let a = 0;
  let b = tokens.length;
  while (a < b && tokens[a].kind === 'ws') a++;
  while (b > a && tokens[b - 1].kind === 'ws') b--;
  // "… \equiv 1 \ (\text{mod } 3)": the bracket opened before the modulus is not the side's.
  if (b > a && tokens[b - 1].kind === 'open') return trim(tokens.slice(a, b - 1));
  return tokens.slice(a, b);
}

interface Residue {
  start: number;
  end: number;
  source: string;
  residue: bigint;
}

function residueOf(text: string, raw: readonly Token[], modulus: bigint): Residue | undefined {
  const tokens = trim(raw);
  if (tokens.length === 0) return undefined;
  const parsed = parseExpression(tokens, { text });
  if (!parsed || parsed.literal?.percent) return undefined;
  const residue = parsed.literal ? wholeResidue(parsed.literal.value, modulus) : residueOfExpression(parsed.mathjs, modulus);
  if (residue === undefined) return undefined;
  const start = tokens[0].start;
  const end = tokens[tokens.length - 1].end;
  return { start, end, source: text.slice(start, end), residue };
}

function judgeChain(text: string, sides: Token[][], relations: ReadonlyArray<'≡' | '=' | 'negated'>, modulus: bigint, out: CheckedEquation[]): void {
  for (let i = 0; i < relations.length; i++) {
    if (relations[i] !== '≡') continue;
    const a = residueOf(text, sides[i], modulus);
    const b = residueOf(text, sides[i + 1], modulus);
    if (!a || !b) continue;
    const written = `${a.source} ≡ ${b.source} (mod ${modulus})`;
    const ok = a.residue === b.residue;
    out.push({
      start: a.start,
      end: b.end,
      lhs: a.source,
      written: b.source,
      computed: `${a.residue}`,
      verdict: ok ? 'ok' : 'wrong',
      message: ok
        ? `${written} ✓`
        : `${written} is wrong: ${[a, b]
            .filter((s) => s.source !== `${s.residue}`)
            .map((s) => `${s.source} ≡ ${s.residue}`)
            .join(' and ')} (mod ${modulus})`,
    });
  }
}

function judgeRemainder(text: string, side: Token[], modulus: bigint, claimed: bigint, out: CheckedEquation[]): void {
  const tokens = trim(side);
  // "2 + 17 \bmod 5": which part the remainder is taken of is unclear.
  let depth = 0;
  for (const [k, t] of tokens.entries()) {
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') depth--;
    else if (depth === 0 && k > 0 && t.kind === 'op' && (t.op === '+' || t.op === '-')) return;
  }
  const a = residueOf(text, tokens, modulus);
  if (!a) return;
  const r = ((claimed % modulus) + modulus) % modulus;
  const ok = a.residue === r;
  const written = `${a.source} mod ${modulus} = ${claimed}`;
  out.push({
    start: a.start,
    end: a.end,
    lhs: a.source,
    written: `${claimed}`,
    computed: `${a.residue}`,
    verdict: ok ? 'ok' : 'wrong',
    message: ok ? `${written} ✓` : `${written} is wrong: ${a.source} mod ${modulus} = ${a.residue}`,
  });
}

function wholeResidue(value: string, modulus: bigint): bigint | undefined {
  if (!/^-?\d+$/.test(value)) return undefined;
  return ((BigInt(value) % modulus) + modulus) % modulus;
}

/** Exact below this; a larger value computed at 64 digits has lost its last digits. */
const EXACT_LIMIT = 1e50;
const MAX_FACTORIAL = 100000;

/** The residue of a closed expression, powers by repeated squaring; undefined when it is not a whole number for sure. */
function residueOfExpression(expression: string, modulus: bigint): bigint | undefined {
  let node: MathNode;
  try {
    node = mathjs().parse(expression);
  } catch {
    return undefined;
  }
  const mod = (x: bigint) => ((x % modulus) + modulus) % modulus;
  const exact = (n: MathNode): bigint | undefined => {
    const v = evaluateClosed(n.toString());
    if (!v || !v.isInteger() || v.abs().gte(EXACT_LIMIT)) return undefined;
    return BigInt(v.toFixed());
  };
  const walk = (n: MathNode, depth: number): bigint | undefined => {
    if (depth > 64) return undefined;
    const any = n as MathNode & { fn?: string; args?: MathNode[]; content?: MathNode; value?: unknown; name?: string };
    if (n.type === 'ConstantNode') return isBigNumber(any.value) && any.value.isInteger() ? mod(BigInt(any.value.toFixed())) : undefined;
    if (n.type === 'ParenthesisNode' && any.content) return walk(any.content, depth + 1);
    if (n.type === 'OperatorNode' && any.args) {
      const args = any.args;
      if (any.fn === 'unaryMinus' || any.fn === 'unaryPlus') {
        const v = walk(args[0], depth + 1);
        return v === undefined ? undefined : any.fn === 'unaryMinus' ? mod(-v) : v;
      }
      if (any.fn === 'add' || any.fn === 'subtract' || any.fn === 'multiply') {
        const a = walk(args[0], depth + 1);
        const b = walk(args[1], depth + 1);
        if (a === undefined || b === undefined) return undefined;
        return mod(any.fn === 'add' ? a + b : any.fn === 'subtract' ? a - b : a * b);
      }
      if (any.fn === 'pow') {
        const e = exact(args[1]);
        const b = walk(args[0], depth + 1);
        if (e === undefined || e < 0n || b === undefined) return undefined;
        return power(b, e, modulus);
      }
    }
    if (n.type === 'FunctionNode' && any.args?.length === 1 && (any.fn as unknown as { name?: string })?.name === 'factorial') {
      const k = exact(any.args[0]);
      if (k === undefined || k < 0n || k > MAX_FACTORIAL) return undefined;
      let f = 1n % modulus;
      for (let j = 2n; j <= k && f !== 0n; j++) f = (f * j) % modulus;
      return f;
    }
    // Division, roots, binomials: only a whole number small enough to be exact.
    const v = exact(n);
    return v === undefined ? undefined : mod(v);
  };
  return walk(node, 0);
}

function power(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n % modulus;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}
