import type { CheckedEquation } from './equations';
import type { DocumentEquation } from './report';
import { checkStep } from './step-checks';

/**
 * A step's equations in document offsets. Written out field by field: a rest/spread copy was
 * five times slower, most of a keystroke's time in a 10,000-step document. The `satisfies`
 * below fails to compile when CheckedEquation gains a field this does not copy.
 */
export function atOffset(eq: CheckedEquation, offset: number): DocumentEquation {
  const placed: DocumentEquation = { lhs: eq.lhs, written: eq.written, computed: eq.computed, verdict: eq.verdict, message: eq.message, span: { start: offset + eq.start, end: offset + eq.end } };
  if (eq.kind !== undefined) placed.kind = eq.kind;
  if (eq.symbols !== undefined) placed.symbols = eq.symbols;
  if (eq.fix) placed.fix = { span: { start: offset + eq.fix.start, end: offset + eq.fix.end }, text: eq.fix.text, was: eq.fix.was };
  return placed;
}
const COPIED = { lhs: true, written: true, computed: true, verdict: true, message: true, kind: true, symbols: true, fix: true } as const;
void (COPIED satisfies Record<Exclude<keyof CheckedEquation, 'start' | 'end'>, true>);

interface Entry {
  equations: CheckedEquation[];
  /** The same equations in document offsets, for a step whose text starts at `offset`. */
  placed?: { offset: number; equations: DocumentEquation[] };
}

/**
 * Remembers the equations judged in each step's text. Steps an edit did not touch hit the
 * cache, so a keystroke in a 10,000-step document re-checks one step. Bounded: entries not
 * seen in the last two generations are dropped when a generation closes.
 */
export class StepCheckCache {
  private current = new Map<string, Entry>();
  private previous = new Map<string, Entry>();

  constructor(private readonly maxEntries = 50_000) {}

  get(stepText: string): CheckedEquation[] {
    return this.entry(stepText).equations;
  }

  /**
   * The equations of a step whose text starts at `offset`, in document offsets. A step the edit
   * did not move gets the very array of the last check; a moved one is shifted, not re-checked.
   */
  placed(stepText: string, offset: number): DocumentEquation[] {
    const entry = this.entry(stepText);
    if (entry.placed?.offset !== offset) entry.placed = { offset, equations: entry.equations.map((eq) => atOffset(eq, offset)) };
    return entry.placed.equations;
  }

  private entry(stepText: string): Entry {
    let hit = this.current.get(stepText);
    if (hit) return hit;
    hit = this.previous.get(stepText) ?? { equations: checkStep(stepText) };
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
    this.current.set(stepText, { equations });
    if (this.current.size > this.maxEntries) this.rotate();
  }

  /** Called after each whole-document check: keeps what that check used and drops the rest. */
  rotate(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}
