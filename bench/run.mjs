// Runs every bench in this folder and prints their figures. Figures, never pass/fail.
// Usage: npm run bench            (all)
//        npm run bench -- critic  (those whose file name contains "critic")
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const skip = new Set(['corpus.ts']);
const benches = readdirSync(here).filter((f) => /\.(ts|mjs)$/.test(f) && f !== 'run.mjs' && !skip.has(f) && f.includes(filter)).sort();
let failed = 0;
for (const b of benches) {
  console.log(`\n### ${b}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, b)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
