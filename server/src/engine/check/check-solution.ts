import type { DocumentIssue, Solution } from '../solution/types';
import type { Finding, FindingCode, Severity } from './findings';
import { CHECKS, DEFAULT_SEVERITIES } from './registry';
import { answerReport, stepReports, type StepReport } from './report';
import { excuseRewrites } from './rewrite-context';
import type { StepCheckCache } from './step-cache';
import { applyDirectives } from './suppress';
import { clipQuoted, MAX_RUN } from '../text/clip';

export type { AnswerReport, DocumentEquation, StepReport } from './report';

export interface CheckResult {
  findings: Finding[];
  steps: StepReport[];
}

export interface CheckOptions {
  severities?: Partial<Record<FindingCode, Severity | 'off'>>;
  /** Reusing one cache across checks of the same document makes an edit re-check one step. */
  cache?: StepCheckCache;
}

/**
 * The embedded critic: recomputes every equation written in each step and compares the
 * final answer with the reference answer. Offline, deterministic, and quick enough to run
 * on every keystroke.
 */
export function checkSolution(solution: Solution, issues: readonly DocumentIssue[] = [], options: CheckOptions = {}): CheckResult {
  const steps = excuseRewrites(solution, stepReports(solution, options.cache));
  const answer = answerReport(solution);
  if (answer) {
    const report = steps[answer.stepIndex];
    if (report) report.answer = answer;
  }
  const context = { solution, issues, steps, answer };
  const findings: Finding[] = [];
  for (const check of CHECKS) {
    const severity = options.severities?.[check.code] ?? DEFAULT_SEVERITIES[check.code];
    if (severity === 'off') continue;
    for (const draft of check.run(context)) findings.push(quotedShort({ code: check.code, severity, ...draft }));
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { findings: applyDirectives(findings, solution.steps, solution.directives), steps };
}

/** What a finding quotes of the document is shortened where it is huge (text/clip.ts); drafts are shared with caches, so they are copied, not changed. */
function quotedShort(finding: Finding): Finding {
  const long = (t: string) => t.length > MAX_RUN;
  if (!long(finding.message) && !finding.suggestions?.some((s) => long(s.title))) return finding;
  return { ...finding, message: clipQuoted(finding.message), ...(finding.suggestions ? { suggestions: finding.suggestions.map((s) => (long(s.title) ? { ...s, title: clipQuoted(s.title) } : s)) } : {}) };
}
