import type { Span } from '../solution/types';

import type { FindingCode } from './registry';

export { FINDING_CODES, DEFAULT_SEVERITIES, type FindingCode } from './registry';

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
