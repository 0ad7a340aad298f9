import { FENCE, lines, matchAt } from './sections';
import type { DirectiveComment, SolutionDirectives } from './types';

// `<!-- mathcritic-NAME [code, code …] [-- why] -->`. The comment is an HTML comment so that
// rendered Markdown stays clean; the reason after `--` is for the reader, as in ESLint.
// Matched on the comment's head only: a regex run over a long comment's body was its cost.
const HEAD = /^<!--[ \t]*mathcritic-([a-z]+(?:-[a-z]+)*)?/i;
const KINDS = new Set<DirectiveComment['kind']>(['disable-next-step', 'disable', 'enable']);

/**
 * Reads the `<!-- mathcritic-… -->` comments of the body (from `from`; fenced code is an
 * example, not a directive) and returns the text with each of them blanked to spaces. Offsets
 * do not move, and the steps, the final answer and the critic never read a directive as part
 * of a step: a directive on its own paragraph is no step, and one between two steps is in
 * neither's text.
 */
export function readDirectives(text: string, from: number): { text: string; comments: DirectiveComment[]; problems: SolutionDirectives['problems'] } {
  const comments: DirectiveComment[] = [];
  const problems: SolutionDirectives['problems'] = [];
  if (text.indexOf('<!--', from) < 0) return { text, comments, problems };
  const blanks: { start: number; end: number }[] = [];
  const fences = fencedRanges(text, from);
  const insideInlineCode = inlineCodeTest(text, from);
  let f = 0;
  let at = text.indexOf('<!--', from);
  while (at >= 0) {
    while (f < fences.length && fences[f].end <= at) f++;
    if (f < fences.length && fences[f].start <= at) {
      at = text.indexOf('<!--', fences[f].end);
      continue;
    }
    const close = text.indexOf('-->', at + 4);
    if (close < 0) break; // an unclosed comment hides the rest of the document from the reader: nothing to read
    const end = close + 3;
    const m = HEAD.exec(text.slice(at, Math.min(close, at + 64)));
    if (m && !insideInlineCode(at)) {
      const span = { start: at, end };
      const name = m[1] ?? '';
      const kind = name.toLowerCase() as DirectiveComment['kind'];
      const rest = text.slice(at + m[0].length, close);
      // `mathcritic-disable-next-stepwrong-equation`: the name runs into the codes, so it is no name.
      if (KINDS.has(kind) && (rest === '' || /^[\s,]/.test(rest))) comments.push({ kind, codes: codesOf(rest), span });
      else
        problems.push({
          message: `Unknown directive "mathcritic-${(name + (/^[^\s,]*/.exec(rest.slice(0, 60))?.[0] ?? '')).slice(0, 60)}": use mathcritic-disable-next-step, mathcritic-disable or mathcritic-enable.`,
          span,
        });
      blanks.push(span);
    }
    at = text.indexOf('<!--', end);
  }
  return { text: blanks.length ? blank(text, blanks) : text, comments, problems };
}

/** "wrong-equation, no-steps -- why" → the codes (lower case, in order, once each). */
function codesOf(rest: string): string[] {
  const names = rest.split(/\s--\s|\s--$/)[0];
  return [
    ...new Set(
      names
        .split(/[\s,]+/)
        .filter((c) => c !== '' && c !== '--')
        .map((c) => c.toLowerCase()),
    ),
  ];
}

function blank(text: string, spans: readonly { start: number; end: number }[]): string {
  const parts: string[] = [];
  let last = 0;
  for (const s of spans) {
    parts.push(
      text.slice(last, s.start),
      text.slice(s.start, s.end).replace(/[^\r\n]+/g, (run) => ' '.repeat(run.length)),
    );
    last = s.end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

function fencedRanges(text: string, from: number): { start: number; end: number }[] {
  if (text.indexOf('```', from) < 0 && text.indexOf('~~~', from) < 0) return [];
  const out: { start: number; end: number }[] = [];
  let open = -1;
  for (const line of lines(text, from)) {
    if (line.end === line.start || !matchAt(FENCE, text, line.start)) continue;
    if (open < 0) open = line.start;
    else {
      out.push({ start: open, end: line.end });
      open = -1;
    }
  }
  if (open >= 0) out.push({ start: open, end: text.length });
  return out;
}

/**
 * Whether a comment at `at` is inside `inline code`: an odd number of backticks before it on its
 * line. Comments come in document order, so the text is read once, from one comment to the next.
 */
function inlineCodeTest(text: string, from: number): (at: number) => boolean {
  let pos = from;
  let ticks = 0;
  return (at) => {
    for (; pos < at; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 10 || c === 13) ticks = 0;
      else if (c === 96) ticks++;
    }
    return ticks % 2 === 1;
  };
}
