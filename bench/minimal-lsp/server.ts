/**
 * The peer's server: one error per non-empty line of every open document, pushed on open and
 * change. The least an LSP server can do and still put a squiggle on screen.
 */
import { createConnection, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));

documents.onDidChangeContent(({ document }) => {
  const diagnostics: Diagnostic[] = [];
  document
    .getText()
    .split('\n')
    .forEach((line, i) => {
      if (line.trim()) diagnostics.push({ severity: DiagnosticSeverity.Error, range: { start: { line: i, character: 0 }, end: { line: i, character: line.length } }, message: `minimal-lsp: line ${i + 1}`, source: 'minimal-lsp' });
    });
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
});

documents.listen(connection);
connection.listen();
