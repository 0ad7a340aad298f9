import { isDigit } from './chars';

/**
 * Where `$…$`, `$$…$$`, `\(…\)` and `\[…\]` math runs are, by pandoc's rule for single dollars
 * (an opening `$` is followed by a non-space, a closing `$` follows a non-space and is not
 * followed by a digit), so "costs $5 and $3" stays money.
 */
export function mathRegions(text: string): Array<[number, number]> {
  const regions: Array<[number, number]> = [];
  // A closer not found once is not found from any later point either: remember, stay linear.
  const missing = new Set<string>();
  const find = (closer: string, from: number) => {
    if (missing.has(closer)) return -1;
    const at = text.indexOf(closer, from);
    if (at < 0) missing.add(closer);
    return at;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '(' || text[i + 1] === '[')) {
      const end = find(text[i + 1] === '(' ? '\\)' : '\\]', i + 2);
      if (end >= 0) {
        regions.push([i, end + 2]);
        i = end + 2;
      } else {
        i += 2;
      }
      continue;
    }
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '$') {
      if (text[i + 1] === '$') {
        const end = find('$$', i + 2);
        if (end >= 0) {
          regions.push([i, end + 2]);
          i = end + 2;
        } else {
          i += 2;
        }
        continue;
      }
      const next = text[i + 1];
      if (next !== undefined && !/\s/.test(next)) {
        const end = findClosingDollar(text, i + 1);
        if (end >= 0) {
          regions.push([i, end + 1]);
          i = end + 1;
          continue;
        }
      }
    }
    i++;
  }
  return regions;
}

function findClosingDollar(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '\n' && text[j + 1] === '\n') return -1; // math does not cross a paragraph
    if (c === '$') {
      if (text[j + 1] === '$') return -1;
      if (!/\s/.test(text[j - 1]) && !isDigit(text[j + 1])) return j;
      return -1; // "$5 and $3": the second dollar is money, so the first was too
    }
  }
  return -1;
}
