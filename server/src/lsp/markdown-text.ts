import { clipQuoted } from '../engine/text/clip';

/**
 * Text from a document, a dataset or a model, shown in a Markdown hover or tooltip: shortened,
 * and escaped so that it reads as the text it is. Unescaped, a final answer written as
 * `[here](https://…)` became a link in the hover, and a backtick closed the code span around it.
 */
export function markdownText(text: string, limits: { maxRun?: number; maxLength?: number } = {}): string {
  return clipQuoted(text, limits.maxRun, limits.maxLength).replace(/[\\`*_{}[\]()#+\-.!<>|~:]/g, (c) => `\\${c}`);
}
