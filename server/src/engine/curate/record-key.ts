import { createHash } from 'node:crypto';

/**
 * The key a record's labels are filed under in a journal. A record's own `id` when it has a
 * unique one (ids survive edits of the text); otherwise a hash of what a person judges, the
 * problem and the steps, so the same solution gets the same key in any file or document.
 */
export function contentKey(problem: string, steps: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify({ problem, steps })).digest('hex');
}

/**
 * The id of a solution that brings none: what it says (problem and steps), so that no spelling
 * of the input path (`data.jsonl`, `./data.jsonl`, an absolute path), no working directory and
 * no reordering of lines changes it, and a resumed run finds what it already wrote. The n-th
 * repeat of the same solution in one input is `…-n`.
 */
export function contentId(problem: string, steps: readonly string[], occurrence = 1): string {
  const id = `sha256-${contentKey(problem, steps).slice(0, 16)}`;
  return occurrence > 1 ? `${id}-${occurrence}` : id;
}

/** Whether a key is a content key (a record without a unique id) rather than a record's own id. */
export function isContentKey(key: string): boolean {
  return /^[0-9a-f]{64}$/.test(key);
}
