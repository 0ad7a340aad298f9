import { createHash } from 'node:crypto';

/**
 * The key a record's labels are filed under in a journal. A record's own `id` when it has a
 * unique one (ids survive edits of the text); otherwise a hash of what a person judges, the
 * problem and the steps, so the same solution gets the same key in any file or document.
 */
export function contentKey(problem: string, steps: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify({ problem, steps })).digest('hex');
}
