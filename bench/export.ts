/**
 * What the export loop shared by the CLI and the editor (engine/export/run-export.ts) costs on
 * top of the critiques themselves: critique records written as whole, flushed JSONL lines, one
 * writer at a time, against the loopback test server in its own process at 200 ms model latency.
 * Run: node --import tsx bench/export.ts
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ChatEndpoint } from '../server/src/engine/model';
import { critiqueSolution } from '../server/src/engine/critic';
import { toCritiqueRecord } from '../server/src/engine/export/critique-record';
import { runExport } from '../server/src/engine/export/run-export';
import { appendJsonl } from '../server/src/engine/io/jsonl';
import { median } from './corpus';

const CONCURRENCY = 64;
const LATENCY_MS = 200;
const N = 1280;

async function serveApart(delayMs: number): Promise<{ baseUrl: string; close: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support/serve-test-server.ts'), String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const baseUrl = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
  return { baseUrl, close: () => child.kill('SIGTERM') };
}

const job = (i: number) => ({ id: `job-${i}`, problem: `Problem ${i}: eggs`, steps: ['16 - 3 - 4 = 9 eggs.', `9 * 2 = ${20 + (i % 3)}.`, 'The answer is 20.'] });

async function main() {
  const server = await serveApart(LATENCY_MS);
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-bench-export-'));
  const endpoint = new ChatEndpoint({ baseUrl: server.baseUrl, model: 'bench', timeoutMs: 30_000, concurrency: CONCURRENCY });
  const critique = (j: ReturnType<typeof job>, signal?: AbortSignal) => critiqueSolution(j, { endpoint, temperature: 0, maxTokens: 256, samples: 1, signal });
  try {
    await critique(job(-1));
    const bare: number[] = [];
    const loop: number[] = [];
    const loopNoDisk: number[] = [];
    for (let round = 0; round < 3; round++) {
      // The same critiques from a bare pool of workers, records kept in memory: the baseline.
      let t = performance.now();
      let next = 0;
      const kept: unknown[] = [];
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < N) {
            const j = job(round * 10 * N + next++);
            kept.push(toCritiqueRecord(j, (await critique(j)).result));
          }
        }),
      );
      bare.push(N / ((performance.now() - t) / 1000));

      const out = path.join(dir, `round-${round}.jsonl`);
      t = performance.now();
      const summary = await runExport({
        jobs: Array.from({ length: N }, (_, i) => job((round * 10 + 5) * N + i)),
        concurrency: CONCURRENCY,
        run: async (j, signal) => ({ output: toCritiqueRecord(j, (await critique(j, signal)).result) }),
        write: (batch) => appendJsonl(out, batch.map((b) => b.output)),
        onProgress: () => {},
      });
      loop.push(N / ((performance.now() - t) / 1000));
      t = performance.now();
      await runExport({
        jobs: Array.from({ length: N }, (_, i) => job((round * 10 + 7) * N + i)),
        concurrency: CONCURRENCY,
        run: async (j, signal) => ({ output: toCritiqueRecord(j, (await critique(j, signal)).result) }),
        write: async (batch) => void batch.map((b) => JSON.stringify(b.output)),
      });
      loopNoDisk.push(N / ((performance.now() - t) / 1000));
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      if (summary.written !== N || lines.length !== N) throw new Error(`expected ${N} lines, got ${lines.length} (summary ${JSON.stringify(summary)})`);
    }
    const ideal = CONCURRENCY / (LATENCY_MS / 1000);
    console.log(`export loop (${N} critique records, concurrency ${CONCURRENCY}, ${LATENCY_MS} ms model latency, ideal ${ideal} /s), medians of 3:`);
    console.log(`  bare worker pool, records in memory: ${median(bare).toFixed(0)} records/s (${((median(bare) / ideal) * 100).toFixed(1)} % of ideal)`);
    console.log(`  runExport, records serialized but not written: ${median(loopNoDisk).toFixed(0)} records/s (${((median(loopNoDisk) / median(bare)) * 100).toFixed(1)} % of the bare pool)`);
    console.log(`  runExport, records appended as whole lines, one fsync per batch (group commit): ${median(loop).toFixed(0)} records/s (${((median(loop) / median(bare)) * 100).toFixed(1)} % of the bare pool)`);
  } finally {
    server.close();
    if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

void main();
