/**
 * Text from a document or a model quoted back in a message (a diagnostic, a hover, a CLI line)
 * is shortened: a 200,000-digit number written in a step was quoted whole three times in its
 * finding, 600 KB that the editor was sent again on every keystroke and showed in one hover.
 * A run without spaces longer than `maxRun` keeps its head and tail, with its length between;
 * a message longer than `maxLength` keeps its head and tail.
 */
// Long enough for LaTeX written without spaces (`\frac{5\times4\times3}{2\times1}=30` and longer chains).
export const MAX_RUN = 100;
export const MAX_MESSAGE = 1_000;

export function clipQuoted(text: string, maxRun = MAX_RUN, maxLength = MAX_MESSAGE): string {
  if (text.length <= maxRun) return text;
  const keep = Math.max(4, Math.floor(maxRun / 3));
  const runs = new RegExp(`\\S{${maxRun + 1},}`, 'g');
  let out = text.replace(runs, (run) => `${head(run, keep)}…${tail(run, keep)} (${run.length.toLocaleString('en-US')} characters)`);
  if (out.length > maxLength) {
    const half = Math.floor((maxLength - 3) / 2);
    out = `${head(out, half)} … ${tail(out, half)}`;
  }
  return out;
}

/** The first `n` UTF-16 units, not ending inside a surrogate pair. */
function head(s: string, n: number): string {
  const code = s.charCodeAt(n - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/** The last `n` UTF-16 units, not starting inside a surrogate pair. */
function tail(s: string, n: number): string {
  const from = s.length - n;
  const code = s.charCodeAt(from);
  return s.slice(code >= 0xdc00 && code <= 0xdfff ? from + 1 : from);
}
