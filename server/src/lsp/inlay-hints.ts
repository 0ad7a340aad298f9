/**
 * Per-step verdicts as inlay hints, at the end of each step's first line: the embedded checker's (✓ when
 * every equation it recomputed holds, ✗ with the codes of its findings), the critic's (✓ up to
 * its first wrong step, ✗ there, with the samples' agreement) and a process reward model's
 * score for the step when the critique carries one. Quiet by design: nothing in Problems.
 */
import type { InlayHint, MarkupContent, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CheckResult, Finding } from '../engine/check';
import type { CritiqueResult } from '../engine/critic';
import type { Solution } from '../engine/solution';
import { markdownText } from './markdown-text';

/** What the critic said last, with the step texts it read. */
export interface Judged {
  critique: CritiqueResult;
  steps: readonly string[];
}

/**
 * The PRM score of each step, when the critique has them (`stepScores`, the probability that
 * the step is right, from the `prm` profile). Read defensively: a critique without the field,
 * or with anything but numbers in [0, 1], gives no scores for those steps.
 */
export function stepScores(critique: CritiqueResult): (number | undefined)[] {
  const raw: unknown = critique.stepScores;
  if (!Array.isArray(raw)) return [];
  return raw.map((v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1 ? v : undefined));
}

export function stepInlayHints(doc: TextDocument, range: Range, solution: Solution, result: CheckResult, judged: Judged | undefined): InlayHint[] {
  const from = doc.offsetAt(range.start);
  const to = doc.offsetAt(range.end);
  const critic = judged ? criticVerdicts(solution, judged) : [];
  const hints: InlayHint[] = [];
  for (const step of solution.steps) {
    if (step.span.end < from || step.span.start > to) continue;
    const labels: string[] = [];
    const tooltip: string[] = [];
    const checker = checkerVerdict(result, step.index);
    if (checker) {
      labels.push(checker.label);
      tooltip.push(...checker.lines);
    }
    const c = critic[step.index];
    if (c) {
      labels.push(c.label);
      tooltip.push(c.line);
    }
    if (labels.length === 0) continue;
    // At the end of the step's first line: beside the step's start, and never after a final
    // answer line that the last step's span takes in (`#### 26✓` would read as a verified answer).
    const text = doc.getText();
    let end = text.indexOf('\n', step.span.start);
    if (end < 0 || end > step.span.end) end = step.span.end;
    while (end > step.span.start && /\s/.test(text.charAt(end - 1))) end--;
    const value: MarkupContent = { kind: 'markdown', value: tooltip.join('\n\n') };
    hints.push({ position: doc.positionAt(end), label: labels.join(' · '), paddingLeft: true, tooltip: value });
  }
  return hints;
}

function checkerVerdict(result: CheckResult, stepIndex: number): { label: string; lines: string[] } | undefined {
  const findings: Finding[] = result.findings.filter((f) => f.stepIndex === stepIndex);
  if (findings.length > 0) {
    const codes = [...new Set(findings.map((f) => f.code))];
    return { label: `✗ ${codes.join(', ')}`, lines: findings.map((f) => `✗ ${markdownText(f.message)}`) };
  }
  const report = result.steps[stepIndex];
  if (!report) return undefined;
  const equations = report.equations;
  const answerEqual = report.answer?.verdict === 'equal';
  // A step without arithmetic gets no checker mark: nothing was verified there. A wrong
  // equation whose code is turned off is not called right either.
  if (equations.some((e) => e.verdict !== 'ok') || report.answer?.verdict === 'different') return undefined;
  if (equations.length === 0 && !answerEqual) return undefined;
  const what = [equations.length ? `${equations.length} equation${equations.length === 1 ? '' : 's'} recomputed` : '', answerEqual ? 'the final answer matches the reference' : ''].filter(Boolean);
  return { label: '✓', lines: [`✓ Embedded checker: ${what.join('; ')}.`] };
}

/** The critic's verdict per step, where it still applies to the text. */
function criticVerdicts(solution: Solution, { critique, steps }: Judged): ({ label: string; line: string } | undefined)[] {
  const out: ({ label: string; line: string } | undefined)[] = [];
  const k = critique.firstWrongStep;
  const scores = stepScores(critique);
  const last = k >= 0 ? k : solution.steps.length - 1;
  const agreement = critique.samples > 1 ? ` ${critique.votes}/${critique.readable}` : '';
  for (const step of solution.steps) {
    const i = step.index;
    // The verdict on step i holds while steps 0..i read as they did when it was given.
    if (i >= steps.length || !solution.steps.slice(0, i + 1).every((s, j) => s.text === steps[j])) break;
    const score = scores[i];
    const prm = score === undefined ? '' : ` PRM ${score.toFixed(2)}`;
    if (k >= 0 && i > k) {
      if (prm) out[i] = { label: prm.trim(), line: `Process reward model: p(right) = ${score!.toFixed(3)}` };
      continue;
    }
    const wrong = i === k;
    const votes = i === last ? agreement : '';
    const lines = [`${wrong ? '✗' : '✓'} Critic (${markdownText(critique.model)}): ${wrong ? `first wrong step${votes ? `, ${critique.votes} of ${critique.readable} critiques agree` : ''}` : 'right'}`];
    // A critique is prose of some length: only what no tooltip can show is cut.
    if (wrong && critique.feedback) lines.push(markdownText(critique.feedback, { maxRun: 400, maxLength: 8_000 }));
    if (!wrong && i === last && votes) lines.push(`${critique.votes} of ${critique.readable} critiques accept the solution`);
    if (prm) lines.push(`Process reward model: p(right) = ${score!.toFixed(3)}`);
    out[i] = { label: `critic ${wrong ? '✗' : '✓'}${votes}${prm}`, line: lines.join('\n\n') };
  }
  return out;
}
