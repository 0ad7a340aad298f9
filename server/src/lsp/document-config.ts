import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { ConfigResolver, isInside, type CheckerOptions } from '../engine/config';
import { checkerOptionsFromSettings, type Settings } from './settings';

/**
 * Which checker options a document gets: those of the nearest `.mathcritic.json` (searched up
 * to the workspace folder that holds it), else the editor's settings. A broken file is said
 * once (what is wrong, where) and the document is checked as if it were not there.
 */
export class DocumentConfigs {
  // A second: a keystroke costs a map look-up; a watched change of a config file clears it at once.
  private readonly resolver = new ConfigResolver(1000);
  private folders: string[] = [];
  /** The last error shown per config file, so an unchanged mistake is not shown on every keystroke. */
  private readonly shown = new Map<string, string>();

  constructor(
    private readonly settings: (uri: string) => Settings,
    private readonly report: (message: string) => void,
  ) {}

  /** The workspace folders (URIs): the config search stops at the one holding the document. */
  setFolders(uris: readonly string[]): void {
    this.folders = uris.flatMap((u) => {
      const parsed = URI.parse(u);
      return parsed.scheme === 'file' ? [parsed.fsPath] : [];
    });
  }

  options(uri: string): CheckerOptions {
    const fallback = checkerOptionsFromSettings(this.settings(uri));
    let file: string;
    try {
      const parsed = URI.parse(uri);
      if (parsed.scheme !== 'file') return fallback; // no folder to look in: an untitled document
      file = parsed.fsPath;
    } catch {
      return fallback;
    }
    const root = this.folders.filter((f) => isInside(file, f)).sort((a, b) => b.length - a.length)[0];
    const { options, error } = this.resolver.options(path.dirname(file), fallback, root);
    if (error) {
      if (this.shown.get(error.file) !== error.message) {
        this.shown.set(error.file, error.message);
        this.report(`MathCritic: ${error.message} Checking with the settings' values until it is fixed.`);
      }
    } else if (options.configFile) this.shown.delete(options.configFile);
    return options;
  }

  /** A config file changed on disk (watched): read them again. */
  clear(): void {
    this.resolver.clear();
  }
}
