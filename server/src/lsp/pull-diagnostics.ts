/**
 * LSP 3.17 pull diagnostics. `textDocument/diagnostic` answers an open document from the check
 * of its current version (checker and critic); `workspace/diagnostic` adds the closed solution
 * documents of the workspace folders, checked by the embedded checker only. Every report has a
 * result id, and a document whose id the client already holds is `unchanged` (a closed file
 * costs a `stat`). When nothing changed, a workspace request is held until something does (a
 * file event, a settings or folder change, a closed document, Check All) or HOLD_MS pass,
 * instead of walking the folders again every two seconds as VS Code re-asks; with a
 * `partialResultToken` the changes are streamed as partial results of the one request.
 * A client without pull support gets the same reports pushed (Check All).
 */
import { createHash } from 'node:crypto';
import {
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type ResultProgressReporter,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDiagnosticReportPartialResult,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { DocumentCheck } from './document-checks';
import type { ClosedReport, WorkspaceChecks } from './workspace-checks';
import type { CheckAllResult } from '../../../protocol/server';

/** How long a workspace request with nothing new is held: the delay for a change made outside the editor to a closed file, when the client watches no files for us. */
export const HOLD_MS = 20_000;
/** The longest the walk over closed files runs before it lets other messages through. */
const YIELD_MS = 10;
/** Partial results are sent in chunks of this many reports. */
const CHUNK = 25;

export interface PullHost {
  readonly connection: Connection;
  /** Pull mode: nothing is pushed, the client asks (and is asked to ask again with a refresh). */
  readonly pullMode: boolean;
  document(uri: string): TextDocument | undefined;
  openDocuments(): TextDocument[];
  /** The check of the document's current version. */
  current(doc: TextDocument): Promise<DocumentCheck>;
  /** The last finished check, whatever its version. */
  lastCheck(uri: string): DocumentCheck | undefined;
  /** Everything published for an open document: checker and critic. */
  diagnostics(doc: TextDocument, check: DocumentCheck): Diagnostic[];
  /** Resolves once the first settings are in. */
  settingsLoaded(): Promise<void>;
  /** Pulls the per-document settings of these closed files (one request). */
  loadSettings(uris: string[]): Promise<unknown>;
  readonly workspace: WorkspaceChecks;
}

export class PullDiagnostics {
  /** The result id the last document pull answered, per document. */
  private readonly served = new Map<string, string>();
  /** Document pulls waiting for a check, per document: the check they wait for needs no refresh. */
  private readonly waiting = new Map<string, number>();
  private wakers = new Set<() => void>();
  private refreshTimer?: NodeJS.Timeout;
  /** Closed files whose findings were pushed (push mode), so that fixing or deleting one clears it. */
  private readonly pushed = new Set<string>();
  /** Workspace requests received: a client that never sends one gets Check All's results pushed. */
  workspaceRequests = 0;

  constructor(private readonly host: PullHost) {}

  async document(params: DocumentDiagnosticParams, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    await this.host.settingsLoaded();
    const uri = params.textDocument.uri;
    const doc = this.host.document(uri);
    if (!doc) {
      // A document the client closed (VS Code asks once more before the workspace takes over).
      const report = URI.parse(uri).scheme === 'file' ? await this.host.workspace.report(uri, params.previousResultId) : undefined;
      if (!report) return { kind: 'full', items: [] };
      return report.kind === 'full' ? { kind: 'full', resultId: report.resultId, items: report.items } : { kind: 'unchanged', resultId: report.resultId };
    }
    this.waiting.set(uri, (this.waiting.get(uri) ?? 0) + 1);
    let check: DocumentCheck;
    try {
      check = await this.host.current(doc);
    } catch {
      return { kind: 'full', items: [] }; // closed meanwhile, or a check that threw (logged by DocumentChecks)
    } finally {
      const n = (this.waiting.get(uri) ?? 1) - 1;
      if (n > 0) this.waiting.set(uri, n);
      else this.waiting.delete(uri);
    }
    void token; // a cancelled pull is answered all the same: the client drops it and asks again
    const items = this.host.diagnostics(doc, check);
    const resultId = openResultId(items);
    this.served.set(uri, resultId);
    return params.previousResultId === resultId ? { kind: 'unchanged', resultId } : { kind: 'full', resultId, items };
  }

  async workspace(params: WorkspaceDiagnosticParams, token: CancellationToken, progress?: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>): Promise<WorkspaceDiagnosticReport> {
    this.workspaceRequests++;
    await this.host.settingsLoaded();
    const previous = new Map(params.previousResultIds.map((p) => [p.uri, p.value]));
    // The LSP library hands a reporter only to a request with a `partialResultToken` (and takes the token out of the params).
    const stream = progress;
    for (let pass = 0; ; pass++) {
      if (token.isCancellationRequested) return { items: [] };
      const woken = this.nextWake(token);
      const items = await this.collect(previous, token, stream ? (chunk) => stream.report({ items: chunk }) : undefined);
      for (const item of items) previous.set(item.uri, item.resultId!);
      const changed = items.some((i) => i.kind === 'full');
      if (!stream && changed) return { items };
      const why = await woken;
      if (why !== 'woken') return { items: stream ? [] : items };
    }
  }

  /** Reports for the open documents checked at their current version and every closed solution file. */
  private async collect(previous: ReadonlyMap<string, string>, token: CancellationToken, emit?: (chunk: WorkspaceDocumentDiagnosticReport[]) => void): Promise<WorkspaceDocumentDiagnosticReport[]> {
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    let sent = 0;
    const flush = (all: boolean) => {
      if (!emit) return;
      while (items.length - sent >= CHUNK || (all && items.length > sent)) {
        const chunk = items.slice(sent, sent + CHUNK);
        sent += chunk.length;
        emit(chunk);
      }
    };
    const open = new Set<string>();
    for (const doc of this.host.openDocuments()) {
      open.add(doc.uri);
      const check = this.host.lastCheck(doc.uri);
      if (check?.version !== doc.version) continue; // being checked: the document pull answers it
      const diagnostics = this.host.diagnostics(doc, check);
      const resultId = openResultId(diagnostics);
      items.push(
        previous.get(doc.uri) === resultId ? { kind: 'unchanged', uri: doc.uri, version: doc.version, resultId } : { kind: 'full', uri: doc.uri, version: doc.version, resultId, items: diagnostics },
      );
    }
    flush(false);
    const { closed, outside } = await this.closedFiles(previous, open);
    let yielded = Date.now();
    for (const uri of closed) {
      if (token.isCancellationRequested) break;
      const before = previous.get(uri);
      // A file the client holds a report of that is no longer below a folder (removed from the workspace): cleared.
      const report: ClosedReport | undefined = outside.has(uri)
        ? before?.startsWith('gone:')
          ? { uri, kind: 'unchanged', resultId: before }
          : { uri, kind: 'full', resultId: `gone:${before}`, items: [] }
        : await this.host.workspace.report(uri, before);
      if (report) items.push(toWorkspaceReport(report));
      flush(false);
      // Every few milliseconds, so edits, hovers and other requests are served between files.
      if (Date.now() - yielded >= YIELD_MS) {
        await new Promise((r) => setImmediate(r));
        yielded = Date.now();
      }
    }
    flush(true);
    return items;
  }

  /** The closed Markdown files below the folders, and those the client holds a report of (so a deleted one is cleared). */
  private async closedFiles(previous: ReadonlyMap<string, string>, open: ReadonlySet<string>): Promise<{ closed: string[]; outside: Set<string> }> {
    const present = new Set(await this.host.workspace.markdownFiles());
    this.host.workspace.prune(present);
    const outside = new Set([...previous.keys()].filter((u) => !present.has(u) && !open.has(u) && URI.parse(u).scheme === 'file'));
    const closed = [...present].filter((u) => !open.has(u)).sort();
    await this.host.loadSettings(closed);
    return { closed: [...closed, ...outside], outside };
  }

  /** Resolves with `woken` at the next wake, `timeout` after HOLD_MS, `cancelled` when the client cancels. */
  private nextWake(token: CancellationToken): Promise<'woken' | 'timeout' | 'cancelled'> {
    return new Promise((resolve) => {
      const done = (why: 'woken' | 'timeout' | 'cancelled') => {
        clearTimeout(timer);
        sub.dispose();
        this.wakers.delete(wake);
        resolve(why);
      };
      const wake = () => done('woken');
      const timer = setTimeout(() => done('timeout'), HOLD_MS);
      const sub = token.onCancellationRequested(() => done('cancelled'));
      this.wakers.add(wake);
    });
  }

  /** Something a held workspace request may report has changed. */
  wake(): void {
    const wakers = [...this.wakers];
    this.wakers.clear();
    for (const w of wakers) w();
  }

  /** After a check or a critique of an open document: in pull mode, asks the client to pull again if it holds other results and is not already waiting for these. */
  published(doc: TextDocument, diagnostics: Diagnostic[]): void {
    if (!this.host.pullMode || this.waiting.has(doc.uri)) return;
    const served = this.served.get(doc.uri);
    // A document never pulled is pulled by the client on its own.
    if (served === undefined || served === openResultId(diagnostics)) return;
    this.refresh();
  }

  /** Settings, folders or a critique changed: pull everything again (the unchanged answer `unchanged`). */
  refresh(): void {
    this.wake();
    if (!this.host.pullMode || this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.host.connection.languages.diagnostics.refresh().catch(() => {});
    }, 50);
  }

  /** A document was closed: its disk state is what counts now. */
  closed(uri: string): void {
    this.served.delete(uri);
    if (this.host.pullMode) return this.wake();
    if (!this.pushed.has(uri)) {
      void this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    void this.host.workspace.report(uri, undefined).then((r) => this.push(uri, r?.kind === 'full' ? r.items : []));
  }

  /**
   * "Check All Solution Documents": every closed solution file checked now. A client that asks
   * for workspace diagnostics gets them there (its held request is woken); any other has them
   * pushed. Open documents are counted from their current check.
   */
  async checkAll(token: CancellationToken, progress?: (done: number, total: number) => void): Promise<CheckAllResult> {
    await this.host.settingsLoaded();
    const open = new Set(this.host.openDocuments().map((d) => d.uri));
    const { closed } = await this.closedFiles(new Map(), open);
    let documents = 0;
    let problems = 0;
    let errors = 0;
    const count = (items: Diagnostic[]) => {
      documents++;
      problems += items.length;
      errors += items.filter((d) => d.severity === 1).length;
    };
    for (const doc of this.host.openDocuments()) {
      const check = await this.host.current(doc).catch(() => undefined);
      if (check?.isSolution) count(this.host.diagnostics(doc, check));
    }
    const push = !this.host.pullMode || this.workspaceRequests === 0;
    const reported = new Set<string>();
    for (const [i, uri] of closed.entries()) {
      if (token.isCancellationRequested) break;
      progress?.(i, closed.length);
      const report = await this.host.workspace.report(uri, undefined);
      if (report?.kind === 'full') {
        count(report.items);
        reported.add(uri);
        if (push) this.push(uri, report.items);
      }
      await new Promise((r) => setImmediate(r));
    }
    if (push) {
      for (const uri of [...this.pushed]) if (!reported.has(uri) && !open.has(uri)) this.push(uri, []);
    } else this.refresh();
    return { folders: this.host.workspace.folderUris().length, documents, problems, errors, cancelled: token.isCancellationRequested };
  }

  private push(uri: string, diagnostics: Diagnostic[]): void {
    if (this.host.document(uri)) return; // open meanwhile: its own check is what shows
    if (diagnostics.length) this.pushed.add(uri);
    else this.pushed.delete(uri);
    void this.host.connection.sendDiagnostics({ uri, diagnostics });
  }
}

function toWorkspaceReport(r: ClosedReport): WorkspaceDocumentDiagnosticReport {
  return r.kind === 'full' ? { kind: 'full', uri: r.uri, version: null, resultId: r.resultId, items: r.items } : { kind: 'unchanged', uri: r.uri, version: null, resultId: r.resultId };
}

/**
 * An open document's result id: what it shows (a critique arriving changes it), not its version.
 * A keystroke that changes no diagnostic is then answered `unchanged`, so the client is not
 * sent, and does not parse again, every diagnostic of a big document on each keystroke.
 */
export function openResultId(diagnostics: Diagnostic[]): string {
  return `open:${createHash('sha256').update(JSON.stringify(diagnostics)).digest('hex').slice(0, 16)}`;
}
