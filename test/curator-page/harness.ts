/**
 * Serves the curator page as VS Code would (the same html function, CSP in a meta tag, assets
 * from one origin) on a loopback HTTP server, and opens it in headless Chromium with a fake
 * `acquireVsCodeApi` whose messages go through the extension's own host bridge.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { curatorPageHtml, makeNonce } from '../../client/src/curator/page-html';
import { handlePageMessage, type BridgeDeps } from '../../client/src/curator/host-bridge';
import type { HostToWebview } from '../../protocol/curator';

export const ROOT = resolve(__dirname, '../..');
export const CHROMIUM = process.env.CURATOR_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, 'artifacts');
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/** Stands in for VS Code's own injected acquireVsCodeApi (it runs outside the page's CSP, as there). A string: tsx would wrap a function's inner helpers in its `__name`. */
const FAKE_VSCODE_API = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  // VS Code keeps a webview's state across reloads of its page: sessionStorage does here.
  let state = sessionStorage.getItem('vscodeState') === null ? undefined : JSON.parse(sessionStorage.getItem('vscodeState'));
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage(m) {
        window.__curatorHost(m).then((replies) => replies.forEach((r) => window.postMessage(r, '*')));
      },
      getState: () => state,
      setState: (s) => { state = s; sessionStorage.setItem('vscodeState', JSON.stringify(s)); },
    };
  };
`;

export interface PageServer {
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Builds the page with the real esbuild config (`--only=curator`), serves it, launches Chromium. */
export async function startPageServer(title: string): Promise<PageServer> {
  const dist = mkdtempSync(join(tmpdir(), 'curator-page-'));
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--only=curator', `--outdir=${dist}`], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, `the curator page did not build:\n${build.stderr}`);
  const nonce = makeNonce();
  let origin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(curatorPageHtml({ scriptUri: `${origin}/curator.js`, styleUri: `${origin}/curator.css`, katexStyleUri: `${origin}/katex/katex.min.css`, cspSource: origin, nonce, title }));
      return;
    }
    const file = normalize(join(dist, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dist) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  return {
    origin,
    browser,
    close: async () => {
      await browser.close();
      await new Promise((r) => server.close(r));
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

export interface CuratorPage {
  page: Page;
  /** Every URL the page asked for. */
  requests: string[];
  dialogs: string[];
  console: string[];
  errors: string[];
  /** Every message the page posted to the host. */
  posted: unknown[];
  hostLog: string[];
  /** Posts a message to the page as the host would. */
  push(m: HostToWebview): Promise<void>;
}

/** Opens the page; its messages go through handlePageMessage with `deps` (post is filled in). */
export async function openCuratorPage(s: PageServer, deps: Omit<BridgeDeps, 'post' | 'log'>, opts: { waitFor?: string } = {}): Promise<CuratorPage> {
  const page = await s.browser.newPage({ viewport: { width: 1280, height: 980 }, deviceScaleFactor: 1 });
  const h: CuratorPage = {
    page,
    requests: [],
    dialogs: [],
    console: [],
    errors: [],
    posted: [],
    hostLog: [],
    push: async (m) => page.evaluate((msg) => window.postMessage(msg, '*'), m),
  };
  page.on('request', (r) => h.requests.push(r.url()));
  page.on('dialog', (d) => {
    h.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => h.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => h.errors.push(String(e)));
  await page.exposeFunction('__curatorHost', async (msg: unknown) => {
    h.posted.push(msg);
    const replies: HostToWebview[] = [];
    await handlePageMessage(msg, { ...deps, post: (m) => replies.push(m), log: (line) => h.hostLog.push(line) });
    return replies;
  });
  await page.addInitScript(FAKE_VSCODE_API);
  await page.goto(`${s.origin}/`);
  try {
    await page.locator(opts.waitFor ?? '.step').first().waitFor({ timeout: 10_000 });
  } catch (err) {
    const app = await page.locator('#app').innerHTML().catch(() => '(no #app)');
    throw new Error(`the page did not show a record: ${String(err)}\nconsole:\n${h.console.join('\n')}\nerrors:\n${h.errors.join('\n')}\nhost log:\n${h.hostLog.join('\n')}\n#app: ${app.slice(0, 2000)}`, { cause: err });
  }
  return h;
}

/** Waits until no label is being sent. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.saved.saving'));
}
