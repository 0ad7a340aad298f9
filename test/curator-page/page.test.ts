/**
 * The curator page in a real headless Chromium: the page built by the same html function as in
 * VS Code, served from a loopback HTTP server (so its CSP applies), with a fake
 * `acquireVsCodeApi` whose messages go through the extension's own host bridge
 * (host-bridge.ts) to a fake server over fixture records.
 *
 * Needs Debian's /usr/bin/chromium (or CURATOR_CHROMIUM=path); skipped when there is none.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CURATOR_FIND, CURATOR_LABEL, CURATOR_RECORD, type CurationEvent } from '../../protocol/curator';
import { FakeCuratorServer } from './fake-server';
import { FIXTURE_URI, RECORDS } from './fixtures';
import { ARTIFACTS, CHROMIUM, openCuratorPage, settled, startPageServer, type CuratorPage, type PageServer } from './harness';

/** Waits for a message posted to the page to be drawn (the page handles it in a later task). */
async function eventually(text: () => Promise<string>, pattern: RegExp): Promise<void> {
  for (let t = 0; t < 100 && !pattern.test(await text()); t++) await new Promise((r) => setTimeout(r, 20));
  assert.match(await text(), pattern);
}

describe('curator page in Chromium', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, () => {
  let server: PageServer;
  const fake = new FakeCuratorServer(FIXTURE_URI, RECORDS, { skipped: [{ line: 7, reason: 'not JSON' }] });
  const h = { fake, posted: [] as unknown[], hostLog: [] as string[], exports: 0 };

  before(async () => {
    server = await startPageServer('olympiad.critiques.jsonl');
  });
  after(async () => server?.close());

  /** A fresh page wired to the fake server through the host bridge. */
  async function openPage(): Promise<CuratorPage> {
    const p = await openCuratorPage(server, {
      open: async () => fake.open(),
      request: (method, params) => fake.handle(method, { ...params, uri: FIXTURE_URI }),
      exportDataset: () => void h.exports++,
    });
    // One log of everything posted, across pages.
    h.posted = p.posted;
    h.hostLog = p.hostLog;
    return p;
  }

  function labelEvents(): CurationEvent[] {
    return h.posted
      .filter((m): m is { type: 'request'; method: string; params: { event: CurationEvent } } => (m as { type?: string; method?: string }).type === 'request' && (m as { method: string }).method === CURATOR_LABEL)
      .map((m) => m.params.event);
  }

  it('typesets the maths, runs nothing from the record, loads nothing remote, and labels by keyboard', async () => {
    const { page, requests, dialogs, console: consoleLines, errors } = await openPage();

    // Maths typeset by KaTeX: problem, steps (inline and display), critique.
    assert.ok((await page.locator('.problem .katex').count()) >= 2);
    assert.ok((await page.locator('.step .katex').count()) >= 6);
    assert.ok((await page.locator('.step .katex-display').count()) >= 1, 'the $$…$$ block is display maths');
    assert.ok((await page.locator('.step .mfrac').count()) >= 3, '\\frac is typeset as a fraction');
    // The critique sits against the step it names (step 2).
    assert.equal(await page.locator('.step[data-step="1"] .critique').count(), 1);

    // The hostile critique is text: nothing ran, no element was made from it, it is visible.
    const critique = page.locator('.critique').first();
    const text = await critique.innerText();
    assert.match(text, /<script>window\.__pwned=1<\/script>/);
    assert.match(text, /<img src=x onerror="window\.__pwned=2">/);
    assert.match(text, /\[click\]\(javascript:window\.__pwned=3\)/);
    assert.equal(await critique.locator('script, img, iframe, object, embed').count(), 0);
    assert.equal(await page.locator('a[href^="javascript:" i]').count(), 0);
    assert.equal(await page.locator('[onerror], [onclick], [onload]').count(), 0);
    assert.ok((await critique.locator('.katex .mord').filter({ hasText: '\\href' }).count()) >= 1, 'KaTeX refuses \\href (trust: false) and shows it as an error');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.deepEqual(dialogs, []);

    // Findings and the other opinions are on the page.
    assert.match(await page.locator('.step[data-step="3"] .finding').innerText(), /wrong-final-answer/);
    assert.match(await page.locator('.opinions').innerText(), /critic\s*step 2/);
    // The open result's skipped line is shown, not hidden.
    assert.match(await page.locator('.banner.warn').innerText(), /line 7: not JSON/);

    // Keyboard: select, rate (c/x/z), first wrong step (f), reject (r), note (m), edit (e).
    await page.keyboard.press('1');
    await page.keyboard.press('c'); // step 1 correct, selection moves to step 2
    await page.keyboard.press('x'); // step 2 incorrect, selection moves to step 3
    await page.keyboard.press('2');
    await page.keyboard.press('f'); // step 2 is the first wrong step
    await page.keyboard.press('r'); // reject the critique…
    await page.keyboard.press('a'); // …then accept it after all (the later event wins)
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('z'); // step 3 neutral
    await page.keyboard.press('m');
    await page.keyboard.type('units fine; ');
    await page.evaluate(() => window.postMessage({ type: 'changed' }, '*'));
    await page.waitForTimeout(150);
    await page.keyboard.type('check the equality case');
    await page.keyboard.press('Control+Enter');
    await page.keyboard.press('e');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Step 2 inverts the equality condition: $b = 2a$, so the minimum is $9$.');
    await page.keyboard.press('Control+Enter');
    await settled(page);

    assert.deepEqual(labelEvents(), [
      { kind: 'rate-step', step: 0, rating: 'correct' },
      { kind: 'rate-step', step: 1, rating: 'incorrect' },
      { kind: 'first-wrong-step', step: 1 },
      { kind: 'critique-verdict', verdict: 'rejected' },
      { kind: 'critique-verdict', verdict: 'accepted' },
      { kind: 'rate-step', step: 2, rating: 'neutral' },
      { kind: 'note', text: 'units fine; check the equality case' },
      { kind: 'edit-critique', text: 'Step 2 inverts the equality condition: $b = 2a$, so the minimum is $9$.' },
    ]);
    // Every label request names the shown record; the page never sends a uri (the host adds it).
    for (const m of h.posted as Array<{ method?: string; params?: Record<string, unknown> }>) {
      if (m.method === CURATOR_LABEL) assert.equal(m.params?.index, 0);
      assert.equal(m.params?.uri, undefined);
    }
    const st = h.fake.state(0);
    assert.deepEqual(st.ratings, { 0: 'correct', 1: 'incorrect', 2: 'neutral' });
    assert.equal(st.firstWrongStep, 1);
    assert.equal(st.critiqueVerdict, 'accepted');

    // Redrawn from the server's answer: ratings, marks, the edited critique typeset, the saved mark.
    assert.equal(await page.locator('.step.rated-correct').count(), 1);
    assert.equal(await page.locator('.step.rated-incorrect').count(), 1);
    assert.equal(await page.locator('.step.human-first-wrong').count(), 1);
    assert.ok(await page.locator('.critique .tag.edited').isVisible());
    assert.ok((await page.locator('.critique > .md .katex').count()) >= 2);
    assert.match(await page.locator('.note-text').innerText(), /equality case/);
    assert.match(await page.locator('.saved').innerText(), /saved/);
    await page.waitForFunction(() => /1 labelled/.test(document.querySelector('.progress')?.textContent ?? ''));

    // Navigation: j / k, n (next unlabelled), g (go to).
    const before = h.fake.requests.length;
    await page.keyboard.press('j');
    await page.locator('.record-id .key', { hasText: 'gsm8k-eggs' }).waitFor();
    await page.keyboard.press('k');
    await page.locator('.record-id .key', { hasText: 'ineq-0412' }).waitFor();
    await page.keyboard.press('n');
    await page.locator('.record-id .key', { hasText: 'gsm8k-eggs' }).waitFor();
    const find = h.fake.requests.slice(before).find((r) => r.method === CURATOR_FIND);
    assert.deepEqual(find?.params, { uri: FIXTURE_URI, from: 0, direction: 1, filter: { unlabelled: true } });
    await page.keyboard.press('g');
    await page.keyboard.type('4');
    // A redraw while typing (another window's labels arrive) keeps what is typed and the focus.
    await page.evaluate(() => window.postMessage({ type: 'changed' }, '*'));
    await page.waitForTimeout(150);
    await page.keyboard.press('Enter');
    await page.locator('.record-id .key', { hasText: 'pb-math-17' }).waitFor();
    assert.ok(h.fake.requests.some((r) => r.method === CURATOR_RECORD && r.params.index === 3));
    assert.equal(await page.locator('.critique').count(), 0, 'a record without a critique shows none');

    // Filters drive CURATOR_FIND: source = gsm8k, then j.
    await page.locator('select[aria-label="source"]').selectOption('gsm8k');
    await page.locator('body').press('j');
    await page.locator('.record-id .key', { hasText: 'gsm8k-eggs' }).waitFor(); // wrapped around
    const lastFind = h.fake.requests.filter((r) => r.method === CURATOR_FIND).at(-1);
    assert.deepEqual(lastFind?.params.filter, { source: 'gsm8k' });

    // Mouse works too: click a step's ✗.
    await page.locator('.step[data-step="1"] .btn.rate.incorrect').click();
    await settled(page);
    assert.deepEqual(labelEvents().at(-1), { kind: 'rate-step', step: 1, rating: 'incorrect' });
    assert.equal(h.fake.state(1).ratings[1], 'incorrect');

    // Back to the first record for the picture, stats panel on.
    await page.locator('select[aria-label="source"]').selectOption('');
    await page.keyboard.press('g');
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await page.locator('.record-id .key', { hasText: 'ineq-0412' }).waitFor();
    await page.keyboard.press('3');
    await page.keyboard.press('Escape'); // the "wrapped around" notice
    // The stats panel refreshes a moment after the last label: wait for it, so the picture is stable.
    await page.waitForFunction(() => /2\s*labelled/.test(document.querySelector('.side')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelectorAll('.chart rect').length > 0);
    await page.evaluate(() => document.fonts.ready);
    mkdirSync(ARTIFACTS, { recursive: true });
    // The whole page in one viewport (a full-page capture would paint the sticky key line mid-page).
    await page.setViewportSize({ width: 1280, height: await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight)) });
    await page.screenshot({ path: join(ARTIFACTS, 'curator.png') });

    // Nothing left the loopback server; the CSP blocked nothing (so the page needs nothing it forbids).
    const remote = requests.filter((u) => !u.startsWith(`${server.origin}/`) && !u.startsWith('data:'));
    assert.deepEqual(remote, []);
    assert.ok(requests.some((u) => /\/katex\/fonts\/KaTeX_.*\.woff2$/.test(u)), 'KaTeX fonts come from the page origin');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    assert.deepEqual(consoleLines.filter((l) => l.startsWith('error')), []);
    await page.close();
  });

  it('keeps a label the server failed to store, says so, and saves it on Retry', async () => {
    const { page } = await openPage();
    const n = h.fake.events.length;
    h.fake.failNext = 1;
    await page.keyboard.press('4');
    await page.keyboard.press('x');
    const banner = page.locator('.banner.error');
    await banner.waitFor();
    assert.match(await banner.innerText(), /not saved yet[\s\S]*EIO \(simulated\)/);
    assert.match(await page.locator('.saved').innerText(), /not saved/);
    // The person's input is still on screen.
    assert.equal(await page.locator('.step[data-step="3"].rated-incorrect').count(), 1);
    assert.equal(h.fake.events.length, n);
    // A later label waits behind it (order matters), then both go on Retry.
    await page.keyboard.press('0');
    assert.equal(h.fake.events.length, n);
    await banner.getByRole('button', { name: 'Retry' }).click();
    await settled(page);
    await page.waitForFunction(() => !document.querySelector('.banner.error'));
    assert.deepEqual(
      h.fake.events.slice(n).map((e) => e.event),
      [
        { kind: 'rate-step', step: 3, rating: 'incorrect' },
        { kind: 'first-wrong-step', step: -1 },
      ],
    );
    await page.close();
  });

  it('keeps unsaved labels, the record and a half-typed note across a reload of the page', async () => {
    const { page } = await openPage();
    await page.keyboard.press('j');
    await page.locator('.record-id .key', { hasText: 'gsm8k-eggs' }).waitFor();
    const n = fake.events.length;
    fake.failNext = 1;
    await page.keyboard.press('1');
    await page.keyboard.press('z');
    await page.locator('.banner.error').waitFor();
    await page.keyboard.press('m');
    await page.keyboard.type('half a thought');
    // VS Code drops a hidden webview's page and loads it again when it is shown.
    await page.reload();
    await page.locator('.record-id .key', { hasText: 'gsm8k-eggs' }).waitFor();
    await settled(page);
    assert.deepEqual(fake.events.slice(n).map((e) => [e.index, e.event]), [[1, { kind: 'rate-step', step: 0, rating: 'neutral' }]]);
    assert.equal(await page.locator('textarea.editor').inputValue(), 'half a thought');
    await page.keyboard.press('Escape');
    // Esc cancels: editing the note again starts from the saved note, not the cancelled text.
    await page.keyboard.press('m');
    assert.equal(await page.locator('textarea.editor').inputValue(), '');
    await page.keyboard.press('Escape');
    await page.close();
  });

  it('ignores malformed messages from the host and refuses bad requests from the page', async () => {
    const { page, console: consoleLines, errors } = await openPage();
    await page.evaluate(() => {
      window.postMessage({ type: 'bogus' }, '*');
      window.postMessage({ type: 'response', id: 'x' }, '*');
      window.postMessage({ type: 'goto', index: -3 }, '*');
      window.postMessage('<img src=x onerror=alert(1)>', '*');
      window.postMessage({ type: 'response', id: 9999, result: {} }, '*');
    });
    // The page logs each one as it reads it: wait for the five (a loaded machine takes longer than a fixed pause).
    const ignored = () => consoleLines.filter((l) => l.includes('curator: ignored')).length;
    for (const until = Date.now() + 10_000; ignored() < 5 && Date.now() < until; ) await page.waitForTimeout(20);
    assert.ok(ignored() >= 5, consoleLines.join('\n'));
    assert.deepEqual(errors, []);
    // The page still works.
    await page.keyboard.press('j');
    await page.locator('.record-id .key', { hasText: 'gsm8k-eggs' }).waitFor();
    // The host side: a request for another file, an unknown method, a malformed message.
    const logBefore = h.hostLog.length;
    const replies = await page.evaluate(async () => {
      const host = (window as unknown as { __curatorHost: (m: unknown) => Promise<unknown[]> }).__curatorHost;
      return [
        await host({ type: 'request', id: 50, method: 'mathcritic/curator/record', params: { index: 0, uri: 'file:///etc/passwd' } }),
        await host({ type: 'request', id: 51, method: 'mathcritic/curator/export', params: { target: '/tmp/x.jsonl' } }),
        await host({ type: 'nonsense' }),
      ];
    });
    assert.match(JSON.stringify(replies[0]), /refused/);
    assert.match(JSON.stringify(replies[1]), /refused: unknown method/);
    assert.deepEqual(replies[2], []);
    assert.equal(h.hostLog.length - logBefore, 3);
    await page.close();
  });

  it('Export… asks the host', async () => {
    const { page } = await openPage();
    const before = h.exports;
    await page.getByRole('button', { name: 'Export…' }).click();
    for (let t = 0; h.exports === before && t < 100; t++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(h.exports, before + 1);
    await page.close();
  });

  it('while the server indexes the dataset: the count so far and the share scanned, a record past them asked for, the complete result at the end', async () => {
    const total = RECORDS.length;
    const indexing = new FakeCuratorServer(FIXTURE_URI, RECORDS, { count: 1, indexing: { fraction: 0.25 } });
    const { page, push } = await openCuratorPage(server, {
      open: async () => indexing.open(),
      request: (method, params) => indexing.handle(method, { ...params, uri: FIXTURE_URI }),
      exportDataset: () => undefined,
    });
    const position = page.locator('.topbar .position');
    assert.match(await position.innerText(), /Record 1 of 1\+ so far/);
    assert.match(await page.locator('.topbar .indexing').innerText(), /indexing… 25%/);
    // j past the last record indexed so far: asked for anyway (the server answers once it reaches it).
    await page.keyboard.press('j');
    await settled(page);
    assert.ok(indexing.requests.some((r) => r.method === CURATOR_RECORD && r.params.index === 1));
    await eventually(() => position.innerText(), /Record 2 of 2\+ so far/);
    await push({ type: 'progress', progress: { count: total - 1, fraction: 0.6 } });
    await eventually(() => position.innerText(), new RegExp(`of ${total - 1}\\+ so far`));
    assert.match(await page.locator('.topbar .indexing').innerText(), /60%/);
    await push({ type: 'progress', progress: { count: total, fraction: 1, done: true, summary: { count: total, skipped: [{ line: 9, reason: 'found late' }], journalPath: '/data/j' } } });
    await eventually(() => position.innerText(), new RegExp(`Record 2 of ${total}$`));
    assert.equal(await page.locator('.topbar .indexing').count(), 0);
    assert.match(await page.locator('.banner.warn').innerText(), /line 9: found late/);
    // A scan stopped by a change of the file is shown like an open that failed, with Retry.
    await push({ type: 'progress', progress: { count: total, fraction: 1, done: true, failure: 'data.jsonl was written to while it was being indexed: reopen it' } });
    await eventually(() => page.locator('.banner.error').innerText(), /written to while it was being indexed/);
    await page.close();
  });
});
