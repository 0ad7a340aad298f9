export const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
// ASCII first: a regular expression per character was most of the tokenizer's time on big steps.
export const isLetter = (c: string | undefined) =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c > '\x7f' && /\p{L}/u.test(c)));
