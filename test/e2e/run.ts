/**
 * `npm run test:e2e` (after `npm run package`): the scenarios driven in Chromium
 * (scenarios.e2e.ts), then the mocha suite inside code-server's extension host
 * (electron/in-code-server.ts). Both run even if the first fails; exits 1 if either failed.
 * `npm run test:e2e -- NAME` runs the scenarios whose name contains NAME (and the mocha
 * tests whose title does).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const filter = process.argv[2];
const run = (file: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file), ...(filter ? [filter] : [])], { stdio: 'inherit', env: { ...process.env, ...env } }).status;

const t0 = Date.now();
const scenarios = run('scenarios.e2e.ts');
const mocha = run('electron/in-code-server.ts', filter ? { MOCHA_GREP: filter } : {});
console.log(`e2e: scenarios ${scenarios === 0 ? 'passed' : 'FAILED'}, mocha suite in code-server ${mocha === 0 ? 'passed' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
process.exit(scenarios === 0 && mocha === 0 ? 0 : 1);
