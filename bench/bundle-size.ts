/** Sizes of the bundles (run after npm run build). Run: node --import tsx bench/bundle-size.ts */
import { statSync, existsSync } from 'node:fs';
import * as path from 'node:path';

const dist = path.resolve(__dirname, '../dist');
console.log('Bundle sizes');
for (const f of ['client.js', 'server.js', 'cli.js', 'curator.js']) {
  const p = path.join(dist, f);
  if (existsSync(p)) console.log(`  ${f.padEnd(12)} ${(statSync(p).size / 1024).toFixed(0)} KiB`);
}
