/**
 * Record keys as a saved index holds them: every key's bytes in one buffer, their offsets, and an
 * open-addressing table from a key's hash to its first record. A reopen reads these back as
 * three copies of bytes: making 760,000 strings out of a JSON array and a Map of them took
 * seconds (JSON.parse 0.7–1.5 s, the Map 0.5–1.4 s), more than a first open's first record.
 * A key is a string only when it is asked for.
 *
 * Each key is stored as the UTF-8 of its JSON string literal (without the quotes), so that a key
 * that is not well-formed UTF-16 (a lone surrogate from a dataset's `"\ud800"`) comes back as it
 * was, and two such keys never share bytes.
 */

const EMPTY = -1;

/** What JSON escapes in a string (and a surrogate, which it escapes when alone). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A key as the text of its JSON string literal, whose UTF-8 is what is stored and looked up. */
function literalOf(key: string): string {
  return NEEDS_ESCAPE.test(key) ? JSON.stringify(key).slice(1, -1) : key;
}

function bytesOf(key: string): Buffer {
  return Buffer.from(literalOf(key), 'utf8');
}

/** FNV-1a over bytes[start, end): cheap, and spread well enough for a table kept at most half full. */
function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** A power of two with room for `n` keys at most half full (so a probe always meets an empty slot). */
function slotCountFor(n: number): number {
  let size = 2;
  while (size < 2 * n + 1) size *= 2;
  return size;
}

function equalBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array): boolean {
  if (aEnd - aStart !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[aStart + i] !== b[i]) return false;
  return true;
}

export interface PackedKeyParts {
  blob: Buffer;
  /** Where key i's bytes are: blob[offsets[i], offsets[i + 1]). */
  offsets: Uint32Array;
  /** slot → the first record with that key, or -1. */
  slots: Int32Array;
}

export class PackedKeys {
  private constructor(private readonly parts: PackedKeyParts) {}

  /** Packs keys for an index file; the first record with a key is the one it finds. */
  static pack(keys: readonly string[]): PackedKeyParts {
    // Two passes over the keys rather than a Buffer per key: at 760,000 keys those were the
    // peak of the scan's memory.
    const offsets = new Uint32Array(keys.length + 1);
    for (let i = 0; i < keys.length; i++) offsets[i + 1] = offsets[i] + Buffer.byteLength(literalOf(keys[i]), 'utf8');
    const blob = Buffer.allocUnsafe(offsets[keys.length]);
    for (let i = 0; i < keys.length; i++) blob.write(literalOf(keys[i]), offsets[i], 'utf8');
    const slots = new Int32Array(slotCountFor(keys.length)).fill(EMPTY);
    const mask = slots.length - 1;
    for (let i = 0; i < keys.length; i++) {
      const start = offsets[i];
      const end = offsets[i + 1];
      for (let s = hashOf(blob, start, end) & mask; ; s = (s + 1) & mask) {
        const at = slots[s];
        if (at === EMPTY) {
          slots[s] = i;
          break;
        }
        if (equalBytes(blob, offsets[at], offsets[at + 1], blob.subarray(start, end))) break; // a later record with a key already there
      }
    }
    return { blob, offsets, slots };
  }

  /** The keys of an index file's parts, or undefined when they do not hang together (a damaged or forged file). */
  static from(parts: PackedKeyParts, count: number): PackedKeys | undefined {
    const { blob, offsets, slots } = parts;
    if (offsets.length !== count + 1 || offsets[0] !== 0 || offsets[count] !== blob.length) return undefined;
    for (let i = 0; i < count; i++) if (offsets[i + 1] < offsets[i]) return undefined;
    if (slots.length !== slotCountFor(count)) return undefined;
    for (let s = 0; s < slots.length; s++) if (slots[s] !== EMPTY && !(slots[s] >= 0 && slots[s] < count)) return undefined;
    return new PackedKeys(parts);
  }

  get length(): number {
    return this.parts.offsets.length - 1;
  }

  key(i: number): string {
    const { blob, offsets } = this.parts;
    const text = blob.toString('utf8', offsets[i], offsets[i + 1]);
    // Only an escape (a quote, a backslash, a control character, a lone surrogate) needs reading back.
    return text.includes('\\') ? (JSON.parse(`"${text}"`) as string) : text;
  }

  indexOf(key: string): number | undefined {
    const { blob, offsets, slots } = this.parts;
    const bytes = bytesOf(key);
    const mask = slots.length - 1;
    for (let s = hashOf(bytes, 0, bytes.length) & mask, probes = 0; probes < slots.length; s = (s + 1) & mask, probes++) {
      const at = slots[s];
      if (at === EMPTY) return undefined;
      if (equalBytes(blob, offsets[at], offsets[at + 1], bytes)) return at;
    }
    return undefined;
  }
}
