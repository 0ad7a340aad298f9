/**
 * Final answers as people and models write them, reduced to what carries the value — the
 * same clean-ups the common math graders do (Hendrycks MATH's `strip_string`, Qwen2.5-Math's
 * `math_equal`): dollars and math delimiters, `\text{}` units, `\dfrac`, degrees, thousands
 * separators, a trailing full stop, a leading `x =`.
 */
export function normalizeAnswer(raw: string): string {
  let s = raw.trim();
  s = s.replace(/^\\\(|\\\)$/g, '').replace(/^\\\[|\\\]$/g, '');
  s = s.replace(/\\boxed\s*\{([^{}]*)\}/g, '$1');
  s = matricesAsTuples(s);
  // "7 \text{ and } -5", "2 and 3": an answer list joined with words (MATH, OlympiadBench).
  s = s.replace(/\s*\\text\s*\{\s*(?:and|or|,)\s*\}\s*/g, ', ').replace(/(?<=[\d}$)])\s+(?:and|or)\s+(?=[-\d\\($])/g, ', ');
  s = s.replace(/\\[dtc]frac/g, '\\frac');
  s = s.replace(/\\(left|right|displaystyle|big|Big|bigl|bigr|Bigl|Bigr)(?![A-Za-z])/g, '');
  s = s.replace(/\\[,;:! ]/g, '').replace(/~/g, ' ');
  s = s.replace(/\\(?:le|leq|leqslant)(?![A-Za-z])/g, '≤').replace(/\\(?:ge|geq|geqslant)(?![A-Za-z])/g, '≥');
  s = s.replace(/\^\s*\{?\\circ\}?|°/g, '');
  s = s.replace(/\\%/g, '%').replace(/\\\$/g, '').replace(/\$/g, '');
  s = s.replace(/(\d)\{,\}(\d)/g, '$1,$2');
  s = stripTextUnits(s);
  s = s.trim().replace(/[.。]+$/, '').trim();
  // "x \in [-2, 7]": the set is the answer.
  s = s.replace(/^[A-Za-z]\s*\\in\s*/, '');
  s = inequalityAsInterval(s);
  // "x = 5", "a=2": the value is what follows a single named unknown.
  s = s.replace(/^[A-Za-z](?:_\{?\w+\}?)?\s*=\s*(?=[^=]+$)/, '');
  // "18 dollars", "5 apples", "12 cm^2": a number followed by a unit in words.
  const withUnit = /^(-?[\d.,/]+%?)\s+[A-Za-z]+(?:\.?\s+[A-Za-z]+)*\.?(?:\^?\d)?$/.exec(s);
  if (withUnit) s = withUnit[1];
  return s.replace(/\s+/g, ' ').trim();
}

/** `\text{ cm}` after a value is a unit; `\text{(B)}` or `\text{yes}` alone is the answer. */
function stripTextUnits(s: string): string {
  // The unit may carry its power: \text{cm}^2.
  const textGroup = /\\(?:text|textrm|textbf|mathrm|mbox|textnormal)\s*\{([^{}]*)\}(\^\{?\d\}?)?/g;
  const onlyText = s.replace(textGroup, '').trim() === '';
  return s.replace(textGroup, (all: string, inner: string) =>
    onlyText ? inner : /^[\s\p{L}.^0-9/]*$/u.test(inner) && /\p{L}/u.test(inner) ? '' : all.replace(/^\\\w+\s*\{|\}.*$/g, ''),
  );
}

/** `A`, `(B)`, `C: x^2/8`, `Choice_D`, `option E`: the letter of a multiple-choice answer. */
export function choiceLetter(s: string): string | undefined {
  const m =
    /^\(?([A-J])\)?(?:\s*[:.)]|\s*$)/.exec(s.trim()) ??
    /\b(?:choice|option|answer)[_\s:]*\(?([A-J])\)?(?![A-Za-z])/i.exec(s);
  return m?.[1]?.toUpperCase();
}

/**
 * Splits at commas outside brackets. Thousands separators (`1,375`) are not split: a comma
 * followed by exactly three digits inside a number stays.
 */
export function splitTopLevel(s: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0 && !isThousandsComma(s, i)) {
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
  const before = /(?:^|[^\d.])(\d{1,3}(?:,\d{3})*)$/.exec(s.slice(0, i));
  const after = /^\d{3}(?!\d)/.exec(s.slice(i + 1));
  if (!before || !after) return false;
  // "1,375" yes; "10,11,12" no: every group after the first must be exactly three digits,
  // and the list must not also hold a short group somewhere ("2,000,5").
  return !/,\s/.test(s) && s.split(',').slice(1).every((g) => /^\d{3}/.test(g.trim()));
}

/** `\begin{pmatrix}1\\2\end{pmatrix}` as the tuple `(1, 2)` (Qwen2.5-Math's `str_to_pmatrix` the other way). */
function matricesAsTuples(s: string): string {
  return s.replace(/\\begin\{[pbv]?matrix\}([\s\S]*?)\\end\{[pbv]?matrix\}/g, (_all, body: string) => {
    const cells = body.split(/\\\\|&/).map((c) => c.trim()).filter((c) => c !== '');
    return `(${cells.join(', ')})`;
  });
}

/**
 * `-2 ≤ x ≤ 7` as `[-2, 7]`, `x > 3` as `(3, \infty)`: an inequality in one unknown is the
 * interval it describes (Math-Verify compares the two forms as sets).
 */
function inequalityAsInterval(s: string): string {
  const between = /^(.+?)\s*(<|≤)\s*[A-Za-z]\s*(<|≤)\s*(.+)$/.exec(s);
  if (between && !/[<≤≥>]/.test(between[1] + between[4])) {
    return `${between[2] === '<' ? '(' : '['}${between[1].trim()}, ${between[4].trim()}${between[3] === '<' ? ')' : ']'}`;
  }
  const one = /^[A-Za-z]\s*(<|≤|>|≥)\s*([^<≤>≥=]+)$/.exec(s);
  if (!one) return s;
  const bound = one[2].trim();
  if (one[1] === '<') return `(-\\infty, ${bound})`;
  if (one[1] === '≤') return `(-\\infty, ${bound}]`;
  if (one[1] === '>') return `(${bound}, \\infty)`;
  return `[${bound}, \\infty)`;
}
