/**
 * A solution document as the engine sees it. Every span is a pair of offsets into the
 * document's text in UTF-16 code units (what JS strings index and what LSP positions count
 * by default), so ranges survive CRLF, tabs, astral characters and LaTeX untouched.
 */
export interface Span {
  start: number;
  end: number;
}

export interface Step {
  /** 0-based position among the steps (ProcessBench convention). */
  index: number;
  /** The step's text without its marker ("Step 3:", "3.") — what a critic reads. */
  text: string;
  /** The whole step in the document, marker included. */
  span: Span;
  /** Where `text` starts in the document; `text[i]` is at `textStart + i`. */
  textStart: number;
}

export interface FinalAnswer {
  /** The answer as written, e.g. `\frac{3}{4}` from `\boxed{\frac{3}{4}}`. */
  text: string;
  span: Span;
  /** Index of the step that states it, or -1 when it sits outside every step. */
  stepIndex: number;
  form: 'boxed' | 'the-answer-is' | 'hashes' | 'answer-line';
}

export type StepStyle = 'step-lines' | 'numbered-list' | 'paragraphs';

export interface Solution {
  id?: string;
  problem: string;
  problemSpan?: Span;
  steps: Step[];
  stepStyle: StepStyle;
  /** The reference answer from front matter (`answer:`), when the author knows it. */
  referenceAnswer?: string;
  referenceAnswerSpan?: Span;
  finalAnswer?: FinalAnswer;
  /** Span of the Solution part (where steps live); empty span at the end when absent. */
  solutionSpan: Span;
  /** Inline and front-matter directives (documents only; a dataset record has none). */
  directives?: SolutionDirectives;
}

/** Something wrong with the document itself (not the math): bad front matter, no steps. */
export interface DocumentIssue {
  code: 'invalid-front-matter' | 'no-solution-part' | 'no-steps';
  message: string;
  span: Span;
}

export interface ParsedDocument {
  solution: Solution;
  issues: DocumentIssue[];
}

/** An inline directive: `<!-- mathcritic-disable-next-step [code …] -->` and its kin. */
export interface DirectiveComment {
  kind: 'disable-next-step' | 'disable' | 'enable';
  /** The codes named; empty means every code. */
  codes: string[];
  /** The whole comment, `<!--` to `-->`. */
  span: Span;
}

/** What the document says is not an error: its directives, in document order, and the front matter's. */
export interface SolutionDirectives {
  comments: DirectiveComment[];
  /** `mathcritic: { disable: [...] }` in the front matter (empty codes: every code). */
  frontMatter?: { codes: string[]; span: Span };
  /** Directives that could not be read (an unknown name): what the checker reports. */
  problems: { message: string; span: Span }[];
}
