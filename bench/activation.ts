/**
 * Activation time of the packaged extension in a real VS Code (code-server 4.139 = VS Code
 * 1.139, from npm), installed from its .vsix, driven through Debian's Chromium:
 *   - VS Code's own figure: "Developer: Show Running Extensions" (the time of `activate()`,
 *     which here includes starting the language server and its initialize round trip);
 *   - what a person waits for: from pressing Enter on a solution file in Quick Open (the
 *     activation event onLanguage:markdown) to the first squiggle in the editor and the first
 *     finding in the Problems panel.
 * Each run is a fresh code-server (a cold extension host). Figures, never pass/fail.
 * Run: bash test/e2e/setup.sh (once), then node --import tsx bench/activation.ts [runs] [--breakdown]
 *
 * --breakdown starts code-server with `--log trace` and `mathcritic.trace.server: messages`, and
 * reads the language client's trace in MathCritic's output channel log: when the initialize
 * request went out (the server process is spawned then) and came back, when didOpen went out and
 * when the first publishDiagnostics came in (extension host clock; the same machine as the
 * page's). Tracing everything costs time itself: compare breakdown runs with breakdown runs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { HOW_TO_INSTALL, Session, codeServerVersion, findTools, root, vsixPath } from '../test/e2e/harness';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/** A log line's time stamp (`YYYY-MM-DD HH:MM:SS.mmm`, this machine's time zone) in ms since the epoch. */
function stampOf(line: string | undefined): number {
  const m = line && /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d+)/.exec(line);
  return m ? new Date(`${m[1]}T${m[2]}`).getTime() : NaN;
}

/** From the client's trace: initialize sent / answered, didOpen sent, first diagnostics received (ms since the epoch). */
function traceMarks(log: string) {
  const lines = log.split('\n');
  const find = (needle: string) => lines.find((l) => l.includes(needle));
  const answered = find("Received response 'initialize");
  // A log line is stamped when it is written, which may lag; the response says how long the request took.
  const took = Number(/ in (\d+)ms/.exec(answered ?? '')?.[1] ?? NaN);
  return {
    initializeSent: stampOf(answered) - took,
    initializeAnswered: stampOf(answered),
    didOpenSent: stampOf(find("Sending notification 'textDocument/didOpen'")),
    diagnosticsReceived: stampOf(find("Received notification 'textDocument/publishDiagnostics'")),
    publishes: lines.filter((l) => l.includes("Received notification 'textDocument/publishDiagnostics'")).length,
  };
}

async function once(tools: NonNullable<ReturnType<typeof findTools>>, breakdown: boolean) {
  const session = await Session.start(tools, {
    name: 'bench',
    files: { 'bakery.solution.md': readFileSync(path.join(root, 'examples/bakery.solution.md'), 'utf8') },
    ...(breakdown ? { args: ['--log', 'trace'], settings: { 'mathcritic.trace.server': 'messages' } } : {}),
  });
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
    const toActivationStart = stampOf(line) - enter;
    let marks: string | undefined;
    if (breakdown) {
      const t = traceMarks(session.mathcriticLog());
      const at = (ms: number) => (Number.isFinite(ms) ? `${ms - enter}` : '?');
      marks = `activation starts ${toActivationStart} → initialize sent (server spawned) ${at(t.initializeSent)} → answered ${at(t.initializeAnswered)} → didOpen sent ${at(t.didOpenSent)} → first diagnostics in the extension host ${at(t.diagnosticsReceived)} (${t.publishes} publishDiagnostics in all) → first squiggle ${toSquiggle} → Problems panel ${toFinding}`;
    }
    return { activation, toFinding, toSquiggle, toActivationStart, event, title, marks };
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
  const args = process.argv.slice(2);
  const breakdown = args.includes('--breakdown');
  const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
  console.log(`activation of ${path.basename(vsixPath)} in ${codeServerVersion(tools)}; ${runs} cold runs${breakdown ? ' (--breakdown: everything traced, figures slower)' : ''}`);
  const acts: number[] = [];
  const finds: number[] = [];
  const squiggles: number[] = [];
  for (let i = 0; i < runs; i++) {
    try {
      const r = await once(tools, breakdown);
      acts.push(r.activation);
      finds.push(r.toFinding);
      squiggles.push(r.toSquiggle);
      console.log(`  run ${i + 1}: activate() ${r.activation} ms (Running Extensions, event ${r.event}); open → activation starts ${r.toActivationStart} ms; open → first squiggle in the editor ${r.toSquiggle} ms, first finding in the Problems panel ${r.toFinding} ms${r.title ? ` [${r.title.replace(/\s+/g, ' ')}]` : ''}`);
      if (r.marks) console.log(`    ms after Enter: ${r.marks}`);
    } catch (err) {
      console.log(`  run ${i + 1}: failed: ${String(err).split('\n')[0]}`);
    }
  }
  if (acts.length) console.log(`median: activate() ${median(acts)} ms; open → first squiggle ${median(squiggles)} ms, first finding in the Problems panel ${median(finds)} ms`);
}

main().catch((e) => {
  console.log(`activation: failed: ${String(e)}`);
});
