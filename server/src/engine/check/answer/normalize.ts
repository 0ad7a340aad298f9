import { numberFromWords } from './words';

/**
 * Final answers as people and models write them, reduced to what carries the value — the
 * clean-ups of the common math graders (Hendrycks MATH's `strip_string`, Qwen2.5-Math's
 * `strip_string` and `math_equal`, Math-Verify's normalisation): math delimiters and boxes,
 * `\text{}` units, `\dfrac`, degrees, dollars, LaTeX spacing, relations spelt in ASCII,
 * infinity and the empty set, matrices, number words. An assignment (`x = 5`) is kept: the
 * comparison decides what its left side means.
 */
export function normalizeAnswer(raw: string): string {
  let s = raw.replace(/\s+/g, ' ').trim();
  s = s.replace(/^\\\(|\\\)$/g, '').replace(/^\\\[|\\\]$/g, '').replace(/^\$+|\$+$/g, '');
  s = unbox(s);
  // Hendrycks removes `\!` first: "11,\! 111" is one number, the space after the comma included.
  s = s.replace(/\\!\s*/g, '');
  s = matricesAsVectors(s);
  // Hendrycks: a doubled backslash before a command ("\\frac") is the command.
  s = s.replace(/\\\\(?=[A-Za-z])/g, '\\');
  // "7 \text{ and } -5", "2 and 3": an answer list joined with words (MATH, OlympiadBench).
  s = s.replace(/\s*\\text\s*\{\s*(?:and|or|,)\s*\}\s*/g, ', ').replace(/(?<=[\d}$)])\s+(?:and|or)\s+(?=[-\d\\($])/g, ', ');
  s = s.replace(/\\[dtc]frac/g, '\\frac');
  // Hendrycks' fix_sqrt: `\sqrt3` is `\sqrt{3}`, one character taken as LaTeX does.
  s = s.replace(/\\sqrt\s*([0-9A-Za-z])/g, '\\sqrt{$1}');
  // `\sqrt{3}4` is √3·4, as LaTeX prints it.
  s = s.replace(/(\\sqrt\{[^{}]*\})(?=\d)/g, '$1\\cdot ');
  s = s.replace(/\\(left|right|displaystyle|big|Big|bigl|bigr|Bigl|Bigr)(?![A-Za-z])/g, '');
  s = s.replace(/\\[,;: ]/g, '').replace(/~/g, ' ');
  s = relationsAsSymbols(s);
  s = s.replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|°/g, '');
  s = s.replace(/\\%/g, '%').replace(/\\\$/g, '').replace(/\$/g, '');
  // Currency signs (Math-Verify: "1,000.99€"; Qwen2.5-Math's clean_units: "¥").
  s = s.replace(/[€£¥₹]|\\(?:euro|pounds|yen)(?![A-Za-z])/g, '');
  // "1,000.99m²": a unit with its power, written tight against the number.
  s = s.replace(/(?<=\d)\s*[A-Za-z]{1,3}[²³]$/, '');
  s = s.replace(/(\d)\{,\}(\d)/g, '$1,$2');
  s = namedSets(s);
  // Qwen2.5-Math drops `\mathbf`: a bold 5 is 5.
  s = s.replace(/\\(?:mathbf|bm|boldsymbol)\s*\{([^{}]*)\}/g, '$1');
  s = stripTextUnits(s);
  s = s.trim().replace(/[.。]+$/, '').trim();
  // "x \in [-2, 7]", "x \to 3": the set or the limit is the answer.
  s = s.replace(/^[A-Za-z]\s*(?:\\in|∈|\\to|\\rightarrow|→)\s*/, '');
  s = lastOfChain(s);
  s = inequalityAsInterval(s);
  // "18 dollars", "5 apples", "12 cm^2", "28 percent": a number followed by a unit in words.
  const withUnit = /^(-?[\d.,/]+%?)\s+([A-Za-z]+(?:\.?\s+[A-Za-z]+|\/[A-Za-z]+)*)\.?(?:\^?\d|[²³])?$/.exec(s);
  if (withUnit) s = /^(?:percent|percentage|pct)$/i.test(withUnit[2]) ? `${withUnit[1]}%` : withUnit[1];
  s = s.replace(/^(-?\d+(?:\.\d+)?)\s+%$/, '$1%');
  // "1 000": Math-Verify reads a space between groups of three digits as a thousands separator.
  if (/^-?\d{1,3}(?: \d{3})+(?:\.\d+)?$/.test(s)) s = s.replace(/ /g, '');
  const spelled = numberFromWords(s);
  if (spelled !== undefined) s = spelled;
  // Qwen2.5-Math: j for the imaginary unit when no i is written.
  const unitJ = /(?<=\d|[-+*(]\s*|^)j(?![A-Za-z])/g;
  if (/\d/.test(s) && unitJ.test(s) && !/(?<![A-Za-z\\])i(?![A-Za-z])/.test(s)) s = s.replace(unitJ, 'i');
  return s.replace(/\s+/g, ' ').trim();
}

/** `\boxed{…}` and `\fbox{…}` around the answer or a part of it, nested braces fine. */
function unbox(s: string): string {
  for (let guard = 0; guard < 20; guard++) {
    const m = /\\(?:boxed|fbox)\s*\{/.exec(s);
    if (!m) return s;
    const open = m.index + m[0].length - 1;
    const close = matchingBrace(s, open);
    if (close < 0) return s;
    s = s.slice(0, m.index) + s.slice(open + 1, close) + s.slice(close + 1);
  }
  return s;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `\le`, `<=`, `\leqslant` as `≤`; `\gt` as `>`; `\neq`, `!=` as `≠` (Math-Verify reads them all). */
function relationsAsSymbols(s: string): string {
  s = s.replace(/\\(?:le|leq|leqslant)(?![A-Za-z])|<=/g, '≤').replace(/\\(?:ge|geq|geqslant)(?![A-Za-z])|>=/g, '≥');
  s = s.replace(/\\lt(?![A-Za-z])/g, '<').replace(/\\gt(?![A-Za-z])/g, '>');
  // "5!=120" is a factorial, not "≠".
  s = s.replace(/\\(?:neq|ne)(?![A-Za-z])|(?<![\d)}])!=/g, '≠');
  // "x = 1/3 \approx 0.33": the exact value before the approximation; "x \approx 11" alone is the value.
  if (/\\approx|≈/.test(s)) s = s.includes('=') ? s.replace(/\s*(?:\\approx|≈).*$/, '') : s.replace(/\\approx|≈/g, '=').replace(/^\s*=\s*/, '');
  return s;
}

/** The reals, the empty set and infinity, however written (Qwen2.5-Math `strip_string`). */
function namedSets(s: string): string {
  s = s.replace(/\\mathbb\s*\{?R\}?|\\R(?![A-Za-z])|ℝ/g, '(-\\infty, \\infty)');
  s = s.replace(/\\(?:emptyset|varnothing)(?![A-Za-z])|∅|^\\\{\s*\\\}$/g, '\\{\\}');
  s = s.replace(/(?<!\\)\b(?:infinity|inf)\b|∞/g, '\\infty');
  return s.replace(/\+\s*\\infty/g, '\\infty');
}

/**
 * `x = 5 + 5 + 1 = 11`: the last value of a chain is the answer (Math-Verify), kept with its
 * left side when that is a name; `1 = y = 0` is just `0`.
 */
function lastOfChain(s: string): string {
  if (/[<>≤≥≠]/.test(s)) return s;
  const parts = s.split('=');
  if (parts.length < 3 || splitTopLevel(s).length > 1) return s;
  const last = parts[parts.length - 1].trim();
  return isSimpleName(parts[0].trim()) ? `${parts[0].trim()} = ${last}` : last;
}

/**
 * A left side that only names the answer: `x`, `k`, `ab` (Hendrycks and Qwen2.5-Math drop a
 * left side of at most two characters), `a_1`, `f(x)`, `\theta`.
 */
export function isSimpleName(s: string): boolean {
  return /^(?:[A-Za-z][A-Za-z0-9']?|[A-Za-z](?:_\{?\w+\}?)|[A-Za-z]\([A-Za-z]\)|\\[A-Za-z]+)$/.test(s.replace(/\s+/g, ''));
}

/** `\text{ cm}` after a value is a unit; `\text{(B)}` or `\text{yes}` alone is the answer. */
function stripTextUnits(s: string): string {
  // The unit may carry its power: \text{cm}^2.
  const textGroup = /\\(?:text|textrm|textbf|textit|mathrm|mbox|textnormal|operatorname)\s*\{([^{}]*)\}(\^\{?\d\}?)?/g;
  const onlyText = s.replace(textGroup, '').trim() === '';
  // Qwen2.5-Math: a \text{…} that ends the answer after a value is a remark or a unit.
  if (!onlyText) s = s.replace(/\s*\\(?:text|textrm|textnormal|mbox)\s*\{[^{}]*\}\s*$/, '');
  return s.replace(textGroup, (all: string, inner: string) =>
    onlyText ? inner : /^[\s\p{L}.^0-9/]*$/u.test(inner) && /\p{L}/u.test(inner) ? '' : all.replace(/^\\\w+\s*\{|\}.*$/g, ''),
  );
}

/**
 * `A`, `(B)`, `C: x^2/8`, `Choice_D`, `option E`, "the answer is (B)", "I think C": the letter of
 * a multiple-choice answer, or undefined when none (or several different ones) is named.
 */
export function choiceLetter(s: string): string | undefined {
  const t = s.trim();
  const m =
    /^\(?([A-J])\)?(?:\s*[:.)]|\s*$)/.exec(t) ??
    /\b(?:choice|option|answer)[_:]\s*\(?([A-J])\)?(?![A-Za-z])/i.exec(t) ??
    // "the answer is (b)", "answer: B", never "the answer is a number".
    /\b(?:[Cc]hoice|[Oo]ption|[Aa]nswer)(?:\s+is)?[\s:]*(?:\(([A-Ja-j])\)|([A-J]))(?![A-Za-z])/.exec(t);
  if (m) return (m[1] ?? m[2]).toUpperCase();
  // Qwen2.5-Math's choice_answer_clean: a capital letter standing alone names the choice.
  // "I think", "A value": a pronoun or an article is not a choice.
  const alone = [...new Set([...t.matchAll(/(?<![A-Za-z\\])([A-J])(?![A-Za-z])(?!\s+[a-z])/g)].map((x) => x[1]))];
  return alone.length === 1 ? alone[0] : undefined;
}

/**
 * Splits at commas outside brackets. Thousands separators (`1,375`) are not split: a comma
 * followed by exactly three digits inside a number stays.
 */
export function splitTopLevel(s: string, thousands = true): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ('([{⟨'.includes(c)) depth++;
    else if (')]}⟩'.includes(c)) depth--;
    if (c === ',' && depth === 0 && !(thousands && isThousandsComma(s, i))) {
      items.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  items.push(current.trim());
  return items;
}

function isThousandsComma(s: string, i: number): boolean {
  // "0,111" is a decimal comma or a list, never a thousands separator.
  const before = /(?:^|[^\d.])([1-9]\d{0,2}(?:,\d{3})*)$/.exec(s.slice(0, i));
  const after = /^\d{3}(?!\d)/.exec(s.slice(i + 1));
  if (!before || !after) return false;
  // "1,375" yes; "10,11,12" no: every group after the first must be exactly three digits,
  // and the list must not also hold a short group somewhere ("2,000,5").
  return !/,\s/.test(s) && s.split(',').slice(1).every((g) => /^\d{3}/.test(g.trim()));
}

/**
 * Matrices and vectors (`pmatrix`, `bmatrix`, `array`, `\langle…\rangle`) as `⟨…⟩`: an ordered
 * vector that matches a tuple, a column of braces or another matrix (Qwen2.5-Math's
 * `str_to_pmatrix`, `compare_matrices`). Rows of a matrix are vectors of their own.
 */
function matricesAsVectors(s: string): string {
  s = s.replace(/\\begin\{(?:[pbvBV]?matrix|array)\}(?:\{[^{}]*\})?([\s\S]*?)\\end\{(?:[pbvBV]?matrix|array)\}/g, (_all, body: string) => {
    const rows = body
      .split(/\\\\/)
      .map((row) => row.split('&').map((c) => c.trim()))
      .filter((row) => row.some((c) => c !== ''));
    if (rows.length === 1 || rows.every((row) => row.length === 1)) return `⟨${rows.flat().join(', ')}⟩`;
    return `⟨${rows.map((row) => `⟨${row.join(', ')}⟩`).join(', ')}⟩`;
  });
  return s.replace(/\\langle\s*/g, '⟨').replace(/\s*\\rangle/g, '⟩');
}

/**
 * `-2 ≤ x ≤ 7` as `[-2, 7]`, `x > 3` and `3 < x` as `(3, \infty)`: an inequality in one unknown
 * against a bound is the interval it describes (Math-Verify compares the two forms as sets).
 */
export function inequalityAsInterval(s: string): string {
  const between = /^(.+?)\s*(<|≤)\s*[A-Za-z]\s*(<|≤)\s*(.+)$/.exec(s);
  if (between && !/[<≤≥>]/.test(between[1] + between[4])) {
    return `${between[2] === '<' ? '(' : '['}${between[1].trim()}, ${between[4].trim()}${between[3] === '<' ? ')' : ']'}`;
  }
  const flipped: Record<string, string> = { '<': '>', '>': '<', '≤': '≥', '≥': '≤' };
  // The bound holds no unknown: commands (\frac, \sqrt, \infty) are fine, a letter is not.
  const bare = (b: string) => !/[A-Za-z]/.test(b.replace(/\\[A-Za-z]+/g, ''));
  let one: [string, string] | undefined;
  const right = /^[A-Za-z]\s*(<|≤|>|≥)\s*([^<≤>≥=]+)$/.exec(s);
  const left = /^([^<≤>≥=]+?)\s*(<|≤|>|≥)\s*[A-Za-z]$/.exec(s);
  if (right && bare(right[2])) one = [right[1], right[2]];
  else if (left && bare(left[1])) one = [flipped[left[2]], left[1]];
  if (!one) return s;
  const bound = one[1].trim();
  if (one[0] === '<') return `(-\\infty, ${bound})`;
  if (one[0] === '≤') return `(-\\infty, ${bound}]`;
  if (one[0] === '>') return `(${bound}, \\infty)`;
  return `[${bound}, \\infty)`;
}
