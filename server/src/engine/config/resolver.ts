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
 * again only when its modification time, size or inode changed. A folder's answer is reused
 * for `maxAgeMs` (the server: a second, so a keystroke costs a map look-up rather than a stat per
 * folder, and a watched change clears it at once; the CLI: the whole run, one look-up per folder).
 */
export class ConfigResolver {
  private readonly parsed = new Map<string, { stamp: string; result: ResolvedConfig }>();
  private readonly recent = new Map<string, { at: number; result: ResolvedConfig }>();

  constructor(private readonly maxAgeMs = 0) {}

  resolve(dir: string, root?: string): ResolvedConfig {
    const key = `${dir}\0${root ?? ''}`;
    const now = Date.now();
    const hit = this.maxAgeMs > 0 ? this.recent.get(key) : undefined;
    if (hit && now - hit.at < this.maxAgeMs) return hit.result;
    const file = findConfigFile(dir, root);
    const result = file ? this.read(file) : {};
    if (this.maxAgeMs > 0) {
      if (this.recent.size > 10_000) this.recent.clear(); // a bound, not a cache policy: folders are few
      this.recent.set(key, { at: now, result });
    }
    return result;
  }

  /** Options for a document in `dir`: the config file's when one applies and parses, else `fallback`. */
  options(dir: string, fallback: CheckerOptions, root?: string): { options: CheckerOptions; error?: ConfigError } {
    const { file, config, error } = this.resolve(dir, root);
    return { options: file && config ? optionsFromConfig(config, file) : fallback, ...(error ? { error } : {}) };
  }

  /** Forget what was read (a watched config file changed). */
  clear(): void {
    this.parsed.clear();
    this.recent.clear();
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
