/**
 * The MathCritic language server. A thin shell: documents in, engine checks, diagnostics,
 * hovers and status out. Start it with `--stdio` (or `--node-ipc`, `--socket=PORT`) from any
 * LSP client; VS Code's client starts it over IPC.
 */
import { createConnection, ProposedFeatures, TextDocuments, ErrorCodes, DiagnosticSeverity, ShowMessageNotification, MessageType, type InitializeResult, type Message, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LINE_DOCUMENTS } from './line-document';
import { DocumentChecks, type DocumentCheck } from './document-checks';
import { findingToDiagnostic } from './diagnostics';
import { stepHover } from './hover';
import { ModelCritic, MODEL_SOURCE } from './model-critic';
import { refineCodeActions } from './refine';
import type { InitializationOptions, StatusParams } from '../../../protocol/server';
import { StatusNotification } from '../../../protocol/server-notifications';
import { parseSolutionDocument } from '../engine/solution';
import { CuratorService } from './curator';
import { runServerCommand, SERVER_COMMANDS } from './commands';
import type { CommandContext } from './context';
import { GuardedReader, RedactingWriter, transportFromArgv } from './transport';
import { FramingError } from './framing-guard';
import { redactSecrets, rememberSecret } from '../engine/text/redact';
import { checkMessage } from './message-guard';
import { routeConsoleTo } from './console';
import { clientFeatures, registerDynamically, serverCapabilities, type ClientFeatures } from './registration';
import { ScopedSettings } from './scoped-settings';
import { PullDiagnostics } from './pull-diagnostics';
import { WorkspaceChecks } from './workspace-checks';
import { stepInlayHints } from './inlay-hints';
import { DocumentConfigs } from './document-config';
import { CHECKER_ACTION_KINDS, checkerCodeActions } from './fixes';

if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.stderr.write('mathcritic language server: start it with --stdio (or --node-ipc, --socket=PORT) from an LSP client.\n');
  process.exit(2);
}

// The key comes from the client's SecretStorage through the environment: never from settings.
rememberSecret(process.env.MATHCRITIC_API_KEY);
const transport = transportFromArgv(process.argv.slice(2));
if (!transport) {
  process.stderr.write('mathcritic language server: --socket and --pipe need a port or a pipe name.\n');
  process.exit(2);
}
let shutdownReceived = false;
const writer = new RedactingWriter(transport.writer);
const logToClient = (message: string) => writer.write({ jsonrpc: '2.0', method: 'window/logMessage', params: { type: 1, message } } as Message);
// One bad message never reaches a handler: malformed params are logged and dropped (a request
// gets InvalidParams), so every other document keeps working.
const inbound = (msg: Message): boolean => {
  if ((msg as { method?: unknown }).method === 'shutdown') shutdownReceived = true;
  const verdict = checkMessage(msg);
  if (verdict.ok) return true;
  const isRequest = verdict.id !== undefined;
  const text = `MathCritic: ignored a ${verdict.method} ${isRequest ? 'request' : 'notification'} with malformed params (${verdict.why}).`;
  void logToClient(text);
  if (isRequest) void writer.write({ jsonrpc: '2.0', id: verdict.id, error: { code: ErrorCodes.InvalidParams, message: text } } as Message);
  return false;
};
const connection = createConnection(ProposedFeatures.all, new GuardedReader(transport.reader, inbound), writer);
// What vscode-languageserver does for the transports it builds itself: the client gone means exit.
transport.reader.onClose(() => process.exit(shutdownReceived ? 0 : 1));
// Bad framing (a Content-Length that is not a number, a header without one, a length no body
// could ever reach or a header block that never ends: framing-guard.ts) leaves the reader
// unable to find the next message: it would stay alive and never answer again. Say so and
// exit non-zero instead, so the client restarts the server (VS Code's does) and reopens the
// documents. A body that is not JSON is only that message lost: logged by the library, and on.
// (The reader also reports what went wrong dispatching a message; only its framing errors,
// told by vscode-jsonrpc's own messages, mean the stream is lost.)
const FRAMING = /^(Header must provide a Content-Length|Content-Length value must be a number|Message header must separate key and value)/;
transport.reader.onError((err) => {
  if (!(err instanceof FramingError) && !FRAMING.test(err.message)) {
    void logToClient(`MathCritic: a message from the client could not be handled and was dropped: ${err.message}`);
    return;
  }
  const text = `MathCritic language server: the client sent a message that cannot be framed (${err.message.split('\n')[0]}); the stream cannot be resynchronised, so the server exits for the client to restart it.`;
  process.stderr.write(`${redactSecrets(text)}\n`);
  const exit = () => process.exit(1);
  setTimeout(exit, 500).unref();
  void logToClient(text).then(exit, exit);
});
if (transport.stdio) routeConsoleTo(connection);
// The last net: an exception no handler caught is logged, and the server keeps serving the
// other documents. (Params are checked above and each document's check has its own catch.)
const internalError = (err: unknown) => connection.console.error(`MathCritic: internal error, the server keeps running: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
process.on('uncaughtException', internalError);
process.on('unhandledRejection', internalError);
const documents = new TextDocuments(LINE_DOCUMENTS);
let features: ClientFeatures = clientFeatures(undefined);
// What a client sent that the server could not use is said once each, where a person sees it.
const settingsWarning = (problems: string[]) => {
  const text = `MathCritic: some settings were not used: ${problems.join('; ')}.`;
  connection.console.warn(text);
  void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: text });
};
const scoped = new ScopedSettings(
  undefined,
  settingsWarning,
);
let settingsSource = scoped;
// Documents opened before the first settings pull wait for it, so the first diagnostics
// already carry the user's severities instead of flickering from the defaults. A client that
// sends the settings with `initialize` (VS Code's does) spares its first document that wait.
let settingsLoaded: Promise<void> = Promise.resolve();
let settingsArrived = () => {};
let init: InitializationOptions = { trusted: false };

// The one context every service and command reads: the settings, the trust and the API key
// (read once: it comes from the client's SecretStorage through the environment, never from settings).
const apiKey = process.env.MATHCRITIC_API_KEY || undefined;
const ctx: CommandContext = {
  connection,
  settings: () => settingsSource.global(),
  settingsFor: (uri) => settingsSource.for(uri),
  get trusted() {
    return init.trusted === true;
  },
  get storagePath() {
    return init.storagePath;
  },
  apiKey,
  document: (uri) => documents.get(uri),
  current: (uri) => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const check = checks.get(uri);
    // A document above check.maxDocumentLength is not read for the critic either.
    const solution = check?.skipped ? undefined : check?.version === doc.version ? check.solution : check?.isSolution ? parseSolutionDocument(doc.getText()).solution : undefined;
    return { doc, solution };
  },
  republish: (uri) => {
    const doc = documents.get(uri);
    const check = checks.get(uri);
    if (doc && check && check.version === doc.version) publish(doc, check);
    refreshHints();
  },
  log: (message, level = 'info') => (level === 'error' ? connection.console.error(message) : level === 'warn' ? connection.console.warn(message) : connection.console.info(message)),
  get checks() {
    return checks;
  },
  get critic() {
    return modelCritic;
  },
  get curator() {
    return curator;
  },
  get diagnostics() {
    return pull;
  },
};
const modelCritic = new ModelCritic(ctx);

/** What an open document shows: the checker's findings and the critic's (as hints when `critic.asHints`). */
const diagnosticsOf = (doc: TextDocument, check: DocumentCheck): Diagnostic[] => {
  const findings = check.result?.findings ?? [];
  // A critic verdict a person called "not an error" stays away while the step reads the same.
  const critic = modelCritic.diagnostics(doc, check.solution, findings).filter((d) => !curator.dismissed(doc.uri, check.solution, d));
  if (ctx.settingsFor(doc.uri).critic.asHints) for (const d of critic) if (d.source === MODEL_SOURCE) d.severity = DiagnosticSeverity.Hint;
  return [...findings.map((f) => findingToDiagnostic(doc, f)), ...critic];
};

const publish = (doc: TextDocument, check: DocumentCheck) => {
  const diagnostics = diagnosticsOf(doc, check);
  const critic = modelCritic.status(doc.uri);
  const errors = diagnostics.filter((d) => d.severity === 1).length;
  const status: StatusParams = {
    uri: doc.uri,
    state: check.error ? 'error' : !check.isSolution ? 'not-a-solution' : check.skipped ? 'too-large' : critic.state === 'critiquing' ? 'checking' : critic.state === 'error' ? 'error' : 'done',
    problems: diagnostics.length,
    errors,
    message: check.error ? 'this document could not be checked (see the MathCritic output)' : (check.skipped ?? (critic.state === 'critiquing' ? 'the critic is reading the solution…' : critic.message)),
  };
  // Status first: a client that sees the diagnostics has already seen the status they go with.
  void connection.sendNotification(StatusNotification, status);
  if (features.pullDiagnostics) pull.published(doc, diagnostics);
  else void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
};

// Each document's `.mathcritic.json` (else its settings); a broken one is shown once, and not used.
const configs = new DocumentConfigs(
  (uri) => settingsSource.for(uri),
  (message) => {
    connection.console.warn(message);
    // A notification, not a request: nothing waits for the person to dismiss it.
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  },
);
const checks = new DocumentChecks(
  (uri) => settingsSource.for(uri),
  publish,
  (m) => connection.console.error(m),
  (uri) => configs.options(uri),
);
const workspaceChecks = new WorkspaceChecks({ optionsFor: (uri) => configs.options(uri), log: (m) => connection.console.warn(m), stepResults: checks.stepResults });
const pull = new PullDiagnostics({
  connection,
  get pullMode() {
    return features.pullDiagnostics;
  },
  document: (uri) => documents.get(uri),
  openDocuments: () => documents.all(),
  current: (doc) => checks.current(doc),
  lastCheck: (uri) => checks.get(uri),
  diagnostics: diagnosticsOf,
  settingsLoaded: () => settingsLoaded,
  loadSettings: (uris) => settingsSource.load(uris).catch(() => []),
  workspace: workspaceChecks,
});
// Inlay hints change when a critique arrives or the settings do; a client that can be asked to fetch them again is.
let hintsTimer: NodeJS.Timeout | undefined;
const refreshHints = () => {
  if (!features.inlayHintRefresh || hintsTimer) return;
  hintsTimer = setTimeout(() => {
    hintsTimer = undefined;
    void connection.languages.inlayHint.refresh().catch(() => {});
  }, 50);
};
// The dataset curator's requests (protocol/curator.ts) and its labels from critic diagnostics.
const curator = new CuratorService(connection, { current: ctx.current, critique: (uri) => modelCritic.latest(uri), log: ctx.log });
curator.listen();

connection.onInitialize((params): InitializeResult => {
  features = clientFeatures(params.capabilities);
  init = readInitializationOptions(params.initializationOptions);
  if (features.pullConfiguration) {
    settingsSource = new ScopedSettings(
      (scopes) => connection.workspace.getConfiguration(scopes.map((scopeUri) => ({ scopeUri, section: 'mathcritic' }))),
      settingsWarning,
    );
  }
  curator.initialize(params);
  workspaceChecks.setFolders(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
  configs.setFolders(workspaceChecks.folderUris());
  if (init.settings !== undefined) settingsSource.setGlobal(init.settings);
  else if (features.pullConfiguration) {
    settingsLoaded = new Promise<void>((resolve) => {
      settingsArrived = resolve;
      setTimeout(resolve, 2_000).unref(); // a client that never answers must not stall checking
    });
  }
  return { capabilities: serverCapabilities(features, Object.keys(SERVER_COMMANDS), CHECKER_ACTION_KINDS), serverInfo: { name: 'mathcritic', version: '0.1.0' } };
});

connection.onInitialized(() => {
  void registerDynamically(connection, features);
  if (features.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
      workspaceChecks.changeFolders(added, removed);
      configs.setFolders(workspaceChecks.folderUris());
      pull.refresh();
    });
  }
  if (features.pullConfiguration) void refreshSettings().finally(settingsArrived);
  warnIfCriticUntrusted();
});

/**
 * The initialization options in the shapes people write: `settings` as the `mathcritic`
 * section, as `{ mathcritic: {…} }` or with VS Code's dotted keys, or `mathcritic` beside
 * `trusted`. Trust is only ever `trusted: true` here, never a setting.
 */
function readInitializationOptions(raw: unknown): InitializationOptions {
  const o = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const settings = o.settings !== undefined ? o.settings : o.mathcritic !== undefined ? { mathcritic: o.mathcritic } : undefined;
  const known = new Set(['trusted', 'storagePath', 'settings', 'mathcritic']);
  const unknown = Object.keys(o).filter((k) => !known.has(k));
  if (unknown.length) settingsWarning([`initializationOptions.${unknown.join(', initializationOptions.')} ${unknown.length === 1 ? 'is' : 'are'} not read (the options are trusted, storagePath and settings)`]);
  if (o.trusted !== undefined && typeof o.trusted !== 'boolean') settingsWarning([`initializationOptions.trusted must be true or false, not ${JSON.stringify(o.trusted)}: the workspace is treated as untrusted`]);
  return { trusted: o.trusted === true, storagePath: typeof o.storagePath === 'string' ? o.storagePath : undefined, settings };
}

/** A critic configured in an untrusted workspace would stay off without a word. */
let criticWarned = false;
function warnIfCriticUntrusted(): void {
  const c = settingsSource.global().critic;
  if (criticWarned || init.trusted || !c.baseUrl.trim() || !c.model.trim()) return;
  criticWarned = true;
  settingsWarning([
    'the model critic is configured (critic.baseUrl and critic.model) but the client did not say the workspace is trusted, so nothing is sent to it: VS Code asks you to trust the workspace; other editors pass initializationOptions = { trusted = true } (see the README, "Other editors")',
  ]);
}

/**
 * Reads the settings (pulled, or already pushed into `settings`) and re-checks the open
 * documents if they differ from `before`. The same settings give the same diagnostics, and at
 * start VS Code's client announces its configuration twice more (the static and the dynamic
 * registration), each of which used to re-check every open document while the window was still
 * busy opening it.
 */
async function refreshSettings(pushed?: unknown): Promise<void> {
  const open = documents.all();
  const before = new Map(open.map((d) => [d.uri, JSON.stringify(settingsSource.for(d.uri))]));
  if (settingsSource.canPull) {
    try {
      await settingsSource.refresh(open.map((d) => d.uri));
    } catch (err) {
      connection.console.warn(`Could not read the mathcritic settings, using defaults: ${String(err)}`);
    }
  } else if (pushed !== undefined) settingsSource.setGlobal(pushed);
  warnIfCriticUntrusted();
  const changed = open.filter((d) => before.get(d.uri) !== JSON.stringify(settingsSource.for(d.uri)));
  for (const doc of changed) checks.schedule(doc, true);
  // Closed files' result ids hold their settings: a change reaches them at the next pull.
  pull.refresh();
  if (changed.length) refreshHints();
}

connection.onDidChangeConfiguration((change) => {
  // A client that cannot be asked sends the settings here: `{ mathcritic: {…} }`, or the section itself.
  void refreshSettings(settingsSource.canPull ? undefined : (change.settings ?? {}));
});

documents.onDidOpen(
  (e) =>
    void settingsLoaded.then(() => {
      void checks.runNow(e.document).catch(() => {}); // a failed check is logged by DocumentChecks
      modelCritic.opened(e.document.uri);
      // Checked at once with the window's settings; its folder's, once in, re-check it if they differ.
      void settingsSource.load([e.document.uri]).then(
        (changed) => changed.length > 0 && documents.get(e.document.uri) && checks.schedule(e.document, true),
        () => {},
      );
    }),
);
documents.onDidChangeContent((e) => {
  checks.changed(e.document);
  modelCritic.changed(e.document.uri);
  // TextDocuments reports an open as a change too: that version was just checked by onDidOpen
  // (which runs first), so only a real edit schedules a check. Otherwise every open was checked
  // a second time and republished `delayMs` later, while the window was still opening it.
  void settingsLoaded.then(() => {
    if (checks.get(e.document.uri)?.version !== e.document.version) checks.schedule(e.document);
  });
});
documents.onDidSave((e) => modelCritic.saved(e.document.uri));
documents.onDidClose((e) => {
  checks.forget(e.document.uri);
  modelCritic.closed(e.document.uri);
  settingsSource.forget(e.document.uri);
  pull.closed(e.document.uri);
});

connection.languages.diagnostics.on((params, token) => pull.document(params, token));
connection.languages.diagnostics.onWorkspace((params, token, _work, progress) => pull.workspace(params, token, progress));
connection.onDidChangeWatchedFiles(({ changes }) => {
  // Without a watcher a changed .mathcritic.json still applies: each check looks at the file's time and size.
  if (changes.some((c) => /(^|\/)\.mathcritic\.json$/.test(c.uri))) {
    configs.clear();
    for (const doc of documents.all()) checks.schedule(doc, true);
    refreshHints();
  }
  pull.wake();
});

connection.languages.inlayHint.on(async ({ textDocument, range }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return [];
  await settingsLoaded;
  if (!ctx.settingsFor(doc.uri).inlayHints.enabled) return [];
  const check = await checks.current(doc).catch(() => undefined);
  if (!check?.solution || !check.result || check.version !== doc.version) return [];
  return stepInlayHints(doc, range, check.solution, check.result, modelCritic.judged(doc.uri));
});

connection.onHover(({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  const check = doc && checks.get(doc.uri);
  if (!doc || !check?.solution || !check.result || check.version !== doc.version) return null;
  const hover = stepHover(doc, doc.offsetAt(position), check.solution, check.result);
  const step = check.solution.steps.find((s) => doc.offsetAt(position) >= s.span.start && doc.offsetAt(position) <= s.span.end);
  const critique = step ? modelCritic.hover(doc.uri, step.index) : undefined;
  if (hover && critique && typeof hover.contents === 'object' && 'value' in hover.contents) hover.contents.value += `\n\n---\n\n${critique}`;
  return hover;
});

connection.onCodeAction((params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? [...checkerCodeActions(params, doc, checks.get(doc.uri)), ...refineCodeActions(params, doc), ...curator.codeActions(params, doc)] : [];
});

connection.onExecuteCommand(async ({ command, arguments: args }, token, workDoneProgress) => {
  // A command sent right after start must see the user's settings, not the defaults.
  await settingsLoaded;
  return runServerCommand(ctx, command, args, token, workDoneProgress);
});

connection.onShutdown(() => {
  pull.wake();
  curator.closeAll();
  checks.dispose();
  return modelCritic.flush();
});

documents.listen(connection);
connection.listen();
