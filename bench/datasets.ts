/**
 * The dataset reader on the containers the field publishes in (JSON Lines, one JSON array,
 * Parquet), each measurement in a fresh child process so nothing is warm:
 *   - open → first record for a generated 76,000-record critique dataset in Parquet (snappy,
 *     10,000-row groups, `steps` a list<string> column): the streamed reader (what check, eval,
 *     critique see) and the curator (which spools the rows once so a record is one positioned
 *     read), against the same records as JSON Lines in the same run;
 *   - `eval` (embedded checker) over 10,000 records in each container, wall time and peak RSS.
 * Figures, never pass/fail. Run: node --import tsx bench/datasets.ts [--runs N] [--records N] [--eval-only]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readDataset, writeParquetAtomic } from '../server/src/engine/datasets';
import { CuratorStore } from '../server/src/engine/curate';
import { runEval } from '../server/src/cli/commands/eval';
import { median, sampleSteps } from './corpus';
import { sharedRecords } from '../test/support/dataset-fixtures';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

async function child(mode: string, file: string): Promise<void> {
  const result: Record<string, number> = { baseRssMb: process.memoryUsage().rss / 2 ** 20 };
  // Sampled, not getrusage: Linux keeps ru_maxrss across exec, so a child would report its parent's peak.
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  if (mode === 'stream') {
    for await (const r of readDataset(file)) {
      result.firstMs = performance.now() - t0;
      result.steps = r.steps.length;
      break;
    }
  } else if (mode === 'curator') {
    const store = await CuratorStore.openAsync(file, { journalPath: path.join(path.dirname(file), `${path.basename(file)}.bench.journal`) });
    store.view(0);
    result.firstMs = performance.now() - t0;
    result.count = store.count;
    store.close();
  } else if (mode === 'eval') {
    const code = await runEval([file, '--format', 'json'], sink(), sink());
    result.code = code;
    result.evalMs = performance.now() - t0;
  }
  clearInterval(sampler);
  result.peakRssMb = Math.max(peak, process.memoryUsage().rss) / 2 ** 20;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function critiqueRecords(n: number): Record<string, unknown>[] {
  const pool = sampleSteps();
  return Array.from({ length: n }, (_, i) => {
    const k = 5 + (i % 6);
    const steps = Array.from({ length: k }, (_, j) => `${pool[(i * 7 + j * 13) % pool.length]} Therefore $\\frac{${i % 97}}{${(j % 9) + 2}} \\cdot ${j + 1} = ${((i % 97) * (j + 1)) / ((j % 9) + 2)}$, carried into the next step.`);
    const wrong = i % 3 === 0 ? -1 : i % k;
    const critique = [...steps.map((s, j) => `Step ${j + 1}: ${wrong >= 0 && j === wrong ? 'incorrect' : 'correct'}. ${s.slice(0, 120)}`), wrong >= 0 ? `Conclusion: the first wrong step is Step ${wrong + 1}.` : 'Conclusion: all steps are correct.'].join('\n');
    return { id: `mc-${i}`, source: ['gsm8k', 'math', 'olympiad', 'mmlu'][i % 4], problem: `Problem ${i}: ${pool[i % pool.length]} How much does a customer pay for ${(i % 7) + 2} boxes?`, steps, label: wrong, critique, first_wrong_step: wrong, model: 'critic-bench', answer: String(i % 1000) };
  });
}

function runChild(mode: string, file: string): Record<string, number> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  const runs = arg('--runs', 3);
  const n = arg('--records', 76_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-bench-datasets-'));
  try {
    // --eval-only: the second half alone (the 76,000-record part takes minutes on a busy machine).
    if (!process.argv.includes('--eval-only')) await openFigures(dir, n, runs);
    await evalFigures(dir, runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function openFigures(dir: string, n: number, runs: number): Promise<void> {
  const m = (xs: Record<string, number>[], k: string) => median(xs.map((x) => x[k]));
  const mb = (f: string) => (statSync(f).size / 2 ** 20).toFixed(0);
  {
    const records = critiqueRecords(n);
    const parquet = path.join(dir, 'mathcritique.parquet');
    const jsonl = path.join(dir, 'mathcritique.jsonl');
    const t = performance.now();
    await writeParquetAtomic(parquet, records);
    const writeMs = performance.now() - t;
    writeFileSync(jsonl, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    console.log(`Datasets: a generated ${n.toLocaleString('en')}-record critique dataset, Parquet ${mb(parquet)} MB (written in ${(writeMs / 1000).toFixed(1)} s by hyparquet-writer), JSON Lines ${mb(jsonl)} MB. Medians of ${runs} fresh processes; the machine is shared, so read ratios more than absolutes.`);
    const streamPq = Array.from({ length: runs }, () => runChild('stream', parquet));
    const streamJl = Array.from({ length: runs }, () => runChild('stream', jsonl));
    console.log(`  open → first record, streamed reader: Parquet ${m(streamPq, 'firstMs').toFixed(0)} ms (peak RSS ${m(streamPq, 'peakRssMb').toFixed(0)} MB; one 10,000-row group decoded), JSON Lines ${m(streamJl, 'firstMs').toFixed(0)} ms (${m(streamJl, 'peakRssMb').toFixed(0)} MB)`);
    // One run: it decodes the whole file (tens of seconds on a shared 2-core machine).
    const curPq = [runChild('curator', parquet)];
    const curJl = Array.from({ length: runs }, () => runChild('curator', jsonl));
    const ratio = m(curPq, 'firstMs') / m(curJl, 'firstMs');
    console.log(`  open → first record shown, curator: Parquet ${m(curPq, 'firstMs').toFixed(0)} ms (peak RSS ${m(curPq, 'peakRssMb').toFixed(0)} MB; every row group decoded and spooled, then indexed; 1 run), JSON Lines ${m(curJl, 'firstMs').toFixed(0)} ms (${m(curJl, 'peakRssMb').toFixed(0)} MB): Parquet/JSONL ${ratio.toFixed(2)}×`);

  }
}

async function evalFigures(dir: string, runs: number): Promise<void> {
  const m = (xs: Record<string, number>[], k: string) => median(xs.map((x) => x[k]));
  const mb = (f: string) => (statSync(f).size / 2 ** 20).toFixed(0);
  {
    // eval over 10,000 records of the shared public data (the checker's real work), per container.
    const pool = [...sharedRecords('processbench-sample.jsonl'), ...sharedRecords('gsm8k-test-perturbed.jsonl'), ...sharedRecords('gsm8k-test-correct.jsonl'), ...sharedRecords('bbmistake-arith.jsonl')];
    const ten = Array.from({ length: 10_000 }, (_, i) => ({ ...pool[i % pool.length], id: `${pool[i % pool.length].id}#${i}` })) as unknown as Record<string, unknown>[];
    const files = { jsonl: path.join(dir, 'eval.jsonl'), json: path.join(dir, 'eval.json'), parquet: path.join(dir, 'eval.parquet') };
    writeFileSync(files.jsonl, ten.map((r) => JSON.stringify(r)).join('\n') + '\n');
    writeFileSync(files.json, JSON.stringify(ten, null, 2));
    await writeParquetAtomic(files.parquet, ten);
    const ev = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, Array.from({ length: runs }, () => runChild('eval', f))]));
    const base = m(ev.jsonl, 'evalMs');
    for (const [k, f] of Object.entries(files)) {
      console.log(`  eval over 10,000 records, ${k.padEnd(7)} (${mb(f)} MB): ${(m(ev[k], 'evalMs') / 1000).toFixed(2)} s (${(m(ev[k], 'evalMs') / base).toFixed(2)}× JSONL), peak RSS ${m(ev[k], 'peakRssMb').toFixed(0)} MB, exit ${m(ev[k], 'code')}`);
    }
  }
}

if (process.argv[2] === '--child') void child(process.argv[3], process.argv[4]);
else void main();
