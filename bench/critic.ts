/**
 * The model critic's own overhead, against the loopback OpenAI-compatible test server (no GPU:
 * what is measured is MathCritic's client, prompt, parsing and cache, not a model).
 * Run: node --import tsx bench/critic.ts
 */
import { OpenAITestServer } from '../test/support/openai-test-server';
import { ChatEndpoint } from '../server/src/engine/model';
import { CritiqueCache, critiqueSolution } from '../server/src/engine/critic';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { median } from './corpus';

/** The test server in a child process: the model server is never in the client's process. */
async function serveApart(delayMs: number): Promise<{ baseUrl: string; close: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support/serve-test-server.ts'), String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const baseUrl = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
  return { baseUrl, close: () => child.kill('SIGTERM') };
}

const answer = JSON.stringify({ steps: [{ step: 1, correct: true, comment: 'ok' }, { step: 2, correct: false, comment: '9 * 2 is 18' }], first_wrong_step: 2, feedback: '9 * 2 is 18, not 20.' });
const solution = (i: number) => ({ problem: `Problem ${i}: eggs`, steps: ['16 - 3 - 4 = 9 eggs.', `9 * 2 = ${20 + (i % 3)}.`, 'The answer is 20.'] });

async function main() {
  const server = await OpenAITestServer.start({ responder: () => ({ content: answer }) });
  const slow = await serveApart(200);
  const slowLocal = await OpenAITestServer.start({ responder: () => ({ content: answer, delayMs: 200 }) });
  try {
    // (1) Client overhead over a raw HTTP POST of the same request, at 200 ms model latency.
    const input = solution(7);
    const endpoint200 = new ChatEndpoint({ baseUrl: slow.baseUrl, model: 'bench', timeoutMs: 10_000, concurrency: 64 });
    await critiqueSolution(input, { endpoint: endpoint200, temperature: 0, maxTokens: 256, samples: 1 });
    await critiqueSolution(input, { endpoint: new ChatEndpoint({ baseUrl: slowLocal.baseUrl, model: 'bench', timeoutMs: 10_000 }), temperature: 0, maxTokens: 256, samples: 1 });
    const body = JSON.stringify(slowLocal.requests.at(-1)!.body);
    const viaClient: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < 25; i++) {
      let t = performance.now();
      await critiqueSolution(input, { endpoint: endpoint200, temperature: 0, maxTokens: 256, samples: 1 });
      viaClient.push(performance.now() - t);
      t = performance.now();
      const res = await fetch(`${slow.baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.json();
      raw.push(performance.now() - t);
    }
    const overhead = (median(viaClient) - median(raw)) / median(raw);
    console.log(`(1) critique via the client: median ${median(viaClient).toFixed(1)} ms vs raw POST ${median(raw).toFixed(1)} ms at 200 ms model latency: overhead ${(overhead * 100).toFixed(2)} % (target ≤ 2 %)`);
    // (2) Batch throughput at concurrency 64 with 200 ms latency; the ideal is 64 / 0.2 s = 320 req/s.
    // The client and raw POSTs take turns, round by round, so a change in the machine's load
    // falls on both; the CPU this process spends per request does not depend on that load.
    {
      const n = 640;
      const ROUNDS = 5;
      const batch = async (one: (i: number) => Promise<unknown>) => {
        let next = 0;
        const cpu = process.cpuUsage();
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: 64 }, async () => {
            while (next < n) await one(next++);
          }),
        );
        const used = process.cpuUsage(cpu);
        return { rate: n / ((performance.now() - t0) / 1000), cpuMs: (used.user + used.system) / 1000 / n };
      };
      const viaClient = (i: number) => critiqueSolution(solution(1000 + i), { endpoint: endpoint200, temperature: 0, maxTokens: 256, samples: 1 });
      const rawPost = async () => (await fetch(`${slow.baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json();
      await batch(viaClient);
      await batch(rawPost);
      const client: Array<{ rate: number; cpuMs: number }> = [];
      const raws: Array<{ rate: number; cpuMs: number }> = [];
      const ratios: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const c = await batch(viaClient);
        const r = await batch(rawPost);
        client.push(c);
        raws.push(r);
        ratios.push(c.rate / r.rate);
      }
      const rate = median(client.map((c) => c.rate));
      const rawRate = median(raws.map((r) => r.rate));
      console.log(`(2) batch at concurrency 64, 200 ms latency: ${rate.toFixed(0)} req/s = ${((rate / 320) * 100).toFixed(1)} % of the ideal 320 req/s (target ≥ 95 %)`);
      console.log(
        `    raw POSTs at the same load: ${rawRate.toFixed(0)} req/s = ${((rawRate / 320) * 100).toFixed(1)} % of ideal; the client reaches ${((rate / rawRate) * 100).toFixed(1)} % of raw (medians of ${ROUNDS} alternating rounds of ${n}; round by round ${(Math.min(...ratios) * 100).toFixed(1)}–${(Math.max(...ratios) * 100).toFixed(1)} %; target ≥ 98 %)`,
      );
      console.log(
        `    CPU of this process per request: client ${median(client.map((c) => c.cpuMs)).toFixed(3)} ms, raw POST ${median(raws.map((r) => r.cpuMs)).toFixed(3)} ms (load average ${loadavg()[0].toFixed(1)})`,
      );
    }
    for (const concurrency of [1, 8]) {
      const endpoint = new ChatEndpoint({ baseUrl: server.baseUrl, model: 'bench', timeoutMs: 10_000, concurrency });
      const n = 400;
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < n) await critiqueSolution(solution(next++), { endpoint, temperature: 0, maxTokens: 256, samples: 1 });
        }),
      );
      const s = (performance.now() - t0) / 1000;
      console.log(`critiques through the client, concurrency ${concurrency}: ${(n / s).toFixed(0)} /s (${((s / n) * 1000).toFixed(2)} ms each, model time ~0)`);
    }
    const endpoint = new ChatEndpoint({ baseUrl: server.baseUrl, model: 'bench', timeoutMs: 10_000 });
    const cache = new CritiqueCache();
    await critiqueSolution(solution(1), { endpoint, temperature: 0, maxTokens: 256, samples: 1, cache });
    const hits: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      await critiqueSolution(solution(1), { endpoint, temperature: 0, maxTokens: 256, samples: 1, cache });
      hits.push(performance.now() - t);
    }
    console.log(`(3) cached critique, memory: median ${(median(hits) * 1000).toFixed(0)} µs`);
    const folder = mkdtempSync(path.join(tmpdir(), 'mathcritic-bench-cache-'));
    const disk = new CritiqueCache(folder);
    await critiqueSolution(solution(2), { endpoint, temperature: 0, maxTokens: 256, samples: 1, cache: disk });
    await disk.flush();
    const diskHits: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t = performance.now();
      await critiqueSolution(solution(2), { endpoint, temperature: 0, maxTokens: 256, samples: 1, cache: new CritiqueCache(folder) });
      diskHits.push(performance.now() - t);
    }
    rmSync(folder, { recursive: true, force: true });
    console.log(`    cached critique, disk (a restarted server reopening the document): median ${(median(diskHits) * 1000).toFixed(0)} µs`);
    const k: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await critiqueSolution(solution(i), { endpoint, temperature: 0.7, maxTokens: 256, samples: 8 });
      k.push(performance.now() - t);
    }
    console.log(`K = 8 sampled critiques (one request with n = 8): median ${median(k).toFixed(2)} ms`);
  } finally {
    await server.close();
    slow.close();
    await slowLocal.close();
  }
}
void main();
