import type { Hover } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CheckResult } from '../engine/check';
import type { Solution } from '../engine/solution';
import { rangeOf } from './diagnostics';
import { markdownText } from './markdown-text';

/** Hover on a step: what the embedded checker looked at there, and what it concluded. */
export function stepHover(doc: TextDocument, offset: number, solution: Solution, result: CheckResult): Hover | null {
  const step = solution.steps.find((s) => offset >= s.span.start && offset <= s.span.end);
  if (!step) return null;
  const report = result.steps[step.index];
  const lines: string[] = [`**MathCritic — step ${step.index + 1} of ${solution.steps.length}**`, ''];
  if (report.equations.length === 0) {
    lines.push('No closed arithmetic to recompute in this step.');
  } else {
    for (const eq of report.equations) {
      lines.push(eq.verdict === 'ok' ? `- ✓ ${markdownText(`${eq.lhs} = ${eq.written}`)}` : `- ✗ ${markdownText(eq.message)}`);
    }
  }
  if (report.answer) {
    const { verdict, written, reference, reason } = report.answer;
    const mark = verdict === 'equal' ? '✓' : verdict === 'different' ? '✗' : '?';
    const what = verdict === 'equal' ? 'matches' : verdict === 'different' ? 'does not match' : 'could not be compared with';
    lines.push('', `${mark} Final answer ${markdownText(written)} ${what} the reference ${markdownText(reference)}${reason ? ` — ${markdownText(reason)}` : ''}.`);
  }
  return { contents: { kind: 'markdown', value: lines.join('\n') }, range: rangeOf(doc, step.span) };
}
