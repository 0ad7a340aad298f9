/**
 * The LSP base protocol's framing, checked on the raw bytes before vscode-jsonrpc's reader
 * sees them. The reader believes any `Content-Length` (`parseInt`, so `-5` and `12abc` pass)
 * and waits for that many bytes, buffering everything meanwhile; a header block with no blank
 * line after it is buffered until the process runs out of memory. Either way the server never
 * answers again. Here each header block is read as it streams by and a message that cannot be
 * framed fails the stream at its header, before its body is buffered: the same class as a
 * `Content-Length` that is not a number (main.ts says so and exits for the client to restart it).
 */
import { constants } from 'node:buffer';
import { Transform, type Readable, type TransformCallback } from 'node:stream';

/**
 * The largest body the reader can ever turn into a message: it decodes the body into one
 * string, and V8 makes no string longer than this (~512 MiB). A 500 M-character document
 * (the `check.maxDocumentLength` maximum, set below this limit for that reason) still fits.
 */
export const MAX_MESSAGE_BYTES = constants.MAX_STRING_LENGTH;

/** LSP headers are a line or two; a header block longer than this is not LSP. */
export const MAX_HEADER_BYTES = 64 * 1024;

/** A framing error: the stream cannot be resynchronised after it. */
export class FramingError extends Error {
  override name = 'FramingError';
}

const SEPARATOR = Buffer.from('\r\n\r\n');

/** Passes the bytes through unchanged, checking each message's header block; fails the stream at the first that cannot be framed. */
export class FramingGuard extends Transform {
  /** Bytes of the header block read so far (it is small: checked against MAX_HEADER_BYTES). */
  private header = Buffer.alloc(0);
  /** Body bytes still to pass before the next header block; -1 while reading a header. */
  private bodyLeft = -1;
  private failed = false;

  constructor(private readonly maxBody = MAX_MESSAGE_BYTES) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.failed) return done();
    let at = 0;
    while (at < chunk.length) {
      if (this.bodyLeft >= 0) {
        const take = Math.min(this.bodyLeft, chunk.length - at);
        this.bodyLeft -= take;
        at += take;
        if (this.bodyLeft === 0) this.bodyLeft = -1;
        continue;
      }
      // A separator may straddle chunks: look for it in what was kept plus this chunk.
      const kept = this.header.length;
      const joined = kept === 0 ? chunk.subarray(at) : Buffer.concat([this.header, chunk.subarray(at)]);
      const end = joined.indexOf(SEPARATOR);
      if (end < 0) {
        if (joined.length > MAX_HEADER_BYTES) return this.fail(chunk.subarray(0, at), `Message header must end within ${MAX_HEADER_BYTES} bytes (a blank line after the headers), but ${joined.length} bytes came without one`, done);
        this.header = Buffer.from(joined);
        break;
      }
      const framed = this.bodyLength(joined.subarray(0, end).toString('ascii'));
      if (typeof framed === 'string') return this.fail(chunk.subarray(0, at), framed, done);
      at += end + SEPARATOR.length - kept;
      this.header = Buffer.alloc(0);
      this.bodyLeft = framed === 0 ? -1 : framed;
    }
    this.push(chunk);
    done();
  }

  /** The body length a header block announces, or why it cannot frame a message. */
  private bodyLength(block: string): number | string {
    const lengths = block
      .split('\r\n')
      .map((line) => /^content-length\s*:\s*(.*)$/i.exec(line)?.[1])
      .filter((v): v is string => v !== undefined);
    // The reader's own wording for these two, so the message says the same whoever caught it.
    if (lengths.length === 0) return `Header must provide a Content-Length property.`;
    const value = lengths[lengths.length - 1].trim();
    if (!/^\d+$/.test(value)) return `Content-Length value must be a number. Got ${value.slice(0, 40)}`;
    const n = Number(value);
    if (n > this.maxBody) return `Content-Length ${value.slice(0, 40)} is above the largest message the server can read (${this.maxBody} bytes: a body it could never decode); the message was not waited for`;
    return n;
  }

  private fail(valid: Buffer, reason: string, done: TransformCallback): void {
    this.failed = true;
    // What came before the bad header is whole messages: they are still delivered.
    if (valid.length > 0) this.push(valid);
    done();
    // Not destroyed: a destroyed stream closes, and the close would end the process before the
    // error is told to the client. Nothing more is read; main.ts exits after saying why.
    process.nextTick(() => this.emit('error', new FramingError(reason)));
  }
}

/** `input` seen through a FramingGuard. */
export function guardFraming(input: Readable, maxBody?: number): Readable {
  const guard = new FramingGuard(maxBody);
  input.pipe(guard);
  return guard;
}
