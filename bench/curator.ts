/**
 * The dataset curator at MathCritique-76k scale: a generated 76,000-record critique dataset
 * (problem, 5–10 steps, a critique, a few KB a record), each measurement in a fresh child
 * process so nothing is warm:
 *   - open → first record shown (the first records indexed + journal replay + read + normalize +
 *     check record 0; the rest of the scan goes on after it, as in the language server), the
 *     whole scan, with the child's peak RSS (targets from issue 15: ≤ 1 s, ≤ 250 MB);
 *   - stats over all records, find-next-unlabelled past 5,000 labelled records, replay of a
 *     10,000-event journal, and a full export.
 * The first open scans and persists the index; a reopen reads it (both measured, and their ratio).
 * Figures, never pass/fail. Run: node --import tsx bench/curator.ts [--runs N] [--records N[,N…]] [--quick] [--data DIR]
 * (several sizes: each measured, then how time and memory grow per record; --data keeps the generated datasets).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { CuratorStore, CurationBook, Journal } from '../server/src/engine/curate';
import { indexFileFor } from '../server/src/engine/curate/index-file';
import { checkerCacheFor } from '../server/src/engine/curate/checker-cache';
import type { CurationEvent, JournalEntry } from '../protocol/curator';
import { median, sampleSteps } from './corpus';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const argText = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

// ---- child: one measurement in a fresh process, printed as one JSON line ----

function child(mode: string, dataset: string, journal: string, labelled: number): void {
  const baseRss = process.memoryUsage().rss;
  const result: Record<string, number> = {};
  const t0 = performance.now();
  // As the language server opens it: the first records indexed, the rest scanned in slices.
  const store = CuratorStore.open(dataset, { journalPath: journal, progressive: true });
  const t1 = performance.now();
  store.view(0);
  const t2 = performance.now();
  result.openMs = t1 - t0;
  result.firstRecordMs = t2 - t0;
  result.fromIndexFile = store.index.origin === 'index-file' ? 1 : 0;
  result.indexedAtFirstRecord = store.count;
  if (mode === 'first') {
    // The whole scan (it goes on after the first record is shown; on a reopen, the saved offsets verified), then the index file written.
    void Promise.all([store.indexed, store.index.scanned]).then(async () => {
      result.scanMs = performance.now() - t0;
      result.records = store.count;
      const t = performance.now();
      await store.index.saved;
      result.saveIndexMs = performance.now() - t;
      finish();
    });
    return;
  }
  if (mode === 'ops') {
    // As the server answers a stats request: the checker run on labelled records for a bounded time, the rest counted as pending.
    void (async () => {
      let t = performance.now();
      await store.warmStats(400);
      result.statsPending = store.statsSoFar().humanChecker.pending ?? 0;
      result.statsFirstMs = performance.now() - t;
      t = performance.now();
      store.stats();
      result.statsCompleteMs = performance.now() - t + result.statsFirstMs;
      t = performance.now();
      store.stats();
      result.statsMs = performance.now() - t;
      ops();
      finish();
    })();
    return;
  }
  function ops() {
    let t = performance.now();
    result.foundUnlabelled = store.find(-1, 1, { unlabelled: true }) ?? -1;
    result.findUnlabelledMs = performance.now() - t;
    t = performance.now();
    result.foundDisagreement = store.find(labelled, 1, { disagreement: true }) ?? -1;
    result.findDisagreementMs = performance.now() - t;
    t = performance.now();
    for (let i = 0; i < 200; i++) store.view((i * 37) % store.count);
    result.viewMs = (performance.now() - t) / 200;
    // Replay alone (no dataset): read the journal and merge every event.
    t = performance.now();
    const book = new CurationBook();
    const read = new Journal(journal).readNew();
    for (const e of read.entries) book.apply(e);
    result.replayEvents = read.entries.length;
    result.replayMs = performance.now() - t;
  }
  if (mode === 'export') {
    result.rssBeforeExportMb = process.memoryUsage().rss / 2 ** 20;
    const t = performance.now();
    void store.indexed.then(() => store.export(path.join(path.dirname(dataset), 'curated.jsonl'))).then(({ written }) => {
      result.exportMs = performance.now() - t;
      result.exported = written;
      finish();
    });
    return;
  }
  finish();
  function finish() {
    store.close();
    result.baseRssMb = baseRss / 2 ** 20;
    result.peakRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

// ---- parent: generate the data, run the children, print medians ----

const datasetFile = (dir: string, n: number, ids = true) => path.join(dir, `critiques-${n}${ids ? '' : '-no-ids'}.jsonl`);

/** The generated dataset of `n` records in `dir`, reused when an earlier run left it there (--data). */
function generated(dir: string, n: number): string {
  const file = datasetFile(dir, n);
  return existsSync(file) ? file : generate(dir, n);
}

function generate(dir: string, n: number, ids = true): string {
  const pool = sampleSteps();
  const file = datasetFile(dir, n, ids);
  const fd = openSync(file, 'w');
  let buf: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = 5 + (i % 6);
    const steps = Array.from({ length: k }, (_, j) => {
      const s = pool[(i * 7 + j * 13) % pool.length];
      // Steps as models write them: prose, an equation, some LaTeX.
      return `${s} Therefore we have $\\frac{${i % 97}}{${(j % 9) + 2}} \\cdot ${j + 1} = ${((i % 97) * (j + 1)) / ((j % 9) + 2)}$, which we carry into the next step of the computation.`;
    });
    const wrong = i % 3 === 0 ? -1 : i % k;
    // One record in ten has an arithmetic slip in its first step that the critic missed: a disagreement to find.
    if (i % 10 === 7) steps[0] += ' Check: 3 * 4 = 13.';
    const critique = [
      ...steps.map(
        (s, j) =>
          `Step ${j + 1}: ${wrong >= 0 && j === wrong ? 'incorrect' : 'correct'}. ${s.slice(0, 120)} — the computation ${wrong === j ? 'does not follow from the previous step; recompute it carefully' : 'follows from the previous step'}.`,
      ),
      wrong >= 0 ? `Conclusion: the first wrong step is Step ${wrong + 1}.` : 'Conclusion: all steps are correct.',
    ].join('\n');
    const problem = `Problem ${i}: ${pool[i % pool.length]} A store sells ${i % 50} boxes of ${(i % 12) + 2} pens at $${(i % 9) + 1} each and gives a discount of ${(i % 20) + 5}% on orders above $100. How much does a customer pay for ${(i % 7) + 2} boxes, and what is the average price per pen?`;
    const record = {
      ...(ids ? { id: `mc-${i}` } : {}),
      source: ['gsm8k', 'math', 'olympiad', 'mmlu'][i % 4],
      problem,
      steps,
      response: steps.map((s, j) => `Step ${j + 1}: ${s}`).join('\n\n'),
      critique,
      first_wrong_step: wrong,
      verdict: wrong < 0 ? 'correct' : 'incorrect',
      model: 'critic-bench',
      answer: String(i % 1000),
    };
    buf.push(JSON.stringify(record));
    if (buf.length === 1000) {
      writeSync(fd, buf.join('\n') + '\n');
      buf = [];
    }
  }
  if (buf.length) writeSync(fd, buf.join('\n') + '\n');
  closeSync(fd);
  return file;
}

/** 10,000 events over records 0..4,999 (so find-next-unlabelled has 5,000 labelled records to skip). */
function journalOf(file: string, events: number, records: number): void {
  const kinds = (i: number, r: number): CurationEvent => {
    switch (i % 4) {
      case 0:
        return { kind: 'first-wrong-step', step: r % 5 };
      case 1:
        return { kind: 'rate-step', step: i % 5, rating: (['correct', 'neutral', 'incorrect'] as const)[i % 3] };
      case 2:
        return { kind: 'critique-verdict', verdict: i % 5 === 0 ? 'rejected' : 'accepted' };
      default:
        return { kind: 'note', text: `looked at it (${i})` };
    }
  };
  const lines: string[] = [];
  const t0 = Date.UTC(2026, 0, 1);
  for (let i = 0; i < events; i++) {
    const r = i % records;
    const entry: JournalEntry = {
      v: 1,
      id: `bench:${String(i).padStart(9, '0')}`,
      record: `mc-${r}`,
      at: new Date(t0 + i * 1000).toISOString(),
      by: 'bench',
      event: kinds(Math.floor(i / records) + i, r),
    };
    lines.push(JSON.stringify(entry));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

/**
 * The children run this file bundled by esbuild, as the language server runs (dist/server.js):
 * under tsx a process starts at about 150 MB of RSS, and the curator's own memory would be
 * lost beside the TypeScript loader's.
 */
let childBundle: string | undefined;
function bundled(dir: string): string {
  if (childBundle) return childBundle;
  childBundle = path.join(dir, 'curator-bench.cjs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('esbuild') as typeof import('esbuild')).buildSync({ entryPoints: [__filename], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: childBundle, logLevel: 'error' });
  return childBundle;
}

function runChild(mode: string, dataset: string, journal: string, labelled = 0, fresh = false): Record<string, number> {
  // A first open: no index persisted by an earlier run.
  if (fresh) rmSync(indexFileFor(dataset, journal), { force: true });
  const r = spawnSync(process.execPath, [bundled(path.dirname(dataset)), '--child', mode, dataset, journal, String(labelled)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

type Figures = Record<'records' | 'firstRecordMs' | 'scanMs' | 'reopenMs' | 'firstPeakMb' | 'reopenPeakMb' | 'baseMb' | 'statsFirstMs' | 'statsCompleteMs', number>;

function main(): void {
  const runs = arg('--runs', 5);
  // --records 76000,760000: each size in turn, then how time and memory grow between them.
  const sizes = (argText('--records') ?? '76000').split(',').map(Number);
  // --quick: only the open, reopen and ops figures (for 760k records, where the extra dataset and the export take minutes); always so past the first size.
  const quick = process.argv.includes('--quick');
  // --data DIR: keep the generated dataset in DIR and reuse it on the next run (760k records take minutes to generate).
  const keep = argText('--data');
  const dir = keep ?? mkdtempSync(path.join(tmpdir(), 'mathcritic-bench-curator-'));
  try {
    const all = sizes.map((n, k) => measure(dir, n, k === 0 ? runs : Math.min(runs, 2), quick || k > 0));
    if (all.length > 1) {
      const [a] = all;
      console.log(`How it grows (each size against ${a.records.toLocaleString('en')} records; 1.00× per record = linear):`);
      for (const b of all.slice(1)) {
        const x = b.records / a.records;
        const per = (k: keyof Figures) => `${(b[k] / a[k]).toFixed(1)}× (${(b[k] / a[k] / x).toFixed(2)}× per record)`;
        const heap = (k: 'firstPeakMb' | 'reopenPeakMb') => `${((b[k] - b.baseMb) / (a[k] - a.baseMb)).toFixed(1)}×, ${(((b[k] - b.baseMb) * 2 ** 20) / b.records).toFixed(0)} vs ${(((a[k] - a.baseMb) * 2 ** 20) / a.records).toFixed(0)} bytes a record`;
        console.log(`  ${b.records.toLocaleString('en')} records (${x.toFixed(0)}×): first record on a first open ${per('firstRecordMs')}; whole scan ${per('scanMs')}; reopen ${per('reopenMs')}; stats first call ${per('statsFirstMs')}, complete ${per('statsCompleteMs')}`);
        console.log(`    memory above the process's start: first open ${heap('firstPeakMb')}; reopen ${heap('reopenPeakMb')} (peak RSS ${b.firstPeakMb.toFixed(0)} / ${b.reopenPeakMb.toFixed(0)} MB against ${a.firstPeakMb.toFixed(0)} / ${a.reopenPeakMb.toFixed(0)} MB)`);
      }
    }
    console.log(`  machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg()[0].toFixed(1)} (absolute figures move with both; the ratios less)`);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

function measure(dir: string, n: number, runs: number, quick: boolean): Figures {
  {
    const t = performance.now();
    const dataset = generated(dir, n);
    const size = statSync(dataset).size;
    console.log(
      `Curator on a generated ${n.toLocaleString('en')}-record critique dataset: ${(size / 2 ** 20).toFixed(0)} MB, ${(size / n / 1024).toFixed(1)} KB a record (generated in ${((performance.now() - t) / 1000).toFixed(1)} s)`,
    );
    const empty = path.join(dir, 'empty.journal');
    const full = path.join(dir, 'labels.journal');
    // 10,000 events on 5,000 records (fewer on a small dataset: half its records labelled).
    const labelled = Math.min(5_000, Math.floor(n / 2));
    journalOf(full, 2 * labelled, labelled);
    const m = (xs: Record<string, number>[], k: string) => median(xs.map((x) => x[k]));
    const mb = (xs: Record<string, number>[]) => `peak RSS ${m(xs, 'peakRssMb').toFixed(0)} MB (process at start ${m(xs, 'baseRssMb').toFixed(0)} MB)`;

    const cold = Array.from({ length: runs }, () => runChild('first', dataset, empty, 0, true));
    console.log(
      `  first open → first record shown (the scan goes on after it): median ${m(cold, 'firstRecordMs').toFixed(0)} ms (${m(cold, 'indexedAtFirstRecord').toLocaleString('en')} records indexed by then); the whole scan ${m(cold, 'scanMs').toFixed(0)} ms (first record at ${(m(cold, 'firstRecordMs') / m(cold, 'scanMs')).toFixed(3)}× of it), then the index file written in ${m(cold, 'saveIndexMs').toFixed(0)} ms; ${mb(cold)}  [${runs} fresh processes; target ≤ 1 s]`,
    );
    const warm = Array.from({ length: runs }, () => runChild('first', dataset, empty));
    if (warm.some((w) => !w.fromIndexFile)) throw new Error('a reopen scanned the dataset again instead of reading its index file');
    console.log(
      `  reopen → first record shown (reads the persisted index): median ${m(warm, 'firstRecordMs').toFixed(0)} ms (index ${m(warm, 'openMs').toFixed(0)} ms), ${mb(warm)}; ${(m(warm, 'firstRecordMs') / m(cold, 'firstRecordMs')).toFixed(3)}× the first open; every saved offset verified against the file after ${m(warm, 'scanMs').toFixed(0)} ms (in slices, records served meanwhile)  [${runs} fresh processes; target ≤ 1 s]`,
    );

    if (!quick) {
      // Without ids every record is keyed by a sha256 of its problem and steps, computed in the scan.
      const noIds = generate(dir, n, false);
      const hashed = Array.from({ length: Math.min(runs, 3) }, () => runChild('first', noIds, empty, 0, true));
      rmSync(noIds);
      console.log(
        `  the same records without ids (keyed by sha256 of problem + steps), first open: first record ${m(hashed, 'firstRecordMs').toFixed(0)} ms, peak RSS ${m(hashed, 'peakRssMb').toFixed(0)} MB`,
      );
    }

    // The first of these checks every labelled record and persists the verdicts; the others read them.
    rmSync(checkerCacheFor(indexFileFor(dataset, full)), { force: true });
    const [fresh, ...ops] = Array.from({ length: runs + 1 }, () => runChild('ops', dataset, full, labelled));
    console.log(
      `  with a ${(2 * labelled).toLocaleString('en')}-event journal on ${labelled.toLocaleString('en')} records, reopened: open → first record ${m(ops, 'firstRecordMs').toFixed(0)} ms, ${mb(ops)}`,
    );
    console.log(
      `  stats over all records, first call (as the server answers it: at most 400 ms of checker, the rest pending): ${m(ops, 'statsFirstMs').toFixed(1)} ms with the checker verdicts persisted by an earlier session; ${fresh.statsFirstMs.toFixed(0)} ms in the first session that needs them, with the human–checker agreement of ${fresh.statsPending.toLocaleString('en')} labelled records still pending (completed in ${fresh.statsCompleteMs.toFixed(0)} ms: the checker on every record with a human first wrong step; the server starts it in the background at open): ${(m(ops, 'statsFirstMs') / fresh.statsFirstMs).toFixed(4)}×; then ${m(ops, 'statsMs').toFixed(3)} ms (kept up to date)  [target ≤ 1 s]`,
    );
    console.log(`  replay of the journal alone: ${m(ops, 'replayMs').toFixed(1)} ms (${m(ops, 'replayEvents')} events)`);
    console.log(`  find next unlabelled past ${labelled.toLocaleString('en')} labelled records: ${m(ops, 'findUnlabelledMs').toFixed(2)} ms (found record ${m(ops, 'foundUnlabelled')})`);
    console.log(
      `  find next disagreement from record ${labelled.toLocaleString('en')} (runs the checker on each record it passes): ${m(ops, 'findDisagreementMs').toFixed(1)} ms (found record ${m(ops, 'foundDisagreement')}; with no match it costs about one record check per record passed, see the next line)`,
    );
    console.log(`  show one record (read + normalize + check): ${m(ops, 'viewMs').toFixed(2)} ms`);

    if (!quick) {
      const exp = runChild('export', dataset, full);
      console.log(
        `  export of all records with labels merged (streamed, atomic): ${(exp.exportMs / 1000).toFixed(1)} s, peak RSS ${exp.peakRssMb.toFixed(0)} MB (RSS before the export ${exp.rssBeforeExportMb.toFixed(0)} MB)  [1 run]`,
      );
    }
    return {
      records: n,
      firstRecordMs: m(cold, 'firstRecordMs'),
      scanMs: m(cold, 'scanMs'),
      reopenMs: m(warm, 'firstRecordMs'),
      firstPeakMb: m(cold, 'peakRssMb'),
      reopenPeakMb: m(warm, 'peakRssMb'),
      baseMb: m(cold, 'baseRssMb'),
      statsFirstMs: fresh.statsFirstMs,
      statsCompleteMs: fresh.statsCompleteMs,
    };
  }
}

if (process.argv[2] === '--child') child(process.argv[3], process.argv[4], process.argv[5], Number(process.argv[6]));
else main();
