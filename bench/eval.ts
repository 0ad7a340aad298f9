/**
 * `mathcritic eval --critic model` throughput: the command itself (dataset read, one critique
 * per record, the predictions file appended as records finish, the report), against the
 * loopback test server in its own process at 200 ms per request, concurrency 64. The ideal is
 * every one of the 64 request slots busy all the time: 64 / 0.2 s = 320 records/s.
 * Measured for a chat profile and, where this build has it, `prm` (vLLM's pooling API).
 * Figures only, never pass/fail. Run: node --import tsx bench/eval.ts [RECORDS]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { runEval } from '../server/src/cli/commands/eval';
import { PROFILE_NAMES } from '../server/src/engine/critic';
import { ChatEndpoint } from '../server/src/engine/model';

const CONCURRENCY = 64;
const LATENCY_MS = 200;
const RECORDS = Number(process.argv[2] ?? 1920);
const IDEAL = CONCURRENCY / (LATENCY_MS / 1000);
const REPEATS = 2;

async function serveApart(delayMs: number): Promise<{ baseUrl: string; close: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support/serve-eval-server.ts'), String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const baseUrl = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
  return { baseUrl, close: () => child.kill('SIGTERM') };
}

const sink = () =>
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  });

async function evalOnce(dir: string, data: string, baseUrl: string, profile: string, name: string): Promise<{ seconds: number; lines: number; code: number }> {
  const predictions = path.join(dir, `${name}.jsonl`);
  const t = performance.now();
  const code = await runEval(
    ['--critic', 'model', '--profile', profile, '--base-url', baseUrl, '--model', 'bench', '--concurrency', String(CONCURRENCY), '--predictions', predictions, '--format', 'json', data],
    sink(),
    sink(),
  );
  const seconds = (performance.now() - t) / 1000;
  return { seconds, lines: readFileSync(predictions, 'utf8').trim().split('\n').length, code };
}

async function main() {
  const server = await serveApart(LATENCY_MS);
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-bench-eval-'));
  const record = (i: number) => ({
    id: `pb-${i}`,
    problem: `Problem ${i}: Janet's ducks lay 16 eggs per day. She eats three for breakfast and bakes muffins with four. She sells the rest for $2 each. How much does she make?`,
    steps: ['She has 16 - 3 - 4 = 9 eggs left.', `She makes 9 * 2 = ${18 + (i % 3)} dollars.`, 'The answer is 18.'],
    label: i % 3 === 0 ? -1 : 1,
    meta: { subset: i % 2 ? 'gsm8k' : 'math' },
  });
  const data = path.join(dir, 'data.jsonl');
  writeFileSync(data, Array.from({ length: RECORDS }, (_, i) => JSON.stringify(record(i))).join('\n') + '\n');
  const warm = path.join(dir, 'warm.jsonl');
  writeFileSync(warm, Array.from({ length: CONCURRENCY }, (_, i) => JSON.stringify(record(RECORDS + i))).join('\n') + '\n');
  try {
    console.log(`eval --critic model (${RECORDS} records, concurrency ${CONCURRENCY}, ${LATENCY_MS} ms per request; ideal ${IDEAL} records/s):`);
    // The machine's own limit in this run: as many single chat requests from a bare pool of 64
    // workers on one client, nothing else (the better of the runs: the machine is shared).
    const endpoint = new ChatEndpoint({ baseUrl: server.baseUrl, model: 'bench', timeoutMs: 60_000, concurrency: CONCURRENCY });
    const barePool = async () => {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next++ < RECORDS) await endpoint.complete({ messages: [{ role: 'user', content: `Problem ${next}` }], temperature: 0, maxTokens: 256 });
        }),
      );
      return RECORDS / ((performance.now() - t0) / 1000);
    };
    await barePool(); // connections and JIT
    let bare = 0;
    const profiles = (['json', 'prm'] as const).filter((p) => (PROFILE_NAMES as readonly string[]).includes(p));
    const best = new Map<string, { rate: number; seconds: number }>();
    for (let round = 0; round < REPEATS; round++) {
      bare = Math.max(bare, await barePool());
      for (const profile of profiles) {
        if (round === 0) await evalOnce(dir, warm, server.baseUrl, profile, `warm-${profile}`); // JIT
        const run = await evalOnce(dir, data, server.baseUrl, profile, `${profile}-${round}`);
        if (run.code !== 0 || run.lines !== RECORDS) console.log(`  ${profile}: exit ${run.code}, ${run.lines} of ${RECORDS} lines written`);
        const rate = run.lines / run.seconds;
        if (rate > (best.get(profile)?.rate ?? 0)) best.set(profile, { rate, seconds: run.seconds });
      }
    }
    bare = Math.max(bare, await barePool());
    for (const [profile, { rate, seconds }] of best) {
      console.log(
        `  ${profile.padEnd(5)} ${RECORDS} records in ${seconds.toFixed(2)} s: ${rate.toFixed(0)} records/s = ${((rate / IDEAL) * 100).toFixed(1)} % of ideal (target ≥ 95 %); ${((rate / bare) * 100).toFixed(1)} % of the bare pool`,
      );
    }
    console.log(
      `  a bare pool of ${CONCURRENCY} workers sending single chat requests, same run: ${bare.toFixed(0)} requests/s = ${((bare / IDEAL) * 100).toFixed(1)} % of ideal (best of ${REPEATS + 1})`,
    );
    for (const p of ['prm']) if (!profiles.includes(p as 'prm')) console.log(`  ${p}: not a profile of this build (PROFILE_NAMES: ${PROFILE_NAMES.join(', ')})`);
    console.log(`  lower bound on the time: ${RECORDS} / ${IDEAL} = ${(RECORDS / IDEAL).toFixed(2)} s`);
  } finally {
    server.close();
    if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

void main();
