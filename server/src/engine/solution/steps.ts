import { FENCE, lines, matchAt } from './sections';
import type { Span, Step, StepStyle } from './types';

// "Step 3:", "**Step 3.**", "## Step 3: Title", "Step 3 -" — the marker, not the step's text.
// Both are sticky, matched at each line start of the whole text; neither crosses a line break.
export const STEP_MARKER = /[ \t]*(?:#{1,6}[ \t]+)?(?:\*\*|__)?step[ \t]+(\d{1,4})[ \t]*(?:\*\*|__)?[ \t]*[:.)\-–—]?[ \t]*(?:\*\*|__)?[ \t]*/iy;
// A top-level ordered-list item ("3. ", "3) "); deeper indentation is a nested list.
export const LIST_MARKER = / {0,3}(\d{1,4})[.)](?:[ \t]+|(?=[\r\n]|$))/y;

interface Marker {
  lineStart: number;
  textStart: number;
}

/**
 * Splits the Solution part into steps, preferring explicit "Step N:" lines, then a numbered
 * list, then blank-line-separated paragraphs (ProcessBench's convention). A preamble before
 * the first marker ("Let's solve it step by step.") is not a step.
 */
export function splitSteps(text: string, body: Span): { steps: Step[]; style: StepStyle } {
  const stepMarkers: Marker[] = [];
  const listMarkers: Marker[] = [];
  let inFence = false;
  for (const line of lines(text, body.start, body.end)) {
    if (line.end === line.start) continue;
    if (matchAt(FENCE, text, line.start)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const step = matchAt(STEP_MARKER, text, line.start);
    if (step && step.index + step[0].length <= line.end) stepMarkers.push({ lineStart: line.start + leadingSpace(text, line.start, line.end), textStart: line.start + step[0].length });
    // List items count only in a solution without step lines: once one is seen, none is read.
    if (stepMarkers.length > 0) continue;
    const item = matchAt(LIST_MARKER, text, line.start);
    if (item && item.index + item[0].length <= line.end) listMarkers.push({ lineStart: line.start + leadingSpace(text, line.start, line.end), textStart: line.start + item[0].length });
  }
  if (stepMarkers.length > 0) return { steps: fromMarkers(text, body, stepMarkers), style: 'step-lines' };
  if (listMarkers.length >= 2) return { steps: fromMarkers(text, body, listMarkers), style: 'numbered-list' };
  return { steps: paragraphs(text, body), style: 'paragraphs' };
}

function fromMarkers(text: string, body: Span, markers: Marker[]): Step[] {
  return markers.map((m, i) => {
    const limit = i + 1 < markers.length ? markers[i + 1].lineStart : body.end;
    const end = trimEnd(text, m.textStart, limit);
    return makeStep(text, i, m.lineStart, Math.min(m.textStart, end), end);
  });
}

function paragraphs(text: string, body: Span): Step[] {
  const steps: Step[] = [];
  let start = -1;
  let last = -1;
  for (const line of lines(text, body.start, body.end)) {
    const blank = isBlank(text, line.start, line.end);
    if (!blank) {
      if (start < 0) start = line.start + leadingSpace(text, line.start, line.end);
      last = line.end;
    } else if (start >= 0) {
      steps.push(makeStep(text, steps.length, start, start, trimEnd(text, start, last)));
      start = -1;
    }
  }
  if (start >= 0) steps.push(makeStep(text, steps.length, start, start, trimEnd(text, start, last)));
  return steps;
}

function makeStep(text: string, index: number, spanStart: number, textStart: number, end: number): Step {
  return { index, text: text.slice(textStart, end), span: { start: spanStart, end }, textStart };
}

function trimEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && /\s/.test(text[end - 1])) end--;
  return end;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!/\s/.test(text[i])) return false;
  return true;
}

function leadingSpace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
  return i - from;
}
