/**
 * The @vscode/test-electron mocha suite (suite.ts), run inside code-server's extension host
 * instead of a downloaded desktop VS Code: the workbench's development payload
 * (extensionDevelopmentPath, extensionTestsPath) is honoured by code-server when started with
 * `--vscode-option enable-smoke-test-driver`, and the result comes back through
 * `window.codeAutomationExit`, as @vscode/test-web does it.
 *
 * The extension under test is the .vsix, installed with --install-extension: its unpacked
 * folder is the development path. `bash test/e2e/setup.sh` once, then `npm run package` and
 * `node --import tsx test/e2e/electron/in-code-server.ts` (part of `npm run test:e2e`).
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { HOW_TO_INSTALL, Session, artifactsDir, findTools } from '../harness';
import { bundleSuite, workspaceFiles } from './run';

async function main() {
  const tools = findTools();
  if (!tools) {
    console.error(`e2e (mocha in code-server): ${HOW_TO_INSTALL}`);
    process.exit(1);
  }
  const t0 = Date.now();
  const log = path.join(artifactsDir, 'mocha-in-code-server.log');
  // code-server's remote extension host does not take the payload's extensionEnvironment: the
  // log file (and a grep) are compiled into this bundle instead.
  const tests = await bundleSuite(path.join(__dirname, 'out', 'code-server'), { MATHCRITIC_TEST_LOG: log, MOCHA_GREP: process.env.MOCHA_GREP ?? '' });
  rmSync(log, { force: true });
  mkdirSync(artifactsDir, { recursive: true });
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exit = resolve));
  let session: Session | undefined;
  let armed = false;
  const timeout = setTimeout(() => exit(-1), 5 * 60_000);
  try {
    session = await Session.start(tools, {
      name: 'mocha',
      files: workspaceFiles(),
      args: ['--vscode-option', 'enable-smoke-test-driver'],
      beforeLoad: async (page) => {
        // The first window's extension host reports an exit too when it is left: only the test window's counts.
        await page.exposeFunction('codeAutomationExit', (code: number) => armed && exit(code));
        await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => process.env.MATHCRITIC_E2E_DEBUG && console.log('[workbench]', type, ...args));
      },
    });
    // The first window opened the plain workspace; reopen it as an extension development host
    // whose extension is the installed .vsix.
    const devPath = session.installedExtensionPath;
    const authority = new URL(session.url).host;
    const payload: Array<[string, string]> = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${devPath}`],
      ['extensionTestsPath', `vscode-remote://${authority}${tests}`],
    ];
    await session.page.goto(`${session.url}/?folder=${encodeURIComponent(session.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    armed = true; // after the new page loaded: the tests need seconds more than that
    const code = await exited;
    clearTimeout(timeout);
    console.log(existsSync(log) ? readFileSync(log, 'utf8') : '(the suite wrote nothing)');
    if (code !== 0) {
      console.error(code === -1 ? 'mocha in code-server: no result in 5 min' : `mocha in code-server: exit code ${code}`);
      await session.dump('mocha');
      process.exitCode = 1;
    } else {
      console.log(`mocha in code-server: passed in ${Date.now() - t0} ms`);
    }
  } finally {
    clearTimeout(timeout);
    await session?.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
