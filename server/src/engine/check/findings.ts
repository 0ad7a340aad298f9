import type { Span } from '../solution/types';

/**
 * Stable codes, one per kind of finding. They are part of the public surface: settings,
 * CLI JSON output and diagnostics use them, so never rename one.
 */
export const FINDING_CODES = [
  'wrong-equation',
  'wrong-final-answer',
  'missing-final-answer',
  'invalid-front-matter',
  'no-steps',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/**
 * An edit that would fix a finding, computed by the engine where the fix is known (the right
 * value of a wrong equation, a missing answer line). The server only maps it to a code action.
 */
export interface FixSuggestion {
  /** What the code action says, e.g. "Replace 16 with 11". */
  title: string;
  /** Document offsets to replace; an empty span inserts. */
  span: Span;
  text: string;
  /** Safe to apply without a look (source.fixAll): the result is exact, not a guess. */
  safe: boolean;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  span: Span;
  /** The step the finding belongs to, -1 for document-level findings. */
  stepIndex: number;
  suggestions?: FixSuggestion[];
}

export const DEFAULT_SEVERITIES: Record<FindingCode, Severity> = {
  'wrong-equation': 'error',
  'wrong-final-answer': 'error',
  'missing-final-answer': 'warning',
  'invalid-front-matter': 'error',
  'no-steps': 'information',
};
