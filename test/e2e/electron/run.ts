/**
 * Runs the mocha suite (suite.ts) inside a desktop VS Code with @vscode/test-electron:
 *   npm run test:electron                                  downloads VS Code (stable) into test/e2e/.vscode-test
 *   VSCODE_EXECUTABLE_PATH=/usr/bin/code npm run test:electron   uses that VS Code, no download
 *   VSCODE_VERSION=1.91.0 npm run test:electron            the oldest VS Code the manifest allows
 *   MOCHA_GREP=critic npm run test:electron                some tests only
 * Builds the extension (dist/) and bundles the suite to test/e2e/electron/out/index.js first.
 * On a Linux machine without a display, run it under `xvfb-run -a`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { DUCKS, DUCKS_FOR_EXPORT } from '../fixtures';

const root = path.resolve(__dirname, '../../..');

/**
 * The suite, bundled for the extension host: `vscode` is the host's, mocha is resolved from
 * node_modules. `env` fixes process.env values in the bundle (for hosts whose environment the
 * runner cannot set, like code-server's).
 */
export async function bundleSuite(outdir = path.join(__dirname, 'out'), env: Record<string, string> = {}): Promise<string> {
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'index.ts')],
    outfile: path.join(outdir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    define: Object.fromEntries(Object.entries(env).map(([k, v]) => [`process.env.${k}`, JSON.stringify(v)])),
    logLevel: 'warning',
  });
  return path.join(outdir, 'index.js');
}

/** The suite's documents, by file name. */
export function workspaceFiles(): Record<string, string> {
  const bakery = readFileSync(path.join(root, 'examples/bakery.solution.md'), 'utf8');
  return { 'bakery.solution.md': bakery, 'fix.solution.md': bakery, 'ducks.solution.md': DUCKS, 'export.solution.md': DUCKS_FOR_EXPORT };
}

/** A workspace folder with the suite's documents. */
export function makeWorkspace(): string {
  const ws = mkdtempSync(path.join(tmpdir(), 'mathcritic-electron-ws-'));
  for (const [name, text] of Object.entries(workspaceFiles())) writeFileSync(path.join(ws, name), text);
  return ws;
}

async function main() {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const extensionTestsPath = await bundleSuite();
  const workspace = makeWorkspace();
  const userData = mkdtempSync(path.join(tmpdir(), 'mathcritic-electron-user-'));
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.welcomePage.walkthroughs.openOnInstall': false, 'security.workspace.trust.enabled': false }));
  try {
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      version: process.env.VSCODE_VERSION || undefined,
      cachePath: path.join(root, 'test/e2e/.vscode-test'),
      extensionDevelopmentPath: root,
      extensionTestsPath,
      extensionTestsEnv: { MOCHA_GREP: process.env.MOCHA_GREP },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', userData],
    });
  } catch (err) {
    console.error(`test:electron failed: ${String(err)}`);
    process.exit(1);
  }
}

if (require.main === module) void main();
