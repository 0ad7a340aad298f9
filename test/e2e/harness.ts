/**
 * A real VS Code for the end-to-end scenarios and the activation bench: code-server (VS Code's
 * own server and workbench, from the npm registry) with MathCritic installed from its .vsix,
 * driven through Debian's Chromium by playwright-core, as a person would drive it.
 *
 * Everything here waits on what is on screen (selectors, text), never on fixed sleeps, and a
 * failure leaves a screenshot, the panel texts and the extension host's log behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const root = path.resolve(__dirname, '../..');
export const toolsDir = path.join(__dirname, '.tools');
export const artifactsDir = path.join(__dirname, 'artifacts');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; publisher: string; version: string };
export const extensionId = `${manifest.publisher}.${manifest.name}`;
export const vsixPath = process.env.MATHCRITIC_VSIX ?? path.join(root, `${manifest.name}-${manifest.version}.vsix`);

/** Debian's Chromium, with the flags this machine's closed network needs (env's node.md). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export interface Tools {
  node: string;
  codeServer: string;
}

/** Node 24 and code-server as test/e2e/setup.sh installs them, or undefined when they are not there. */
export function findTools(): Tools | undefined {
  const modules = path.join(toolsDir, 'node_modules');
  if (!existsSync(modules)) return undefined;
  const nodePkg = readdirSync(modules).find((n) => /^node-linux-/.test(n));
  const node = nodePkg && path.join(modules, nodePkg, 'bin', 'node');
  const codeServer = path.join(modules, 'code-server', 'out', 'node', 'entry.js');
  if (!node || !existsSync(node) || !existsSync(codeServer) || !existsSync(CHROMIUM)) return undefined;
  return { node, codeServer };
}

export const HOW_TO_INSTALL = 'the real VS Code for these is not installed: run `bash test/e2e/setup.sh` (Node 24 and code-server from npm, chromium from Debian; ~2-4 min), then `npm run package`.';

export function codeServerVersion(tools: Tools): string {
  const r = spawnSync(tools.node, [tools.codeServer, '--version'], { encoding: 'utf8' });
  return r.stdout.trim().split('\n')[0] ?? '?';
}

export interface SessionOptions {
  /** User settings (settings.json) written before VS Code starts. */
  settings?: Record<string, unknown>;
  /**
   * Remote settings (code-server's data/Machine/settings.json, "Preferences: Open Remote
   * Settings"). A code-server window is a remote window: settings of scope `machine` and
   * `machine-overridable`, such as `mathcritic.critic.baseUrl`, are ignored in the user settings
   * there and must be set here (or in the workspace), as on Remote-SSH.
   */
  machineSettings?: Record<string, unknown>;
  /** Files of the workspace folder, by relative path. */
  files?: Record<string, string>;
  /**
   * Workspace Trust: off by default (everything trusted, no prompt). `untrusted: true` turns it
   * on and opens the folder in Restricted Mode without asking.
   */
  untrusted?: boolean;
  /** More code-server arguments (e.g. `--vscode-option enable-smoke-test-driver`). */
  args?: string[];
  /**
   * The workbench's `payload` query (e.g. extensionDevelopmentPath / extensionTestsPath as
   * vscode-remote URIs of this authority); code-server honours it with
   * `--vscode-option enable-smoke-test-driver`.
   */
  payload?: (authority: string) => Array<[string, string]>;
  /** Called before the workbench loads (e.g. page.exposeFunction('codeAutomationExit', …)). */
  beforeLoad?: (page: Page) => Promise<void>;
  /** Label for the temporary folder and the logs kept in artifacts/. */
  name?: string;
  /** Another extension's .vsix installed instead of MathCritic's (the activation bench's peer); `id` is publisher.name. */
  extension?: { vsix: string; id: string; version: string };
}

/** Settings that keep a fresh VS Code quiet: no welcome page, no tips, no walkthrough on install, no trust prompt. */
const QUIET_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'files.simpleDialog.enable': true,
  'editor.accessibilitySupport': 'off',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** The entries of a .vsix (a zip), read from its central directory: name and uncompressed size. */
export function zipEntries(file: string): Array<{ name: string; size: number }> {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: Array<{ name: string; size: number }> = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    out.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** code-server process groups still running: ended when this process exits, however it exits. */
const liveGroups = new Set<number>();
process.once('exit', () => {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

export class Session {
  private constructor(
    readonly base: string,
    readonly workspace: string,
    readonly userData: string,
    readonly url: string,
    private readonly child: ChildProcess,
    readonly browser: Browser,
    readonly page: Page,
    readonly serverOutput: string[],
  ) {}

  /**
   * Installs the .vsix into a fresh extensions folder with `code-server --install-extension`
   * (what a person does with a downloaded .vsix), starts code-server on 127.0.0.1 and opens
   * the workspace in Chromium. Resolves when the workbench is on screen.
   */
  static async start(tools: Tools, options: SessionOptions = {}): Promise<Session> {
    const vsix = options.extension?.vsix ?? vsixPath;
    const installed = options.extension ? `${options.extension.id}-${options.extension.version}` : `${extensionId}-${manifest.version}`;
    if (!existsSync(vsix)) throw new Error(`${vsix} does not exist: run \`npm run package\` first`);
    const base = mkdtempSync(path.join(tmpdir(), `mathcritic-e2e-${options.name ?? 'vscode'}-`));
    const ext = path.join(base, 'extensions');
    const userData = path.join(base, 'data');
    const workspace = path.join(base, 'ws');
    for (const d of [ext, path.join(userData, 'User'), path.join(userData, 'Machine'), workspace]) mkdirSync(d, { recursive: true });
    const env = { ...process.env, PATH: `${path.dirname(tools.node)}:${process.env.PATH}` };

    const install = spawnSync(tools.node, [tools.codeServer, '--extensions-dir', ext, '--user-data-dir', userData, '--install-extension', vsix], { encoding: 'utf8', env, timeout: 120_000 });
    if (install.status !== 0 || !/successfully installed/.test(install.stdout)) {
      throw new Error(`code-server --install-extension ${vsix} failed (${install.status}):\n${install.stdout}\n${install.stderr}`);
    }
    if (!existsSync(path.join(ext, installed, 'package.json'))) throw new Error(`the .vsix did not install into ${ext}`);

    const trust = options.untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' } : {};
    writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...options.settings }, null, 2));
    writeFileSync(path.join(userData, 'Machine', 'settings.json'), JSON.stringify(options.machineSettings ?? {}, null, 2));
    for (const [rel, text] of Object.entries(options.files ?? {})) {
      mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
      writeFileSync(path.join(workspace, rel), text);
    }

    const child = spawn(tools.node, [tools.codeServer, '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', ...(options.untrusted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', '--extensions-dir', ext, '--user-data-dir', userData, ...(options.args ?? []), workspace], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    if (child.pid) liveGroups.add(child.pid);
    child.once('exit', () => child.pid && liveGroups.delete(child.pid));
    const serverOutput: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`code-server did not start in 90 s:\n${serverOutput.join('')}`)), 90_000);
      const onData = (d: Buffer) => {
        serverOutput.push(String(d));
        if (serverOutput.length > 2000) serverOutput.splice(0, 1000);
        const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(serverOutput.join(''));
        if (m) {
          clearTimeout(t);
          resolve(m[1]);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`code-server exited with ${code}:\n${serverOutput.join('')}`)));
    });

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const session = new Session(base, workspace, userData, url, child, browser, page, serverOutput);
    try {
      await options.beforeLoad?.(page);
      const payload = options.payload ? `&payload=${encodeURIComponent(JSON.stringify(options.payload(new URL(url).host)))}` : '';
      await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}${payload}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
      // The workbench is usable once the explorer lists the folder.
      await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    } catch (err) {
      await session.dump('startup');
      await session.close();
      throw err;
    }
    return session;
  }

  // --- what a person does -------------------------------------------------------------------

  /** Runs a command from the command palette by its title, retrying when the palette does not open. */
  async runCommand(title: string, options: { timeout?: number } = {}): Promise<void> {
    const { page } = this;
    const input = page.locator('.quick-input-widget .quick-input-box input');
    for (let attempt = 1; ; attempt++) {
      await this.dismissQuickInput();
      await page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        await input.fill(`>${title}`);
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
        await row.waitFor({ state: 'visible', timeout: options.timeout ?? 10_000 });
        await row.click();
        await input.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
        return;
      } catch (err) {
        if (attempt >= 3) throw new Error(`command palette: "${title}" not found after ${attempt} attempts: ${String(err)}`, { cause: err });
      }
    }
  }

  /** Opens a workspace file with Quick Open (Ctrl+P) and waits until its editor tab is active (and, unless `textEditor: false`, its text shows). */
  async openFile(name: string, { textEditor = true } = {}): Promise<void> {
    const { page } = this;
    const input = page.locator('.quick-input-widget .quick-input-box input');
    const active = page.locator(`.tab.active[data-resource-name="${name}"]`);
    const editorShown = async () => {
      if (textEditor) await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ timeout: 10_000 });
    };
    // A file already open in a tab is brought forward by its tab (exact name, not a substring:
    // fix.solution.md is not quickfix.solution.md); quick open's file search is the slow path.
    const tab = page.locator(`.tab[data-resource-name="${name}"]`).first();
    if ((await tab.count()) > 0) {
      try {
        await tab.click();
        await active.waitFor({ timeout: 10_000 });
        await editorShown();
        return;
      } catch {
        // the tab went away meanwhile: open it through quick open below
      }
    }
    for (let attempt = 1; ; attempt++) {
      await this.dismissQuickInput();
      await page.keyboard.press('Control+P');
      try {
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        await input.fill(name);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10_000 });
        await page.keyboard.press('Enter');
        await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 10_000 });
        await editorShown();
        return;
      } catch (err) {
        if (attempt >= 6) throw new Error(`quick open: could not open ${name} after ${attempt} attempts: ${String(err)}`, { cause: err });
      }
    }
  }

  /**
   * Answers VS Code's save dialog (in the browser: the simple file dialog, a path in a quick
   * input with an OK button): types the path and presses OK until the dialog closes.
   */
  async answerSaveDialog(file: string, proposed?: RegExp): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    if (proposed) await this.waitUntil(`the save dialog to propose ${proposed}`, async () => proposed.test(await input.inputValue()));
    await input.fill(file);
    await this.waitUntil('the save dialog to take the path', async () => (await input.inputValue()) === file);
    await this.waitUntil('the save dialog to close', async () => {
      if (!(await input.isVisible())) return true;
      await this.page.locator('.quick-input-widget').getByRole('button', { name: 'OK' }).click({ timeout: 2_000 }).catch(() => undefined);
      await input.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
      return !(await input.isVisible());
    }, 15_000);
  }

  private async dismissQuickInput(): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    if (await widget.isVisible().catch(() => false)) {
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
    }
  }

  /** Moves the cursor with Go to Line (Ctrl+G), 1-based line and column. */
  async goTo(line: number, column: number): Promise<void> {
    const { page } = this;
    await this.focusEditor();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+G');
      try {
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        // Ctrl+G opens Quick Open with the ':' (go to line) prefix.
        await input.fill(`:${line}:${column}`);
        await page.keyboard.press('Enter');
        await input.waitFor({ state: 'hidden', timeout: 5_000 });
        await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ timeout: 5_000 });
        return;
      } catch (err) {
        await this.dismissQuickInput();
        if (attempt >= 3) throw new Error(`go to ${line}:${column} failed: ${String(err)}`, { cause: err });
      }
    }
  }

  /** Opens the quick-fix menu at the cursor (Ctrl+.) until it offers `title`; returns that entry. */
  async quickFix(title: string): Promise<Locator> {
    const entry = this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    await this.waitUntil(`the quick-fix menu to offer "${title}"`, async () => {
      if (!(await entry.isVisible())) {
        await this.page.keyboard.press('Escape');
        await this.page.keyboard.press('Control+.');
        await entry.waitFor({ state: 'visible', timeout: 3_000 });
      }
      return true;
    });
    return entry;
  }

  async focusEditor(): Promise<void> {
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } }).catch(() => undefined);
  }

  /** The active editor's text as rendered (Monaco draws spaces as U+00A0). Fine for short documents. */
  async editorText(): Promise<string> {
    const lines = this.page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line');
    const items = await lines.evaluateAll((els) => els.map((e) => ({ top: parseFloat((e as HTMLElement).style.top || '0'), text: (e as HTMLElement).innerText })));
    return items
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text.replace(/\u00a0/g, ' '))
      .join('\n');
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and returns its rows' text. */
  async problems(): Promise<string> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible().catch(() => false))) {
      await this.page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ state: 'visible', timeout: 10_000 });
    }
    return (await panel.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
  }

  /** The text of the notifications on screen (toasts). */
  async notifications(): Promise<string> {
    return this.page.locator('.notifications-toasts').innerText().catch(() => '');
  }

  /** Polls until `check` returns a truthy value; the error names what was awaited and the last value seen. */
  async waitUntil<T>(what: string, check: () => Promise<T | undefined | false | null>, timeout = 30_000): Promise<T> {
    const until = Date.now() + timeout;
    let last: unknown;
    for (;;) {
      try {
        const v = await check();
        if (v) return v;
        last = v;
      } catch (err) {
        last = err;
      }
      if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${String(last).slice(0, 400)})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Waits until the Problems panel's text passes `test`, and returns it. */
  waitForProblems(what: string, test: (text: string) => boolean, timeout = 30_000): Promise<string> {
    return this.waitUntil(`the Problems panel to show ${what}`, async () => {
      const t = await this.problems();
      return test(t) ? t : undefined;
    }, timeout);
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(artifactsDir, { recursive: true });
    const file = path.join(artifactsDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  // --- logs ----------------------------------------------------------------------------------

  /** Every log file code-server and its extension host wrote, newest session first. */
  logFiles(): string[] {
    const out: string[] = [];
    const walk = (p: string) => {
      if (!existsSync(p)) return;
      if (statSync(p).isDirectory()) readdirSync(p).forEach((n) => walk(path.join(p, n)));
      else if (p.endsWith('.log')) out.push(p);
    };
    walk(path.join(this.userData, 'logs'));
    return out;
  }

  /** The (remote) extension host's log: activation events, extension errors. */
  extensionHostLog(): string {
    return this.logFiles()
      .filter((f) => /exthost\d*[\\/]remoteexthost\.log$|[\\/]exthost\.log$/.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  }

  /** MathCritic's own output channel (a log channel, written beside the extension host log). */
  mathcriticLog(): string {
    return this.logFiles()
      .filter((f) => f.includes(extensionId) || /MathCritic\.log$/.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  }

  /** On a failure: a screenshot, what the panels say, and the logs' tails, printed and kept in artifacts/. */
  async dump(label: string): Promise<void> {
    const lines: string[] = [`---- e2e failure: ${label} ----`];
    try {
      lines.push(`screenshot: ${await this.screenshot(`FAILED-${label}`)}`);
    } catch (err) {
      lines.push(`screenshot failed: ${String(err)}`);
    }
    const problems = await this.page.locator('.markers-panel').innerText({ timeout: 2_000 }).catch(() => '(Problems panel not open)');
    lines.push('Problems panel:', problems, 'Notifications:', await this.notifications());
    lines.push('Status bar:', await this.page.locator('.statusbar').innerText({ timeout: 2_000 }).catch(() => ''));
    lines.push('Extension host log (tail):', tail(this.extensionHostLog(), 40));
    lines.push('MathCritic output channel (tail):', tail(this.mathcriticLog(), 40));
    lines.push('code-server output (tail):', tail(this.serverOutput.join(''), 15));
    console.error(lines.join('\n'));
    try {
      const keep = path.join(artifactsDir, `logs-${label}`);
      rmSync(keep, { recursive: true, force: true });
      cpSync(path.join(this.userData, 'logs'), keep, { recursive: true });
    } catch {
      // no logs yet
    }
  }

  /** Where `--install-extension` unpacked the .vsix. */
  get installedExtensionPath(): string {
    return path.join(this.base, 'extensions', `${extensionId}-${manifest.version}`);
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    if (this.child.exitCode === null && this.child.pid) {
      // code-server runs VS Code's server and extension host as its children: end its process group.
      try {
        process.kill(-this.child.pid, 'SIGTERM');
      } catch {
        this.child.kill('SIGTERM');
      }
      await new Promise((r) => {
        const t = setTimeout(() => {
          try {
            process.kill(-this.child.pid!, 'SIGKILL');
          } catch {
            // gone
          }
          r(undefined);
        }, 5_000);
        this.child.once('exit', () => (clearTimeout(t), r(undefined)));
      });
    }
    if (!process.env.MATHCRITIC_E2E_KEEP) rmSync(this.base, { recursive: true, force: true });
  }
}

export function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}
