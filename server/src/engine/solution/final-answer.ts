import type { FinalAnswer, Span, Step } from './types';

/**
 * Finds the solution's final answer: the last `\boxed{…}` (or `\fbox{…}`), else the last
 * "the answer is …", else a GSM8K-style `#### …` line, else an "Answer: …" line.
 */
export function findFinalAnswer(text: string, within: Span, steps: Step[]): FinalAnswer | undefined {
  const boxed = lastBoxed(text, within);
  const answerIs = lastAnswerIs(text, within);
  // "… \boxed{12} … The final answer is 14": an explicit statement after the boxes wins.
  const stated = answerIs && (!boxed || answerIs.span.start > boxed.span.end) ? answerIs : undefined;
  const found = stated ?? boxed ?? answerIs ?? lastHashes(text, within) ?? lastAnswerLine(text, within);
  if (!found) return undefined;
  const step = steps.find((s) => found.span.start >= s.span.start && found.span.start < s.span.end);
  return { ...found, stepIndex: step ? step.index : -1 };
}

type Found = Omit<FinalAnswer, 'stepIndex'>;

function lastBoxed(text: string, within: Span): Found | undefined {
  const re = /\\(?:boxed|fbox)\s*\{/g;
  re.lastIndex = within.start;
  let closers: Map<number, number> | undefined;
  let result: Found | undefined;
  let group: Array<{ inner: string; start: number; end: number }> = [];
  for (let m = re.exec(text); m && m.index < within.end; m = re.exec(text)) {
    const open = m.index + m[0].length;
    closers ??= matchingBraces(text, within);
    const close = closers.get(open - 1);
    if (close === undefined) continue;
    const inner = text.slice(open, close).trim();
    if (inner) {
      // "\boxed{(2,2)} and \boxed{(6,2)}", "\boxed{1}, \boxed{2}": boxes joined only by commas
      // or "and" are one answer list.
      const last = group[group.length - 1];
      const joined = last !== undefined && BOX_JOINER.test(text.slice(last.end + 1, m.index));
      group = joined ? [...group, { inner, start: open, end: close }] : [{ inner, start: open, end: close }];
      result = {
        text: group.map((b) => b.inner).join(', '),
        span: { start: group[0].start, end: close },
        form: 'boxed',
      };
    }
    re.lastIndex = close;
  }
  return result;
}

export const BOX_JOINER = /^(?:[\s$]|\\[()[\]])*(?:,|;|and|or|\\text\s*\{\s*(?:and|or|,)\s*\}|\\quad|\\qquad)?(?:[\s$,]|\\[()[\]])*$/;

/**
 * Where each `{` in the span closes, in one pass: unbalanced input ("\boxed{" twenty thousand
 * times) stays linear instead of rescanning to the end for every opener.
 */
function matchingBraces(text: string, within: Span): Map<number, number> {
  const closers = new Map<number, number>();
  const open: number[] = [];
  for (let i = within.start; i < within.end; i++) {
    const c = text[i];
    if (c === '\\')
      i++; // an escaped brace \{ does not count
    else if (c === '{') open.push(i);
    else if (c === '}' && open.length > 0) closers.set(open.pop() as number, i);
  }
  return closers;
}

function lastAnswerIs(text: string, within: Span): Found | undefined {
  const re = /\b(?:the\s+)?(?:final\s+)?answer\s+is\s*:?\s*/gi;
  return lastMatch(text, within, re, 'the-answer-is');
}

function lastHashes(text: string, within: Span): Found | undefined {
  // Also after a step marker, as dataset steps laid out by solutionFromSteps read "Step 3: #### 18".
  const re = /^[ \t]*(?:(?:\*\*)?step[ \t]+\d+[ \t]*[:.)](?:\*\*)?[ \t]*)?####[ \t]*/gim;
  return lastMatch(text, within, re, 'hashes');
}

function lastAnswerLine(text: string, within: Span): Found | undefined {
  const re = /^[ \t]*(?:\*\*|__)?(?:final\s+)?answer(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?[ \t]*/gim;
  return lastMatch(text, within, re, 'answer-line');
}

function lastMatch(text: string, within: Span, re: RegExp, form: Found['form']): Found | undefined {
  // Read from the end in widening windows: the last answer wins, and a keystroke should not
  // rescan a 10,000-step solution for it. A window's search starts mid-text, but `\b` and `^`
  // see the whole text, and a match cut by the window's start ends where the whole one does.
  let hi = within.end;
  for (let width = 4096; ; width *= 8) {
    const lo = Math.max(within.start, hi - width);
    re.lastIndex = lo;
    // Where each match's answer starts; extents are read from the last one back: reading every
    // extent was quadratic on one long line of "answer is answer is …".
    const starts: number[] = [];
    for (let m = re.exec(text); m && m.index < hi; m = re.exec(text)) {
      starts.push(m.index + m[0].length);
      if (re.lastIndex === m.index) re.lastIndex++;
    }
    for (let k = starts.length - 1; k >= 0; k--) {
      const span = answerExtent(text, starts[k], within.end);
      if (span.end > span.start) return { text: text.slice(span.start, span.end), span, form };
    }
    if (lo === within.start) return undefined;
    hi = lo;
  }
}

/** The answer runs to the end of its sentence or line, without wrapping `$`, `**` or a final period. */
function answerExtent(text: string, start: number, limit: number): Span {
  let end = start;
  let dollars = 0;
  while (end < limit) {
    const c = text[end];
    if (c === '\n' || c === '\r') break;
    if (c === '$') dollars++;
    // A period followed by a space ends the sentence unless we are inside $…$ math.
    if (c === '.' && dollars % 2 === 0 && (end + 1 >= limit || /\s/.test(text[end + 1]))) break;
    end++;
  }
  let s = start;
  let e = end;
  const strip = () => {
    let changed = true;
    while (changed && e > s) {
      changed = false;
      for (const w of ['**', '__', '$', '*']) {
        // Offsets, not a slice per round: "$$$$…" a megabyte long stays linear.
        if (e - s >= 2 * w.length && text.startsWith(w, s) && text.startsWith(w, e - w.length)) {
          s += w.length;
          e -= w.length;
          changed = true;
          break;
        }
      }
      while (e > s && /[\s.,;:!]/.test(text[e - 1])) {
        e--;
        changed = true;
      }
      while (s < e && /\s/.test(text[s])) {
        s++;
        changed = true;
      }
    }
  };
  strip();
  return { start: s, end: e };
}
