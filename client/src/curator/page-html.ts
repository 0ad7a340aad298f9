/**
 * The curator page's HTML, built in one place so the extension and the browser test serve the
 * same document. Pure (no vscode import). Nothing untrusted goes in here: the record text is
 * drawn later by the script, through markdown-it with HTML disabled and KaTeX with trust off.
 */

export interface CuratorPageOptions {
  /** URI of dist/curator.js, as the webview sees it. */
  scriptUri: string;
  /** URI of dist/curator.css. */
  styleUri: string;
  /** URI of dist/katex/katex.min.css (its fonts/ are loaded relative to it). */
  katexStyleUri: string;
  /** The webview's `cspSource` (where scripts, styles and fonts may come from). */
  cspSource: string;
  /** A fresh random nonce per page; only the script tag that carries it runs. */
  nonce: string;
  /** Shown as the page title and until the first record arrives (the dataset's file name). */
  title?: string;
}

/** The Content-Security-Policy of the page: no remote resources, no inline or eval'd script. */
export function curatorCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // KaTeX positions glyphs with inline style attributes; VS Code's Markdown preview allows the same.
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** A nonce: 32 characters of [A-Za-z0-9] from a CSPRNG. */
export function makeNonce(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(random(32), (b) => alphabet[b % alphabet.length]).join('');
}

export function curatorPageHtml(o: CuratorPageOptions): string {
  for (const [k, v] of Object.entries({ nonce: o.nonce })) {
    if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(v)) throw new Error(`curatorPageHtml: bad ${k}`);
  }
  const a = escapeAttr;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${a(curatorCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${a(o.katexStyleUri)}">
<link rel="stylesheet" href="${a(o.styleUri)}">
<title>${escapeText(o.title ?? 'MathCritic Curator')}</title>
</head>
<body>
<div id="app" data-title="${a(o.title ?? '')}"><p class="loading">Opening ${escapeText(o.title ?? 'the dataset')}…</p></div>
<script nonce="${a(o.nonce)}" src="${a(o.scriptUri)}"></script>
</body>
</html>
`;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
