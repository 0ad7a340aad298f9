/**
 * The curator in a real VS Code (code-server, see test/e2e/README.md), by hand, not in
 * `npm test`: a `*.critiques.jsonl` opened with Quick Open comes up in the curator (the default
 * pattern), keys label steps, the journal gets the lines, the theme's colours apply.
 *
 *   bash test/e2e/setup.sh && npm run build
 *   npx vsce package --no-dependencies --no-rewrite-relative-links --out /tmp/mc-curator/mathcritic.vsix
 *   MATHCRITIC_VSIX=/tmp/mc-curator/mathcritic.vsix node --import tsx test/curator-page/vscode.e2e.ts
 *
 * Screenshots go to test/curator-page/artifacts/; media/screenshot-curator.png (the README's)
 * is a copy of vscode-curator.png.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Session, findTools, HOW_TO_INSTALL } from '../e2e/harness';
import { RECORDS } from './fixtures';

const ARTIFACTS = path.join(__dirname, 'artifacts');
// CURATOR_THEME='Default Light Modern' (or 'Default High Contrast') to look at another theme.
const THEME = process.env.CURATOR_THEME ?? 'Default Dark Modern';
const SHOT = THEME === 'Default Dark Modern' ? 'vscode-curator' : `vscode-curator-${THEME.toLowerCase().replace(/\W+/g, '-')}`;

async function main(): Promise<void> {
  const tools = findTools();
  if (!tools) {
    console.log(`skipped: ${HOW_TO_INSTALL}`);
    return;
  }
  const lines = RECORDS.map((r) =>
    JSON.stringify({ id: r.id, source: r.source, problem: r.problem, steps: r.steps, label: r.label, answer: r.answer, critique: r.critique?.text, first_wrong_step: r.critique?.firstWrongStep ?? undefined, model: r.critique?.model }),
  );
  const session = await Session.start(tools, {
    name: 'curator',
    files: { 'olympiad.critiques.jsonl': lines.join('\n') + '\n', 'plain.jsonl': lines.slice(1).join('\n') + '\n' },
    settings: { 'workbench.colorTheme': THEME, 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
  });
  const { page } = session;
  try {
    // Quick Open the dataset: it matches mathcritic.curator.defaultPattern, so the curator takes the tab.
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill('olympiad.critiques.jsonl');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'olympiad.critiques.jsonl' }).first().waitFor();
    await page.keyboard.press('Enter');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('.step').first().waitFor({ timeout: 60_000 });
    assert.ok((await frame.locator('.step .katex').count()) >= 6, 'maths typeset in the webview');
    assert.equal(await page.locator('.tab', { hasText: 'olympiad.critiques.jsonl' }).count(), 1, 'one tab: the text tab was swapped for the curator');

    // Label by keyboard inside the webview.
    await frame.locator('.step[data-step="0"]').click();
    await page.keyboard.press('c');
    await page.keyboard.press('x');
    await page.keyboard.press('2');
    await page.keyboard.press('f');
    await page.keyboard.press('a');
    await frame.locator('.saved.ok').waitFor({ timeout: 15_000 });
    const journal = path.join(session.workspace, 'olympiad.critiques.jsonl.journal');
    await session.waitUntil('the journal to have 4 lines', async () => existsSync(journal) && readFileSync(journal, 'utf8').trim().split('\n').length === 4);
    const events = readFileSync(journal, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { event: unknown }).event);
    assert.deepEqual(events, [
      { kind: 'rate-step', step: 0, rating: 'correct' },
      { kind: 'rate-step', step: 1, rating: 'incorrect' },
      { kind: 'first-wrong-step', step: 1 },
      { kind: 'critique-verdict', verdict: 'accepted' },
    ]);
    // The theme's colours reach the page.
    const bg = await frame.locator('body').evaluate((b) => getComputedStyle(b).getPropertyValue('--vscode-editor-background').trim());
    assert.ok(bg !== '', 'VS Code theme variables are defined in the webview');
    // Edit the critique (Ctrl+Enter saves), then the picture.
    await page.keyboard.press('e');
    // (fill, not Ctrl+A + typing: in a webview VS Code runs Select All itself, a moment later.)
    await frame.locator('textarea.editor').fill('Step 2 inverts the equality condition: Cauchy–Schwarz is tight when $b = 2a$, i.e. $\\frac{a}{b} = \\frac{1}{2}$, so $a = \\frac{1}{3}$, $b = \\frac{2}{3}$ and the minimum is $9$.');
    await page.keyboard.press('Control+Enter');
    await frame.locator('.critique .tag.edited').waitFor();
    await frame.locator('.saved.ok').waitFor({ timeout: 15_000 });
    await frame.locator('.chart rect').first().waitFor();
    await frame.locator('.progress', { hasText: '1 labelled' }).waitFor();
    await frame.locator('.step[data-step="0"]').evaluate(() => window.scrollTo({ top: 0 }));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `${SHOT}.png`) });

    // Export… on the page: the save dialog (VS Code's simple dialog here) proposes NAME.curated.jsonl.
    await frame.getByRole('button', { name: 'Export…' }).click();
    const dialogInput = page.locator('.quick-input-widget .quick-input-box input');
    await session.waitUntil('the save dialog to propose the curated file', async () => /olympiad\.critiques\.curated\.jsonl$/.test(await dialogInput.inputValue().catch(() => '')));
    await page.keyboard.press('Enter');
    await session.waitUntil('the export message', async () => /exported 5 records/.test(await session.notifications()));
    const exported = readFileSync(path.join(session.workspace, 'olympiad.critiques.curated.jsonl'), 'utf8');
    assert.match(exported, /"human_first_wrong_step":1/);
    await page.keyboard.press('Escape');

    // A .jsonl not matching the pattern opens as text, and "Open in Curator" opens it in the curator.
    await page.keyboard.press('Control+P');
    await input.waitFor({ state: 'visible' });
    await input.fill('plain.jsonl');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'plain.jsonl' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'plain.jsonl' }).waitFor();
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor();
    await session.runCommand('MathCritic: Open in Curator');
    await page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame').locator('.record-id .key', { hasText: 'gsm8k-eggs' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, `${SHOT}-open-with.png`) });
    console.log('ok: the curator in code-server');
  } catch (err) {
    await session.dump('curator');
    throw err;
  } finally {
    await session.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
