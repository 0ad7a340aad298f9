const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };

/**
 * A whole answer spelt in English words ("five", "twenty-one", "three hundred and two") as its
 * digits, like Qwen2.5-Math's `convert_word_number` (word2number); undefined for anything else.
 */
export function numberFromWords(text: string): string | undefined {
  const words = text.toLowerCase().replace(/-/g, ' ').split(/\s+/).filter((w) => w !== '' && w !== 'and');
  if (words.length === 0 || words.length > 12) return undefined;
  let negative = false;
  if (words[0] === 'minus' || words[0] === 'negative') {
    negative = true;
    words.shift();
  }
  let total = 0;
  let group = 0;
  let seen = false;
  for (const w of words) {
    if (w in UNITS) group += UNITS[w];
    else if (w in TENS) group += TENS[w];
    else if (w === 'hundred') group = (group || 1) * 100;
    else if (w in SCALES) {
      total += (group || 1) * SCALES[w];
      group = 0;
    } else return undefined;
    seen = true;
  }
  if (!seen) return undefined;
  return String((negative ? -1 : 1) * (total + group));
}
