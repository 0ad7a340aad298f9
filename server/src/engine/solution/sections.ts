import type { Span } from './types';

export interface Sections {
  problem?: { heading: Span; body: Span };
  solution?: { heading: Span; body: Span };
}

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const PROBLEM_TITLES = /^(problem|question|task|exercise)\b/i;
const SOLUTION_TITLES = /^(solution|steps|reasoning|answer steps|proof|response)\b/i;

/**
 * Finds the Problem and Solution parts by their ATX headings ("# Problem", "## Solution").
 * A part runs from its heading to the next heading of the same or a higher level, so
 * sub-headings ("### Step 1") stay inside the solution.
 */
export function findSections(text: string, bodyStart: number): Sections {
  const headings: { level: number; title: string; span: Span }[] = [];
  let inFence = false;
  for (const line of lines(text, bodyStart)) {
    const s = text.slice(line.start, line.end);
    if (/^\s{0,3}(```|~~~)/.test(s)) inFence = !inFence;
    if (inFence) continue;
    const m = HEADING.exec(s);
    if (m) headings.push({ level: m[1].length, title: m[2], span: line });
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
  while (start < to) {
    let end = start;
    while (end < to && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
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
