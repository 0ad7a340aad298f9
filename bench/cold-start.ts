/**
 * Cold start of the language server against a bare `node` start, alternated in one run (fresh
 * processes each time), so the ratio holds on a loaded machine:
 *   - bare: `node -e 0`, spawn → exit;
 *   - server: spawn `node dist/server.js --stdio` → initialize (with the settings, as VS Code's
 *     client sends them) → initialized → didOpen of a small solution → its first
 *     publishDiagnostics; with the initialize answer and the first check (didOpen → diagnostics)
 *     beside it;
 *   - load: the bundle's `require` alone, timed inside a fresh process.
 * Figures, never pass/fail. Run: npm run build (or node esbuild.mjs --production), then
 *   node --import tsx bench/cold-start.ts [runs] [--bundle=PATH] [--profile=DIR]
 * --profile writes one more start's `--cpu-prof` into DIR (read it in Chrome DevTools).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SERVER_BUNDLE, TestLspClient, fileUri } from '../test/support/lsp-client';

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 15);
const bundle = path.resolve(args.find((a) => a.startsWith('--bundle='))?.slice('--bundle='.length) ?? SERVER_BUNDLE);
const profileDir = args.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
const doc = path.join(root, 'examples/bakery.solution.md');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

function bare(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - t0));
  });
}

/** The server from spawn to its first diagnostics for a small solution. */
async function server(nodeArgs: string[] = []) {
  const text = readFileSync(doc, 'utf8');
  const uri = fileUri(doc);
  const t0 = performance.now();
  const client = new TestLspClient({}, [], nodeArgs, {}, bundle);
  try {
    await client.initialize({ trusted: false, settings: {} });
    const initialized = performance.now();
    client.open(uri, text);
    const opened = performance.now();
    const diags = await client.waitForDiagnostics(uri, () => true, 30_000);
    const done = performance.now();
    return { total: done - t0, initialize: initialized - t0, firstCheck: done - opened, findings: diags.diagnostics.length };
  } finally {
    await client.shutdown();
  }
}

/** The bundle's require alone, timed in a fresh process (the server sees --stdio and a pipe, and is not spoken to). */
function load(): number {
  const script = `const t=performance.now();process.argv.push(${JSON.stringify(bundle)},'--stdio');require(${JSON.stringify(bundle)});process.stdout.write(String(performance.now()-t));process.exit(0)`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  const value = Number(r.stdout);
  if (r.status !== 0 || !Number.isFinite(value)) throw new Error(`loading ${bundle} failed: ${r.stderr}`);
  return value;
}

async function main() {
  if (!existsSync(bundle)) {
    console.log(`cold-start: no ${path.relative(root, bundle)}, run \`npm run build\` first`);
    return;
  }
  const lazy = path.join(path.dirname(bundle), 'lazy');
  const kib = (f: string) => (statSync(f).size / 1024).toFixed(0);
  console.log(
    `cold start of ${path.relative(root, bundle)} (${kib(bundle)} KiB${existsSync(lazy) ? ', more loaded on demand from lazy/' : ''}), node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; ${runs} alternated runs`,
  );
  const r = { bare: [] as number[], total: [] as number[], initialize: [] as number[], firstCheck: [] as number[], load: [] as number[] };
  let findings = 0;
  // One unmeasured round first: the page cache holds the files after it, as it does for a person.
  await bare();
  await server();
  load();
  for (let i = 0; i < runs; i++) {
    r.bare.push(await bare());
    const s = await server();
    r.total.push(s.total);
    r.initialize.push(s.initialize);
    r.firstCheck.push(s.firstCheck);
    findings = s.findings;
    r.load.push(load());
  }
  const b = median(r.bare);
  console.log(`  bare node start (node -e 0, spawn → exit)          ${ms(b)}`);
  console.log(`  server: spawn → first diagnostics (${findings} findings)   ${ms(median(r.total))}  = ${(median(r.total) / b).toFixed(2)}× bare`);
  console.log(`    spawn → initialize answered                      ${ms(median(r.initialize))}  = ${(median(r.initialize) / b).toFixed(2)}× bare`);
  console.log(`    first check (didOpen → publishDiagnostics)       ${ms(median(r.firstCheck))}`);
  console.log(`  bundle load alone (require, in-process)            ${ms(median(r.load))}`);
  console.log(`  load average after: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  if (profileDir) {
    await server(['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`]);
    console.log(`  a start's CPU profile is in ${profileDir}`);
  }
}

main().catch((e) => {
  console.log(`cold-start: failed: ${String(e)}`);
});
