/**
 * Activation time of the packaged extension in a real VS Code (code-server 4.139 = VS Code
 * 1.139, from npm), installed from its .vsix, driven through Debian's Chromium:
 *   - VS Code's own figure: "Developer: Show Running Extensions" (the time of `activate()`,
 *     which here includes starting the language server and its initialize round trip);
 *   - what a person waits for: from pressing Enter on a solution file in Quick Open (the
 *     activation event onLanguage:markdown) to the first squiggle in the editor and the first
 *     finding in the Problems panel.
 * Each run is a fresh code-server (a cold extension host). Figures, never pass/fail.
 *
 * The peer, measured in the same run and alternated with MathCritic: bench/minimal-lsp, the
 * lsp-sample shape (a client activating on Markdown, a vscode-languageserver server publishing
 * one error per line), bundled and packaged as MathCritic is (esbuild --minify, the same vsce).
 * Its open → first squiggle is what any LSP extension pays in this VS Code on this machine;
 * MathCritic's ratio to it is the figure that travels between machines.
 * Run: bash test/e2e/setup.sh (once), then node --import tsx bench/activation.ts [runs] [--breakdown]
 *
 * --breakdown starts code-server with `--log trace` and `mathcritic.trace.server: messages`, and
 * reads the language client's trace in MathCritic's output channel log: when the initialize
 * request went out (the server process is spawned then) and came back, when didOpen went out and
 * when the first publishDiagnostics came in (extension host clock; the same machine as the
 * page's). Tracing everything costs time itself: compare breakdown runs with breakdown runs.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { HOW_TO_INSTALL, Session, codeServerVersion, findTools, root, vsixPath } from '../test/e2e/harness';

type Extension = NonNullable<Parameters<typeof Session.start>[1]>['extension'];

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
    // VS Code's client pulls diagnostics (textDocument/diagnostic) from a server that offers them, as MathCritic does.
    pullSent: stampOf(find("Sending request 'textDocument/diagnostic")),
    pullAnswered: stampOf(find("Received response 'textDocument/diagnostic")),
    keyLookup: /the API key lookup answered after (\d+) ms/.exec(log)?.[1],
    publishes: lines.filter((l) => l.includes("Received notification 'textDocument/publishDiagnostics'")).length,
  };
}

/** bench/minimal-lsp bundled (minified, as MathCritic's production build) and packaged with the project's vsce; returns the .vsix. */
async function packagePeer(): Promise<NonNullable<Extension>> {
  const src = path.join(root, 'bench/minimal-lsp');
  const out = path.join(root, 'bench/.out/minimal-lsp');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(src, 'package.json'), 'utf8')) as { name: string; publisher: string; version: string };
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, logLevel: 'warning' } as const;
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [path.join(src, 'client.ts')], outfile: path.join(out, 'dist/client.js'), external: ['vscode'] }),
    esbuild.build({ ...common, entryPoints: [path.join(src, 'server.ts')], outfile: path.join(out, 'dist/server.js') }),
  ]);
  copyFileSync(path.join(src, 'package.json'), path.join(out, 'package.json'));
  const vsix = path.join(root, 'bench/.out', `${manifest.name}-${manifest.version}.vsix`);
  const vsce = path.join(root, 'node_modules/.bin/vsce');
  const r = spawnSync(vsce, ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', vsix], { cwd: out, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package of the peer failed:\n${r.stdout}\n${r.stderr}`);
  return { vsix, id: `${manifest.publisher}.${manifest.name}`, version: manifest.version };
}

/** What each extension shows when it is done: its first error squiggle, and its first row in the Problems panel. */
interface Subject {
  label: string;
  /** The row's name in Running Extensions, and the extension id in the host's log. */
  displayName: string;
  id: string;
  /** Text of its first finding in the Problems panel. */
  finding: string;
  extension?: Extension;
}

async function once(tools: NonNullable<ReturnType<typeof findTools>>, breakdown: boolean, subject: Subject) {
  const isMathCritic = !subject.extension;
  const session = await Session.start(tools, {
    name: 'bench',
    files: { 'bakery.solution.md': readFileSync(path.join(root, 'examples/bakery.solution.md'), 'utf8') },
    extension: subject.extension,
    ...(breakdown && isMathCritic ? { args: ['--log', 'trace'], settings: { 'mathcritic.trace.server': 'messages' } } : {}),
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
        if (document.querySelector('.markers-panel')?.textContent?.includes(${JSON.stringify(subject.finding)})) {
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
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: subject.displayName }).first();
    await row.waitFor({ timeout: 15_000 });
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    const activation = Number(/Activation: (\d+)ms/.exec(text)?.[1] ?? NaN);
    const title = (await row.locator('.activation-time').first().getAttribute('title').catch(() => null)) ?? '';
    // The extension host logs when it starts activating (wall clock, this machine's time zone).
    const line = session.extensionHostLog().split('\n').find((l) => l.includes(`_doActivateExtension ${subject.id}`)) ?? '';
    const event = /activationEvent: '([^']+)'/.exec(line)?.[1] ?? '?';
    const toActivationStart = stampOf(line) - enter;
    let marks: string | undefined;
    if (breakdown && isMathCritic) {
      const t = traceMarks(session.mathcriticLog());
      const at = (ms: number) => (Number.isFinite(ms) ? `${ms - enter}` : '?');
      marks = `activation starts ${toActivationStart} (the API key lookup took ${t.keyLookup ?? '?'} ms of what follows) → initialize sent (server spawned) ${at(t.initializeSent)} → answered ${at(t.initializeAnswered)} → didOpen sent ${at(t.didOpenSent)} → first diagnostics in the extension host ${at(t.diagnosticsReceived)} (${t.publishes} publishDiagnostics in all; first pull sent ${at(t.pullSent)}, answered ${at(t.pullAnswered)}) → first squiggle ${toSquiggle} → Problems panel ${toFinding}`;
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
  const subjects: Subject[] = [
    { label: 'MathCritic', displayName: 'MathCritic', id: 'mathcritic.mathcritic', finding: 'wrong-equation' },
    { label: 'minimal LSP', displayName: 'Minimal LSP', id: 'bench.minimal-lsp', finding: 'minimal-lsp: line', extension: await packagePeer() },
  ];
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(
    `activation of ${path.basename(vsixPath)} and of the peer ${path.basename(subjects[1].extension!.vsix)} (bench/minimal-lsp) in ${codeServerVersion(tools)}; ${runs} cold runs each, alternated; load average ${load()}${breakdown ? ' (--breakdown: MathCritic traced, its figures slower)' : ''}`,
  );
  const figures = subjects.map(() => ({ acts: [] as number[], finds: [] as number[], squiggles: [] as number[] }));
  for (let i = 0; i < runs; i++) {
    // Alternated, and the order swapped every run, so neither always goes first after a pause.
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const subject = subjects[k];
      try {
        const r = await once(tools, breakdown, subject);
        figures[k].acts.push(r.activation);
        figures[k].finds.push(r.toFinding);
        figures[k].squiggles.push(r.toSquiggle);
        console.log(
          `  run ${i + 1}, ${subject.label}: activate() ${r.activation} ms (Running Extensions, event ${r.event}); open → activation starts ${r.toActivationStart} ms; open → first squiggle in the editor ${r.toSquiggle} ms, first finding in the Problems panel ${r.toFinding} ms${r.title ? ` [${r.title.replace(/\s+/g, ' ')}]` : ''}`,
        );
        if (r.marks) console.log(`    ms after Enter: ${r.marks}`);
      } catch (err) {
        console.log(`  run ${i + 1}, ${subject.label}: failed: ${String(err).split('\n')[0]}`);
      }
    }
  }
  const medians = figures.map((f) => (f.acts.length ? { act: median(f.acts), squiggle: median(f.squiggles), find: median(f.finds) } : undefined));
  subjects.forEach((s, k) => {
    const m = medians[k];
    if (m) console.log(`median, ${s.label}: activate() ${m.act} ms; open → first squiggle ${m.squiggle} ms, first finding in the Problems panel ${m.find} ms`);
  });
  const [mc, peer] = medians;
  if (mc && peer) {
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    console.log(`MathCritic / minimal LSP: open → first squiggle ${x(mc.squiggle, peer.squiggle)}, first finding ${x(mc.find, peer.find)}, activate() ${x(mc.act, peer.act)}; load average ${load()}`);
  }
}

main().catch((e) => {
  console.log(`activation: failed: ${String(e)}`);
});
