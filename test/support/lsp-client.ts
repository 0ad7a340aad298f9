import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection, type PublishDiagnosticsParams, type Diagnostic } from 'vscode-languageserver-protocol/node';

export const SERVER_BUNDLE = path.resolve(__dirname, '../../dist/server.js');

/**
 * A minimal LSP client for tests: spawns the real bundled server over stdio, answers its
 * configuration requests from `settings`, and lets a test wait for the diagnostics of a
 * given document version.
 */
export class TestLspClient {
  readonly connection: ProtocolConnection;
  private readonly child: ChildProcess;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Every publishDiagnostics in arrival order (one per check the server finished). */
  readonly published: PublishDiagnosticsParams[] = [];
  stderr = '';
  readonly appliedEdits: unknown[] = [];
  readonly progressTokens: Array<string | number> = [];
  applyEditAnswer: { applied: boolean; failureReason?: string } = { applied: true };
  /** Every client/registerCapability the server sent (method and options). */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** Server-to-client requests without a result (workspace/diagnostic/refresh, workspace/inlayHint/refresh), by method. */
  readonly refreshes: string[] = [];
  /** Every workspace/configuration item the server asked for. */
  readonly configurationItems: { section?: string; scopeUri?: string }[] = [];
  /** Answers a configuration item with a scope; the default is `settings` for every scope. */
  settingsForScope: (scopeUri: string | undefined) => unknown = () => this.settings;

  /**
   * `nodeArgs` go to node itself, before the bundle (e.g. `--cpu-prof` for a bench); `env` is added to the server's environment;
   * `bundle` is another build's server (a bench comparing two commits in one run).
   */
  constructor(
    public settings: Record<string, unknown> = {},
    extraArgs: string[] = [],
    nodeArgs: string[] = [],
    env: Record<string, string> = {},
    bundle = SERVER_BUNDLE,
  ) {
    this.child = spawn(process.execPath, [...nodeArgs, bundle, '--stdio', ...extraArgs], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.child.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri === p.uri && w.pred(p)) {
          w.resolve(p);
          return false;
        }
        return true;
      });
    });
    for (const method of ['mathcritic/status', 'window/showMessage', 'window/logMessage']) this.record(method);
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string; scopeUri?: string }[] }) => {
      this.configurationItems.push(...p.items);
      return p.items.map((i) => (i.section === 'mathcritic' ? this.settingsForScope(i.scopeUri) : null));
    });
    this.connection.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    for (const method of ['workspace/diagnostic/refresh', 'workspace/inlayHint/refresh']) {
      this.connection.onRequest(method, () => {
        this.refreshes.push(method);
        return null;
      });
    }
    // An editor applying a server's edit: recorded, and answered as `applyEditAnswer` says.
    this.connection.onRequest('workspace/applyEdit', (p: unknown) => {
      this.appliedEdits.push(p);
      return this.applyEditAnswer;
    });
    this.connection.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
      this.progressTokens.push(p.token);
      return null;
    });
    this.connection.listen();
  }

  /** Keeps every notification of `method` in `notifications` (status, messages are recorded by default). */
  record(method: string): void {
    this.connection.onNotification(method, (params: unknown) => {
      this.notifications.push({ method, params });
    });
  }

  /** What VS Code's client declares by default (pushed diagnostics, no inlay hints); `init` replaces it for clients that differ. */
  static readonly DEFAULT_CAPABILITIES = { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, window: { workDoneProgress: true } };

  /** Returns the server's capabilities. */
  async initialize(initializationOptions?: unknown, init: { capabilities?: unknown; workspaceFolders?: { uri: string; name: string }[] } = {}): Promise<Record<string, unknown>> {
    const result: { capabilities: Record<string, unknown> } = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: init.capabilities ?? TestLspClient.DEFAULT_CAPABILITIES,
      workspaceFolders: init.workspaceFolders ?? null,
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result.capabilities;
  }

  /** Called when the server process ends (for tests that must notice a crash). */
  onExit(listener: (code: number | null) => void): void {
    this.child.once('exit', listener);
  }

  /** Bytes straight onto the server's stdin, framing and all (for hostile-framing tests). */
  writeRaw(bytes: string): void {
    this.child.stdin!.write(bytes);
  }

  open(uri: string, text: string, version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
  }

  change(uri: string, version: number, text: string): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Resolves with the first diagnostics for `uri` that satisfy `pred` (already received or to come). */
  waitForDiagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const have = this.diagnostics.get(uri);
    if (have && pred(have)) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.diagnostics.get(uri))}; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({ uri, pred, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  waitForVersion(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.waitForDiagnostics(uri, (p) => p.version === version);
  }

  async shutdown(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      void this.connection.sendNotification('exit');
    } catch {
      /* the server may already be gone */
    }
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      const t = setTimeout(() => (this.child.kill('SIGKILL'), resolve()), 3000);
      this.child.once('exit', () => (clearTimeout(t), resolve()));
    });
    this.connection.dispose();
  }
}

/** What VS Code 1.9x declares: pull diagnostics with refresh, workspace folders, file watching, inlay hints. */
export const PULL_CLIENT = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    inlayHint: { refreshSupport: true },
  },
  textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false }, inlayHint: {} },
  window: { workDoneProgress: true },
};
export const fileUri = (p: string) => pathToFileURL(p).toString();
export type { Diagnostic };
