/**
 * Activation time of the packaged extension in a real VS Code (code-server 4.139 = VS Code
 * 1.139, from npm), installed from its .vsix, driven through Debian's Chromium:
 *   - VS Code's own figure: "Developer: Show Running Extensions" (the time of `activate()`,
 *     which here includes starting the language server and its initialize round trip);
 *   - what a person waits for: from pressing Enter on a solution file in Quick Open (the
 *     activation event onLanguage:markdown) to the first squiggle in the editor and the first
 *     finding in the Problems panel.
 * Each run is a fresh code-server (a cold extension host). Figures, never pass/fail.
 * Run: bash test/e2e/setup.sh (once), then node --import tsx bench/activation.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { HOW_TO_INSTALL, Session, codeServerVersion, findTools, root, vsixPath } from '../test/e2e/harness';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function once(tools: NonNullable<ReturnType<typeof findTools>>) {
  const session = await Session.start(tools, { name: 'bench', files: { 'bakery.solution.md': readFileSync(path.join(root, 'examples/bakery.solution.md'), 'utf8') } });
  try {
    const { page } = session;
    // A window whose extension host is up (its startup extensions activated), the Problems
    // panel open (empty): then the solution file is opened.
    await session.waitUntil('the extension host to start', async () => session.extensionHostLog().includes('Eager extensions activated'), 60_000);
    await session.problems();
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill('bakery.solution.md');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'bakery.solution.md' }).first().waitFor();
    // Watch for the first finding inside the page (a MutationObserver), so the figure does not depend on polling.
    // (A string, not a function: tsx's name helpers do not exist inside the page.)
    const firstSquiggle = page.evaluate<number>(`new Promise((resolve) => {
      const obs = new MutationObserver(() => {
        if (document.querySelector('.monaco-editor .squiggly-error')) {
          obs.disconnect();
          resolve(Date.now());
        }
      });
      obs.observe(document.body, { subtree: true, childList: true, attributes: true });
    })`);
    const firstFinding = page.evaluate<number>(`new Promise((resolve) => {
      const obs = new MutationObserver(() => {
        if (document.querySelector('.markers-panel')?.textContent?.includes('wrong-equation')) {
          obs.disconnect();
          resolve(Date.now());
        }
      });
      obs.observe(document.body, { subtree: true, childList: true, characterData: true });
    })`);
    const enter = Date.now();
    await page.keyboard.press('Enter');
    const toFinding = (await firstFinding) - enter;
    const toSquiggle = (await firstSquiggle) - enter;

    await session.runCommand('Developer: Show Running Extensions');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'MathCritic' }).first();
    await row.waitFor({ timeout: 15_000 });
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    const activation = Number(/Activation: (\d+)ms/.exec(text)?.[1] ?? NaN);
    const title = (await row.locator('.activation-time').first().getAttribute('title').catch(() => null)) ?? '';
    // The extension host logs when it starts activating (wall clock, this machine's time zone).
    const line = session.extensionHostLog().split('\n').find((l) => l.includes('_doActivateExtension mathcritic.mathcritic')) ?? '';
    const event = /activationEvent: '([^']+)'/.exec(line)?.[1] ?? '?';
    const stamp = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d+)/.exec(line);
    const toActivationStart = stamp ? new Date(`${stamp[1]}T${stamp[2]}`).getTime() - enter : NaN;
    return { activation, toFinding, toSquiggle, toActivationStart, event, title };
  } finally {
    await session.close();
  }
}

async function main() {
  const tools = findTools();
  if (!tools) {
    console.log(`activation: skipped, ${HOW_TO_INSTALL}`);
    return;
  }
  if (!process.env.MATHCRITIC_VSIX) {
    // Measure what would ship: the .vsix of this checkout, production bundles.
    const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) {
      console.log(`activation: \`npm run package\` failed, nothing measured:\n${r.stdout}\n${r.stderr}`);
      return;
    }
  }
  const runs = Number(process.argv[2] ?? 3);
  console.log(`activation of ${path.basename(vsixPath)} in ${codeServerVersion(tools)}; ${runs} cold runs`);
  const acts: number[] = [];
  const finds: number[] = [];
  const squiggles: number[] = [];
  for (let i = 0; i < runs; i++) {
    try {
      const r = await once(tools);
      acts.push(r.activation);
      finds.push(r.toFinding);
      squiggles.push(r.toSquiggle);
      console.log(`  run ${i + 1}: activate() ${r.activation} ms (Running Extensions, event ${r.event}); open → activation starts ${r.toActivationStart} ms; open → first squiggle in the editor ${r.toSquiggle} ms, first finding in the Problems panel ${r.toFinding} ms${r.title ? ` [${r.title.replace(/\s+/g, ' ')}]` : ''}`);
    } catch (err) {
      console.log(`  run ${i + 1}: failed: ${String(err).split('\n')[0]}`);
    }
  }
  if (acts.length) console.log(`median: activate() ${median(acts)} ms; open → first squiggle ${median(squiggles)} ms, first finding in the Problems panel ${median(finds)} ms`);
}

main().catch((e) => {
  console.log(`activation: failed: ${String(e)}`);
});
