import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { checkSolution, StepCheckCache, type CheckResult } from '../engine/check';
import { isSolutionDocument, parseSolutionDocument, type Solution } from '../engine/solution';
import type { Settings } from './settings';

export interface DocumentCheck {
  version: number;
  isSolution: boolean;
  solution?: Solution;
  result?: CheckResult;
}

/**
 * Per-document state: the last parse and check, and a step cache so that an edit re-checks
 * only the steps it touched. Changes are coalesced: the first change after a quiet period is
 * checked at once, and later ones within `delayMs` are folded into one check after them.
 */
export class DocumentChecks {
  private readonly state = new Map<string, { check?: DocumentCheck; cache: StepCheckCache; timer?: NodeJS.Timeout; lastRun: number }>();

  constructor(
    private readonly settings: () => Settings,
    private readonly onChecked: (doc: TextDocument, check: DocumentCheck) => void,
  ) {}

  /** Schedules a check of `doc`, coalescing bursts of changes. */
  schedule(doc: TextDocument, immediate = false): void {
    const entry = this.entry(doc.uri);
    if (entry.timer) return; // a check is already pending and will read the newest text
    const delay = immediate ? 0 : Math.max(0, entry.lastRun + this.settings().check.delayMs - Date.now());
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.runNow(doc);
    }, delay);
  }

  /** Checks the document right away and returns the result. */
  runNow(doc: TextDocument): DocumentCheck {
    const entry = this.entry(doc.uri);
    if (entry.timer) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
    }
    entry.lastRun = Date.now();
    const text = doc.getText();
    const settings = this.settings();
    const path = pathOf(doc.uri);
    let check: DocumentCheck;
    if (!isSolutionDocument(path, text, settings.solutionGlobs)) {
      check = { version: doc.version, isSolution: false };
    } else {
      const { solution, issues } = parseSolutionDocument(text);
      const result = checkSolution(solution, issues, { severities: settings.severity, cache: entry.cache });
      check = { version: doc.version, isSolution: true, solution, result };
    }
    entry.check = check;
    this.onChecked(doc, check);
    return check;
  }

  get(uri: string): DocumentCheck | undefined {
    return this.state.get(uri)?.check;
  }

  forget(uri: string): void {
    const entry = this.state.get(uri);
    if (entry?.timer) clearTimeout(entry.timer);
    this.state.delete(uri);
  }

  private entry(uri: string) {
    let entry = this.state.get(uri);
    if (!entry) {
      entry = { cache: new StepCheckCache(), lastRun: 0 };
      this.state.set(uri, entry);
    }
    return entry;
  }
}

function pathOf(uri: string): string {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : parsed.path;
  } catch {
    return uri;
  }
}
