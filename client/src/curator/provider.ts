/**
 * The curator custom editor: a read-only webview over a dataset JSONL. The page never talks to
 * the server itself; this provider forwards its requests as LSP requests (adding the document's
 * `uri`) through the running LanguageClient and posts the answers back. The dataset file is
 * never written here: labels go to the server, which appends them to a journal.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CURATOR_OPEN, type CuratorOpenResult, type HostToWebview } from '../../../protocol/curator';
import { CuratorChangedNotification, CuratorProgressNotification, CuratorRequests } from '../../../protocol/curator-requests';
import { curatorPageHtml, makeNonce } from './page-html';
import { errorText, handlePageMessage } from './host-bridge';
import { noticeText } from '../redact';
import { openResultSchema, progressSchema } from './messages';

export const CURATOR_VIEW_TYPE = 'mathcritic.curator';
export const OPEN_IN_CURATOR_COMMAND = 'mathcritic.openCurator';
export const EXPORT_CURATED_COMMAND = 'mathcritic.exportCurated';
export const DEFAULT_PATTERN_SETTING = 'mathcritic.curator.defaultPattern';

export type ClientGetter = () => LanguageClient | undefined;

class CuratorDocument implements vscode.CustomDocument {
  /** The open on the server, per client instance (a restarted server must be told again). */
  opened?: { client: LanguageClient; result: Promise<CuratorOpenResult> };
  readonly panels = new Set<vscode.WebviewPanel>();
  /** A record to show once the page has the dataset (see revealRecord). */
  pendingGoto?: number;

  constructor(
    readonly uri: vscode.Uri,
    private readonly onDispose: (d: CuratorDocument) => void,
  ) {}

  dispose(): void {
    this.onDispose(this);
  }
}

export class CuratorEditorProvider implements vscode.CustomReadonlyEditorProvider<CuratorDocument>, vscode.Disposable {
  private readonly docs = new Map<string, CuratorDocument>();
  private readonly watched = new WeakSet<LanguageClient>();
  private readonly disposables: vscode.Disposable[] = [];
  private active?: CuratorDocument;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly getClient: ClientGetter,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  openCustomDocument(uri: vscode.Uri): CuratorDocument {
    const doc = new CuratorDocument(uri, (d) => this.closeDocument(d));
    this.docs.set(uri.toString(), doc);
    // Start reading at once; the page asks for the result when it is ready.
    this.ensureOpen(doc).catch((err) => this.log.warn(`curator: could not open ${uri.fsPath}: ${errorText(err)}`));
    return doc;
  }

  resolveCustomEditor(doc: CuratorDocument, panel: vscode.WebviewPanel): void {
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [dist] };
    webview.html = curatorPageHtml({
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'curator.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'curator.css')).toString(),
      katexStyleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'katex', 'katex.min.css')).toString(),
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      title: path.basename(doc.uri.path),
    });
    doc.panels.add(panel);
    if (panel.active) this.active = doc;

    const post = (m: HostToWebview): void => {
      void webview.postMessage(m);
      if (m.type === 'open' && doc.pendingGoto !== undefined) {
        void webview.postMessage({ type: 'goto', index: doc.pendingGoto } satisfies HostToWebview);
        doc.pendingGoto = undefined;
      }
    };
    const subs = [
      webview.onDidReceiveMessage((data: unknown) =>
        handlePageMessage(data, {
          post,
          open: () => this.ensureOpen(doc),
          request: (method, params) => this.request(doc, method, params),
          exportDataset: () => this.exportDataset(doc.uri),
          labelled: () => {
            for (const p of doc.panels) if (p !== panel) void p.webview.postMessage({ type: 'changed' } satisfies HostToWebview);
          },
          log: (line) => this.log.warn(line),
        }),
      ),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) this.active = doc;
      }),
    ];
    panel.onDidDispose(() => {
      doc.panels.delete(panel);
      if (this.active === doc && doc.panels.size === 0) this.active = undefined;
      for (const s of subs) s.dispose();
    });
  }

  /** Shows record `index` of a dataset in the curator (opening it if needed). */
  async revealRecord(uri: vscode.Uri, index: number): Promise<void> {
    const doc = this.docs.get(uri.toString());
    if (doc && doc.panels.size) {
      for (const p of doc.panels) void p.webview.postMessage({ type: 'goto', index } satisfies HostToWebview);
      [...doc.panels][0].reveal();
      return;
    }
    await vscode.commands.executeCommand('vscode.openWith', uri, CURATOR_VIEW_TYPE);
    const opened = this.docs.get(uri.toString());
    if (opened) opened.pendingGoto = index;
  }

  /** The dataset of the curator the person last looked at. */
  activeDataset(): vscode.Uri | undefined {
    return this.active?.uri;
  }

  /** The running client; waits a little while the extension is still starting it. */
  private async client(): Promise<LanguageClient> {
    for (let waited = 0; ; waited += 200) {
      const c = this.getClient();
      if (c) {
        this.watch(c);
        return c;
      }
      if (waited >= 10_000) throw new Error('the MathCritic language server is not running (MathCritic: Restart Language Server)');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** CURATOR_CHANGED from the server (another window labelled): tell the pages of that dataset. */
  private watch(c: LanguageClient): void {
    if (this.watched.has(c)) return;
    this.watched.add(c);
    this.disposables.push(
      c.onNotification(CuratorChangedNotification, (p) => {
        const key = typeof p?.uri === 'string' ? safeUriKey(p.uri) : undefined;
        const doc = key ? this.docs.get(key) : undefined;
        for (const panel of doc?.panels ?? []) void panel.webview.postMessage({ type: 'changed' } satisfies HostToWebview);
      }),
      // How far the indexing of a dataset opened progressively is; its end replaces the open result a reloaded page gets.
      c.onNotification(CuratorProgressNotification, (p) => {
        const key = typeof p?.uri === 'string' ? safeUriKey(p.uri) : undefined;
        const doc = key ? this.docs.get(key) : undefined;
        const parsed = progressSchema.safeParse(p);
        if (!doc || !parsed.success) return;
        const progress = parsed.data;
        if (progress.done && doc.opened?.client === c) {
          if (progress.summary) doc.opened = { client: c, result: Promise.resolve(progress.summary) };
          // The scan stopped because the file changed: the next open (the page's Retry) indexes it again.
          else doc.opened = undefined;
        }
        if (progress.failure) this.log.warn(`curator: ${progress.failure}`);
        for (const panel of doc.panels) void panel.webview.postMessage({ type: 'progress', progress } satisfies HostToWebview);
      }),
    );
  }

  private async ensureOpen(doc: CuratorDocument): Promise<CuratorOpenResult> {
    const c = await this.client();
    if (doc.opened && doc.opened.client === c) return doc.opened.result;
    if (doc.uri.scheme !== 'file') return Promise.reject(new Error(`the curator reads files on disk only, not ${doc.uri.scheme}: URIs`));
    const result = c.sendRequest(CuratorRequests.open, { uri: doc.uri.toString() }).then((raw) => {
      const r = openResultSchema.safeParse(raw);
      if (!r.success) throw new Error(`the server answered ${CURATOR_OPEN} with something unexpected`);
      this.warnAboutOpen(doc.uri, r.data);
      return r.data;
    });
    const opened = { client: c, result };
    doc.opened = opened;
    // A failed open is tried again the next time the page asks (Retry on the page).
    result.catch(() => {
      if (doc.opened === opened) doc.opened = undefined;
    });
    return result;
  }

  private warnAboutOpen(uri: vscode.Uri, r: CuratorOpenResult): void {
    const name = path.basename(uri.path);
    const parts: string[] = [];
    if (r.journalNotice) parts.push(r.journalNotice);
    if (r.skipped.length) {
      parts.push(`${r.skipped.length === 1 ? '1 line is not a record and was' : `${r.skipped.length} lines are not records and were`} skipped (first: line ${r.skipped[0].line}, ${r.skipped[0].reason}).`);
      for (const s of r.skipped.slice(0, 50)) this.log.warn(`curator: ${uri.fsPath}:${s.line}: skipped: ${s.reason}`);
    }
    // Not awaited: a notice, not a question.
    if (parts.length) void vscode.window.showWarningMessage(noticeText(`MathCritic curator (${name}): ${parts.join(' ')}`));
  }

  /** Forwards a page's request (its method and params checked by host-bridge.ts), adding the document's `uri`. */
  private async request(doc: CuratorDocument, method: string, params: Record<string, unknown>): Promise<unknown> {
    await this.ensureOpen(doc);
    return (await this.client()).sendRequest(method, { ...params, uri: doc.uri.toString() });
  }

  private closeDocument(doc: CuratorDocument): void {
    if (this.docs.get(doc.uri.toString()) === doc) this.docs.delete(doc.uri.toString());
    if (this.active === doc) this.active = undefined;
    const opened = doc.opened;
    doc.opened = undefined;
    const c = this.getClient();
    if (!opened || opened.client !== c || !c) return;
    opened.result.then(
      () => c.sendRequest(CuratorRequests.close, { uri: doc.uri.toString() }),
      () => undefined,
    ).catch((err) => this.log.warn(`curator: close of ${doc.uri.fsPath} failed: ${errorText(err)}`));
  }

  /** "MathCritic: Export Curated Dataset": save dialog → CURATOR_EXPORT. */
  async exportDataset(uri?: vscode.Uri): Promise<void> {
    const dataset = uri ?? this.activeDataset() ?? (await pickDataset('Export'));
    if (!dataset) return;
    if (dataset.scheme !== 'file') {
      void vscode.window.showErrorMessage('MathCritic: the curator exports datasets on disk only.');
      return;
    }
    type LayoutItem = vscode.QuickPickItem & { layout: 'records' | 'trl' | 'prm800k'; suffix: string };
    const layouts: LayoutItem[] = [
      { label: 'Curated records', description: 'every record, labels merged beside its fields', layout: 'records', suffix: 'curated' },
      { label: 'TRL stepwise supervision', description: 'prompt, completions, labels: PRM training data for TRL', detail: 'records with step labels only; the steps up to and including the first wrong one', layout: 'trl', suffix: 'prm' },
      { label: 'PRM800K ratings', description: "question.pre_generated_steps, label.steps[].completions[].rating", detail: 'records with step labels only; neutral stays 0', layout: 'prm800k', suffix: 'prm800k' },
    ];
    const layout = await vscode.window.showQuickPick(layouts, { title: `Export ${path.basename(dataset.fsPath)} as…` });
    if (!layout) return;
    let neutral: 'right' | 'wrong' | 'stop' = 'right';
    if (layout.layout === 'trl') {
      type NeutralItem = vscode.QuickPickItem & { neutral: 'right' | 'wrong' | 'stop' };
      const picked = await vscode.window.showQuickPick<NeutralItem>(
        [
          { label: 'Neutral is right', description: 'true (PRM800K\'s PRM, OpenR)', neutral: 'right' },
          { label: 'Neutral is wrong', description: 'false: the step made no progress', neutral: 'wrong' },
          { label: 'Stop before a neutral step', description: 'the completions end there', neutral: 'stop' },
        ],
        { title: 'A step rated neutral (0) becomes…' },
      );
      if (!picked) return;
      neutral = picked.neutral;
    }
    const base = path.basename(dataset.fsPath).replace(/\.(jsonl|json|parquet)$/i, '');
    const ext = /\.parquet$/i.test(dataset.fsPath) ? 'parquet' : 'jsonl';
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(dataset, '..', `${base}.${layout.suffix}.${ext}`),
      filters: { 'JSON Lines': ['jsonl'], Parquet: ['parquet'] },
      saveLabel: 'Export',
      title: `Export ${path.basename(dataset.fsPath)}: ${layout.label}`,
    });
    if (!target) return;
    if (target.scheme !== 'file') {
      void vscode.window.showErrorMessage('MathCritic: export to a file on disk.');
      return;
    }
    if (path.resolve(target.fsPath) === path.resolve(dataset.fsPath)) {
      void vscode.window.showErrorMessage('MathCritic: the dataset file is never overwritten; export to a new file.');
      return;
    }
    const existing = this.docs.get(dataset.toString());
    const doc = existing ?? new CuratorDocument(dataset, () => undefined);
    try {
      const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `MathCritic: exporting ${path.basename(dataset.fsPath)}…` }, async () => {
        await this.ensureOpen(doc);
        return (await this.client()).sendRequest(CuratorRequests.export, { uri: doc.uri.toString(), target: target.fsPath, layout: layout.layout, neutral });
      });
      const choice = await vscode.window.showInformationMessage(`MathCritic: exported ${r.written} records to ${vscode.workspace.asRelativePath(r.path)}.`, 'Open');
      if (choice === 'Open') await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(r.path));
    } catch (err) {
      void vscode.window.showErrorMessage(`MathCritic: export failed: ${errorText(err)}`);
    } finally {
      if (!existing) this.closeDocument(doc);
    }
  }
}

function safeUriKey(s: string): string | undefined {
  try {
    return vscode.Uri.parse(s).toString();
  } catch {
    return undefined;
  }
}

async function pickDataset(verb: string): Promise<vscode.Uri | undefined> {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = tab instanceof vscode.TabInputText || tab instanceof vscode.TabInputCustom ? tab.uri : undefined;
  if (uri && /\.(jsonl|json|parquet)$/i.test(uri.path)) return uri;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Datasets: ['jsonl', 'json', 'parquet'] }, openLabel: verb, title: `MathCritic: ${verb} a dataset` });
  return picked?.[0];
}

/**
 * Opens files matching `mathcritic.curator.defaultPattern` in the curator: when such a file
 * opens in the text editor, its tab is replaced by the curator once per session (so "Reopen
 * Editor With… → Text Editor" afterwards sticks). VS Code's `workbench.editorAssociations`
 * does the same natively, before the text editor loads the file.
 */
function redirectMatchingTabs(): vscode.Disposable {
  const done = new Set<string>();
  const matcher = (): ((uri: vscode.Uri) => boolean) => {
    const pattern = vscode.workspace.getConfiguration('mathcritic.curator').get<string>('defaultPattern', '').trim();
    if (!pattern) return () => false;
    let isMatch: (s: string) => boolean;
    try {
      isMatch = picomatch(pattern, { dot: true, nocase: process.platform === 'win32' });
    } catch {
      return () => false;
    }
    // A file that VS Code's own workbench.editorAssociations places is left to it.
    const associations = Object.keys(vscode.workspace.getConfiguration('workbench').get<Record<string, string>>('editorAssociations') ?? {}).flatMap((glob) => {
      try {
        return [picomatch(glob, { dot: true, basename: !glob.includes('/'), nocase: process.platform === 'win32' })];
      } catch {
        return [];
      }
    });
    return (uri) => {
      if (uri.scheme !== 'file') return false;
      const full = uri.fsPath.replace(/\\/g, '/');
      if (associations.some((m) => m(full))) return false;
      const rel = vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
      return isMatch(rel) || isMatch(full);
    };
  };
  const consider = async (tab: vscode.Tab, matches: (uri: vscode.Uri) => boolean): Promise<void> => {
    if (!(tab.input instanceof vscode.TabInputText) || tab.isDirty) return;
    const uri = tab.input.uri;
    const key = uri.toString();
    if (done.has(key) || !matches(uri)) return;
    done.add(key);
    await vscode.commands.executeCommand('vscode.openWith', uri, CURATOR_VIEW_TYPE, { viewColumn: tab.group.viewColumn, preview: tab.isPreview });
    await vscode.window.tabGroups.close(tab, true).then(undefined, () => undefined);
  };
  const active = vscode.window.tabGroups.activeTabGroup.activeTab;
  if (active) void consider(active, matcher());
  return vscode.window.tabGroups.onDidChangeTabs((e) => {
    if (!e.opened.length) return;
    const m = matcher();
    for (const tab of e.opened) void consider(tab, m);
  });
}

/** Registers the curator editor and its commands; call from `activate`. */
export function registerCurator(context: vscode.ExtensionContext, getClient: ClientGetter, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const provider = new CuratorEditorProvider(context, getClient, log);
  return [
    provider,
    vscode.window.registerCustomEditorProvider(CURATOR_VIEW_TYPE, provider, {
      supportsMultipleEditorsPerDocument: true,
      webviewOptions: { enableFindWidget: true },
    }),
    vscode.commands.registerCommand(OPEN_IN_CURATOR_COMMAND, async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : await pickDataset('Open');
      if (!target) return;
      // From the file's own text tab: the curator takes its place (like "Reopen Editor With…").
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      const replaces = tab && tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === target.toString() && !tab.isDirty ? tab : undefined;
      await vscode.commands.executeCommand('vscode.openWith', target, CURATOR_VIEW_TYPE, replaces ? { viewColumn: replaces.group.viewColumn } : undefined);
      if (replaces) await vscode.window.tabGroups.close(replaces, true).then(undefined, () => undefined);
    }),
    vscode.commands.registerCommand(EXPORT_CURATED_COMMAND, (uri?: vscode.Uri) => provider.exportDataset(uri instanceof vscode.Uri ? uri : undefined)),
    redirectMatchingTabs(),
  ];
}
