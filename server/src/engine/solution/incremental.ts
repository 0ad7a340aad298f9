import { BOX_JOINER } from './final-answer';
import { FENCE, HEADING, matchAt, PROBLEM_TITLES, SOLUTION_TITLES } from './sections';
import { LIST_MARKER, STEP_MARKER } from './steps';
import type { ParsedDocument, Span, Step } from './types';

/** One edit as applied to a text: `start`–`end` (offsets in the text before it) became `text`; `removed` is what was there. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
  removed: string;
}

/** What an incremental parse reads of the text after the edit: a few characters near it, never the whole. */
export interface TextSource {
  slice(start: number, end: number): string;
  /** The line holding `offset`, without its line break. */
  lineAt(offset: number): { start: number; text: string };
}

/**
 * The parse of the text after `edit`, from the parse before it, when the edit changes one
 * step's text and nothing of the document's structure: no line break typed or deleted, the
 * edited line reads as the same kind of line (step marker, list item, heading, fence, blank)
 * with the same marker, no directive, front matter fence or final answer involved. Then only
 * that step is read again and the others are moved by the edit's length. Otherwise undefined:
 * the caller parses the whole text. What it returns equals `parseSolutionDocument` of the new
 * text (test/engine/incremental.test.ts checks that on random documents and edits).
 */
export function reparseAfterEdit(prev: ParsedDocument, edit: TextEdit, source: TextSource): ParsedDocument | undefined {
  const { solution } = prev;
  const { start, end, text, removed } = edit;
  if (hasLineBreak(text) || hasLineBreak(removed)) return undefined;
  const k = stepHolding(solution.steps, start, end);
  if (k < 0) return undefined;
  const step = solution.steps[k];
  const diff = text.length - (end - start);

  // The edited line, after and before the edit: it must read as the same kind of line.
  const line = source.lineAt(start);
  // Line 0 may open front matter, which the parse reads before anything else.
  if (line.start > start || line.start === 0) return undefined;
  const at = start - line.start;
  if (line.text.slice(at, at + text.length) !== text) return undefined; // the source is not the text after this edit
  const oldLine = line.text.slice(0, at) + removed + line.text.slice(at + text.length);
  const kind = lineKind(line.text);
  if (kind === undefined || kind !== lineKind(oldLine)) return undefined;
  // A directive is blanked out of the text that steps are read from; this step is read from the document.
  const d = solution.directives;
  if (d && [...d.comments, ...d.problems].some((c) => overlaps(c.span, step.span.start, step.span.end))) return undefined;
  if (solution.problemSpan && overlaps(solution.problemSpan, step.span.start, step.span.end)) return undefined;

  // The step's new text: from its start to where it ended, moved by the edit, without trailing space.
  let newEnd = step.span.end + diff;
  const tail = source.slice(step.textStart, newEnd);
  let cut = tail.length;
  while (cut > 0 && /\s/.test(tail[cut - 1])) cut--;
  newEnd = step.textStart + cut;
  const newText = tail.slice(0, cut);
  if (MAY_STATE_ANSWER.test(newText) || MAY_STATE_ANSWER.test(step.text)) return undefined;
  const final = solution.finalAnswer;
  if (final) {
    if (overlaps(final.span, step.span.start, step.span.end)) return undefined;
    // Boxes in other steps are joined into one answer by what stands between them.
    if (final.form === 'boxed' && (BOX_JOINER.test(newText) || BOX_JOINER.test(step.text))) return undefined;
  }

  const move = (s: Span): Span => (s.start >= end ? { start: s.start + diff, end: s.end + diff } : s);
  const steps: Step[] = new Array<Step>(solution.steps.length);
  for (let i = 0; i < k; i++) steps[i] = solution.steps[i];
  steps[k] = { index: step.index, text: newText, span: { start: step.span.start, end: newEnd }, textStart: step.textStart };
  for (let i = k + 1; i < steps.length; i++) {
    const s = solution.steps[i];
    steps[i] = { index: s.index, text: s.text, span: { start: s.span.start + diff, end: s.span.end + diff }, textStart: s.textStart + diff };
  }
  const next = { ...solution, steps, solutionSpan: { start: solution.solutionSpan.start, end: solution.solutionSpan.end + diff } };
  if (solution.problemSpan) next.problemSpan = move(solution.problemSpan);
  if (final) next.finalAnswer = { ...final, span: move(final.span) };
  if (d) {
    next.directives = {
      comments: d.comments.map((c) => (c.span.start >= end ? { ...c, span: move(c.span) } : c)),
      problems: d.problems.map((p) => (p.span.start >= end ? { ...p, span: move(p.span) } : p)),
      ...(d.frontMatter ? { frontMatter: d.frontMatter } : {}),
    };
  }
  return { solution: next, issues: prev.issues.map((i) => (i.span.start >= end ? { ...i, span: move(i.span) } : i)) };
}

/** Words and marks that a final answer is found by: a step holding one is parsed with the document. */
const MAY_STATE_ANSWER = /answer|boxed|fbox|#/i;
const FRONT_MATTER_FENCE = /^(---|\.\.\.)[ \t]*$/;

const hasLineBreak = (s: string) => s.includes('\n') || s.includes('\r');
const overlaps = (s: Span, from: number, to: number) => s.start <= to && s.end >= from;

/** The step whose text holds the whole edit (old offsets), or -1. */
function stepHolding(steps: readonly Step[], start: number, end: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = steps[mid];
    if (start < s.textStart) hi = mid - 1;
    else if (start > s.span.end) lo = mid + 1;
    else return end <= s.span.end ? mid : -1;
  }
  return -1;
}

/**
 * What the parse makes of a line, as a key: two lines with the same key split the document
 * the same way. Undefined for a line whose change the parse must see whole (a fence, a
 * directive, a front matter fence, a Problem or Solution heading).
 */
function lineKind(line: string): string | undefined {
  if (line.includes('<!--') || line.includes('-->') || FRONT_MATTER_FENCE.test(line)) return undefined;
  if (line.length > 0 && matchAt(FENCE, line, 0)) return undefined;
  let heading = '';
  if (line.charCodeAt(0) === 35) {
    const m = matchAt(HEADING, line, 0);
    if (m) {
      if (PROBLEM_TITLES.test(m[2]) || SOLUTION_TITLES.test(m[2])) return undefined;
      heading = `h${m[1].length}`;
    }
  }
  const step = line.length > 0 ? matchAt(STEP_MARKER, line, 0) : null;
  const item = line.length > 0 ? matchAt(LIST_MARKER, line, 0) : null;
  let lead = 0;
  while (lead < line.length && (line[lead] === ' ' || line[lead] === '\t')) lead++;
  const blank = /^\s*$/.test(line);
  return `${blank ? 'blank' : 'text'} ${lead} ${step ? step[0].length : '-'} ${item ? item[0].length : '-'} ${heading}`;
}
