/**
 * The MathCritic language server. A thin shell: documents in, engine checks, diagnostics,
 * hovers and status out. Start it with `--stdio` (or `--node-ipc`, `--socket=PORT`) from any
 * LSP client; VS Code's client starts it over IPC.
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  DidChangeConfigurationNotification,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentChecks, type DocumentCheck } from './document-checks';
import { findingToDiagnostic } from './diagnostics';
import { stepHover } from './hover';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings';
import { CHECK_DOCUMENT_COMMAND, STATUS_NOTIFICATION, type CheckSummary, type StatusParams } from './protocol';

if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.stderr.write('mathcritic language server: start it with --stdio (or --node-ipc, --socket=PORT) from an LSP client.\n');
  process.exit(2);
}

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let canPullConfiguration = false;
let settings: Settings = DEFAULT_SETTINGS;
// Documents opened before the first settings pull wait for it, so the first diagnostics
// already carry the user's severities instead of flickering from the defaults.
let settingsLoaded: Promise<void> = Promise.resolve();
let settingsArrived = () => {};

const publish = (doc: TextDocument, check: DocumentCheck) => {
  const findings = check.result?.findings ?? [];
  const status: StatusParams = {
    uri: doc.uri,
    state: check.isSolution ? 'done' : 'not-a-solution',
    problems: findings.length,
    errors: findings.filter((f) => f.severity === 'error').length,
  };
  // Status first: a client that sees the diagnostics has already seen the status they go with.
  void connection.sendNotification(STATUS_NOTIFICATION, status);
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: findings.map((f) => findingToDiagnostic(doc, f)) });
};

const checks = new DocumentChecks(() => settings, publish);

connection.onInitialize((params): InitializeResult => {
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  if (canPullConfiguration) {
    settingsLoaded = new Promise<void>((resolve) => {
      settingsArrived = resolve;
      setTimeout(resolve, 2_000).unref(); // a client that never answers must not stall checking
    });
  }
  const init = params.initializationOptions as { settings?: unknown } | undefined;
  if (init?.settings) settings = readSettings(init.settings);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      hoverProvider: true,
      executeCommandProvider: { commands: [CHECK_DOCUMENT_COMMAND] },
    },
    serverInfo: { name: 'mathcritic', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'mathcritic' });
    void refreshSettings().finally(settingsArrived);
  }
});

async function refreshSettings(): Promise<void> {
  if (canPullConfiguration) {
    try {
      settings = readSettings(await connection.workspace.getConfiguration('mathcritic'));
    } catch (err) {
      connection.console.warn(`Could not read the mathcritic settings, using defaults: ${String(err)}`);
    }
  }
  for (const doc of documents.all()) checks.schedule(doc, true);
}

connection.onDidChangeConfiguration((change) => {
  if (!canPullConfiguration) settings = readSettings((change.settings as { mathcritic?: unknown } | undefined)?.mathcritic);
  void refreshSettings();
});

documents.onDidOpen((e) => void settingsLoaded.then(() => checks.schedule(e.document, true)));
documents.onDidChangeContent((e) => void settingsLoaded.then(() => checks.schedule(e.document)));
documents.onDidClose((e) => {
  checks.forget(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover(({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  const check = doc && checks.get(doc.uri);
  if (!doc || !check?.solution || !check.result || check.version !== doc.version) return null;
  return stepHover(doc, doc.offsetAt(position), check.solution, check.result);
});

connection.onExecuteCommand(({ command, arguments: args }): CheckSummary | null => {
  if (command !== CHECK_DOCUMENT_COMMAND) return null;
  const uri = typeof args?.[0] === 'string' ? args[0] : undefined;
  const doc = uri ? documents.get(uri) : undefined;
  if (!uri || !doc) throw new Error(`MathCritic: ${uri ?? 'no document'} is not open in the editor.`);
  const check = checks.runNow(doc);
  const findings = check.result?.findings ?? [];
  return { uri, isSolution: check.isSolution, problems: findings.length, errors: findings.filter((f) => f.severity === 'error').length };
});

documents.listen(connection);
connection.listen();
