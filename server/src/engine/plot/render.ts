import type { TopLevelSpec } from 'vega-lite';

/**
 * Vega-Lite to SVG in Node: compiled by `vega-lite`, laid out and drawn by `vega`'s headless
 * SVG renderer. No browser and no native code: without node-canvas, vega measures text with
 * its own estimate (the bundles alias `vega-canvas` to `no-canvas.ts` so it never even tries).
 * Loaded on first use: the editor's server pays for it only when a report is opened.
 */
let modules: Promise<[typeof import('vega'), typeof import('vega-lite')]> | undefined;
const load = () => (modules ??= import('./vega-libs').then((m) => m.loadVega()));

/**
 * Specs carry their data inline. The loader refuses every URL, so nothing in a spec (or in
 * the data shown, were it ever read as one) can make the renderer fetch a file or the network.
 */
const refuse = () => Promise.reject(new Error('plots load nothing: their data is inline'));
const noLoader = { load: refuse, sanitize: refuse, http: refuse, file: refuse };

// Vega-Lite's compile warnings go to the console too; the specs are ours, tested, so they are dropped.
const silent = { level: () => silent, error: () => silent, warn: () => silent, info: () => silent, debug: () => silent };

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vl] = await load();
  const { spec: compiled } = vl.compile(spec, { logger: silent });
  // Vega's default logger writes to the console, which in the language server is its stdout,
  // the LSP channel: it stays silent, and errors surface as the rejection of `toSVG`.
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: noLoader, logger: vega.logger(vega.None) });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
