import { detectContainer, objectRows, DatasetError } from './rows';
import { detectShape, formatNames, SHAPES, shapeNamed, type Shape } from './shapes';
import type { Container, DatasetRecord } from './types';
import { contentId } from '../curate/record-key';

export { DatasetError } from './rows';

export interface ReadOptions {
  /** Forces a record shape (`--format`): a name of `formatNames()`. */
  format?: string;
  /** Called for each record that is skipped, with its place ("file:12", "file:record 12") and why. */
  onSkip?: (skipped: SkippedRecord) => void;
  /** Called once the container and shape are known (before the first record). */
  onOpen?: (info: { container: Container; shape: string }) => void;
}

export interface SkippedRecord {
  place: string;
  reason: string;
}

/** The line a CLI or editor shows for a skipped record: "file:12: skipped a record …: why". */
export function skippedLine(s: SkippedRecord): string {
  return `${s.place}: skipped a record${s.reason.startsWith('not valid JSON') ? ' that does not parse' : ''}: ${s.reason}`;
}

export interface PlacedRecord extends DatasetRecord {
  /** "file:12" (JSONL line) or "file:record 12" (JSON array element, Parquet row). */
  place: string;
  /** The row as it was written (after Parquet decoding). */
  raw: Record<string, unknown>;
}

/** The message for a file whose records match no known shape: the file, the fields it has, the shapes known. */
export function unknownShapeMessage(file: string, fields: readonly string[]): string {
  const known = SHAPES.map((s) => `  ${s.name}: ${s.signature}`).join('\n');
  return `${file}: its records match no known dataset shape. Fields found: ${fields.length ? fields.join(', ') : '(none)'}.\nKnown shapes (force one with --format NAME):\n${known}`;
}

export function resolveFormat(format: string | undefined): Shape | undefined {
  if (format === undefined || format === '' || format === 'auto') return undefined;
  const shape = shapeNamed(format);
  if (!shape) throw new DatasetError(`--format must be one of ${formatNames().join(', ')} (or auto), not "${format}".`);
  return shape;
}

/**
 * Reads any supported dataset file as MathCritic records, streamed: JSON Lines, a JSON array
 * (never loaded whole) or Parquet (one row group at a time), in any known record shape
 * (detected from the first record's fields unless `format` names one). A record that does
 * not map is passed to `onSkip` with its place and reason and left out; a file whose first
 * record matches no shape, or that is not a dataset at all, throws a DatasetError that says so.
 */
export async function* readDataset(file: string, options: ReadOptions = {}): AsyncGenerator<PlacedRecord> {
  let shape = resolveFormat(options.format);
  const container = await detectContainer(file);
  let read: ReturnType<Shape['reader']> | undefined = shape?.reader();
  if (shape) options.onOpen?.({ container, shape: shape.name });
  const occurrences = new Map<string, number>();
  for await (const { place, value: obj } of objectRows(file, container, options.onSkip)) {
    if (!read) {
      shape = detectShape(obj);
      if (!shape) throw new DatasetError(unknownShapeMessage(file, Object.keys(obj)));
      read = shape.reader();
      options.onOpen?.({ container, shape: shape.name });
    }
    let mapped: ReturnType<typeof read>;
    try {
      mapped = read(obj);
    } catch (err) {
      // A forced shape meets rows that lack its structure: that row is skipped, not the run.
      mapped = { skip: `does not fit the ${shape!.name} shape (${(err as Error).message})` };
    }
    if ('skip' in mapped) {
      options.onSkip?.({ place, reason: mapped.skip });
      continue;
    }
    // An id-less record is named by what it says, not where it sits: the same dataset under
    // another path, or reordered, resumes instead of starting again (see contentId).
    let id = mapped.id;
    if (id === undefined) {
      const base = contentId(mapped.problem, mapped.steps);
      const n = (occurrences.get(base) ?? 0) + 1;
      occurrences.set(base, n);
      id = contentId(mapped.problem, mapped.steps, n);
    }
    yield { ...mapped, id, place, raw: obj };
  }
}
