// Bundles each shell to one file: the extension client, the language server, the CLI
// (and the curator webview script, which runs in the browser).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// --outdir=DIR builds somewhere else than dist/ (the bundle-size bench builds production bundles aside).
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // vega's canvas lookup (a top-level await of node-canvas, a native module we never ship):
  // plots are SVG and text is measured by vega's estimate (server/src/engine/plot/render.ts).
  alias: { 'vega-canvas': './server/src/engine/plot/no-canvas.ts' },
};

const builds = [
  { ...node, entryPoints: ['client/src/extension.ts'], outfile: `${outdir}/client.js`, external: ['vscode'] },
  { ...node, entryPoints: ['server/src/lsp/main.ts'], outfile: `${outdir}/server.js` },
  // The worker thread that checks big documents off the server's request path.
  { ...node, entryPoints: ['server/src/lsp/check-worker.ts'], outfile: `${outdir}/check-worker.js` },
  { ...node, entryPoints: ['server/src/cli/main.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } },
  // The curator webview's page (browser, one script + curator.css); KaTeX's CSS and fonts are copied beside it.
  { ...node, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['client/src/curator/webview/main.ts'], outfile: `${outdir}/curator.js` },
];
// --only=NAME builds dist/NAME.js alone (the curator page's browser test uses --only=curator).
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const selected = only ? builds.filter((b) => b.outfile === `${outdir}/${only}.js`) : builds;
if (!only || only === 'curator') {
  mkdirSync(`${outdir}/katex`, { recursive: true });
  cpSync('node_modules/katex/dist/katex.min.css', `${outdir}/katex/katex.min.css`);
  cpSync('node_modules/katex/dist/fonts', `${outdir}/katex/fonts`, { recursive: true });
}

if (watch) {
  for (const b of selected) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(selected.map((b) => esbuild.build(b)));
}
