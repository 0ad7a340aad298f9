import type { Op, Token } from './tokens';

/**
 * Plain-text letters that are math after all: `x` between numbers is a times sign, "of"
 * after a percentage or a fraction multiplies, and a single letter glued to a number or a
 * parenthesis ("2x", "f(3)") is an unknown.
 */
export function classifyLetters(text: string, tokens: Token[]): Token[] {
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'word') continue;
    const p = prevSolid(tokens, k);
    const n = nextSolid(tokens, k);
    const before = p >= 0 ? tokens[p] : undefined;
    const after = n >= 0 ? tokens[n] : undefined;
    if ((t.text === 'x' || t.text === 'X') && numberish(before) && startsOperand(after)) {
      tokens[k] = { kind: 'op', start: t.start, end: t.end, op: '*' };
      continue;
    }
    if (t.text === 'of' && before && (before.kind === 'pct' || isSimpleFraction(tokens, p)) && startsOperand(after)) {
      tokens[k] = { kind: 'op', start: t.start, end: t.end, op: '*' };
      continue;
    }
    if (t.text.length === 1) {
      const glued =
        (k > 0 && ['num', 'open', 'close'].includes(tokens[k - 1].kind)) ||
        (k + 1 < tokens.length && ['num', 'open'].includes(tokens[k + 1].kind));
      if (glued) tokens[k] = { kind: 'var', start: t.start, end: t.end, name: t.text };
    }
  }
  void text;
  return tokens;
}

// Module-level rather than closures per call: this runs for every word of every step.
function prevSolid(tokens: readonly Token[], k: number): number {
  for (let j = k - 1; j >= 0; j--) if (tokens[j].kind !== 'ws') return j;
  return -1;
}

function nextSolid(tokens: readonly Token[], k: number): number {
  for (let j = k + 1; j < tokens.length; j++) if (tokens[j].kind !== 'ws') return j;
  return -1;
}

const numberish = (x: Token | undefined) => x !== undefined && (x.kind === 'num' || x.kind === 'close' || x.kind === 'unit');
const startsOperand = (x: Token | undefined) => x !== undefined && (x.kind === 'num' || x.kind === 'open' || x.kind === 'unit');

/** `3/4` right before position k: "3/4 of 20". */
function isSimpleFraction(tokens: Token[], k: number): boolean {
  const solid = (j: number) => {
    while (j >= 0 && tokens[j].kind === 'ws') j--;
    return j;
  };
  const den = tokens[k];
  if (den?.kind !== 'num') return false;
  const slash = solid(k - 1);
  if (slash < 0 || tokens[slash].kind !== 'op' || (tokens[slash] as { op: Op }).op !== '/') return false;
  const num = solid(slash - 1);
  return num >= 0 && tokens[num].kind === 'num';
}
