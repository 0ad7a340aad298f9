/**
 * How long a document may be before it is not checked at all (as Harper's `maxFileLength`):
 * the setting `mathcritic.check.maxDocumentLength`, the `.mathcritic.json` key
 * `maxDocumentLength` and the CLI's `--max-document-length` all mean this, in characters
 * (UTF-16 code units, what editors count). 0 means no limit.
 */
export const DEFAULT_MAX_DOCUMENT_LENGTH = 10_000_000;

/** Why a document of `length` characters is not checked, or undefined when it is. */
export function tooLongToCheck(length: number, maxLength: number, limitName = 'mathcritic.check.maxDocumentLength'): string | undefined {
  if (!(maxLength > 0) || length <= maxLength) return undefined;
  const n = (x: number) => x.toLocaleString('en-US');
  return `not checked: ${n(length)} characters is more than ${limitName} (${n(maxLength)}); raise it (0 = no limit) to check this document.`;
}
