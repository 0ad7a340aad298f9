import { randomBytes } from 'node:crypto';

export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * The report page's Content-Security-Policy, as strict as the curator's and stricter: no
 * script at all, nothing remote; the plot is an <img> of a data: SVG (an image never runs
 * script or loads anything), and the one <style> carries the nonce.
 */
export function reportCsp(nonce: string): string {
  return ["default-src 'none'", "script-src 'none'", `style-src 'nonce-${nonce}'`, 'img-src data:', "base-uri 'none'", "form-action 'none'", "frame-src 'none'"].join('; ');
}

export interface Table {
  header: string[];
  rows: string[][];
  /** Rows drawn apart at the bottom (an overall row). */
  footer?: string[][];
}

const CSS = `
body { font-family: var(--vscode-font-family, sans-serif); color: var(--vscode-foreground, #222); background: var(--vscode-editor-background, #fff); padding: 12px 20px; }
h1 { font-size: 1.3em; margin: 0 0 4px; } p.meta { opacity: 0.75; margin: 0 0 14px; }
table { border-collapse: collapse; margin: 10px 0 18px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--vscode-panel-border, #ccc); text-align: right; }
th:first-child, td:first-child { text-align: left; }
tfoot td { font-weight: 600; }
img.plot { max-width: 100%; background: #fff; border-radius: 4px; }
`;

/** A whole page: title, a line of facts, the table and the plot. Every string is escaped here. */
export function reportPage(o: { title: string; meta: string; table: Table; svg: string; plotAlt: string; nonce?: string }): string {
  const nonce = o.nonce ?? randomBytes(18).toString('base64url');
  const cells = (r: string[], tag: 'td' | 'th') => `<tr>${r.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  const foot = o.table.footer?.length ? `<tfoot>${o.table.footer.map((r) => cells(r, 'td')).join('')}</tfoot>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(reportCsp(nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)}</title>
<style nonce="${escapeHtml(nonce)}">${CSS}</style>
</head>
<body>
<h1>${escapeHtml(o.title)}</h1>
<p class="meta">${escapeHtml(o.meta)}</p>
<table><thead>${cells(o.table.header, 'th')}</thead><tbody>${o.table.rows.map((r) => cells(r, 'td')).join('')}</tbody>${foot}</table>
<img class="plot" alt="${escapeHtml(o.plotAlt)}" src="data:image/svg+xml;base64,${Buffer.from(o.svg, 'utf8').toString('base64')}">
</body>
</html>
`;
}
