/**
 * Cold start of the language server against a bare `node` start, alternated in one run (fresh
 * processes each time), so the ratio holds on a loaded machine:
 *   - bare: `node -e 0`, spawn → exit;
 *   - server: spawn `node dist/server.js --stdio` → initialize (with the settings, as VS Code's
 *     client sends them) → initialized → didOpen of a solution → its first
 *     publishDiagnostics; with the initialize answer and the first check (didOpen → diagnostics)
 *     beside it;
 *   - load: the bundle's `require` alone, timed inside a fresh process.
 * Figures, never pass/fail. Run: npm run build (or node esbuild.mjs --production), then
 *   node --import tsx bench/cold-start.ts [runs] [--bundle=PATH] [--base=DIR] [--doc=FILE | --steps=N] [--profile=DIR]
 * By default it measures examples/bakery.solution.md, then the bench corpus's 1,000-step
 * document (the first open of a big document, which pays the checker's first compiles as well
 * as its set-up); --doc=FILE or --steps=N measures that one document instead;
 * --base=DIR alternates the server of another built checkout (DIR/dist/server.js, e.g. the
 * commit before a change) with this one in the same run; --profile writes one more start's
 * `--cpu-prof` into DIR (read it in Chrome DevTools).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SERVER_BUNDLE, TestLspClient, fileUri } from '../test/support/lsp-client';
import { solutionDocument } from './corpus';

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 15);
const ownBundle = path.resolve(args.find((a) => a.startsWith('--bundle='))?.slice('--bundle='.length) ?? SERVER_BUNDLE);
const profileDir = args.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
const baseDir = args.find((a) => a.startsWith('--base='))?.slice('--base='.length);
const baseBundle = baseDir ? path.resolve(baseDir, 'dist/server.js') : undefined;
/** A document the bench opens: a file, or the bench corpus's N-step document. */
interface Opened {
  name: string;
  uri: string;
  text: string;
}
const docFlag = args.find((a) => a.startsWith('--doc='))?.slice('--doc='.length);
const stepsFlag = args.find((a) => a.startsWith('--steps='))?.slice('--steps='.length);
const fileDoc = (file: string): Opened => {
  const full = path.resolve(root, file);
  return { name: path.relative(root, full), uri: fileUri(full), text: readFileSync(full, 'utf8') };
};
const corpusDoc = (n: number): Opened => ({ name: `the corpus's ${n.toLocaleString('en-US')}-step document`, uri: `untitled:cold-start-${n}.solution.md`, text: solutionDocument(n) });
// bakery needs decimals only (--doc=examples/linear-equation.sol.md, solved for x, loads all of
// mathjs in its first check); by default a big document's first open is measured after it.
const documents: Opened[] = docFlag ? [fileDoc(docFlag)] : stepsFlag ? [corpusDoc(Number(stepsFlag))] : [fileDoc('examples/bakery.solution.md'), corpusDoc(1_000)];

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

/** The server from spawn to its first diagnostics for the document. */
async function server(doc: Opened, nodeArgs: string[] = [], bundle = ownBundle) {
  const { text, uri } = doc;
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
function load(bundle = ownBundle): number {
  const script = `const t=performance.now();process.argv.push(${JSON.stringify(bundle)},'--stdio');require(${JSON.stringify(bundle)});process.stdout.write(String(performance.now()-t));process.exit(0)`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  const value = Number(r.stdout);
  if (r.status !== 0 || !Number.isFinite(value)) throw new Error(`loading ${bundle} failed: ${r.stderr}`);
  return value;
}

const kib = (f: string) => (statSync(f).size / 1024).toFixed(0);
const lazyKib = (f: string) => {
  const dir = path.join(path.dirname(f), 'lazy');
  return existsSync(dir)
    ? `, ${readdirSync(dir)
        .filter((n) => n.endsWith('.js'))
        .map((n) => `lazy/${n} ${kib(path.join(dir, n))} KiB`)
        .join(', ')} loaded on first use`
    : '';
};
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** One document's cold starts, alternated with bare node starts (and the base build's). */
async function measure(doc: Opened, bundles: string[]) {
  console.log(`cold start (${doc.name}), node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}; load average ${loadavg()}; ${runs} alternated runs`);
  for (const b of bundles) console.log(`  ${b === ownBundle ? 'this' : 'base'}: ${path.relative(root, b)} ${kib(b)} KiB${lazyKib(b)}`);
  const figures = bundles.map(() => ({ total: [] as number[], initialize: [] as number[], firstCheck: [] as number[], load: [] as number[], findings: 0 }));
  const bares: number[] = [];
  // One unmeasured round first: the page cache holds the files after it, as it does for a person.
  await bare();
  for (const b of bundles) {
    await server(doc, [], b);
    load(b);
  }
  for (let i = 0; i < runs; i++) {
    bares.push(await bare());
    for (const [k, b] of bundles.entries()) {
      const s = await server(doc, [], b);
      const f = figures[k];
      f.total.push(s.total);
      f.initialize.push(s.initialize);
      f.firstCheck.push(s.firstCheck);
      f.findings = s.findings;
      f.load.push(load(b));
    }
  }
  const bareMedian = median(bares);
  const x = (v: number) => `${(v / bareMedian).toFixed(2)}× bare`;
  console.log(`  bare node start (node -e 0, spawn → exit)            ${ms(bareMedian)}`);
  for (const [k, b] of bundles.entries()) {
    const f = figures[k];
    console.log(`  ${b === ownBundle ? 'this' : 'base'}: spawn → first diagnostics (${f.findings} findings)  ${ms(median(f.total))} = ${x(median(f.total))}`);
    console.log(`    spawn → initialize answered                       ${ms(median(f.initialize))} = ${x(median(f.initialize))}`);
    console.log(`    first check (didOpen → publishDiagnostics)        ${ms(median(f.firstCheck))}`);
    console.log(`    bundle load alone (require, in-process)           ${ms(median(f.load))} = ${x(median(f.load))}`);
  }
  if (baseBundle)
    console.log(
      `  this ÷ base: spawn → first diagnostics ${(median(figures[0].total) / median(figures[1].total)).toFixed(2)}×, first check ${(median(figures[0].firstCheck) / median(figures[1].firstCheck)).toFixed(2)}×, bundle load ${(median(figures[0].load) / median(figures[1].load)).toFixed(2)}×`,
    );
  console.log(`  load average after: ${loadavg()}`);
}

async function main() {
  const bundles = [ownBundle, ...(baseBundle ? [baseBundle] : [])];
  for (const b of bundles) {
    if (!existsSync(b)) {
      console.log(`cold-start: no ${b}, run \`npm run build\` there first`);
      return;
    }
  }
  for (const doc of documents) await measure(doc, bundles);
  if (profileDir) {
    await server(documents[0], ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`]);
    console.log(`  a start's CPU profile is in ${profileDir}`);
  }
}

main().catch((e) => {
  console.log(`cold-start: failed: ${String(e)}`);
});
