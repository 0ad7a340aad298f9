/**
 * No link in a curator record is ever followed: clicks (left, middle, with modifiers) on every
 * part of a record (problem, steps, critique, note, findings, KaTeX \href) in real Chromium,
 * with the page's requests recorded. Before, the critique card stopped the click before the
 * page's link guard saw it, and the webview navigated to the URL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { FakeCuratorServer, type FixtureRecord } from './fake-server';
import { CHROMIUM, openCuratorPage, startPageServer, type PageServer } from './harness';

const URI = 'file:///data/links.critiques.jsonl';
const link = (where: string) => `[${where} link](http://evil.invalid/${where})`;
const RECORD: FixtureRecord = {
  id: 'links-1',
  source: 'hostile',
  problem: `Compute $1 + 1$. See ${link('problem')} or <http://evil.invalid/autolink>.`,
  steps: [`$1 + 1 = 2$, see ${link('step1')}.`, `So the answer is $2$. ${link('step2')} $\\href{http://evil.invalid/katex}{math link}$`],
  label: -1,
  answer: '2',
  critique: { text: `Step 1 is fine; ${link('critique')}. $\\href{http://evil.invalid/katex2}{x}$ [ref][r]\n\n[r]: http://evil.invalid/reference`, firstWrongStep: 0, model: 'm' },
  findings: [{ step: 1, code: 'wrong-equation', severity: 'error', message: `quoted ${link('finding')}` }],
};

describe('curator page: no link in a record is followed', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let server: PageServer;
  const fake = new FakeCuratorServer(URI, [RECORD]);
  before(async () => (server = await startPageServer('links.critiques.jsonl')));
  after(async () => server?.close());

  it('clicks on every part of the record: the page stays, nothing is requested', async () => {
    const h = await openCuratorPage(server, { open: async () => fake.open(), request: (method, params) => fake.handle(method, { ...params, uri: URI }), exportDataset: () => {} });
    const { page } = h;
    // A note with a link in it, written through the page as a person would.
    await page.keyboard.press('m');
    await page.keyboard.type(`my note ${link('note')} http://evil.invalid/bare`);
    await page.keyboard.press('Control+Enter');
    await page.locator('.note-text').waitFor();
    const start = page.url();
    const before = h.requests.length;

    const targets = ['.problem', '.step[data-step="0"] .step-body', '.step[data-step="1"] .step-body', '.critique', '.finding', '.note'];
    for (const part of targets) {
      const region = page.locator(part).first();
      assert.ok(await region.count(), `${part} is on the page`);
      // Every link-looking thing inside, and the region itself.
      const inside = region.locator('a, .md-link, .katex [href], .katex .enclosing');
      const n = await inside.count();
      for (let i = 0; i < n; i++) {
        const el = inside.nth(i);
        await el.click({ force: true });
        await el.click({ button: 'middle', force: true });
        await el.click({ modifiers: ['Shift'], force: true });
        await el.press('Enter').catch(() => {});
      }
      await region.click({ force: true, position: { x: 2, y: 2 } });
    }
    await page.waitForTimeout(300);
    assert.equal(page.url(), start, 'the page was not navigated');
    const leaked = h.requests.slice(before).filter((u) => !u.startsWith(server.origin));
    assert.deepEqual(leaked, [], 'no request left the page');
    assert.equal(h.requests.slice(before).filter((u) => /evil\.invalid/.test(u)).length, 0);
    assert.equal(await page.locator('a[href]').count(), 0, 'record links are not anchors at all');
    assert.ok((await page.locator('.md-link').count()) >= 5, 'the links are still shown, as text with their target in the title');
    assert.match((await page.locator('.critique .md-link').first().getAttribute('title')) ?? '', /evil\.invalid\/critique/);
    assert.equal(await page.locator('.step').count(), 2, 'the record is still shown');
    await page.close();
  });
});
