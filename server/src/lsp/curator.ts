/**
 * The dataset curator in the language server: the requests of protocol/curator.ts, one open
 * store per dataset URI, and the "label this critique / step" quick fixes on the model
 * critic's diagnostics. Thin: the engine (engine/curate) does the work.
 */
import * as path from 'node:path';
import { CodeActionKind, ErrorCodes, LSPErrorCodes, ResponseError, type CodeAction, type CodeActionParams, type Connection, type Diagnostic, type InitializeParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { CurateError, CuratorStore, SnapshotLabels, stepPrefixKey } from '../engine/curate';
import { critiqueText } from '../engine/export/critique-record';
import type { CritiqueResult } from '../engine/critic';
import type { Solution } from '../engine/solution';
import { CuratorChangedNotification, CuratorProgressNotification, CuratorRequests } from '../../../protocol/curator-requests';
import { MODEL_CODE, MODEL_SOURCE, type ModelDiagnosticData } from './model-critic';
import { CURATOR_LABEL_COMMAND, type DiagnosticLabel, type DiagnosticLabelResult } from '../../../protocol/server';

export interface CuratorHost {
  /** The document's newest text and parse. */
  current(uri: string): { doc: TextDocument; solution?: Solution } | undefined;
  /** The model critic's latest critique of the document. */
  critique(uri: string): CritiqueResult | undefined;
  log(message: string): void;
}

export const LABELS_JOURNAL = path.join('.mathcritic', 'labels.journal');

/** How long a stats request runs the checker on labelled records before it answers with what it has (`humanChecker.pending`). */
const STATS_CHECKER_BUDGET_MS = 400;
/** How often the page hears how far the indexing of a dataset is. */
const PROGRESS_EVERY_MS = 250;

export class CuratorService {
  private readonly stores = new Map<string, CuratorStore>();
  private readonly opening = new Map<string, Promise<CuratorStore>>();
  private readonly labels = new Map<string, SnapshotLabels>();
  private folders: string[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly host: CuratorHost,
  ) {}

  /** Remembers the workspace folders (where `.mathcritic/labels.journal` goes). */
  initialize(params: InitializeParams): void {
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.folders = uris.flatMap((u) => {
      const parsed = URI.parse(u);
      return parsed.scheme === 'file' ? [parsed.fsPath] : [];
    });
  }

  /** Registers the curator's requests on the connection. */
  listen(): void {
    const c = this.connection;
    c.onRequest(CuratorRequests.open, async (p) => {
      const store = await this.guardAsync(() => this.opened(p.uri, true));
      const summary = store.summary();
      // Labels the journal holds but could not apply are said where the person looks: the page's banner and this log.
      if (summary.journalNotice) this.host.log(`Curator: ${summary.journalNotice}`);
      return summary;
    });
    // A record the scan has not reached yet is answered when it does (or out of range when it never does).
    c.onRequest(CuratorRequests.record, async (p) => {
      const store = await this.syncedAsync(p.uri);
      return this.guardAsync(() => store.viewWhenIndexed(p.index));
    });
    // Searching may run the checker on many records: done in slices, cancellable, so the server stays responsive.
    c.onRequest(CuratorRequests.find, async (p, token) => {
      let found: number | null | undefined;
      try {
        found = await (await this.syncedAsync(p.uri)).findAsync(p.from, p.direction, p.filter ?? {}, () => token.isCancellationRequested);
      } catch (err) {
        throw toResponseError(err);
      }
      if (found === undefined) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The search was cancelled (or the dataset closed).');
      return found;
    });
    c.onRequest(CuratorRequests.label, async (p) => {
      const store = await this.syncedAsync(p.uri);
      return this.guard(() => store.label(p.index, p.event));
    });
    // The checker half of the stats is settled in slices, so a record or label request sent
    // meanwhile is not stuck behind it, and for a bounded time: what is still unchecked is
    // answered as `humanChecker.pending` (the page asks again), not waited for for seconds.
    c.onRequest(CuratorRequests.stats, async (p) => {
      const store = await this.syncedAsync(p.uri);
      await store.warmStats(STATS_CHECKER_BUDGET_MS);
      return this.guard(() => store.statsSoFar());
    });
    c.onRequest(CuratorRequests.export, async (p) => {
      try {
        const store = await this.syncedAsync(p.uri);
        if (typeof p.target !== 'string' || p.target === '') throw new CurateError('bad-event', 'Export needs a target: a path or file URI of a new .jsonl or .parquet file.');
        const target = p.target.startsWith('file:') ? URI.parse(p.target).fsPath : p.target;
        // The server's working directory means nothing to the person choosing the file.
        if (!path.isAbsolute(target)) throw new CurateError('bad-event', `Export needs an absolute path or a file URI, not "${p.target}".`);
        const layout = p.layout ?? 'records';
        const neutral = p.neutral ?? 'right';
        if (!['records', 'trl', 'prm800k'].includes(layout) || !['right', 'wrong', 'stop'].includes(neutral)) throw new CurateError('bad-event', `Export layout must be records, trl or prm800k and neutral right, wrong or stop, not ${JSON.stringify({ layout, neutral })}.`);
        return await store.export(target, { layout, neutral });
      } catch (err) {
        throw toResponseError(err);
      }
    });
    c.onRequest(CuratorRequests.close, (p) => {
      this.close(p.uri);
      return null;
    });
  }

  close(uri: string): void {
    this.stores.get(uri)?.close();
    this.stores.delete(uri);
  }

  /** At shutdown: every store and journal closed. */
  closeAll(): void {
    for (const uri of [...this.stores.keys()]) this.close(uri);
    for (const l of this.labels.values()) l.close();
    this.labels.clear();
  }

  /** "Mark this critique wrong" / "Label step k: …" on each model-critic diagnostic. */
  codeActions(params: CodeActionParams, doc: TextDocument): CodeAction[] {
    return params.context.diagnostics
      .filter((d) => d.source === MODEL_SOURCE && d.code === MODEL_CODE && typeof (d.data as ModelDiagnosticData | undefined)?.stepIndex === 'number')
      .flatMap((d) => {
        const { stepIndex: k, critiqueId } = d.data as ModelDiagnosticData;
        const action = (title: string, label: DiagnosticLabel): CodeAction => ({
          title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title, command: CURATOR_LABEL_COMMAND, arguments: [doc.uri, doc.version, critiqueId, k, label] },
        });
        return [
          // Remembered in the labels journal: the diagnostic stays away until the step's text changes.
          action('Not an error', 'correct'),
          action('Mark this critique wrong', 'reject-critique'),
          action(`Label step ${k + 1} correct`, 'correct'),
          action(`Label step ${k + 1} incorrect`, 'incorrect'),
          action(`Label step ${k + 1} neutral`, 'neutral'),
        ];
      });
  }

  /** Runs a quick fix: appends the label, with a snapshot of the solution and its critique, to the labels journal. */
  labelFromDiagnostic(args: unknown[] | undefined): DiagnosticLabelResult {
    const [uri, version, critiqueId, k, label] = (args ?? []) as [string, number, string, number, DiagnosticLabel];
    if (typeof uri !== 'string' || !['reject-critique', 'correct', 'incorrect', 'neutral'].includes(label)) {
      throw new Error('MathCritic: bad arguments for the label command: [uri, version, critiqueId, stepIndex, "reject-critique" | "correct" | "incorrect" | "neutral"].');
    }
    const cur = this.host.current(uri);
    if (!cur?.solution) throw new Error('MathCritic: the document is not open or is not a solution.');
    if (cur.doc.version !== version) throw new Error('MathCritic: the document changed since this quick fix was offered; run it again on the new diagnostic.');
    const critique = this.host.critique(uri);
    if (!critique || critique.id !== critiqueId) throw new Error('MathCritic: that critique is no longer the current one; critique the document again.');
    const steps = cur.solution.steps.map((s) => s.text);
    if (!Number.isInteger(k) || k < 0 || k >= steps.length) throw new Error(`MathCritic: step ${k + 1} is not a step of this document.`);
    const journalPath = this.labelsJournalFor(uri);
    const labels = this.labelsAt(journalPath);
    const snapshot = {
      problem: cur.solution.problem,
      steps,
      critique: critiqueText(critique),
      critiqueFirstWrongStep: critique.firstWrongStep,
      source: this.sourceName(uri),
    };
    const event = label === 'reject-critique' ? ({ kind: 'critique-verdict', verdict: 'rejected' } as const) : ({ kind: 'rate-step', step: k, rating: label } as const);
    const { key, state } = labels.label(snapshot, event);
    this.host.log(`Curator: ${label === 'reject-critique' ? 'critique marked wrong' : `step ${k + 1} labelled ${label}`} for ${snapshot.source}, in ${journalPath}.`);
    return { journalPath, key, curation: state };
  }

  /**
   * Whether a person called the critic's diagnostic on this step "not an error" (labelled the
   * step correct, or marked the critique wrong) while the problem and steps 1..k read as now.
   */
  dismissed(uri: string, solution: Solution | undefined, diagnostic: Diagnostic): boolean {
    const k = (diagnostic.data as ModelDiagnosticData | undefined)?.stepIndex;
    if (!solution || typeof k !== 'number' || diagnostic.source !== MODEL_SOURCE) return false;
    if (URI.parse(uri).scheme !== 'file' && this.folders.length === 0) return false; // no journal to have labelled it in
    try {
      return this.labelsAt(this.labelsJournalFor(uri)).dismissals().has(stepPrefixKey(solution.problem, solution.steps.map((s) => s.text), k));
    } catch (err) {
      // An unreadable journal hides nothing: the diagnostic is shown, and why is logged.
      this.host.log(`Curator: could not read the labels journal for ${uri}: ${(err as Error).message}`);
      return false;
    }
  }

  private labelsAt(journalPath: string): SnapshotLabels {
    let labels = this.labels.get(journalPath);
    if (!labels) {
      labels = new SnapshotLabels(journalPath);
      this.labels.set(journalPath, labels);
    }
    return labels;
  }

  /** `<workspace folder>/.mathcritic/labels.journal`, or beside the document outside any folder. */
  labelsJournalFor(uri: string): string {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') {
      if (this.folders[0]) return path.join(this.folders[0], LABELS_JOURNAL);
      throw new Error('MathCritic: save the document first: labels go to .mathcritic/labels.journal beside it or in the workspace folder.');
    }
    const file = parsed.fsPath;
    const folder = this.folderOf(file);
    return path.join(folder ?? path.dirname(file), LABELS_JOURNAL);
  }

  private folderOf(file: string): string | undefined {
    return this.folders
      .filter((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep))
      .sort((a, b) => b.length - a.length)[0];
  }

  private sourceName(uri: string): string {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return uri;
    const folder = this.folderOf(parsed.fsPath);
    return folder ? path.relative(folder, parsed.fsPath).split(path.sep).join('/') : parsed.fsPath;
  }

  /**
   * The store for `uri`: opened on first use (a client restarted with the server may skip
   * OPEN), and, on OPEN (`reopen`), indexed again when the file changed on disk since. Opening
   * a Parquet dataset reads its row groups first, so opens are shared while in flight.
   */
  private async opened(uri: string, reopen: boolean): Promise<CuratorStore> {
    const existing = this.stores.get(uri);
    // A scan stopped by a change of the file is started again by the next request, like an OPEN of a changed file.
    if (existing && !(reopen && existing.index.changedOnDisk()) && existing.index.scanState !== 'changed') {
      existing.sync();
      return existing;
    }
    if (existing) this.close(uri);
    let pending = this.opening.get(uri);
    if (!pending) {
      pending = CuratorStore.openAsync(datasetPath(uri), { progressive: true }).then(
        (store) => {
          this.opening.delete(uri);
          this.stores.set(uri, store);
          store.watch(() => void this.connection.sendNotification(CuratorChangedNotification, { uri }));
          if (store.indexing) this.reportIndexing(uri, store);
          else {
            if (store.index.scanState === 'verifying') this.reportVerified(uri, store);
            // Checker verdicts for the stats panel, computed between requests rather than on its first draw.
            void store.warmStats().catch(() => undefined);
          }
          return store;
        },
        (err) => {
          this.opening.delete(uri);
          throw err;
        },
      );
      this.opening.set(uri, pending);
    }
    return pending;
  }

  /** Tells the client how far a progressive open's scan is, until it ends; then warms the stats. */
  private reportIndexing(uri: string, store: CuratorStore): void {
    const current = () => this.stores.get(uri) === store;
    const timer = setInterval(() => {
      const indexing = store.indexing;
      if (indexing && current()) void this.connection.sendNotification(CuratorProgressNotification, { uri, count: store.count, fraction: indexing.fraction });
    }, PROGRESS_EVERY_MS);
    timer.unref?.();
    void store.indexed.then(() => {
      clearInterval(timer);
      if (!current()) return;
      const failure = store.index.scanState === 'changed' ? store.index.scanFailure : undefined;
      if (failure) this.host.log(`Curator: ${failure}.`);
      const summary = store.summary();
      if (summary.journalNotice) this.host.log(`Curator: ${summary.journalNotice}`);
      void this.connection.sendNotification(CuratorProgressNotification, { uri, count: store.count, fraction: 1, done: true, ...(failure ? { failure } : { summary }) });
      if (!failure) void store.warmStats().catch(() => undefined);
    });
  }

  /** A saved index that turns out not to fit the file (verified after the open answered) is said like a scan stopped by a change. */
  private reportVerified(uri: string, store: CuratorStore): void {
    void store.index.scanned.then(() => {
      const failure = store.index.scanState === 'changed' ? store.index.scanFailure : undefined;
      if (!failure || this.stores.get(uri) !== store) return;
      this.host.log(`Curator: ${failure}.`);
      void this.connection.sendNotification(CuratorProgressNotification, { uri, count: store.count, fraction: 1, done: true, failure });
    });
  }

  /** The store for `uri`, synced with the journal. */
  private syncedAsync(uri: string): Promise<CuratorStore> {
    return this.guardAsync(() => this.opened(uri, false));
  }

  private async guardAsync<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toResponseError(err);
    }
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw toResponseError(err);
    }
  }
}

function datasetPath(uri: unknown): string {
  if (typeof uri !== 'string' || uri === '') throw new CurateError('bad-event', 'The request has no dataset uri.');
  const parsed = URI.parse(uri);
  if (parsed.scheme !== 'file') throw new CurateError('unreadable', `The curator opens datasets on disk (file: URIs), not ${parsed.scheme}: documents; save ${uri} to a file first.`);
  return parsed.fsPath;
}

/** Curator failures as JSON-RPC errors: bad parameters are InvalidParams, the rest RequestFailed. */
export function toResponseError(err: unknown): ResponseError<{ kind: string }> {
  if (err instanceof ResponseError) return err;
  if (err instanceof CurateError) {
    const code = err.kind === 'out-of-range' || err.kind === 'bad-event' ? ErrorCodes.InvalidParams : LSPErrorCodes.RequestFailed;
    return new ResponseError(code, err.message, { kind: err.kind });
  }
  return new ResponseError(LSPErrorCodes.RequestFailed, `MathCritic curator: ${(err as Error)?.message ?? String(err)}`, { kind: 'internal' });
}
