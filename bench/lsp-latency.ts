/**
 * Server time from didOpen / didChange to publishDiagnostics, seen from a client over stdio
 * (so it includes JSON-RPC framing both ways: an upper bound on the server's own time).
 * A change is a keystroke as an editor sends it with incremental sync: one character typed
 * into a step in the middle of the document (a range edit, not the whole text).
 * Targets (issue 15): didChange→publish ≤ 40 ms at 10,000 steps, ≤ 2 ms at 50 steps.
 * Run: npm run build && node --import tsx bench/lsp-latency.ts [--cpu-prof DIR] [--base DIR] [--steps N] [--keys N]
 * (`--base`: a built worktree of another commit, e.g. `git worktree add /tmp/base COMMIT`, measured alternating in the same run;
 * `--cpu-prof`: the server's profile is written to DIR and summarized after the run: where its busy time went;
 * `--steps N`: one document size only; `--keys N`: keystrokes per open, 10 by default)
 */
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { printSummary } from './support/cpu-profile';
import { TestLspClient } from '../test/support/lsp-client';
import { solutionDocument, median, percentile, fmt } from './corpus';

interface Measured {
  opens: number[];
  keystrokes: number[];
  wholeText: number[];
}

const KEYS = Number(flag('--keys') ?? 10);

/** Each open is of a text the server has not seen: it keeps step results across documents. */
let drafts = 0;

async function measure(client: TestLspClient, steps: number, runs: number): Promise<Measured> {
  const m: Measured = { opens: [], keystrokes: [], wholeText: [] };
  for (let r = 0; r < runs; r++) {
    const text = solutionDocument(steps, drafts++);
    // Where a person would type: the end of the middle step's first equation.
    const at = text.indexOf('\n', text.indexOf(`Step ${Math.ceil(steps / 2)}:`));
    const line = text.slice(0, at).split('\n').length - 1;
    const character = at - (text.lastIndexOf('\n', at - 1) + 1);
    const uri = `untitled:bench-${steps}-${r}.solution.md`;
    let t0 = performance.now();
    client.open(uri, text, 1);
    await client.waitForVersion(uri, 1);
    m.opens.push(performance.now() - t0);
    // Keystrokes: "0", "1", … appended to the step.
    let version = 1;
    for (let k = 0; k < KEYS; k++) {
      version++;
      t0 = performance.now();
      void client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character: character + k }, end: { line, character: character + k } }, text: String(k) }],
      });
      await client.waitForVersion(uri, version);
      m.keystrokes.push(performance.now() - t0);
    }
    // A whole-text change (what a client without incremental sync sends).
    version++;
    const edited = `${text.slice(0, at)} 7 * 6 = 42${text.slice(at)}`;
    t0 = performance.now();
    client.change(uri, version, edited);
    await client.waitForVersion(uri, version);
    m.wholeText.push(performance.now() - t0);
    void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  return m;
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? '') : undefined;
}

async function main() {
  const prof = flag('--cpu-prof');
  const profDir = path.resolve(prof || 'cpu-prof');
  const nodeArgs = prof !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const started = Date.now();
  const onlySteps = flag('--steps');
  // `--base DIR`: another build (a worktree of an older commit, built), measured in the same run,
  // run for run alternating with this one, so that the machine's load falls on both alike.
  const baseDir = flag('--base');
  const servers: Array<{ name: string; client: TestLspClient }> = [{ name: 'this build', client: new TestLspClient({ check: { delayMs: 0 } }, [], nodeArgs) }];
  if (baseDir) servers.unshift({ name: 'base', client: new TestLspClient({ check: { delayMs: 0 } }, [], [], {}, path.resolve(baseDir, 'dist/server.js')) });
  for (const { client } of servers) {
    await client.initialize();
    await measure(client, 50, 20); // warm-up: JIT and caches
  }
  console.log(`LSP latency (client-observed, stdio, check.delayMs = 0); targets: keystroke ≤ 2 ms at 50 steps, ≤ 40 ms at 10,000${baseDir ? `; base: ${baseDir}` : ''}`);
  for (const [steps, runs, target] of [
    [50, 100, 2],
    [1_000, 10, undefined],
    [10_000, 5, 40],
  ] as const) {
    if (onlySteps !== undefined && Number(onlySteps) !== steps) continue;
    const all = servers.map((): Measured => ({ opens: [], keystrokes: [], wholeText: [] }));
    for (let r = 0; r < runs; r++) {
      for (const [i, { client }] of servers.entries()) {
        const m = await measure(client, steps, 1);
        all[i].opens.push(...m.opens);
        all[i].keystrokes.push(...m.keystrokes);
        all[i].wholeText.push(...m.wholeText);
      }
    }
    for (const [i, { name }] of servers.entries()) {
      const { opens, keystrokes, wholeText } = all[i];
      const k = median(keystrokes);
      const vsBase = i > 0 ? ` (${(k / median(all[0].keystrokes)).toFixed(2)}× base; whole text ${(median(wholeText) / median(all[0].wholeText)).toFixed(2)}×)` : '';
      console.log(
        `  ${String(steps).padStart(6)} steps, ${name.padEnd(10)}: keystroke didChange→publish median ${fmt(k)} (p90 ${fmt(percentile(keystrokes, 90))})` +
          `${target ? `, ${(k / target).toFixed(2)}× the target` : ''}${vsBase}; whole-text didChange ${fmt(median(wholeText))}; didOpen→publish median ${fmt(median(opens))}  [${runs} opens, ${keystrokes.length} keystrokes]`,
      );
    }
  }
  for (const { client } of servers) await client.shutdown();
  if (prof !== undefined) {
    // The server's main thread writes the biggest profile of this run; a worker thread's are smaller.
    const written = readdirSync(profDir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(profDir, f))
      .filter((f) => statSync(f).mtimeMs >= started)
      .sort((a, b) => statSync(b).size - statSync(a).size);
    console.log(`Where the server's time went (${written.length} profile${written.length === 1 ? '' : 's'} written; opens and warm-up included):`);
    for (const [i, f] of written.entries()) printSummary(f, i === 0 ? 'main thread' : `thread ${i}`, i === 0 ? 15 : 5);
  }
}

void main();
