import { checkEquations, type CheckedEquation } from './equations';

/**
 * Remembers the equations judged in each step's text. Steps an edit did not touch hit the
 * cache, so a keystroke in a 10,000-step document re-checks one step. Bounded: entries not
 * seen in the last two generations are dropped when a generation closes.
 */
export class StepCheckCache {
  private current = new Map<string, CheckedEquation[]>();
  private previous = new Map<string, CheckedEquation[]>();

  constructor(private readonly maxEntries = 50_000) {}

  get(stepText: string): CheckedEquation[] {
    let hit = this.current.get(stepText);
    if (hit) return hit;
    hit = this.previous.get(stepText);
    if (!hit) hit = checkEquations(stepText);
    this.current.set(stepText, hit);
    if (this.current.size > this.maxEntries) this.rotate();
    return hit;
  }

  /**
   * The texts of `steps` that `get` would have to check, each once: what a caller may check
   * elsewhere (a worker thread) and `put` back, so that the check itself only reads the cache.
   */
  missing(steps: readonly { text: string }[]): string[] {
    const out = new Set<string>();
    for (const { text } of steps) if (!this.current.has(text) && !this.previous.has(text)) out.add(text);
    return [...out];
  }

  put(stepText: string, equations: CheckedEquation[]): void {
    this.current.set(stepText, equations);
    if (this.current.size > this.maxEntries) this.rotate();
  }

  /** Called after each whole-document check: keeps what that check used and drops the rest. */
  rotate(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}
