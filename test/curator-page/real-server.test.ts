/**
 * The curator page against the real language server (dist/server.js over stdio): page →
 * host bridge → LSP request → engine → journal, and back. Checks that what the server sends
 * passes the page's checks, that key presses end up as journal lines, that another window's
 * labels (CURATOR_CHANGED) are redrawn, and that an export carries the labels.
 *
 * Needs Chromium and a built server (`npm run build`, which `npm test` runs first).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestLspClient, SERVER_BUNDLE, fileUri } from '../support/lsp-client';
import { CURATOR_CHANGED, CURATOR_CLOSE, CURATOR_EXPORT, CURATOR_LABEL, CURATOR_OPEN, CURATOR_RECORD, type CuratorExportResult, type CuratorOpenResult, type RecordView } from '../../protocol/curator';
import { RECORDS } from './fixtures';
import { CHROMIUM, openCuratorPage, settled, startPageServer, type PageServer } from './harness';

const skip = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : !existsSync(SERVER_BUNDLE) ? 'no dist/server.js (npm run build)' : false;

describe('curator page with the real server', { skip }, () => {
  let server: PageServer;
  let lsp: TestLspClient;
  let other: TestLspClient;
  let dir: string;
  let file: string;
  let uri: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'curator-real-'));
    file = join(dir, 'olympiad.critiques.jsonl');
    const lines = RECORDS.map((r) =>
      JSON.stringify({ id: r.id, source: r.source, problem: r.problem, steps: r.steps, label: r.label, answer: r.answer, critique: r.critique?.text, first_wrong_step: r.critique?.firstWrongStep ?? undefined, model: r.critique?.model }),
    );
    writeFileSync(file, [...lines.slice(0, 2), '{"torn": ', ...lines.slice(2)].join('\n') + '\n');
    uri = fileUri(file);
    lsp = new TestLspClient({ check: { delayMs: 0 } });
    await lsp.initialize();
    other = new TestLspClient({ check: { delayMs: 0 } });
    await other.initialize();
    server = await startPageServer('olympiad.critiques.jsonl');
  });
  after(async () => {
    await server?.close();
    await lsp?.shutdown();
    await other?.shutdown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('labels by keyboard into the journal, redraws another window’s labels, exports', async () => {
    const exports: string[] = [];
    const p = await openCuratorPage(server, {
      open: () => lsp.connection.sendRequest(CURATOR_OPEN, { uri }) as Promise<CuratorOpenResult>,
      request: (method, params) => lsp.connection.sendRequest(method, { ...params, uri }),
      exportDataset: async () => {
        const target = join(dir, 'olympiad.curated.jsonl');
        const r = (await lsp.connection.sendRequest(CURATOR_EXPORT, { uri, target })) as CuratorExportResult;
        exports.push(r.path);
      },
    });
    // What the extension does with CURATOR_CHANGED: tell the page.
    lsp.connection.onNotification(CURATOR_CHANGED, (params: { uri: string }) => {
      if (params.uri === uri) void p.push({ type: 'changed' });
    });
    const { page } = p;

    // The real server's record passes the page's checks and is drawn: maths, the checker's finding, the skipped line.
    assert.ok((await page.locator('.step .katex').count()) >= 6);
    assert.match(await page.locator('.banner.warn').innerText(), /line 3/);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.match(await page.locator('.critique').first().innerText(), /<script>window\.__pwned=1<\/script>/);

    await page.keyboard.press('1');
    await page.keyboard.press('c');
    await page.keyboard.press('x');
    await page.keyboard.press('2');
    await page.keyboard.press('f');
    await page.keyboard.press('a');
    await settled(page);
    await page.waitForFunction(() => /1 labelled/.test(document.querySelector('.progress')?.textContent ?? ''));

    const opened = (await lsp.connection.sendRequest(CURATOR_OPEN, { uri })) as CuratorOpenResult;
    const journal = readFileSync(opened.journalPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { record: string; event: unknown });
    assert.deepEqual(
      journal.map((e) => e.event),
      [
        { kind: 'rate-step', step: 0, rating: 'correct' },
        { kind: 'rate-step', step: 1, rating: 'incorrect' },
        { kind: 'first-wrong-step', step: 1 },
        { kind: 'critique-verdict', verdict: 'accepted' },
      ],
    );
    assert.ok(journal.every((e) => e.record === 'ineq-0412'));
    assert.ok(p.posted.some((m) => (m as { method?: string }).method === CURATOR_LABEL));

    // Another window labels step 4 of the same record: this page redraws it.
    await other.connection.sendRequest(CURATOR_OPEN, { uri });
    await other.connection.sendRequest(CURATOR_LABEL, { uri, index: 0, event: { kind: 'rate-step', step: 3, rating: 'incorrect' } });
    await page.locator('.step[data-step="3"].rated-incorrect').waitFor({ timeout: 10_000 });
    await other.connection.sendRequest(CURATOR_CLOSE, { uri });

    // Export… from the page: the labels are merged into a new file; the dataset is unchanged.
    const before = readFileSync(file, 'utf8');
    await page.getByRole('button', { name: 'Export…' }).click();
    const t0 = Date.now();
    while (exports.length === 0 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 50));
    assert.equal(exports.length, 1);
    const exported = readFileSync(exports[0], 'utf8');
    assert.match(exported, /ineq-0412/);
    assert.equal(readFileSync(file, 'utf8'), before);
    const view = (await lsp.connection.sendRequest(CURATOR_RECORD, { uri, index: 0 })) as RecordView;
    assert.equal(view.curation.firstWrongStep, 1);
    assert.deepEqual(p.errors, []);
    assert.deepEqual(p.hostLog, []);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
    await page.close();
  });
});
