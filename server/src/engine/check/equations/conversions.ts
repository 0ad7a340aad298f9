import { decimal, formatDecimal, mathjs } from '../math/evaluate';
import type { Token } from '../math/tokens';
import type { CheckedEquation } from '.';

/**
 * Unit words whose conversions are exact and the same everywhere, with their mathjs names and
 * their system. Months and years (calendar lengths vary), tons (short, long or metric), fluid
 * ounces against ounces, and single letters (`m`, `g`, `l`) are left out: a writer may mean
 * something else than mathjs does.
 */
const UNITS: Record<string, { unit: string; system: 'time' | 'us' | 'metric' }> = {};
const add = (system: 'time' | 'us' | 'metric', unit: string, words: string) => {
  for (const w of words.split(' ')) UNITS[w] = { unit, system };
};
add('time', 'second', 'second seconds sec secs');
add('time', 'minute', 'minute minutes min mins');
add('time', 'hour', 'hour hours hr hrs');
add('time', 'day', 'day days');
add('time', 'week', 'week weeks');
add('us', 'inch', 'inch inches');
add('us', 'foot', 'foot feet ft');
add('us', 'yard', 'yard yards yd yds');
add('us', 'mile', 'mile miles');
add('us', 'lbm', 'pound pounds lb lbs');
add('us', 'ounce', 'ounce ounces oz');
add('us', 'teaspoon', 'teaspoon teaspoons tsp');
add('us', 'tablespoon', 'tablespoon tablespoons tbsp');
add('us', 'cup', 'cup cups');
add('us', 'pint', 'pint pints');
add('us', 'quart', 'quart quarts');
add('us', 'gallon', 'gallon gallons');
add('metric', 'mm', 'mm millimeter millimeters millimetre millimetres');
add('metric', 'cm', 'cm centimeter centimeters centimetre centimetres');
add('metric', 'm', 'meter meters metre metres');
add('metric', 'km', 'km kilometer kilometers kilometre kilometres');
add('metric', 'mg', 'mg milligram milligrams');
add('metric', 'g', 'gram grams');
add('metric', 'kg', 'kg kilogram kilograms');
add('metric', 'mL', 'ml mL milliliter milliliters millilitre millilitres');
add('metric', 'L', 'liter liters litre litres');

/**
 * A conversion written as one quantity equal to another, "2 hours = 120 minutes": the number
 * is converted with mathjs units and compared, rounded to the places the result shows. Only
 * for a bare number and one unit word on each side, of one dimension and one system
 * (`1 mile = 1.6 km` is an approximation people write on purpose), and nothing around that
 * joins another quantity to either side ("5 feet 3 inches = 63 inches", "= 120 minutes per …").
 */
export function checkConversions(text: string, tokens: readonly Token[]): CheckedEquation[] {
  const out: CheckedEquation[] = [];
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k].kind !== 'rel') continue;
    const left = quantityBefore(tokens, k);
    const right = quantityAfter(tokens, k);
    if (!left || !right || left.unit.system !== right.unit.system || left.unit.unit === right.unit.unit) continue;
    const rel = tokens[k] as Extract<Token, { kind: 'rel' }>;
    if (rel.approx) continue;
    let factor: number;
    try {
      factor = mathjs().unit(1, left.unit.unit).toNumber(right.unit.unit);
    } catch {
      continue; // different dimensions: not a conversion
    }
    const expected = decimal(left.num.value).mul(decimal(factor).toSignificantDigits(12));
    const claimed = decimal(right.num.value);
    const scale = expected.abs().gt(claimed.abs()) ? expected.abs() : claimed.abs();
    if (expected.sub(claimed).abs().lte(scale.mul('1e-9'))) continue;
    if (right.num.decimals > 0 && [4, 6, 1].some((mode) => expected.toDecimalPlaces(right.num.decimals, mode as 4 | 6 | 1).eq(claimed))) continue;
    const lhs = text.slice(left.num.start, left.word.end);
    const written = text.slice(right.num.start, right.word.end);
    const shown = `${formatDecimal(expected)} ${text.slice(right.word.start, right.word.end)}`;
    out.push({
      start: left.num.start,
      end: right.word.end,
      lhs,
      written,
      computed: formatDecimal(expected),
      verdict: 'wrong',
      kind: 'quantity',
      message: `${lhs} = ${written} is wrong: ${lhs} = ${shown}`,
    });
  }
  return out;
}

type Num = Extract<Token, { kind: 'num' }>;
type Word = Extract<Token, { kind: 'word' }>;

const solid = (tokens: readonly Token[], k: number, step: 1 | -1) => {
  while (tokens[k]?.kind === 'ws') k += step;
  return k;
};

function unitWord(t: Token | undefined): { unit: (typeof UNITS)[string]; word: Word } | undefined {
  if (t?.kind !== 'word') return undefined;
  const unit = Object.hasOwn(UNITS, t.text) ? UNITS[t.text] : Object.hasOwn(UNITS, t.text.toLowerCase()) ? UNITS[t.text.toLowerCase()] : undefined;
  return unit ? { unit, word: t } : undefined;
}

/** `… 2 hours =`: a number, its unit word, and before them the start of a statement or prose. */
function quantityBefore(tokens: readonly Token[], rel: number) {
  const w = solid(tokens, rel - 1, -1);
  const n = solid(tokens, w - 1, -1);
  const unit = unitWord(tokens[w]);
  const num = tokens[n];
  if (!unit || num?.kind !== 'num') return undefined;
  const before = tokens[solid(tokens, n - 1, -1)];
  const beforeThat = tokens[solid(tokens, solid(tokens, n - 1, -1) - 1, -1)];
  // "5 feet 3 inches", "$2 hours", "-2 hours", "1/2 hour": something joins the number.
  if (before && before.kind !== 'stop' && before.kind !== 'word') return undefined;
  if (before?.kind === 'word' && (unitWord(before) || beforeThat?.kind === 'num' || /^(of|per|and|plus|minus|times|x|half)$/i.test(before.text))) return undefined;
  return { num: num as Num, ...unit };
}

/** `= 120 minutes`, followed by the end of the statement or prose that adds no quantity. */
function quantityAfter(tokens: readonly Token[], rel: number) {
  const n = solid(tokens, rel + 1, 1);
  const w = solid(tokens, n + 1, 1);
  const num = tokens[n];
  const unit = unitWord(tokens[w]);
  if (num?.kind !== 'num' || !unit) return undefined;
  const after = tokens[solid(tokens, w + 1, 1)];
  const afterThat = tokens[solid(tokens, solid(tokens, w + 1, 1) + 1, 1)];
  if (after && after.kind !== 'stop' && after.kind !== 'word') return undefined;
  if (after?.kind === 'word' && (unitWord(after) || afterThat?.kind === 'num' || /^(per|and|of|each|a|an|every)$/i.test(after.text))) return undefined;
  return { num: num as Num, ...unit };
}
