import { decimal, formatDecimal, type Decimal } from '../math/evaluate';

/**
 * A computed value written the way the author wrote the number it replaces: the same
 * thousands separator (`1,200`, LaTeX `1{,}200`, `1\,200`), the same decimal places when they
 * show cents ("$2.50"). Undefined when the value has no exact short form (1/3).
 */
export function writeLike(value: Decimal, written: { source: string; decimals: number }): string | undefined {
  const plain = formatDecimal(value);
  if (plain.endsWith('…')) return undefined;
  let places = plain.includes('.') ? plain.split('.')[1].length : 0;
  if (written.decimals > places && value.toDecimalPlaces(written.decimals).eq(value)) places = written.decimals;
  const fixed = decimal(plain).toFixed(places);
  const separator = /\d\{,\}\d/.test(written.source) ? '{,}' : /\d\\,\d/.test(written.source) ? '\\,' : /\d,\d{3}/.test(written.source) ? ',' : '';
  if (!separator) return fixed;
  const [whole, frac] = fixed.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  return sign + digits + (frac !== undefined ? `.${frac}` : '');
}
