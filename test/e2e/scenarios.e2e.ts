/**
 * MathCritic in a real VS Code (code-server, from npm), installed from its .vsix and driven as
 * a person would through Debian's Chromium: what they see in the Problems panel, the editor,
 * the quick-fix menu, the files the commands write. `bash test/e2e/setup.sh` once, then
 * `npm run test:e2e` (packages the .vsix first). Screenshots go to test/e2e/artifacts/.
 *
 * One VS Code window serves every scenario but `untrusted` (which opens its own, in Restricted
 * Mode); each works on its own files, so one failure does not hide the others. A failure prints what was on screen (and keeps a screenshot and the
 * logs in artifacts/); the process exits 1 if any scenario failed.
 *
 * Filter: `npm run test:e2e -- critic` runs the scenarios whose name contains "critic".
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { OpenAITestServer } from '../support/openai-test-server';
import { ACTOR_MODEL, CRITIC_MODEL, DUCKS, DUCKS_FOR_EXPORT, modelResponder } from './fixtures';
import { HOW_TO_INSTALL, Session, type Tools, artifactsDir, codeServerVersion, extensionId, findTools, root, tail, vsixPath, zipEntries } from './harness';

const example = (name: string) => readFileSync(path.join(root, 'examples', name), 'utf8');
/** A solution with a slip that no scenario opens: only the workspace diagnostics show it. */
const NEVER_OPENED = '# Problem\n\nA crate holds 7 rows of 8 bottles. How many bottles?\n\n# Solution\n\nStep 1: There are 7 × 8 = 54 bottles.\n';

interface Scenario {
  name: string;
  run: (s: Session, ctx: Context) => Promise<void>;
}
interface Context {
  model: OpenAITestServer;
  tools: Tools;
}

/** The part of the Problems panel's text under one file's heading (its name, then its count). */
function forFile(panel: string, name: string): string {
  const lines = panel.split('\n');
  const heading = (i: number) => /^[\w.-]+\.(md|jsonl)$/.test(lines[i].trim()) && /^\d+$/.test((lines[i + 1] ?? '').trim());
  const start = lines.findIndex((l, i) => l.trim() === name && heading(i));
  if (start < 0) return '';
  let end = start + 2;
  while (end < lines.length && !heading(end)) end++;
  return lines.slice(start, end).join('\n');
}

/** The Problems panel row of a finding: message, source, code and position, as VS Code lists them. */
function row(panel: string, code: string): string | undefined {
  const lines = panel.split('\n');
  const i = lines.findIndex((l) => l.trim() === code);
  return i < 0 ? undefined : lines.slice(Math.max(0, i - 2), i + 2).join(' ');
}

/** What the .vsix may hold: the bundles and their assets, nothing else (see .vscodeignore). */
const VSIX_ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/i,
  /^extension\/dist\/(client|server|check-worker|curator)\.js$/,
  // The leaves the server loads on first use (esbuild.mjs, LAZY).
  /^extension\/dist\/lazy\/(mathjs|vega|parquet|openai)\.js$/,
  /^extension\/dist\/curator\.css$/,
  /^extension\/dist\/katex\/katex\.min\.css$/,
  /^extension\/dist\/katex\/fonts\/[\w-]+\.woff2$/,
  /^extension\/media\/(icon|screenshot-[\w-]+)\.png$/,
  /^extension\/media\/walkthrough\/[\w-]+\.(md|png|svg)$/,
  // The .mathcritic.json schema that contributes.jsonValidation points at.
  /^extension\/schemas\/mathcritic\.schema\.json$/,
];

const scenarios: Scenario[] = [
  {
    name: 'package',
    // The .vsix holds the production bundles and their assets only: no sources, tests, test
    // server, source maps or node_modules.
    async run() {
      const entries = zipEntries(vsixPath);
      const stray = entries.filter((e) => !VSIX_ALLOWED.some((re) => re.test(e.name)));
      assert.deepEqual(stray.map((e) => e.name), [], 'files in the .vsix beyond the bundles and assets');
      for (const required of ['extension/package.json', 'extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/check-worker.js', 'extension/dist/lazy/mathjs.js', 'extension/schemas/mathcritic.schema.json', 'extension/media/icon.png']) {
        assert.ok(entries.some((e) => e.name === required), `${required} in the .vsix`);
      }
      const total = entries.reduce((n, e) => n + e.size, 0);
      console.log(`  ${path.basename(vsixPath)}: ${(statSync(vsixPath).size / 1024).toFixed(0)} KiB, ${entries.length} files, ${(total / 1024).toFixed(0)} KiB unpacked`);
    },
  },
  {
    name: 'activation',
    // The .vsix installed with --install-extension activates on a solution document: VS Code's
    // extension host says so, the status bar item appears.
    async run(s) {
      await s.openFile('bakery.solution.md');
      await s.waitUntil('the extension host to activate MathCritic', async () => new RegExp(`_doActivateExtension ${extensionId.replace('.', '\\.')}\\b`).test(s.extensionHostLog()));
      const item = s.page.locator(`[id="${extensionId}.mathcritic.status"]`);
      await item.waitFor({ state: 'visible', timeout: 30_000 });
      await s.waitUntil('the status bar item to count 2 problems', async () => (await item.innerText()).trim() === '2');
      const line = s.extensionHostLog().split('\n').find((l) => l.includes(`_doActivateExtension ${extensionId}`));
      console.log(`  ${line?.replace(/^.*\[info\] /, '')}`);
    },
  },
  {
    name: 'findings',
    // (a) Open an example: the Problems panel lists the checker's findings on the right lines.
    async run(s) {
      await s.openFile('bakery.solution.md');
      const all = await s.waitForProblems('the two findings of bakery.solution.md', (t) => /wrong-equation[\s\S]*wrong-final-answer/.test(forFile(t, 'bakery.solution.md')));
      await s.screenshot('1-findings');
      const panel = forFile(all, 'bakery.solution.md');
      assert.match(panel, /^bakery\.solution\.md\s+2\b/, 'two problems counted for the file');
      assert.match(row(panel, 'wrong-equation') ?? '', /5 \+ 3 × 2 = 16 is wrong: 5 \+ 3 × 2 = 11 mathcritic wrong-equation \[Ln 12, Col 28\]/);
      assert.match(row(panel, 'wrong-final-answer') ?? '', /final answer \$2,000 does not match the reference answer 1,375 .* \[Ln 18, Col 15\]/);
    },
  },
  {
    name: 'fix',
    // (b) Fix the equation as a person would (select "16" on line 12, type 11): the finding goes away.
    async run(s) {
      await s.openFile('fix.solution.md');
      await s.waitForProblems('the wrong equation in fix.solution.md', (t) => /wrong-equation/.test(forFile(t, 'fix.solution.md')));
      const line = example('bakery.solution.md').split('\n')[11];
      const col = line.indexOf('= 16') + 3; // 1-based column of "16"
      await s.goTo(12, col);
      await s.page.keyboard.press('Shift+ArrowRight');
      await s.page.keyboard.press('Shift+ArrowRight');
      await s.page.keyboard.type('11');
      await s.waitUntil('the editor to show the fixed equation', async () => (await s.editorText()).includes('5 + 3 × 2 = 11 cakes'));
      const panel = await s.waitForProblems('the wrong equation gone, the wrong answer still there', (t) => !/wrong-equation/.test(forFile(t, 'fix.solution.md')) && /wrong-final-answer/.test(forFile(t, 'fix.solution.md')));
      await s.screenshot('2-fixed');
      assert.match(forFile(panel, 'fix.solution.md'), /^fix\.solution\.md\s+1\b/);
    },
  },
  {
    name: 'quick-fixes',
    // The checker's own fixes through Ctrl+.: "Replace 16 with 11" rewrites the equation, and
    // "Disable wrong-final-answer for this step" inserts the directive above the step.
    async run(s) {
      await s.openFile('quickfix.solution.md');
      await s.waitForProblems('the two findings of quickfix.solution.md', (t) => /wrong-equation[\s\S]*wrong-final-answer/.test(forFile(t, 'quickfix.solution.md')));
      await s.goTo(12, 30);
      const replace = await s.quickFix('Replace 16 with 11');
      await s.screenshot('17-quick-fix-replace');
      await replace.click();
      await s.waitUntil('the fix in the editor', async () => (await s.editorText()).includes('5 + 3 × 2 = 11 cakes'));
      await s.waitForProblems('the wrong equation gone', (t) => !/wrong-equation/.test(forFile(t, 'quickfix.solution.md')) && /wrong-final-answer/.test(forFile(t, 'quickfix.solution.md')));
      await s.goTo(18, 16);
      const disable = await s.quickFix('Disable wrong-final-answer for this step');
      await disable.click();
      await s.waitUntil('the directive in the editor', async () => {
        await s.page.keyboard.press('Control+Home');
        return (await s.editorText()).includes('<!-- mathcritic-disable-next-step wrong-final-answer -->');
      });
      await s.waitForProblems('no finding left in quickfix.solution.md', (t) => forFile(t, 'quickfix.solution.md') === '');
      await s.screenshot('18-directive-inserted');
    },
  },
  {
    name: 'critic',
    // (c) The OpenAI-compatible test server is the critic: "Critique Document" puts a diagnostic on
    // the scripted step; the quick fix "Refine from step 1" (Ctrl+.) rewrites it; Ctrl+Z restores it.
    async run(s, { model }) {
      await s.openFile('ducks.solution.md');
      // The embedded checker finds nothing here (the arithmetic is right): the status bar says so.
      await s.page.locator(`[id="${extensionId}.mathcritic.status"]`).filter({ hasText: 'MathCritic' }).waitFor({ timeout: 30_000 });
      const asked = model.requests.length;
      await s.runCommand('MathCritic: Critique Document with the Model');
      const panel = forFile(await s.waitForProblems('the critic\'s diagnostic', (t) => /critic-first-wrong-step/.test(forFile(t, 'ducks.solution.md'))), 'ducks.solution.md');
      assert.ok(model.requests.length > asked, 'the critic endpoint was asked');
      assert.match(row(panel, 'critic-first-wrong-step') ?? '', /She also bakes muffins with four eggs.*mathcritic-model critic-first-wrong-step \[Ln 12, Col \d+\]/);
      await s.screenshot('3-critic-diagnostic');

      // Hover on the step: the checker's verdicts and the whole critique, shown as text (the model's
      // Markdown is escaped, so what renders is what it wrote, with no backslash left visible).
      await s.goTo(12, 10);
      await s.runCommand('Show or Focus Hover');
      const hover = await s.waitUntil('the hover with the critique', async () => {
        const text = await s.page.locator('.monaco-hover:visible').first().innerText().catch(() => '');
        return /Critic \(/.test(text) && /She also bakes muffins/.test(text) ? text : undefined;
      });
      assert.doesNotMatch(hover, /\\/, 'escapes render as the characters they escape');
      await s.screenshot('3b-critic-hover');
      await s.page.keyboard.press('Escape');

      // The document as it is before the quick fix (the whole short document is in view from the top).
      await s.focusEditor();
      await s.page.keyboard.press('Control+Home');
      const before = await s.editorText();
      assert.match(before, /^Step 1: Janet sells 16 - 3 = 13 duck eggs a day\.$/m);
      assert.match(before, /^#### 26$/m);

      // Ctrl+. on the diagnostic's line opens the quick fixes.
      await s.goTo(12, 10);
      const fix = await s.quickFix('Refine from step 1');
      await s.screenshot('4-quick-fix-menu');
      await fix.click();
      await s.waitUntil('the actor\'s rewrite in the editor', async () => (await s.editorText()).includes('Janet sells 16 - 3 - 4 = 9 duck eggs'));
      const after = await s.editorText();
      assert.match(after, /Step 2: She makes 9 \* 2 = \$18 every day/);
      assert.match(after, /Step 3: The answer is \\boxed\{18\}\./);
      assert.doesNotMatch(after, /#### 26/);
      assert.match(after, /^# Problem$/m, 'the problem is kept');
      assert.ok(model.requests.some((r) => (r.body as { model?: string }).model === ACTOR_MODEL), 'the actor was asked');
      await s.screenshot('5-refined');

      // The critique was of the old text: its diagnostic goes, the checker finds nothing in the new one.
      await s.waitForProblems('the critic\'s diagnostic gone after the rewrite', (t) => !/critic-first-wrong-step/.test(forFile(t, 'ducks.solution.md')));

      // One undo (Ctrl+Z in the editor) restores the solution as it was.
      await s.focusEditor();
      await s.page.keyboard.press('Control+Z');
      await s.waitUntil('undo to restore the original steps', async () => {
        await s.page.keyboard.press('Control+Home'); // the whole short document in view
        return (await s.editorText()) === before;
      });
      await s.screenshot('6-undone');
    },
  },
  {
    name: 'workspace',
    // A solution document that was never opened: its finding is in the Problems panel (workspace
    // diagnostics, the embedded checker only), and Check All says how many documents it checked.
    async run(s, { model }) {
      const asked = model.requests.length;
      await s.openFile('bakery.solution.md');
      const panel = await s.waitForProblems("the closed file's finding", (t) => /wrong-equation/.test(forFile(t, 'never-opened.solution.md')));
      assert.match(row(forFile(panel, 'never-opened.solution.md'), 'wrong-equation') ?? '', /7 × 8 = 54 is wrong: 7 × 8 = 56 mathcritic wrong-equation \[Ln 7, Col 19\]/);
      assert.equal(await s.page.locator('.tab', { hasText: 'never-opened.solution.md' }).count(), 0, 'the file is not open');
      await s.screenshot('14-closed-file-in-problems');
      // The step verdicts, shown while Ctrl+Alt is held.
      await s.focusEditor();
      await s.page.keyboard.press('Control+Home');
      await s.page.keyboard.down('Control');
      await s.page.keyboard.down('Alt');
      try {
        await s.waitUntil('the step verdicts as inlay hints', async () => /5 \+ 3 × 2 = 16 cakes\.\s*✗ wrong-equation/.test(await s.editorText()));
        const text = await s.editorText();
        assert.match(text, /16 × 10 = 160 cakes\.\s*✓/);
        await s.screenshot('16-inlay-hints');
      } finally {
        await s.page.keyboard.up('Alt');
        await s.page.keyboard.up('Control');
      }
      await s.runCommand('MathCritic: Check All Solution Documents');
      const bar = await s.waitUntil('Check All to say what it checked', async () => /MathCritic: \d+ solution documents checked: \d+ problems/.exec(await s.page.locator('.statusbar').innerText())?.[0]);
      console.log(`  ${bar}`);
      await s.screenshot('15-check-all');
      assert.equal(model.requests.length, asked, 'no closed file reaches the model');
    },
  },
  {
    name: 'export',
    // (d) "Export Critique Record (JSONL)" writes the critique of the current text as a record.
    async run(s, { model }) {
      await s.openFile('export.solution.md');
      await s.page.locator(`[id="${extensionId}.mathcritic.status"]`).waitFor({ timeout: 30_000 });
      const asked = model.requests.length;
      await s.runCommand('MathCritic: Critique Document with the Model');
      await s.waitForProblems('the critic\'s diagnostic on export.solution.md', (t) => /critic-first-wrong-step/.test(forFile(t, 'export.solution.md')));
      assert.ok(model.requests.length > asked);
      const target = path.join(s.workspace, 'exported', 'critiques.jsonl');
      mkdirSync(path.dirname(target), { recursive: true });
      await s.runCommand('MathCritic: Export Critique Record (JSONL)');
      // VS Code's own save dialog (in the browser: the simple file dialog, a path in a quick input).
      await s.answerSaveDialog(target, /critiques\.jsonl$/);
      await s.waitUntil(`${target} to be written`, async () => existsSync(target) && readFileSync(target, 'utf8').endsWith('\n'));
      const records = readFileSync(target, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(records.length, 1);
      const r = records[0];
      assert.match(String(r.problem), /Janet's ducks lay 16 eggs/);
      assert.ok(Array.isArray(r.steps) && r.steps.length === 2, 'steps');
      assert.equal(r.first_wrong_step, 0, 'first_wrong_step is 0-based');
      assert.equal(r.model, CRITIC_MODEL);
      assert.ok(Array.isArray(r.messages) && r.messages.length >= 2, 'chat messages for SFT');
      await s.waitUntil('the status bar to confirm the export', async () => /critique record appended/.test(await s.page.locator('.statusbar').innerText()), 10_000).catch(() => undefined);
      await s.screenshot('8-exported');
    },
  },
  {
    name: 'export-training',
    // (d') "Export Training Data…": critique records of the current document, through its quick
    // picks and save dialog, to a JSONL file of valid records.
    async run(s) {
      await s.openFile('export.solution.md');
      const target = path.join(s.workspace, 'exported', 'training.jsonl');
      mkdirSync(path.dirname(target), { recursive: true });
      await s.runCommand('MathCritic: Export Training Data…');
      const pick = async (label: string) => {
        const row = s.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
        await row.waitFor({ state: 'visible', timeout: 10_000 });
        await row.click();
      };
      await pick('Critique records');
      await pick('Current document');
      await s.answerSaveDialog(target, /critiques\.jsonl$/);
      await s.waitUntil('the export to say how many records it wrote', async () => /1 written/.test(await s.notifications()));
      await s.screenshot('9-export-training-data');
      const records = readFileSync(target, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(records.length, 1);
      assert.match(String(records[0].problem), /Janet's ducks lay 16 eggs/);
      assert.equal(records[0].first_wrong_step, 0);
      assert.ok(Array.isArray(records[0].messages), 'chat messages for SFT');
      await s.page.keyboard.press('Escape');
    },
  },
  {
    name: 'curator',
    // (e) A dataset opened with "MathCritic: Open in Curator": the record renders (KaTeX in the
    // webview), `c` labels a step, and the label is still shown after closing and reopening.
    async run(s) {
      const frame = s.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      const record = frame.locator('.record-id', { hasText: 'e2e-squares' });
      const textEditor = s.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
      const openInCurator = async () => {
        // Not the curator's default pattern: the first time it opens as text, then "Open in
        // Curator"; VS Code remembers that choice and reopens it in the curator.
        await s.openFile('dataset.jsonl', { textEditor: false });
        const shown = await s.waitUntil('the dataset in the text editor or the curator', async () => ((await record.isVisible().catch(() => false)) ? 'curator' : (await textEditor.isVisible()) ? 'text' : undefined));
        if (shown === 'text') await s.runCommand('MathCritic: Open in Curator');
        await record.waitFor({ timeout: 30_000 });
      };
      await openInCurator();
      await s.waitUntil('the maths typeset by KaTeX', async () => (await frame.locator('.step .katex').count()) >= 2);
      await frame.locator('.step[data-step="0"]').click();
      await s.page.keyboard.press('c');
      await frame.locator('.step[data-step="0"].rated-correct').waitFor({ timeout: 10_000 });
      await frame.locator('.saved.ok').waitFor({ timeout: 15_000 });
      await s.screenshot('10-curator-labelled');
      const journal = path.join(s.workspace, 'dataset.jsonl.journal');
      await s.waitUntil('the label in the journal', async () => existsSync(journal) && /"rating":"correct"/.test(readFileSync(journal, 'utf8')));

      await s.runCommand('View: Close All Editors');
      await s.page.locator('iframe.webview.ready').waitFor({ state: 'detached', timeout: 10_000 });
      await openInCurator();
      await frame.locator('.step[data-step="0"].rated-correct').waitFor({ timeout: 15_000 });
      // The progress panel counts the label from the journal too, not only the step's colour.
      await s.waitUntil('the progress panel to count the label', async () => /1\s*labelled/.test((await frame.locator('.stats .big-numbers').textContent().catch(() => '')) ?? ''));
      await s.screenshot('11-curator-reopened');
    },
  },
  {
    name: 'walkthrough',
    // The walkthrough a new user meets after installing: it lists its steps, and its first
    // step's button opens a new solution document whose slip the checker shows at once.
    async run(s) {
      await s.runCommand('Welcome: Open Walkthrough...');
      const entry = s.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with MathCritic' }).first();
      await entry.waitFor({ state: 'visible', timeout: 10_000 });
      await entry.click();
      const page = s.page.locator('.gettingStartedContainer');
      for (const step of ['Try the embedded checker', 'Read the findings', 'Connect a critique model', 'Critique and refine']) {
        await page.getByText(step, { exact: true }).first().waitFor({ timeout: 15_000 });
      }
      await s.screenshot('13-walkthrough');
      await page.getByRole('button', { name: 'New Solution Document' }).first().click();
      await s.page.locator('.tab.active', { hasText: 'Untitled' }).waitFor({ timeout: 15_000 });
      await s.waitForProblems('the new document\'s finding', (t) => /Untitled[\s\S]*5 \+ 3 × 2 = 16 is wrong/.test(t));
      await s.runCommand('View: Close All Editors');
      // An untitled document asks whether to save it: no.
      const dontSave = s.page.getByRole('button', { name: /Don.t Save/ });
      if (await dontSave.isVisible({ timeout: 3_000 }).catch(() => false)) await dontSave.click();
    },
  },
  {
    name: 'untrusted',
    // capabilities.untrustedWorkspaces "limited": in Restricted Mode the embedded checker runs,
    // the model critic's command is not offered, and saving sends nothing to the endpoint.
    async run(_trusted, { model, tools }) {
      const s = await Session.start(tools, {
        name: 'untrusted',
        untrusted: true,
        settings: { 'mathcritic.critic.model': CRITIC_MODEL, 'mathcritic.critic.trigger': 'onSave' },
        machineSettings: { 'mathcritic.critic.baseUrl': model.baseUrl },
        files: { 'ducks.solution.md': DUCKS.replace('id: e2e-ducks', 'id: e2e-untrusted'), 'bakery.solution.md': example('bakery.solution.md') },
      });
      try {
        await s.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
        await s.openFile('bakery.solution.md');
        await s.waitForProblems('the checker\'s findings in Restricted Mode', (t) => /wrong-equation/.test(forFile(t, 'bakery.solution.md')));
        const asked = model.requests.length;
        await s.openFile('ducks.solution.md');
        await s.page.locator(`[id="${extensionId}.mathcritic.status"]`).waitFor({ timeout: 30_000 });
        // An edit and a save (trigger onSave): the file on disk changes, the critic is not asked.
        const onDisk = path.join(s.workspace, 'ducks.solution.md');
        const before = readFileSync(onDisk, 'utf8');
        await s.focusEditor();
        await s.page.keyboard.press('Control+End');
        await s.page.keyboard.type('Checked in Restricted Mode.');
        await s.page.keyboard.press('Control+S');
        await s.waitUntil('the save to reach the disk', async () => readFileSync(onDisk, 'utf8') !== before);
        // The command palette does not offer the model critic (its `when` is isWorkspaceTrusted).
        await s.page.keyboard.press('F1');
        const input = s.page.locator('.quick-input-widget .quick-input-box input');
        await input.waitFor({ state: 'visible' });
        await input.fill('>MathCritic: Critique Document');
        await s.waitUntil('the palette to settle on MathCritic commands', async () => (await s.page.locator('.quick-input-widget').innerText()).includes('No matching commands') || (await s.page.locator('.quick-input-list .monaco-list-row').count()) > 0);
        assert.equal(await s.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Critique Document with the Model' }).count(), 0, 'the critic command is not offered in Restricted Mode');
        await s.screenshot('12-untrusted');
        await s.page.keyboard.press('Escape');
        // Saving would have asked the critic at once in a trusted window: give it that moment (the one bounded wait here, for an absence).
        await new Promise((r) => setTimeout(r, 1500));
        assert.equal(model.requests.length, asked, 'nothing was sent to the endpoint from an untrusted workspace');
        assert.doesNotMatch(forFile(await s.problems(), 'ducks.solution.md'), /critic-first-wrong-step/);
      } catch (err) {
        await s.dump('untrusted');
        throw err;
      } finally {
        await s.close();
      }
    },
  },
];

async function main() {
  const tools = findTools();
  if (!tools) {
    console.error(`e2e: ${HOW_TO_INSTALL}`);
    process.exit(1);
  }
  const filter = process.argv[2] ?? '';
  const selected = scenarios.filter((sc) => sc.name.includes(filter));
  rmSync(artifactsDir, { recursive: true, force: true });
  mkdirSync(artifactsDir, { recursive: true });
  console.log(`e2e: ${codeServerVersion(tools)}; ${selected.length} scenario(s)`);

  const model = await OpenAITestServer.start({ responder: modelResponder, models: [CRITIC_MODEL, ACTOR_MODEL] });
  const t0 = Date.now();
  const session = await Session.start(tools, {
    name: 'scenarios',
    settings: {
      'mathcritic.critic.model': CRITIC_MODEL,
      'mathcritic.critic.trigger': 'onCommand',
      'mathcritic.actor.model': ACTOR_MODEL,
      // The scenarios read the editor's text, which would include the step verdicts: they show
      // while Ctrl+Alt is held (the workspace scenario does).
      'editor.inlayHints.enabled': 'offUnlessPressed',
    },
    // The endpoint is a machine-overridable setting: in code-server's remote window it is read
    // from the remote (machine) settings, not the user settings.
    machineSettings: { 'mathcritic.critic.baseUrl': model.baseUrl },
    files: {
      'bakery.solution.md': example('bakery.solution.md'),
      'fix.solution.md': example('bakery.solution.md'),
      'quickfix.solution.md': example('bakery.solution.md'),
      'ducks.solution.md': DUCKS,
      'export.solution.md': DUCKS_FOR_EXPORT,
      'never-opened.solution.md': NEVER_OPENED,
      'dataset.jsonl': `${JSON.stringify({ id: 'e2e-squares', problem: 'Compute $3^2 + 4^2$.', steps: ['$3^2 = 9$ and $4^2 = 16$.', 'So $3^2 + 4^2 = 9 + 16 = 25$.', 'The answer is $\\boxed{25}$.'], answer: '25' })}\n`,
    },
  });
  console.log(`e2e: VS Code up in ${Date.now() - t0} ms`);
  const failed: string[] = [];
  try {
    for (const sc of selected) {
      const t = Date.now();
      try {
        await sc.run(session, { model, tools });
        console.log(`ok   ${sc.name} (${Date.now() - t} ms)`);
      } catch (err) {
        failed.push(sc.name);
        console.error(`FAIL ${sc.name} (${Date.now() - t} ms): ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        console.error(`model endpoint: ${model.requests.length} request(s); last: ${tail(JSON.stringify(model.requests.at(-1)?.body ?? null), 1).slice(0, 300)}`);
        await session.dump(sc.name);
        await session.page.keyboard.press('Escape').catch(() => undefined);
      }
    }
  } finally {
    await session.close();
    await model.close();
  }
  const shots = readdirSync(artifactsDir).filter((f) => f.endsWith('.png'));
  console.log(`e2e: ${selected.length - failed.length} of ${selected.length} passed in ${Date.now() - t0} ms; screenshots in test/e2e/artifacts/: ${shots.join(', ')}`);
  if (failed.length) {
    console.error(`e2e: FAILED: ${failed.join(', ')}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
