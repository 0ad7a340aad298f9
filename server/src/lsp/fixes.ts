/**
 * The embedded checker's code actions: each finding's fixes (computed by the engine and carried
 * on the finding), "Disable <code> for this step" (a directive comment above the step), and
 * `source.fixAll.mathcritic` (every safe fix at once, for `editor.codeActionsOnSave`). Edits are
 * versioned: an editor refuses one made for text that has changed since.
 */
import { CodeActionKind, TextDocumentEdit, TextEdit, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, FixSuggestion } from '../engine/check';
import { readFrontMatter } from '../engine/solution';
import { CHECKER_SOURCE, rangeOf } from './diagnostics';
import type { DocumentCheck } from './document-checks';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.mathcritic`;

/** The kinds the server offers (its codeActionProvider capability). */
export const CHECKER_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

/** Code actions for the checker's diagnostics in `params`, from the check of the document's current version. */
export function checkerCodeActions(params: CodeActionParams, doc: TextDocument, check: DocumentCheck | undefined): CodeAction[] {
  const findings = check && check.version === doc.version ? (check.result?.findings ?? []) : [];
  if (findings.length === 0) return [];
  const out: CodeAction[] = [];
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of params.context.diagnostics) {
      if (d.source !== CHECKER_SOURCE) continue;
      const finding = findings.find((f) => f.code === d.code && sameRange(rangeOf(doc, f.span), d.range));
      if (!finding) continue;
      for (const s of finding.suggestions ?? []) out.push(fixAction(doc, s, d, finding.suggestions?.length === 1 && s.safe));
      const disable = disableAction(doc, check!, finding, d);
      if (disable) out.push(disable);
    }
  }
  // Fix-all is a source action: offered when asked for (on save, the Source Action menu), not in every light bulb.
  if (only && wants(FIX_ALL_KIND)) {
    const all = fixAllAction(doc, findings);
    if (all) out.push(all);
  }
  return out;
}

function fixAction(doc: TextDocument, s: FixSuggestion, d: Diagnostic, isPreferred: boolean): CodeAction {
  return { title: s.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred, edit: edit(doc, [TextEdit.replace(rangeOf(doc, s.span), s.text)]) };
}

/**
 * Every safe fix (exact results, not guesses) in one edit. Two fixes that touch the same text
 * would fight, so the later one waits for the next run.
 */
function fixAllAction(doc: TextDocument, findings: readonly Finding[]): CodeAction | undefined {
  const safe = findings.flatMap((f) => (f.suggestions ?? []).filter((s) => s.safe)).sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const chosen: FixSuggestion[] = [];
  for (const s of safe) {
    const last = chosen[chosen.length - 1];
    if (last && (s.span.start < last.span.end || (s.span.start === last.span.start && s.span.start === s.span.end))) continue;
    chosen.push(s);
  }
  if (chosen.length === 0) return undefined;
  return {
    title: `Fix all safe MathCritic problems (${chosen.length})`,
    kind: FIX_ALL_KIND,
    edit: edit(
      doc,
      chosen.map((s) => TextEdit.replace(rangeOf(doc, s.span), s.text)),
    ),
  };
}

/**
 * "Disable <code> for this step": `<!-- mathcritic-disable-next-step code -->` on its own line
 * above the step, indented like it. A document-level finding gets a `mathcritic-disable` at the
 * top of the body instead; one inside the front matter gets none (a directive cannot sit in
 * the YAML, and broken YAML cannot be read for `mathcritic.disable`).
 */
function disableAction(doc: TextDocument, check: DocumentCheck, finding: Finding, d: Diagnostic): CodeAction | undefined {
  const text = doc.getText();
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const step = finding.stepIndex >= 0 ? check.solution?.steps[finding.stepIndex] : undefined;
  let at: number;
  let insert: string;
  let title: string;
  if (step) {
    const lineStart = Math.max(text.lastIndexOf('\n', step.span.start - 1), text.lastIndexOf('\r', step.span.start - 1)) + 1;
    const indent = text.slice(lineStart, step.span.start);
    const directive = `<!-- mathcritic-disable-next-step ${finding.code} -->`;
    title = `Disable ${finding.code} for this step`;
    const above = directiveAbove(text, lineStart);
    if (above) {
      // One directive per step: the code joins the one already above it.
      const codes = `${above.codes} ${finding.code}`;
      return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit(doc, [TextEdit.replace(rangeOf(doc, above.span), `<!-- mathcritic-disable-next-step ${codes} -->`)]) };
    }
    // A step that does not start its line (rare) gets the comment just before it, on its line.
    [at, insert] = /^[ \t]*$/.test(indent) ? [lineStart, `${indent}${directive}${eol}`] : [step.span.start, `${directive} `];
  } else {
    const bodyStart = readFrontMatter(text).frontMatter?.span.end ?? 0;
    if (finding.code === 'invalid-front-matter' || finding.span.start < bodyStart) return undefined;
    at = bodyStart;
    insert = `<!-- mathcritic-disable ${finding.code} -->${eol}`;
    title = `Disable ${finding.code} for this document`;
  }
  const pos = doc.positionAt(at);
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: edit(doc, [TextEdit.insert(pos, insert)]) };
}

/** A `disable-next-step` naming codes, alone on the line before `lineStart` (without a reason after `--`). */
function directiveAbove(text: string, lineStart: number): { span: { start: number; end: number }; codes: string } | undefined {
  if (lineStart === 0) return undefined;
  let end = lineStart - 1;
  if (text[end] === '\n' && text[end - 1] === '\r') end--;
  const start = Math.max(text.lastIndexOf('\n', end - 1), text.lastIndexOf('\r', end - 1)) + 1;
  const m = /^([ \t]*)(<!--[ \t]*mathcritic-disable-next-step[ \t]+([a-z][a-z, \t-]*?)[ \t]*-->)[ \t]*$/i.exec(text.slice(start, end));
  if (!m || /(^|\s)--(\s|$)/.test(m[3])) return undefined;
  return { span: { start: start + m[1].length, end: start + m[1].length + m[2].length }, codes: m[3] };
}

function edit(doc: TextDocument, edits: TextEdit[]) {
  return { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, edits)] };
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
