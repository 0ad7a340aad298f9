/**
 * Record text → HTML. The text is written by models and strangers, so: markdown-it with raw
 * HTML off (`<script>` and `<img onerror>` come out as text), its link validation on
 * (`javascript:`, `vbscript:`, `file:` and non-image `data:` links are not links), images drawn
 * as their alt text (no request leaves the page), links as text with their target in the title
 * (there is no anchor to follow), and KaTeX with `trust: false` (no `\href`,
 * `\url`, `\includegraphics`, `\htmlClass`…) and bounded sizes and macro expansion.
 * Pure: runs in the page and in Node (the unit tests).
 */
import MarkdownIt from 'markdown-it';
import markdownItKatex from '@vscode/markdown-it-katex';
import type katex from 'katex';

type KatexPluginOptions = NonNullable<Parameters<typeof markdownItKatex>[1]>;

// The plugin passes its options through to katex.renderToString.
// (The plugin brings its own `katex` import; passing ours would bundle KaTeX's ESM and CJS builds both.)
const katexOptions: KatexPluginOptions & katex.KatexOptions = {
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  maxSize: 20,
  maxExpand: 500,
  enableFencedBlocks: true,
};

function makeMarkdown() {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true });
  md.use(markdownItKatex, katexOptions);
  md.renderer.rules.image = (tokens, idx) => {
    const alt = String(tokens[idx].content || tokens[idx].attrGet('src') || '');
    return `<span class="md-image" title="images are not loaded">[image: ${md.utils.escapeHtml(alt)}]</span>`;
  };
  // A link in a record is shown, never made: no <a href> exists for a click, a middle click,
  // a key or a stray event handler that stops propagation to follow. The target is in the title.
  md.renderer.rules.link_open = (tokens, idx) => {
    const href = String(tokens[idx].attrGet('href') ?? '');
    return `<span class="md-link" title="${md.utils.escapeHtml(href)}">`;
  };
  md.renderer.rules.link_close = () => '</span>';
  return md;
}

const md = makeMarkdown();

/** Markdown with $…$ / $$…$$ math → HTML safe to put in the page. */
export function renderMarkdown(src: string): string {
  try {
    return md.render(src);
  } catch {
    // markdown-it does not throw on input; if a plugin ever does, show the text as text.
    return `<pre class="md-fallback">${md.utils.escapeHtml(src)}</pre>`;
  }
}

/** One line (a finding, an answer): inline Markdown only, no paragraph. */
export function renderInline(src: string): string {
  try {
    return md.renderInline(src);
  } catch {
    return md.utils.escapeHtml(src);
  }
}
