import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Severity } from '../engine/check';
import type { Span } from '../engine/solution';

export const CHECKER_SOURCE = 'mathcritic';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function rangeOf(doc: TextDocument, span: Span) {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

export function findingToDiagnostic(doc: TextDocument, finding: Finding): Diagnostic {
  return {
    range: rangeOf(doc, finding.span),
    severity: SEVERITY[finding.severity],
    source: CHECKER_SOURCE,
    code: finding.code,
    message: finding.message,
    data: { stepIndex: finding.stepIndex },
  };
}
