import type { Step } from '../solution/types';
import type { CheckedEquation } from './equations';
import type { AnswerReport, DocumentEquation, StepReport } from './report';
import { checkStep } from './step-checks';
import { scanDefines } from './substitutions';

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

/** What one step text's check found: it depends on that text alone, so it is kept by text. */
interface Entry {
  text: string;
  equations: CheckedEquation[];
  /** The equations judged wrong: all the checks read of a step, so they need not place the rest. */
  wrong: CheckedEquation[];
  /** Read once, when wrong-substitution first asks. */
  mayDefine?: boolean;
  /** What the document-wide passes read in this text (StepReport.derive), by reader. */
  derived?: Map<(text: string) => unknown, unknown>;
}

const entryOf = (text: string, equations: CheckedEquation[]): Entry => ({ text, equations, wrong: equations.filter((e) => e.verdict === 'wrong') });

/**
 * One step's report, placed at its offset only when read: a keystroke shifts every step after
 * it, and placing their equations anew was most of a keystroke's time at 10,000 steps. The
 * checks read `wrong` (about one equation in ten steps); `equations` is for a hover.
 */
const NONE: readonly DocumentEquation[] = Object.freeze([]);

class Placement {
  private all?: DocumentEquation[];
  private wrongPlaced?: DocumentEquation[];
  constructor(
    readonly entry: Entry,
    readonly offset: number,
  ) {}
  get equations(): DocumentEquation[] {
    return (this.all ??= this.entry.equations.map((eq) => atOffset(eq, this.offset)));
  }
  get wrong(): readonly DocumentEquation[] {
    if (this.entry.wrong.length === 0) return NONE;
    return (this.wrongPlaced ??= this.all ? this.all.filter((e) => e.verdict === 'wrong') : this.entry.wrong.map((eq) => atOffset(eq, this.offset)));
  }
}

class CachedStepReport implements StepReport {
  answer?: AnswerReport;
  constructor(
    readonly stepIndex: number,
    private readonly placement: Placement,
  ) {}
  get equations(): DocumentEquation[] {
    return this.placement.equations;
  }
  get wrong(): readonly DocumentEquation[] {
    return this.placement.wrong;
  }
  get mayDefine(): boolean {
    const { entry } = this.placement;
    return (entry.mayDefine ??= scanDefines(entry.text));
  }
  derive<T>(read: (text: string) => T): T {
    const { entry } = this.placement;
    const derived = (entry.derived ??= new Map());
    if (derived.has(read)) return derived.get(read) as T;
    const value = read(entry.text);
    derived.set(read, value);
    return value;
  }
}

/**
 * Entries by text in two generations: when the newer is full (by entries, or by characters)
 * it becomes the older, and the older is dropped. A text found in the older moves up. A text
 * longer than a tenth of a generation's characters is not kept.
 */
class Generations {
  private recent = new Map<string, Entry>();
  private older = new Map<string, Entry>();
  private recentChars = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxChars = Infinity,
  ) {}

  get(text: string): Entry | undefined {
    const hit = this.recent.get(text);
    if (hit) return hit;
    const old = this.older.get(text);
    if (old) this.keep(old);
    return old;
  }

  has(text: string): boolean {
    return this.recent.has(text) || this.older.has(text);
  }

  keep(entry: Entry): void {
    const chars = entry.text.length;
    if (chars > this.maxChars / 10 || this.recent.has(entry.text)) return;
    if (this.recent.size >= this.maxEntries || this.recentChars + chars > this.maxChars) {
      this.older = this.recent;
      this.recent = new Map();
      this.recentChars = 0;
    }
    this.recent.set(entry.text, entry);
    this.recentChars += chars;
  }
}

/**
 * What step texts were found, shared by several documents' caches (a language server's open
 * documents): a step checked in one document is not checked again in another, nor when a closed
 * document is opened again. Sharing is sound because an entry depends on its text alone and is
 * never changed, only read (its lazily read facts are pure functions of the text too). Bounded
 * by entries and by characters: an entry's memory grows with its text (about 1.3 KB for a
 * 70-character GSM8K step, its equations included), so the characters bound what closed
 * documents leave behind (~50 MB at most), and a step longer than a tenth of a generation (one
 * line of a megabyte) is not kept.
 */
export class SharedStepResults extends Generations {
  constructor(maxEntries = 20_000, maxChars = 1_000_000) {
    super(maxEntries, maxChars);
  }
}

/**
 * Remembers the equations judged in each step's text, for one document. A check is lined up
 * with the last one: the steps before the edit and after it (counted from the end) are the
 * last check's, matched by one string comparison each, and only the steps in between are
 * looked up by text or checked. So a keystroke in a 10,000-step document checks one step and
 * hashes none. What a step's check finds depends on its text alone; what depends on other
 * steps (rewrites excused by earlier relations, substitutions, the final answer, directives)
 * is worked out after, from these reports. Bounded: texts not in the last check are kept as
 * spares up to `maxEntries` (an undo brings them back), then dropped.
 */
export class StepCheckCache {
  private last: Placement[] = [];
  /** Texts not in the last check, kept for an undo or a worker's batch (two generations: a worker's batches outlast one fill). */
  private readonly spares: Generations;

  /** `missing` and then `reports` are asked of the same parse: it is lined up once. */
  private aligned?: { steps: readonly Step[]; prefix: number; suffix: number };

  constructor(
    maxEntries = 50_000,
    /** Where other documents' results are found, and this one's are left for them. */
    private readonly shared?: SharedStepResults,
  ) {
    this.spares = new Generations(maxEntries);
  }

  /** The reports of `steps`, the last check's where a step did not change. */
  reports(steps: readonly Step[]): StepReport[] {
    const { prefix, suffix } = this.align(steps);
    const old = this.last;
    const next: Placement[] = new Array<Placement>(steps.length);
    const reuse = (i: number, p: Placement) => (next[i] = p.offset === steps[i].textStart ? p : new Placement(p.entry, steps[i].textStart));
    for (let i = 0; i < prefix; i++) reuse(i, old[i]);
    for (let j = 1; j <= suffix; j++) reuse(steps.length - j, old[old.length - j]);
    const middleEnd = steps.length - suffix;
    if (prefix < middleEnd) {
      // What the edit dropped or moved out of line may come back (a step pasted elsewhere, an undo).
      for (let i = prefix; i < old.length - suffix; i++) this.keep(old[i].entry);
      for (let i = prefix; i < middleEnd; i++) {
        const { text, textStart } = steps[i];
        let entry = this.spares.get(text) ?? this.shared?.get(text);
        if (entry) this.keep(entry);
        else {
          this.keep((entry = entryOf(text, checkStep(text))));
          this.shared?.keep(entry);
        }
        next[i] = new Placement(entry, textStart);
      }
    }
    this.last = next;
    this.aligned = undefined;
    return next.map((p, i) => new CachedStepReport(steps[i].index, p));
  }

  /**
   * The texts of `steps` that `reports` would have to check, each once: what a caller may check
   * elsewhere (a worker thread) and `put` back, so that the check itself only reads the cache.
   */
  missing(steps: readonly Step[]): string[] {
    const { prefix, suffix } = this.align(steps);
    const out = new Set<string>();
    for (let i = prefix; i < steps.length - suffix; i++) {
      const { text } = steps[i];
      if (!this.spares.has(text) && !this.shared?.has(text)) out.add(text);
    }
    // A text the edit moved out of line is found among the last check's steps, not re-checked.
    if (out.size > 0) for (let i = prefix; i < this.last.length - suffix; i++) out.delete(this.last[i].entry.text);
    return [...out];
  }

  put(stepText: string, equations: CheckedEquation[]): void {
    const entry = entryOf(stepText, equations);
    this.keep(entry);
    this.shared?.keep(entry);
  }

  private keep(entry: Entry): void {
    this.spares.keep(entry);
  }

  /** How many steps at the start, and then at the end, are the last check's, text for text. */
  private align(steps: readonly Step[]): { prefix: number; suffix: number } {
    if (this.aligned?.steps === steps) return this.aligned;
    const old = this.last;
    const most = Math.min(steps.length, old.length);
    let prefix = 0;
    while (prefix < most && steps[prefix].text === old[prefix].entry.text) prefix++;
    let suffix = 0;
    while (suffix < most - prefix && steps[steps.length - 1 - suffix].text === old[old.length - 1 - suffix].entry.text) suffix++;
    this.aligned = { steps, prefix, suffix };
    return this.aligned;
  }
}
