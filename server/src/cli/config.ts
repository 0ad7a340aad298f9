import * as path from 'node:path';
import { ConfigResolver, DEFAULT_CHECKER_OPTIONS, type CheckerOptions } from '../engine/config';
import { UsageError } from './errors';

// One per process, and a folder's answer kept for the run: each folder is looked up once.
const resolver = new ConfigResolver(Infinity);

/**
 * The checker options for a file the CLI reads: its nearest `.mathcritic.json` (up to the
 * repository root), else the defaults, as the editor has for a document with no file and
 * default settings. A broken config file is bad input: its message, exit 2.
 */
export function cliCheckerOptions(file: string): CheckerOptions {
  return optionsIn(path.dirname(path.resolve(file)));
}

/** The same for the files of a folder named on the command line. */
export function cliFolderOptions(dir: string): CheckerOptions {
  return optionsIn(path.resolve(dir));
}

function optionsIn(dir: string): CheckerOptions {
  const { options, error } = resolver.options(dir, DEFAULT_CHECKER_OPTIONS);
  if (error) throw new UsageError(error.message);
  return options;
}
