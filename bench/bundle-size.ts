/**
 * Sizes of the production bundles (minified, as packaged in the .vsix), built aside in a
 * temporary folder. Run: node --import tsx bench/bundle-size.ts
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const out = mkdtempSync(path.join(tmpdir(), 'mathcritic-bundles-'));
try {
  const r = spawnSync(process.execPath, ['esbuild.mjs', '--production', `--outdir=${out}`], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
  console.log('Production bundle sizes (minified)');
  // lazy/: what the server, the worker and the CLI load on first use (esbuild.mjs, LAZY).
  const files = [...readdirSync(out), ...readdirSync(path.join(out, 'lazy')).map((n) => `lazy/${n}`)].filter((n) => n.endsWith('.js')).sort();
  for (const f of files) {
    console.log(`  ${f.padEnd(16)} ${(statSync(path.join(out, f)).size / 1024).toFixed(0)} KiB`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
