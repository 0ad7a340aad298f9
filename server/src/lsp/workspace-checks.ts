/**
 * The solution documents of the workspace folders that are not open, checked by the embedded
 * checker only (never the model critic: a closed file costs no GPU time and sends nothing
 * anywhere). Each file's report has a result id made of what the findings depend on (the file's
 * size and modification time, the options that apply to it — settings or `.mathcritic.json` — and the checker's version), so a file
 * whose id the client already holds costs one `stat`.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { URI } from 'vscode-uri';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, WorkspaceFolder } from 'vscode-languageserver';
import { decodeText } from '../engine/io/decode';
import { findingToDiagnostic } from './diagnostics';
import { planCheck } from './document-checks';
import type { CheckerOptions } from '../engine/config';
import { StepCheckCache, type SharedStepResults } from '../engine/check';

/** Folders never walked: tools' and version control's, as the exports' folder source skips them. */
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);
const MARKDOWN = /\.(md|markdown)$/i;
/** Bumped when what the checker finds in the same text can change, so old result ids stop matching. */
const CHECKER_VERSION = '0.1.0';

/** One closed file's diagnostics, or `unchanged` when the client's result id still holds. */
export type ClosedReport = { uri: string; kind: 'full'; resultId: string; items: Diagnostic[] } | { uri: string; kind: 'unchanged'; resultId: string };

export interface WorkspaceChecksHost {
  /** A file's checker options: its `.mathcritic.json`'s, else its settings'. */
  optionsFor(uri: string): CheckerOptions;
  log(message: string): void;
  /** Step results shared with the open documents: a file opened after a pull, or files with the same steps, check only what is new. */
  stepResults?: SharedStepResults;
}

export class WorkspaceChecks {
  private readonly folders = new Map<string, WorkspaceFolder>();
  /** The last report per file, by result id: a file checked for one pull is not checked again for the next. */
  private readonly reports = new Map<string, { resultId: string; items: Diagnostic[] | undefined }>();
  private readonly optionIds = new Map<string, string>();
  /** How many closed files were read and checked (what the result-id tests count). */
  filesChecked = 0;

  constructor(private readonly host: WorkspaceChecksHost) {}

  setFolders(folders: readonly WorkspaceFolder[] | null | undefined): void {
    this.folders.clear();
    for (const f of folders ?? []) this.folders.set(f.uri, f);
  }

  changeFolders(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
    for (const f of removed) this.folders.delete(f.uri);
    for (const f of added) this.folders.set(f.uri, f);
  }

  folderUris(): string[] {
    return [...this.folders.keys()];
  }

  /** The Markdown files below the workspace folders (on disk; other schemes have no files to walk), as uris. */
  async markdownFiles(): Promise<string[]> {
    const out = new Set<string>();
    // A snapshot: folders added during the walk are walked by the next pass, not half by this one.
    for (const folder of [...this.folders.values()]) {
      const uri = URI.parse(folder.uri);
      if (uri.scheme !== 'file') continue;
      await walk(uri.fsPath, (file) => out.add(URI.file(file).toString()), this.host.log);
    }
    return [...out];
  }

  /**
   * The report of a file on disk: `unchanged` when `previous` is still its result id, the
   * findings otherwise; undefined for a file that is not a solution document and never was.
   */
  async report(uri: string, previous: string | undefined): Promise<ClosedReport | undefined> {
    const file = URI.parse(uri).fsPath;
    const options = this.host.optionsFor(uri);
    let stat;
    try {
      stat = await fs.stat(file);
    } catch {
      this.reports.delete(uri);
      if (previous?.startsWith('gone:')) return { uri, kind: 'unchanged', resultId: previous };
      // Gone (deleted, or its folder removed): what the client shows for it is cleared.
      return previous === undefined ? undefined : { uri, kind: 'full', resultId: `gone:${previous}`, items: [] };
    }
    const resultId = `${CHECKER_VERSION}:${this.optionsId(options)}:${stat.size}:${Math.round(stat.mtimeMs)}`;
    if (previous === resultId) return { uri, kind: 'unchanged', resultId };
    let known = this.reports.get(uri);
    if (known?.resultId !== resultId) {
      known = { resultId, items: await this.check(file, uri, stat.size, options) };
      this.reports.set(uri, known);
    }
    if (known.items === undefined) return previous === undefined ? undefined : { uri, kind: 'full', resultId, items: [] };
    return { uri, kind: 'full', resultId, items: known.items };
  }

  /** Forgets what is known of files no longer below any folder. */
  prune(present: ReadonlySet<string>): void {
    for (const uri of this.reports.keys()) if (!present.has(uri)) this.reports.delete(uri);
  }

  /** The checker's diagnostics for a file, or undefined when it is not a solution document (or not checked on purpose). */
  private async check(file: string, uri: string, size: number, options: CheckerOptions): Promise<Diagnostic[] | undefined> {
    const limit = options.maxDocumentLength;
    // A character takes at most 4 bytes: a file this big cannot be under the limit.
    if (limit > 0 && size > 4 * limit) return undefined;
    let text: string;
    try {
      text = decodeText(await fs.readFile(file), file);
    } catch (err) {
      this.host.log(`MathCritic: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    this.filesChecked++;
    const plan = planCheck(file, text, options);
    if (!plan.run) return undefined;
    const doc = TextDocument.create(uri, 'markdown', 0, text);
    return plan.run(new StepCheckCache(undefined, this.host.stepResults)).findings.map((f) => findingToDiagnostic(doc, f));
  }

  /** What the findings depend on besides the text: the options (a config file's content included, through them). */
  private optionsId(options: CheckerOptions): string {
    const key = JSON.stringify(options);
    let id = this.optionIds.get(key);
    if (!id) {
      id = createHash('sha256').update(key).digest('hex').slice(0, 12);
      if (this.optionIds.size > 1000) this.optionIds.clear();
      this.optionIds.set(key, id);
    }
    return id;
  }
}

async function walk(dir: string, found: (file: string) => void, log: (m: string) => void): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    log(`MathCritic: cannot read the folder ${dir}: ${(err as Error).message}`);
    return;
  }
  for (const e of entries) {
    if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
    const p = path.join(dir, e.name);
    // Links are not followed: a link to a parent folder would never end.
    if (e.isDirectory()) await walk(p, found, log);
    else if (e.isFile() && MARKDOWN.test(e.name)) found(p);
  }
}
