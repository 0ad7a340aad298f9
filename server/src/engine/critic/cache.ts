import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../io/atomic-write';
import type { CriticProfileName, PrmOptions } from './profiles/types';
import type { CritiqueResult } from './types';

/** What makes two critiques interchangeable: same text critiqued, same model, same prompt and sampling. */
export interface CritiqueKeyParts {
  problem: string;
  steps: readonly string[];
  model: string;
  baseUrl: string;
  promptVersion: string;
  /** The critic profile and its version: the same text read another way is another critique. */
  profile: CriticProfileName;
  profileVersion: string;
  /** The PRM's step tag, index of "right", threshold and system prompt (profile `prm`). */
  prm?: PrmOptions;
  temperature: number;
  maxTokens: number;
  samples: number;
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

export function critiqueKey(parts: CritiqueKeyParts): string {
  return hash(parts);
}

/** Key of a prefix: a critique that stopped at step k depends only on steps 0..k. */
function prefixKey(parts: CritiqueKeyParts, through: number): string {
  return hash({ ...parts, steps: parts.steps.slice(0, through + 1), prefix: true });
}

/**
 * Critiques by key, in memory and (when given a folder) on disk, so reopening a document costs
 * no GPU time. A critique that names step k as the first wrong one is also found by any later
 * version of the document whose steps up to k are unchanged: the critic stops at the first
 * wrong step, so an edit below it cannot change its verdict.
 */
export class CritiqueCache {
  private readonly memory = new Map<string, CritiqueResult>();
  private pending: Array<Promise<void>> = [];

  constructor(
    private readonly folder?: string,
    private readonly maxInMemory = 2_000,
  ) {}

  get(parts: CritiqueKeyParts): CritiqueResult | undefined {
    const exact = this.read(critiqueKey(parts));
    if (exact) return exact;
    for (let k = 0; k < parts.steps.length; k++) {
      const hit = this.read(prefixKey(parts, k));
      if (hit && hit.firstWrongStep === k) return hit;
    }
    return undefined;
  }

  set(parts: CritiqueKeyParts, result: CritiqueResult): void {
    this.write(critiqueKey(parts), result);
    if (result.firstWrongStep >= 0) this.write(prefixKey(parts, result.firstWrongStep), result);
  }

  /** Resolves when every write so far is on disk. */
  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
  }

  private read(key: string): CritiqueResult | undefined {
    const hit = this.memory.get(key);
    if (hit) return hit;
    if (!this.folder) return undefined;
    try {
      const value = JSON.parse(readFileSync(this.file(key), 'utf8')) as CritiqueResult;
      this.remember(key, value);
      return value;
    } catch {
      return undefined; // absent or damaged: a miss, the critique is asked again
    }
  }

  private write(key: string, value: CritiqueResult): void {
    this.remember(key, value);
    if (!this.folder) return;
    // A cache that cannot be written is only slower; the critique itself is not lost.
    this.pending.push(writeFileAtomic(this.file(key), JSON.stringify(value)).catch(() => {}));
  }

  private remember(key: string, value: CritiqueResult): void {
    if (this.memory.size >= this.maxInMemory) this.memory.delete(this.memory.keys().next().value as string);
    this.memory.set(key, value);
  }

  private file(key: string): string {
    return path.join(this.folder as string, key.slice(0, 2), `${key}.json`);
  }
}
