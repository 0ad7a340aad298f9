// Bundles each shell to one file: the extension client, the language server, the CLI
// (and the curator webview script, which runs in the browser).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';

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

// Leaves that the first check does not need, each its own file in lazy/, required where they
// are first used (a `require()` or `import()` of the source file becomes one of this file):
// the server starts without reading or parsing them. A leaf imports libraries only, never an
// engine module, so nothing is bundled twice with two states. (An `import()` of a project
// module inside a bundle is no substitute: esbuild then wraps the graph below it for lazy
// initialisation and stops tree-shaking its libraries; all of mathjs came back that way.)
const LAZY = [
  { source: 'server/src/engine/check/math/mathjs-full.ts', out: 'lazy/mathjs.js' },
  { source: 'server/src/engine/plot/vega-libs.ts', out: 'lazy/vega.js' },
  { source: 'server/src/engine/datasets/parquet-libs.ts', out: 'lazy/parquet.js' },
  { source: 'server/src/engine/model/openai-client.ts', out: 'lazy/openai.js' },
];
const lazyLeaves = {
  name: 'lazy-leaves',
  setup(build) {
    const leaves = new Map(LAZY.map((l) => [path.resolve(l.source).replace(/\.ts$/, ''), `./${l.out}`]));
    build.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const out = leaves.get(path.resolve(args.resolveDir, args.path).replace(/\.ts$/, ''));
      return out ? { path: out, external: true } : undefined;
    });
  },
};
const withLeaves = { ...node, plugins: [lazyLeaves] };

const builds = [
  { ...node, entryPoints: ['client/src/extension.ts'], outfile: `${outdir}/client.js`, external: ['vscode'] },
  { ...withLeaves, entryPoints: ['server/src/lsp/main.ts'], outfile: `${outdir}/server.js` },
  // The worker thread that checks big documents off the server's request path.
  { ...withLeaves, entryPoints: ['server/src/lsp/check-worker.ts'], outfile: `${outdir}/check-worker.js` },
  { ...withLeaves, entryPoints: ['server/src/cli/main.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } },
  ...LAZY.map((l) => ({ ...node, entryPoints: [l.source], outfile: `${outdir}/${l.out}` })),
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
