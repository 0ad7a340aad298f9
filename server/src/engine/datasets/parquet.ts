import { promises as fs } from 'node:fs';
import type { AsyncBuffer, FileMetaData, SchemaElement } from 'hyparquet';
import { writeFileAtomic } from '../io/atomic-write';

let libs: Promise<typeof import('./parquet-libs')> | undefined;
const load = () => (libs ??= import('./parquet-libs'));

/** "PAR1": the first and last four bytes of every Parquet file. */
export function isParquetMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}

/** Positioned reads on an open file, which is all hyparquet asks of a file. */
function fileBuffer(handle: fs.FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end?: number) {
      const stop = end ?? size;
      const out = Buffer.allocUnsafe(Math.max(0, stop - start));
      let off = 0;
      while (off < out.length) {
        const { bytesRead } = await handle.read(out, off, out.length - off, start + off);
        if (bytesRead === 0) throw new Error(`the file ended at byte ${start + off}, before byte ${stop}: it changed while being read`);
        off += bytesRead;
      }
      return out.buffer.slice(out.byteOffset, out.byteOffset + out.length) as ArrayBuffer;
    },
  };
}

export interface ParquetFile {
  rows: number;
  columns: string[];
  rowGroups: number;
  /** The rows of one row group as plain objects (INT64 as numbers, lists as arrays). */
  readRowGroup(index: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Opens a Parquet file for reading row group by row group (HF datasets write ~1,000-100,000 rows per group). */
export async function openParquet(file: string): Promise<ParquetFile> {
  const { parquetMetadataAsync, parquetReadObjects, parquetSchema, compressors } = await load();
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = fileBuffer(handle, size);
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(buffer);
    } catch (err) {
      throw new Error(`not a readable Parquet file: ${(err as Error).message}`, { cause: err });
    }
    const starts: number[] = [];
    let total = 0;
    for (const group of metadata.row_groups) {
      starts.push(total);
      total += Number(group.num_rows);
    }
    const columns = parquetSchema(metadata).children.map((c) => c.element.name);
    return {
      rows: total,
      columns,
      rowGroups: metadata.row_groups.length,
      async readRowGroup(index) {
        const rowStart = starts[index];
        const rowEnd = rowStart + Number(metadata.row_groups[index].num_rows);
        const rows = (await parquetReadObjects({ file: buffer, metadata, rowStart, rowEnd, compressors })) as Record<string, unknown>[];
        return rows.map((r) => plain(r) as Record<string, unknown>);
      },
      close: () => handle.close(),
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** hyparquet's INT64 values are bigints; a step index or an id is a number to everyone else. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plain(x);
    return out;
  }
  return v;
}

type ColumnKind = 'string' | 'int' | 'double' | 'bool' | 'strings' | 'bools' | 'ints' | 'json';

/**
 * Writes records as a Parquet file the way Hugging Face datasets lay them out: strings as
 * UTF8, integers as INT64, arrays of strings/booleans/integers as `list<…>` columns (so TRL
 * reads `completions` and `labels` directly), anything else (objects, mixed values) as a JSON
 * column. The file is built whole and renamed into place: a reader never sees half of it.
 * Columns are the union of the records' keys, in first-seen order.
 */
export async function writeParquetAtomic(target: string, records: readonly Record<string, unknown>[]): Promise<void> {
  const { ByteWriter, parquetWrite } = await load();
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (seen.has(k)) continue;
      seen.add(k);
      names.push(k);
    }
  }
  const schema: SchemaElement[] = [{ name: 'root', num_children: names.length }];
  const columnData = names.map((name) => {
    const values = records.map((r) => r[name]);
    const kind = kindOf(values);
    schema.push(...schemaOf(name, kind));
    return { name, data: values.map((v) => encode(v, kind)) };
  });
  const writer = new ByteWriter();
  parquetWrite({ writer, schema, columnData, codec: 'SNAPPY', rowGroupSize: 10_000 });
  await writeFileAtomic(target, new Uint8Array(writer.getBuffer()));
}

function kindOf(values: readonly unknown[]): ColumnKind {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return 'string';
  if (present.every((v) => typeof v === 'string')) return 'string';
  if (present.every((v) => typeof v === 'boolean')) return 'bool';
  if (present.every((v) => typeof v === 'number' && Number.isSafeInteger(v))) return 'int';
  if (present.every((v) => typeof v === 'number')) return 'double';
  if (present.every((v) => Array.isArray(v))) {
    const items = present.flatMap((v) => v as unknown[]);
    if (items.every((x) => typeof x === 'string')) return 'strings';
    if (items.every((x) => typeof x === 'boolean')) return 'bools';
    if (items.every((x) => typeof x === 'number' && Number.isSafeInteger(x))) return 'ints';
  }
  return 'json';
}

function schemaOf(name: string, kind: ColumnKind): SchemaElement[] {
  const optional = 'OPTIONAL' as const;
  switch (kind) {
    case 'string':
      return [{ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: optional }];
    case 'int':
      return [{ name, type: 'INT64', repetition_type: optional }];
    case 'double':
      return [{ name, type: 'DOUBLE', repetition_type: optional }];
    case 'bool':
      return [{ name, type: 'BOOLEAN', repetition_type: optional }];
    case 'json':
      return [{ name, type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type: optional }];
    default: {
      const element: SchemaElement =
        kind === 'strings'
          ? { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: optional }
          : kind === 'bools'
            ? { name: 'element', type: 'BOOLEAN', repetition_type: optional }
            : { name: 'element', type: 'INT64', repetition_type: optional };
      return [{ name, repetition_type: optional, converted_type: 'LIST', num_children: 1 }, { name: 'list', repetition_type: 'REPEATED', num_children: 1 }, element];
    }
  }
}

function encode(v: unknown, kind: ColumnKind): unknown {
  if (v === undefined || v === null) return null;
  if (kind === 'int') return BigInt(v as number);
  if (kind === 'ints') return (v as number[]).map((x) => BigInt(x));
  if (kind === 'json') return v;
  return v;
}
