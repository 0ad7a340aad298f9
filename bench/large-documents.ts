/**
 * How time and memory grow with a document's size (issue 11 §5, issue 15 §6): a one-line
 * document of dense arithmetic (the hostile shape: one step, an equation every ~25
 * characters) and the same bytes as GSM8K steps, at 0.5 and 5 MB (and 50 MB with --50: it
 * needs several GB). Each size is parsed and checked by the engine in a fresh process, as the
 * CLI does; the figures are wall time, CPU time and peak RSS, with the ratio to the 0.5 MB
 * figure beside the ratio of sizes (linear: the two ratios agree).
 * Run: node --import tsx bench/large-documents.ts [--50]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { solutionDocument } from './corpus';

if (process.argv[2] === '--child') {
  // Child: check one file, print {wall, cpu, rss}.
  void (async () => {
    const { readFileSync } = await import('node:fs');
    const { parseSolutionDocument } = await import('../server/src/engine/solution');
    const { checkSolution } = await import('../server/src/engine/check');
    // What the process holds before the document: the engine's code and mathjs. Peak RSS above it is the document's.
    const rss0 = process.memoryUsage().rss / 1024 / 1024;
    const text = readFileSync(process.argv[3], 'utf8');
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const { solution, issues } = parseSolutionDocument(text);
    const { findings } = checkSolution(solution, issues);
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    process.stdout.write(JSON.stringify({ wall, cpu: (c.user + c.system) / 1000, rss: process.resourceUsage().maxRSS / 1024, rss0, findings: findings.length, steps: solution.steps.length }));
  })();
} else {
  const MB = 1024 * 1024;
  const sizes = [0.5, 5, ...(process.argv.includes('--50') ? [50] : [])];
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-large-'));
  const shapes: Record<string, (bytes: number) => string> = {
    'one line of equations': (bytes) => `---\nanswer: 18\n---\n${'She buys 3 * 4 = 12 eggs and 5 + 3 × 2 = 16 more. '.repeat(Math.ceil(bytes / 51))}\n`,
    'GSM8K steps': (bytes) => {
      const doc = solutionDocument(10_000);
      const steps = Math.ceil((10_000 * bytes) / doc.length);
      return solutionDocument(steps);
    },
  };
  try {
    console.log('Large documents: parse + check in a fresh process (engine, as the CLI); ratios against 0.5 MB');
    for (const [shape, make] of Object.entries(shapes)) {
      let base: { wall: number; cpu: number; rss: number; rss0: number } | undefined;
      const curve: Array<{ mb: number; wall: number; cpu: number; rss: number; rss0: number }> = [];
      for (const mb of sizes) {
        const file = path.join(dir, `${mb}.solution.md`);
        writeFileSync(file, make(mb * MB));
        const r = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', __filename, '--child', file], { encoding: 'utf8' });
        if (r.status !== 0) {
          console.log(`  ${shape}, ${mb} MB: failed: ${(r.stderr || r.stdout).split('\n').slice(0, 2).join(' ')}`);
          continue;
        }
        const f = JSON.parse(r.stdout) as { wall: number; cpu: number; rss: number; rss0: number; findings: number; steps: number };
        base ??= f;
        curve.push({ mb, ...f });
        const x = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
        console.log(
          `  ${shape}, ${String(mb).padStart(4)} MB (${x(mb, sizes[0])} the size; ${f.steps.toLocaleString('en-US')} steps, ${f.findings.toLocaleString('en-US')} findings): ` +
            `${(f.wall / 1000).toFixed(2)} s wall (${x(f.wall, base.wall)}), ${(f.cpu / 1000).toFixed(2)} s CPU (${x(f.cpu, base.cpu)}), peak RSS ${f.rss.toFixed(0)} MB (${x(f.rss, base.rss)})`,
        );
        rmSync(file);
      }
      // The curve from one size to the next: linear growth reads ×10 → ×10, an exponent of 1.0.
      for (let i = 1; i < curve.length; i++) {
        const [a, b] = [curve[i - 1], curve[i]];
        const size = b.mb / a.mb;
        const grow = (x: number, y: number) => `×${(y / x).toFixed(1)} (exponent ${(Math.log(y / x) / Math.log(size)).toFixed(2)})`;
        console.log(
          `    curve ${a.mb} → ${b.mb} MB (size ×${size.toFixed(0)}): wall ${grow(a.wall, b.wall)}, CPU ${grow(a.cpu, b.cpu)}, peak RSS ${grow(a.rss, b.rss)}, ` +
            `RSS above the loaded engine (${a.rss0.toFixed(0)} MB) ${grow(Math.max(1, a.rss - a.rss0), Math.max(1, b.rss - b.rss0))}`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
