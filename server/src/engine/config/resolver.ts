import * as fs from 'node:fs';
import { findConfigFile } from './find';
import { ConfigError, readConfigFile } from './read';
import { optionsFromConfig, type CheckerOptions } from './options';
import type { MathCriticConfig } from './schema';

export interface ResolvedConfig {
  /** The config file that applies, if any (also when it is broken). */
  file?: string;
  config?: MathCriticConfig;
  /** Set when `file` cannot be used: the caller says so and goes on without it. */
  error?: ConfigError;
}

/**
 * Finds and reads the config that applies to a folder, keeping what it parsed: a file is read
 * again only when its modification time, size or inode changed, so the editor sees an edit of
 * the file on its next check and a CLI run over a thousand documents parses it once.
 */
export class ConfigResolver {
  private readonly parsed = new Map<string, { stamp: string; result: ResolvedConfig }>();

  resolve(dir: string, root?: string): ResolvedConfig {
    const file = findConfigFile(dir, root);
    return file ? this.read(file) : {};
  }

  /** Options for a document in `dir`: the config file's when one applies and parses, else `fallback`. */
  options(dir: string, fallback: CheckerOptions, root?: string): { options: CheckerOptions; error?: ConfigError } {
    const { file, config, error } = this.resolve(dir, root);
    return { options: file && config ? optionsFromConfig(config, file) : fallback, ...(error ? { error } : {}) };
  }

  /** Forget what was read (a watched config file changed). */
  clear(): void {
    this.parsed.clear();
  }

  private read(file: string): ResolvedConfig {
    let stamp = '';
    try {
      const st = fs.statSync(file);
      stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      /* vanished between the lookup and now: read() says so */
    }
    const cached = this.parsed.get(file);
    if (cached && cached.stamp === stamp) return cached.result;
    let result: ResolvedConfig;
    try {
      result = { file, config: readConfigFile(file) };
    } catch (err) {
      result = { file, error: err instanceof ConfigError ? err : new ConfigError(file, `${file}: ${(err as Error).message}`) };
    }
    this.parsed.set(file, { stamp, result });
    return result;
  }
}
