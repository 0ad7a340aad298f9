/** Why a curator operation failed, so a shell can map it (LSP error code, CLI exit) without parsing messages. */
export type CurateErrorKind = 'missing' | 'unreadable' | 'not-jsonl' | 'out-of-range' | 'bad-event' | 'journal' | 'changed' | 'indexing';

/** A curator failure with a message that says what to do about it. */
export class CurateError extends Error {
  constructor(
    readonly kind: CurateErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Turns an fs error on `file` into a sentence a person can act on. */
export function fileError(file: string, err: unknown, what = 'dataset'): CurateError {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new CurateError('missing', `The ${what} ${file} does not exist (moved or deleted?).`);
  if (code === 'EACCES' || code === 'EPERM') return new CurateError('unreadable', `The ${what} ${file} cannot be read: permission denied.`);
  if (code === 'EISDIR') return new CurateError('unreadable', `${file} is a folder, not a ${what} file.`);
  return new CurateError('unreadable', `The ${what} ${file} cannot be read: ${(err as Error)?.message ?? String(err)}`);
}
