import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { checkSolution, SharedStepResults, StepCheckCache, type CheckResult } from '../engine/check';
import { hasSolutionStructure, parseSolutionDocument, tooLongToCheck, type ParsedDocument, type Solution } from '../engine/solution';
import { reparseAfterEdit } from '../engine/solution/incremental';
import { isSolutionFile, type CheckerOptions } from '../engine/config';
import { checkerOptionsFromSettings, type Settings } from './settings';
import { CheckPool } from './check-pool';
import { checkStep } from '../engine/check/step-checks';
import { LineDocument } from './line-document';

export interface DocumentCheck {
  version: number;
  isSolution: boolean;
  solution?: Solution;
  result?: CheckResult;
  /** Set when the document was not checked on purpose (above `check.maxDocumentLength`): why. */
  skipped?: string;
  /** Checking this text threw: the document gets no diagnostics, and the reason is logged. */
  error?: string;
}

/**
 * Steps whose unchecked text adds up to more than this are checked in slices, between turns of
 * the event loop: below it the check takes a few milliseconds and is done at once.
 */
const SLICED_ABOVE_CHARS = 20_000;
/**
 * Above this much unchecked step text the worker thread shares the work. Below it one thread is
 * faster: a worker's first checks pay for loading and compiling the checker a second time
 * (a first open of 1,000 steps took 0.52× as long on this thread alone, and later opens as long).
 */
const SHARED_ABOVE_CHARS = 500_000;
/** How much step text is checked at a time, by this thread or by the worker per request: a newer edit takes over between slices. */
const SLICE_CHARS = 10_000;
const STALE = Symbol('stale');
/** Above the limit, the Problem/Solution headings are looked for this far into the text only. */
const STRUCTURE_PREFIX = 100_000;

interface Entry {
  check?: DocumentCheck;
  cache: StepCheckCache;
  /** Cancels the pending check (a timer, or an immediate when no delay is due). */
  timer?: () => void;
  /** The version being checked (on the worker) while a check is under way; edits meanwhile only mark it stale. */
  running?: number;
  /** An edit or a request arrived while a check was running: check again when it ends. */
  again: boolean;
  /** When the last check ended: the debounce counts from there, so a long check still coalesces. */
  lastEnd: number;
  /**
   * The parse of the document's newest version when it is known without reading the whole text:
   * the last check's, carried along by each edit that only changed one step (incremental.ts).
   * `options` is what it was checked with: other options, a full parse.
   */
  parsed?: { version: number; options: string; doc: ParsedDocument };
  /** Callers of `runNow` waiting for the next finished check. */
  waiting: { resolve: (check: DocumentCheck) => void; reject: (err: Error) => void }[];
}

/**
 * Per-document state: the last parse and check, and a step cache so that an edit re-checks
 * only the steps it touched. Changes are coalesced: the first change after a quiet period is
 * checked at once, and later ones within `delayMs` (counted from the end of the last check)
 * are folded into one check after them. Big documents are checked off the request path: the
 * steps that are not cached go to a worker thread, so hover, other documents and new edits are
 * served meanwhile; edits that arrive during such a check are folded into one check after it.
 */
export class DocumentChecks {
  private readonly state = new Map<string, Entry>();
  private readonly pool = new CheckPool();
  /** Step results across documents: opening a document again, or another with the same steps, checks only what is new. */
  readonly stepResults = new SharedStepResults();
  /** How many checks ran (finished or dropped for a newer edit): what the coalescing tests count. */
  checksStarted = 0;

  constructor(
    private readonly settings: (uri: string) => Settings,
    private readonly onChecked: (doc: TextDocument, check: DocumentCheck) => void,
    private readonly log: (message: string) => void = () => {},
    /** The document's checker options: its `.mathcritic.json`'s, else the settings'. */
    private readonly optionsFor: (uri: string) => CheckerOptions = (uri) => checkerOptionsFromSettings(settings(uri)),
  ) {}

  /** Schedules a check of `doc`, coalescing bursts of changes. */
  schedule(doc: TextDocument, immediate = false): void {
    const entry = this.entry(doc.uri);
    if (entry.running !== undefined) {
      // The version under way needs no second check (an open is announced as a change too).
      if (entry.running !== doc.version) entry.again = true;
      return;
    }
    if (entry.timer) return; // a check is already pending and will read the newest text
    const delay = immediate ? 0 : Math.max(0, entry.lastEnd + this.settings(doc.uri).check.delayMs - Date.now());
    const fire = () => {
      entry.timer = undefined;
      this.run(doc, entry);
    };
    // No delay due: the next turn of the event loop, after the messages already read. A zero
    // setTimeout waits a millisecond at least, half of a keystroke's time in a small document.
    if (delay === 0) {
      const handle = setImmediate(fire);
      entry.timer = () => clearImmediate(handle);
    } else {
      const handle = setTimeout(fire, delay);
      entry.timer = () => clearTimeout(handle);
    }
  }

  /** Checks the document now (after a check already under way) and resolves with the result. */
  runNow(doc: TextDocument): Promise<DocumentCheck> {
    const entry = this.entry(doc.uri);
    if (entry.timer) {
      entry.timer();
      entry.timer = undefined;
    }
    return new Promise((resolve, reject) => {
      entry.waiting.push({ resolve, reject });
      if (entry.running !== undefined) entry.again = true;
      else this.run(doc, entry);
    });
  }

  /**
   * `doc` was edited: an edit that the last parse can take in is taken in now, while the text
   * is the edit's (a later edit before the check would change what it reads).
   */
  changed(doc: TextDocument): void {
    const entry = this.state.get(doc.uri);
    const last = entry?.parsed;
    if (!entry || !last) return;
    entry.parsed = undefined;
    if (!(doc instanceof LineDocument)) return;
    const edits = doc.editsFrom(last.version);
    if (edits?.length !== 1) return;
    let next: ParsedDocument | undefined;
    try {
      next = reparseAfterEdit(last.doc, edits[0], doc);
    } catch (err) {
      this.log(`MathCritic: reading an edit of ${doc.uri} failed, the whole text is read instead: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (next) entry.parsed = { version: doc.version, options: last.options, doc: next };
  }

  get(uri: string): DocumentCheck | undefined {
    return this.state.get(uri)?.check;
  }

  /**
   * The check of `doc`'s current version once nothing newer is pending: at once when it is
   * there, else after the check under way or scheduled (one is scheduled if none is). What a
   * diagnostics pull or an inlay hint request answers from.
   */
  async current(doc: TextDocument): Promise<DocumentCheck> {
    for (;;) {
      const entry = this.entry(doc.uri);
      if (entry.check?.version === doc.version && entry.running === undefined && !entry.timer && !entry.again) return entry.check;
      if (entry.running === undefined && !entry.timer) this.schedule(doc);
      await new Promise<DocumentCheck>((resolve, reject) => entry.waiting.push({ resolve, reject }));
    }
  }

  forget(uri: string): void {
    const entry = this.state.get(uri);
    entry?.timer?.();
    this.state.delete(uri);
    for (const w of entry?.waiting.splice(0) ?? []) w.reject(new Error(`MathCritic: ${uri} was closed`));
  }

  dispose(): void {
    for (const uri of [...this.state.keys()]) this.forget(uri);
    this.pool.dispose();
  }

  /** Runs a check; one that needs no worker is done (and published) before this returns. */
  private run(doc: TextDocument, entry: Entry): void {
    entry.running = doc.version;
    entry.again = false;
    this.checksStarted++;
    let outcome: DocumentCheck | Promise<DocumentCheck | typeof STALE>;
    try {
      outcome = this.check(doc, entry);
    } catch (err) {
      this.failed(doc, entry, err);
      return;
    }
    if (outcome instanceof Promise) {
      outcome.then(
        (o) => this.finished(doc, entry, o),
        (err: unknown) => this.failed(doc, entry, err),
      );
    } else {
      this.finished(doc, entry, outcome);
    }
  }

  private finished(doc: TextDocument, entry: Entry, outcome: DocumentCheck | typeof STALE): void {
    entry.running = undefined;
    entry.lastEnd = Date.now();
    if (this.state.get(doc.uri) !== entry) return; // closed meanwhile
    if (outcome !== STALE) {
      entry.check = outcome;
      this.onChecked(doc, outcome);
      for (const w of entry.waiting.splice(0)) w.resolve(outcome);
    }
    if (outcome === STALE || entry.again) this.schedule(doc);
  }

  private failed(doc: TextDocument, entry: Entry, err: unknown): void {
    entry.running = undefined;
    entry.lastEnd = Date.now();
    const message = `MathCritic: checking ${doc.uri} failed: ${err instanceof Error ? err.message : String(err)}`;
    this.log(message);
    for (const w of entry.waiting.splice(0)) w.reject(new Error(message));
    // One document's text that breaks the checker costs that document its diagnostics (none
    // rather than stale ones), not the server.
    if (this.state.get(doc.uri) === entry) {
      entry.check = { version: doc.version, isSolution: false, error: message };
      this.onChecked(doc, entry.check);
    }
  }

  /**
   * The check of `doc`'s current text: at once when the steps it has not seen are few, else a
   * promise of it from the worker, or of STALE when an edit made it so before it ended.
   */
  private check(doc: TextDocument, entry: Entry): DocumentCheck | Promise<DocumentCheck | typeof STALE> {
    const version = doc.version;
    const options = this.optionsFor(doc.uri);
    const key = JSON.stringify(options);
    const known = entry.parsed;
    const plan =
      known && known.version === version && known.options === key && doc instanceof LineDocument && !tooLongToCheck(doc.textLength, options.maxDocumentLength)
        ? planParsed(known.doc, options)
        : planCheck(pathOf(doc.uri), doc.getText(), options);
    entry.parsed = plan.run ? { version, options: key, doc: plan.parsed } : undefined;
    if (!plan.run) return { version, isSolution: plan.isSolution, skipped: plan.skipped };
    const { solution, run } = plan;
    const finish = (): DocumentCheck => ({ version, isSolution: true, solution, result: run(entry.cache) });
    const missing = entry.cache.missing(solution.steps);
    const total = missing.reduce((n, t) => n + t.length, 0);
    if (total <= SLICED_ABOVE_CHARS) return finish();
    // This thread checks slices from the back and yields between them (hover and new edits are
    // served meanwhile); past SHARED_ABOVE_CHARS the worker takes slices from the front, once it
    // has loaded. A step longer than a slice is the worker's alone, so that this thread never
    // holds up the server for one.
    const useWorker = this.pool.available;
    const long = useWorker ? missing.filter((t) => t.length > SLICE_CHARS) : [];
    const queue = [...batches(useWorker ? missing.filter((t) => t.length <= SLICE_CHARS) : missing, SLICE_CHARS)];
    const stale = () => doc.version !== version || entry.again || this.state.get(doc.uri) !== entry;
    let drained!: () => void;
    const hereDone = new Promise<void>((resolve) => (drained = resolve));
    const onWorker = async () => {
      if (!useWorker || (long.length === 0 && total <= SHARED_ABOVE_CHARS)) return;
      await (long.length > 0 ? this.pool.ready() : Promise.race([this.pool.ready(), hereDone]));
      while ((long.length > 0 || queue.length > 0) && !stale()) {
        const slice = long.length > 0 ? [long.shift() as string] : (queue.shift() as string[]);
        const results = await this.pool.check(slice);
        // What is checked stays cached: the check after the edit starts from there.
        slice.forEach((t, i) => entry.cache.put(t, results[i]));
      }
    };
    const here = async () => {
      while (queue.length > 0 && !stale()) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        const slice = queue.pop();
        if (slice) for (const t of slice) entry.cache.put(t, checkStep(t));
      }
      drained();
    };
    // Two slices in flight for the worker: it starts the next while its last reply is on its way.
    return Promise.all([onWorker(), onWorker(), here()]).then(() => (stale() ? STALE : finish()));
  }

  private entry(uri: string): Entry {
    let entry = this.state.get(uri);
    if (!entry) {
      entry = { cache: new StepCheckCache(undefined, this.stepResults), again: false, lastEnd: 0, waiting: [] };
      this.state.set(uri, entry);
    }
    return entry;
  }
}

/** Whether and how a text is checked: one rule for open documents and the closed files of the workspace. */
export type CheckPlan =
  { isSolution: boolean; skipped?: string; run?: undefined } | { isSolution: true; skipped?: undefined; solution: Solution; parsed: ParsedDocument; run(cache?: StepCheckCache): CheckResult };

export function planCheck(path: string, text: string, options: CheckerOptions): CheckPlan {
  const skipped = tooLongToCheck(text.length, options.maxDocumentLength, options.configFile ? `maxDocumentLength in ${options.configFile}` : undefined);
  if (skipped) {
    const isSolution = isSolutionFile(path, '', options) || hasSolutionStructure(text.slice(0, STRUCTURE_PREFIX));
    return { isSolution, skipped };
  }
  if (!isSolutionFile(path, text, options)) return { isSolution: false };
  return planParsed(parseSolutionDocument(text), options);
}

function planParsed(parsed: ParsedDocument, options: CheckerOptions): CheckPlan {
  const { solution, issues } = parsed;
  return { isSolution: true, solution, parsed, run: (cache) => checkSolution(solution, issues, { severities: options.severities, cache }) };
}

function* batches(texts: string[], maxChars: number): Generator<string[]> {
  let batch: string[] = [];
  let chars = 0;
  for (const t of texts) {
    if (batch.length > 0 && chars + t.length > maxChars) {
      yield batch;
      batch = [];
      chars = 0;
    }
    batch.push(t);
    chars += t.length;
  }
  if (batch.length > 0) yield batch;
}

export function pathOf(uri: string): string {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : parsed.path;
  } catch {
    return uri;
  }
}
