/**
 * MathCritic in a real VS Code (code-server), driven as a person would through Debian's
 * Chromium. Run `bash test/e2e/setup.sh` once, then `npm run test:e2e`. Screenshots go to
 * test/e2e/artifacts/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, copyFileSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { chromium, type Page } from 'playwright-core';

const root = path.resolve(__dirname, '../..');
const tools = path.join(__dirname, '.tools');
const artifacts = path.join(__dirname, 'artifacts');
const port = 8000 + Math.floor(Math.random() * 1000);

async function startCodeServer(): Promise<{ child: ChildProcess; workspace: string }> {
  const base = mkdtempSync(path.join(tmpdir(), 'mathcritic-e2e-'));
  const ext = path.join(base, 'extensions');
  const data = path.join(base, 'data');
  const workspace = path.join(base, 'ws');
  for (const d of [ext, path.join(data, 'User'), workspace]) mkdirSync(d, { recursive: true });
  // The extension as built in this checkout, installed unpacked.
  symlinkSync(root, path.join(ext, 'mathcritic.mathcritic-0.1.0'));
  writeFileSync(path.join(data, 'User', 'settings.json'), JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none' }));
  copyFileSync(path.join(root, 'examples', 'bakery.solution.md'), path.join(workspace, 'bakery.solution.md'));
  const node = path.join(tools, 'node_modules/node/bin/node');
  const child = spawn(node, [path.join(tools, 'node_modules/code-server/out/node/entry.js'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--extensions-dir', ext, '--user-data-dir', data, workspace], {
    env: { ...process.env, PATH: `${path.dirname(node)}:${process.env.PATH}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('code-server did not start in 60 s')), 60_000);
    child.stdout!.on('data', (d) => String(d).includes('HTTP server listening') && (clearTimeout(t), resolve()));
  });
  return { child, workspace };
}

async function openFile(page: Page, name: string) {
  await page.keyboard.press('Control+P');
  await page.waitForTimeout(500);
  await page.keyboard.type(name);
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
}

async function problems(page: Page): Promise<string> {
  return page.locator('.markers-panel').innerText().catch(() => '');
}

async function main() {
  mkdirSync(artifacts, { recursive: true });
  const { child, workspace } = await startCodeServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(`http://127.0.0.1:${port}/?folder=${workspace}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForTimeout(3000);

    // Open an example: the Problems panel lists the checker's findings on the right lines.
    await openFile(page, 'bakery.solution.md');
    await page.waitForTimeout(5000);
    await page.keyboard.press('Control+Shift+M');
    await page.waitForTimeout(2000);
    let panel = await problems(page);
    await page.screenshot({ path: path.join(artifacts, '1-findings.png') });
    assert.match(panel, /5 \+ 3 × 2 = 16 is wrong: 5 \+ 3 × 2 = 11/);
    assert.match(panel, /\[Ln 12, Col 28\]/);
    assert.match(panel, /wrong-final-answer/);

    // Fix the equation as a person would: select "16" on line 12 and type 11.
    const file = readFileSync(path.join(workspace, 'bakery.solution.md'), 'utf8');
    assert.ok(file.includes('5 + 3 × 2 = 16'));
    await page.keyboard.press('Control+G');
    await page.keyboard.type('12:40');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.type('11');
    await page.waitForTimeout(3000);
    panel = await problems(page);
    await page.screenshot({ path: path.join(artifacts, '2-fixed.png') });
    assert.doesNotMatch(panel, /is wrong: 5 \+ 3 × 2/);
    console.log('e2e: findings shown on open, gone after the fix; screenshots in test/e2e/artifacts/');
  } finally {
    await browser.close();
    child.kill();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
