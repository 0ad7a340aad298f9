import { promises as fs } from 'node:fs';
import { isUtf8 } from 'node:buffer';

/**
 * The one way MathCritic turns a file's bytes into text. A UTF-8 BOM is dropped (it used to
 * hide the front matter, so a wrong final answer passed); UTF-16 and UTF-32 files are decoded
 * by their BOM (they used to pass silently as garbage, exit 0); invalid UTF-8 is an error that
 * names the file, line and column. Every file read (documents, datasets, results, journals'
 * datasets) goes through here or `encodingOfStart`.
 */
export class DecodeError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'DecodeError';
  }
}

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

/** The encoding a file's first bytes announce (no BOM: UTF-8), and how many bytes the BOM takes. */
export function encodingOfStart(bytes: Uint8Array): { encoding: Encoding; bom: number } {
  const [a, b, c, d] = bytes;
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return { encoding: 'utf-32be', bom: 4 };
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return { encoding: 'utf-32le', bom: 4 };
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8-bom', bom: 3 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  return { encoding: 'utf-8', bom: 0 };
}

export function decodeText(bytes: Uint8Array, file: string): string {
  const { encoding, bom } = encodingOfStart(bytes);
  const body = bytes.subarray(bom);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    if (body.length % 2 !== 0) throw new DecodeError(file, undefined, `${file}: starts with a ${encoding.toUpperCase()} byte-order mark but has an odd number of bytes: it is not valid ${encoding.toUpperCase()}. Save it as UTF-8.`);
    return new TextDecoder(encoding).decode(body);
  }
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(body, encoding === 'utf-32le', file);
  if (!isUtf8(body)) {
    const at = firstInvalidUtf8(body);
    const { line, column } = lineAndColumn(body, at);
    throw new DecodeError(file, line, `${file}:${line}:${column}: not valid UTF-8 (byte 0x${body[at].toString(16).padStart(2, '0').toUpperCase()}). Save the file as UTF-8 (or UTF-16 with a byte-order mark).`);
  }
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

export async function readTextFile(file: string): Promise<string> {
  return decodeText(await fs.readFile(file), file);
}

function decodeUtf32(body: Uint8Array, little: boolean, file: string): string {
  if (body.length % 4 !== 0) throw new DecodeError(file, undefined, `${file}: starts with a UTF-32 byte-order mark but its length is not a multiple of 4: it is not valid UTF-32. Save it as UTF-8.`);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const parts: string[] = [];
  let line = 1;
  for (let i = 0; i < body.length; i += 4) {
    const cp = view.getUint32(i, little);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new DecodeError(file, line, `${file}:${line}: not valid UTF-32 (code point 0x${cp.toString(16)}). Save the file as UTF-8.`);
    if (cp === 0x0a) line++;
    parts.push(String.fromCodePoint(cp));
  }
  return parts.join('');
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    if (n > 0) {
      const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
      const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
      if (b[i + 1] === undefined || b[i + 1] < lo || b[i + 1] > hi) return i;
      for (let k = 2; k <= n; k++) if (b[i + k] === undefined || (b[i + k] & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return Math.max(0, b.length - 1);
}

function lineAndColumn(b: Uint8Array, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (b[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Columns in characters, as editors count them.
  const column = Buffer.from(b.buffer, b.byteOffset + lineStart, at - lineStart).toString('utf8').length + 1;
  return { line, column };
}
