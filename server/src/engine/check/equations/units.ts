/**
 * Units people write in word problems, by dimension, in the singular. Two different units of
 * one dimension in an equation mean a conversion the numbers may hide ("1 hour + 30 minutes"),
 * so such an equation is not judged number by number.
 */
const DIMENSIONS: Record<string, string> = {};
const add = (dimension: string, names: string) => {
  for (const n of names.split(' ')) DIMENSIONS[n] = dimension;
};
add('time', 'second sec minute min hour hr day week month year decade century');
add('length', 'inch foot feet yard mile meter metre centimeter centimetre cm millimeter mm kilometer km m ft');
add('mass', 'ounce oz pound lb gram g kilogram kg ton tonne');
add('volume', 'cup pint quart gallon liter litre ml milliliter teaspoon tablespoon');
add('money', '$ dollar cent penny nickel dime quarter buck');

function singular(word: string): string {
  if (word === 'feet') return 'foot';
  if (word === 'pennies') return 'penny';
  if (word === 'centuries') return 'century';
  if (word.endsWith('es') && /(inch|ounce)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && word.length > 2 && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The unit a phrase is about: its first word that names a known unit, else its first word. */
function unitOf(words: readonly string[]): string | undefined {
  const known = words.map(singular).find((w) => w in DIMENSIONS);
  return known ?? (words[0] === undefined ? undefined : singular(words[0]));
}

/**
 * Whether the operands hold two different units of one dimension once rates cancel
 * ("35 hours/week × $20/hour": hours and /hour cancel; week stays alone, so no conflict).
 */
export function unitConflict(operands: ReadonlyArray<{ numerators: string[]; denominators: string[] }>): boolean {
  const top: string[] = [];
  const bottom: string[] = [];
  for (const o of operands) {
    const n = unitOf(o.numerators);
    if (n) top.push(n);
    for (const d of o.denominators) bottom.push(singular(d));
  }
  for (let i = top.length - 1; i >= 0; i--) {
    const j = bottom.indexOf(top[i]);
    if (j >= 0) {
      top.splice(i, 1);
      bottom.splice(j, 1);
    }
  }
  const all = [...top, ...bottom];
  // "1/2 a cup = 4 ounces": an ounce is also a measure of volume (the fluid ounce).
  if (all.some((u) => u === 'ounce' || u === 'oz') && all.some((u) => DIMENSIONS[u] === 'volume')) return true;
  const seen = new Map<string, string>();
  for (const u of all) {
    const dimension = DIMENSIONS[u];
    if (!dimension) continue;
    const other = seen.get(dimension);
    if (other !== undefined && other !== u) return true;
    seen.set(dimension, u);
  }
  return false;
}
