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

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  span: Span;
  /** The step the finding belongs to, -1 for document-level findings. */
  stepIndex: number;
}

export const DEFAULT_SEVERITIES: Record<FindingCode, Severity> = {
  'wrong-equation': 'error',
  'wrong-final-answer': 'error',
  'missing-final-answer': 'warning',
  'invalid-front-matter': 'error',
  'no-steps': 'information',
};
