import * as path from 'node:path';
import type { FindingCode, Severity } from '../check/findings';
import { DEFAULT_MAX_DOCUMENT_LENGTH, DEFAULT_SOLUTION_GLOBS, isSolutionDocument } from '../solution';
import type { MathCriticConfig } from './schema';

/** What the checker needs to know about a document's configuration: the same in the editor and the CLI. */
export interface CheckerOptions {
  severities: Partial<Record<FindingCode, Severity | 'off'>>;
  solutionGlobs: readonly string[];
  maxDocumentLength: number;
  /** The folder `solutionGlobs` are relative to (the config file's); unset: the path as given. */
  globBase?: string;
  /** The `.mathcritic.json` these options come from, if one applies. */
  configFile?: string;
}

export const DEFAULT_CHECKER_OPTIONS: CheckerOptions = { severities: {}, solutionGlobs: DEFAULT_SOLUTION_GLOBS, maxDocumentLength: DEFAULT_MAX_DOCUMENT_LENGTH };

/**
 * A config file's options. The file replaces, rather than merges with, what the editor's
 * settings say about the same things: a key the file leaves out takes its default, not the
 * user's setting, so a document under a `.mathcritic.json` gets the findings CI gets, whatever
 * each person's settings.json holds.
 */
export function optionsFromConfig(config: MathCriticConfig, file: string): CheckerOptions {
  const severities: CheckerOptions['severities'] = { ...config.severity };
  for (const code of config.disable ?? []) severities[code] = 'off';
  return {
    severities,
    solutionGlobs: config.solutionGlobs ?? DEFAULT_SOLUTION_GLOBS,
    maxDocumentLength: config.maxDocumentLength ?? DEFAULT_MAX_DOCUMENT_LENGTH,
    globBase: path.dirname(file),
    configFile: file,
  };
}

/** The editor's and the CLI's one notion of a solution document, with the globs read relative to their config file. */
export function isSolutionFile(file: string, text: string, options: Pick<CheckerOptions, 'solutionGlobs' | 'globBase'>): boolean {
  const relative = options.globBase !== undefined ? path.relative(options.globBase, file) : file;
  return isSolutionDocument(relative, text, options.solutionGlobs);
}
