/**
 * `mathcritic scale` throughput: the engine's per-problem loop (greedy + max(K) samples, each
 * critiqued and refined, critiqued again) on the CLI's export loop with its predictions file,
 * against the loopback test server in its own process at 200 ms per request, concurrency 64.
 * The ideal is every one of the 64 request slots busy all the time: 64 / 0.2 s = 320 requests/s.
 * Run: node --import tsx bench/scale.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ChatEndpoint } from '../server/src/engine/model';
import { runExport } from '../server/src/engine/export/run-export';
import { appendJsonl } from '../server/src/engine/io/jsonl';
import { scaleProblem, type ScaleProblem, type ScaleRecord } from '../server/src/engine/scale';

const CONCURRENCY = 64;
const LATENCY_MS = 200;
const PROBLEMS = 128;
const K = 8;
const L = 1;

async function serveApart(delayMs: number): Promise<{ baseUrl: string; close: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support/serve-test-server.ts'), String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const baseUrl = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
  return { baseUrl, close: () => child.kill('SIGTERM') };
}

async function main() {
  const server = await serveApart(LATENCY_MS);
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-bench-scale-'));
  // One client for the actor and the critic, as `scale` uses when they share a server and model.
  const endpoint = new ChatEndpoint({ baseUrl: server.baseUrl, model: 'bench', timeoutMs: 60_000, concurrency: CONCURRENCY });
  const problems: ScaleProblem[] = Array.from({ length: PROBLEMS }, (_, i) => ({ id: `p${i}`, source: 'bench', problem: `Problem ${i}: Janet's ducks lay 16 eggs…`, answer: '18' }));
  const options = (signal?: AbortSignal) => ({
    samples: K,
    refinements: L,
    profile: 'json',
    actor: { endpoint, temperature: 0.7, maxTokens: 256, signal },
    critic: { endpoint, temperature: 0, maxTokens: 256, samples: 1, signal },
  });
  try {
    await scaleProblem({ ...problems[0], id: 'warm-up' }, options()); // connections and JIT
    // The machine's own limit in this run: as many single requests from a bare pool of 64
    // workers, measured before and after the scale run (the better of the two: the machine is shared).
    const barePool = async (requests: number) => {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next++ < requests) await endpoint.complete({ messages: [{ role: 'user', content: `Problem ${next}` }], temperature: 0, maxTokens: 256 });
        }),
      );
      return requests / ((performance.now() - t0) / 1000);
    };
    const bareBefore = await barePool(2048);
    const out = path.join(dir, 'predictions.jsonl');
    const t = performance.now();
    const records: ScaleRecord[] = [];
    const summary = await runExport<ScaleProblem, ScaleRecord>({
      jobs: problems,
      concurrency: CONCURRENCY,
      run: async (p, signal) => ({ output: await scaleProblem(p, options(signal)) }),
      write: async (batch) => {
        await appendJsonl(out, batch.map((b) => b.output));
        records.push(...batch.map((b) => b.output));
      },
    });
    const seconds = (performance.now() - t) / 1000;
    const bare = Math.max(bareBefore, await barePool(2048));
    if (summary.written !== PROBLEMS || readFileSync(out, 'utf8').trim().split('\n').length !== PROBLEMS) throw new Error(`expected ${PROBLEMS} lines (summary ${JSON.stringify(summary)})`);
    // HTTP requests: the greedy one, the one that samples K (n = K), each critique and refinement.
    const requests = records.reduce((sum, r) => sum + 2 + r.samples.reduce((s, x) => s + x.calls - 1, 0), 0);
    // Model calls as `scale` counts them: every generation (the K samples count K).
    const calls = records.reduce((sum, r) => sum + 1 + r.samples.reduce((s, x) => s + x.calls, 0), 0);
    const ideal = CONCURRENCY / (LATENCY_MS / 1000);
    // The longest chain of one problem (sample → critique → refine → critique …) bounds it too.
    const chain = 2 + 2 * L;
    console.log(`scale (${PROBLEMS} problems, K = ${K}, L = ${L}, concurrency ${CONCURRENCY}, ${LATENCY_MS} ms per request; ideal ${ideal} requests/s):`);
    console.log(`  ${requests} requests (${calls} model calls) in ${seconds.toFixed(2)} s: ${(requests / seconds).toFixed(0)} requests/s = ${((requests / seconds / ideal) * 100).toFixed(1)} % of ideal; ${(calls / seconds).toFixed(0)} model calls/s`);
    console.log(`  a bare pool of ${CONCURRENCY} workers sending single requests, same run: ${bare.toFixed(0)} requests/s = ${((bare / ideal) * 100).toFixed(1)} % of ideal; scale reaches ${((requests / seconds / bare) * 100).toFixed(1)} % of it`);
    console.log(`  lower bound on the time: max(requests / ideal, one problem's chain of ${chain} requests) = ${Math.max(requests / ideal, (chain * LATENCY_MS) / 1000).toFixed(2)} s`);
  } finally {
    server.close();
    if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

void main();
