import type { Span } from './types';

export interface Sections {
  problem?: { heading: Span; body: Span };
  solution?: { heading: Span; body: Span };
}

// Sticky, read at each line start of the whole text (a slice per line was most of the parse):
// nothing in them crosses a line break, and the lookahead stands for the end of the line.
export const HEADING = /(#{1,6})[ \t]+(.*?)[ \t#]*(?=[\r\n]|$)/y;
/** A fence line: ``` or ~~~ after at most three spaces (whitespace, not a line break). */
export const FENCE = /[^\S\r\n]{0,3}(```|~~~)/y;

/** Whether the sticky `re` matches at `at`; the match itself when it does. */
export function matchAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}
export const PROBLEM_TITLES = /^(problem|question|task|exercise)\b/i;
export const SOLUTION_TITLES = /^(solution|steps|reasoning|answer steps|proof|response)\b/i;

/**
 * Finds the Problem and Solution parts by their ATX headings ("# Problem", "## Solution").
 * A part runs from its heading to the next heading of the same or a higher level, so
 * sub-headings ("### Step 1") stay inside the solution.
 */
export function findSections(text: string, bodyStart: number): Sections {
  const headings: { level: number; title: string; span: Span }[] = [];
  let inFence = false;
  for (const line of lines(text, bodyStart)) {
    if (line.end > line.start && matchAt(FENCE, text, line.start)) inFence = !inFence;
    if (inFence) continue;
    const m = text.charCodeAt(line.start) === 35 /* # */ ? matchAt(HEADING, text, line.start) : null;
    if (m && m.index + m[0].length <= line.end) headings.push({ level: m[1].length, title: m[2], span: line });
  }
  const sections: Sections = {};
  headings.forEach((h, i) => {
    const kind = PROBLEM_TITLES.test(h.title) ? 'problem' : SOLUTION_TITLES.test(h.title) ? 'solution' : undefined;
    if (!kind || sections[kind]) return;
    let end = text.length;
    for (let j = i + 1; j < headings.length; j++) {
      if (headings[j].level <= h.level) {
        end = headings[j].span.start;
        break;
      }
    }
    sections[kind] = { heading: h.span, body: { start: nextLineStart(text, h.span.end), end } };
  });
  return sections;
}

/** Lines of `text` from `from` on, each as a span without its line break. */
export function* lines(text: string, from = 0, to = text.length): Generator<Span> {
  let start = from;
  // indexOf, not a loop over characters: it was half of a parse. Most texts have no \r at all,
  // so where the next one is is remembered instead of searched for on every line.
  let cr = -2;
  while (start < to) {
    if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
    let end = text.indexOf('\n', start);
    if (end < 0 || end > to) end = to;
    if (cr >= 0 && cr < end) end = cr;
    yield { start, end };
    start = nextLineStart(text, end);
    if (start > to) break;
  }
}

export function nextLineStart(text: string, lineEnd: number): number {
  if (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10) return lineEnd + 2;
  if (lineEnd < text.length) return lineEnd + 1;
  return lineEnd;
}
