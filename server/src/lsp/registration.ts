/**
 * What the server asks of the client, decided once from what the client says it can do. A
 * capability is registered dynamically only when the client declares `dynamicRegistration` for
 * it (eglot and Neovim 0.7 do not, and warned on every connection when the server registered
 * anyway); everything else is declared statically in the initialize result, or not at all.
 */
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  WatchKind,
  type ClientCapabilities,
  type Connection,
  type ServerCapabilities,
} from 'vscode-languageserver/node';

/** What the client can do, as far as the server cares. */
export interface ClientFeatures {
  /** `workspace/configuration`: settings are pulled (per document, with `scopeUri`). */
  pullConfiguration: boolean;
  /** The client takes a dynamic registration for `workspace/didChangeConfiguration`. */
  configurationRegistration: boolean;
  /** Pull diagnostics (`textDocument/diagnostic` with `workspace/diagnostic/refresh`): nothing is pushed. */
  pullDiagnostics: boolean;
  /** The client shows inlay hints; `inlayHintRefresh` when the server may ask for them again. */
  inlayHints: boolean;
  inlayHintRefresh: boolean;
  /** Workspace folders, and their changes. */
  workspaceFolders: boolean;
  /** The client watches files for the server when asked with a dynamic registration. */
  watchedFilesRegistration: boolean;
}

export function clientFeatures(caps: ClientCapabilities | undefined): ClientFeatures {
  const ws = caps?.workspace;
  const td = caps?.textDocument;
  return {
    pullConfiguration: ws?.configuration === true,
    configurationRegistration: ws?.didChangeConfiguration?.dynamicRegistration === true,
    // Without refresh the server could not show a critique that arrives after the pull, so such
    // a client gets pushed diagnostics, as every client did before.
    pullDiagnostics: td?.diagnostic !== undefined && ws?.diagnostics?.refreshSupport === true,
    inlayHints: td?.inlayHint !== undefined,
    inlayHintRefresh: ws?.inlayHint?.refreshSupport === true,
    workspaceFolders: ws?.workspaceFolders === true,
    watchedFilesRegistration: ws?.didChangeWatchedFiles?.dynamicRegistration === true,
  };
}

/** The initialize result's capabilities for a client with `features`. */
export function serverCapabilities(features: ClientFeatures, commands: string[], codeActionKinds: string[]): ServerCapabilities {
  const caps: ServerCapabilities = {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    hoverProvider: true,
    executeCommandProvider: { commands },
    codeActionProvider: { codeActionKinds },
  };
  if (features.inlayHints) caps.inlayHintProvider = { resolveProvider: false };
  // A checker finding depends on its own file only (and the settings, which refresh).
  if (features.pullDiagnostics) caps.diagnosticProvider = { identifier: 'mathcritic', interFileDependencies: false, workspaceDiagnostics: true };
  if (features.workspaceFolders) caps.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
  return caps;
}

/** The Markdown files whose changes on disk the workspace diagnostics follow. */
export const WATCHED_GLOB = '**/*.{md,markdown}';
/** The config files whose changes re-check the documents below them. */
export const CONFIG_GLOB = '**/.mathcritic.json';

/** Registers, after `initialized`, only what the client takes dynamically. */
export async function registerDynamically(connection: Connection, features: ClientFeatures): Promise<void> {
  const pending: Promise<unknown>[] = [];
  if (features.pullConfiguration && features.configurationRegistration) pending.push(connection.client.register(DidChangeConfigurationNotification.type, { section: 'mathcritic' }));
  if (features.watchedFilesRegistration) {
    const all = WatchKind.Create | WatchKind.Change | WatchKind.Delete;
    const watchers = [{ globPattern: CONFIG_GLOB, kind: all }, ...(features.pullDiagnostics ? [{ globPattern: WATCHED_GLOB, kind: all }] : [])];
    pending.push(connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }));
  }
  const results = await Promise.allSettled(pending);
  for (const r of results) if (r.status === 'rejected') connection.console.warn(`MathCritic: the client refused a registration: ${String(r.reason)}`);
}
