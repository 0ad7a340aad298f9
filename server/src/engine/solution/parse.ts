import { readFrontMatter } from './front-matter';
import { findSections } from './sections';
import { splitSteps } from './steps';
import { findFinalAnswer } from './final-answer';
import { readDirectives } from './directives';
import type { DocumentIssue, ParsedDocument, Solution, Span } from './types';

/**
 * Parses a solution document: optional YAML front matter (`answer:`, `id:`, `problem:`),
 * a Problem part and a Solution part (by headings), the steps and the final answer.
 * Never throws: what is wrong with the document comes back as `issues`.
 */
export function parseSolutionDocument(source: string): ParsedDocument {
  const { frontMatter: fm, issues } = readFrontMatter(source);
  const bodyStart = fm?.span.end ?? 0;
  // The body is read with its directives blanked out (offsets unchanged): no step holds one.
  const { text, comments, problems } = readDirectives(source, bodyStart);
  const sections = findSections(text, bodyStart);
  const allIssues: DocumentIssue[] = [...issues];

  let problem = fm?.problem ?? '';
  let problemSpan: Span | undefined = fm?.problemSpan;
  if (sections.problem) {
    problemSpan = trimSpan(text, sections.problem.body);
    problem = text.slice(problemSpan.start, problemSpan.end);
  }

  let solutionSpan: Span;
  if (sections.solution) {
    solutionSpan = sections.solution.body;
  } else if (sections.problem) {
    // A Problem heading with no Solution heading: nothing is a step, and saying so is kinder
    // than guessing which paragraphs the author meant as steps.
    solutionSpan = { start: text.length, end: text.length };
    allIssues.push({
      code: 'no-solution-part',
      message: 'There is a Problem part but no Solution part: add a "# Solution" heading above the steps.',
      span: sections.problem.heading,
    });
  } else {
    solutionSpan = { start: bodyStart, end: text.length };
  }

  const { steps, style } = splitSteps(text, solutionSpan);
  if (steps.length === 0 && solutionSpan.end > solutionSpan.start) {
    allIssues.push({
      code: 'no-steps',
      message: 'The Solution part has no steps yet: write "Step 1: …" lines, a numbered list, or paragraphs.',
      span: sections.solution?.heading ?? { start: solutionSpan.start, end: solutionSpan.start },
    });
  }

  const solution: Solution = {
    id: fm?.id,
    problem,
    problemSpan,
    steps,
    stepStyle: style,
    referenceAnswer: fm?.answer,
    referenceAnswerSpan: fm?.answerSpan,
    finalAnswer: findFinalAnswer(text, solutionSpan, steps),
    solutionSpan,
    directives: { comments, problems, ...(fm?.disable ? { frontMatter: fm.disable } : {}) },
  };
  return { solution, issues: allIssues };
}

function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}
