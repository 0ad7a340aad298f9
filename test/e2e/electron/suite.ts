/**
 * The e2e scenarios as a mocha suite inside VS Code's extension host (@vscode/test-electron,
 * the ecosystem's standard), where the VS Code API can express them. Run by run.ts, which
 * opens a folder holding the files below (fixtures: bakery, fix, ducks, export).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { after, before, describe, it } from 'mocha';
import { OpenAITestServer } from '../../support/openai-test-server';
import { ACTOR_MODEL, CRITIC_MODEL, modelResponder } from '../fixtures';

const EXTENSION_ID = 'mathcritic.mathcritic';
const file = (name: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
const describeDiagnostics = (uri: vscode.Uri) =>
  JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => [codeOf(d), d.range.start.line + 1, d.range.start.character + 1, d.message]));

async function waitUntil<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeout = 30_000): Promise<T> {
  const until = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function waitForDiagnostics(uri: vscode.Uri, what: string, test: (ds: readonly vscode.Diagnostic[]) => boolean, timeout = 30_000): Promise<readonly vscode.Diagnostic[]> {
  return waitUntil(what, () => {
    const ds = vscode.languages.getDiagnostics(uri);
    return test(ds) && ds;
  }, timeout).catch((err: Error) => {
    throw new Error(`${err.message}; diagnostics: ${describeDiagnostics(uri)}`);
  });
}

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(file(name));
  return vscode.window.showTextDocument(doc);
}

/** "MathCritic: Critique Document with the Model", retried while the server has not yet read the new settings. */
async function critique(uri: vscode.Uri): Promise<vscode.Diagnostic> {
  for (let attempt = 1; ; attempt++) {
    await vscode.commands.executeCommand('mathcritic.critiqueDocument');
    try {
      const ds = await waitForDiagnostics(uri, 'the critic\'s diagnostic', (d) => d.some((x) => x.source === 'mathcritic-model'), 5_000);
      return ds.find((x) => x.source === 'mathcritic-model')!;
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }
}

describe('MathCritic in VS Code', () => {
  it('activates on a solution document and registers its commands', async () => {
    await open('bakery.solution.md');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await waitUntil('the extension to activate', () => ext.isActive);
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (ext.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), [], 'contributed commands that are not registered');
  });

  it('lists the checker\'s findings on the right lines', async () => {
    const { document } = await open('bakery.solution.md');
    const ds = await waitForDiagnostics(document.uri, 'two findings', (d) => d.length >= 2);
    const eq = ds.find((d) => codeOf(d) === 'wrong-equation');
    const answer = ds.find((d) => codeOf(d) === 'wrong-final-answer');
    assert.ok(eq && answer, describeDiagnostics(document.uri));
    assert.equal(eq.message, '5 + 3 × 2 = 16 is wrong: 5 + 3 × 2 = 11');
    assert.equal(eq.source, 'mathcritic');
    assert.deepEqual([eq.range.start.line + 1, eq.range.start.character + 1], [12, 28]);
    assert.equal(eq.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([answer.range.start.line + 1, answer.range.start.character + 1], [18, 15]);
  });

  it('fixing the equation makes its finding go away', async () => {
    const editor = await open('fix.solution.md');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, 'the wrong equation', (d) => d.some((x) => codeOf(x) === 'wrong-equation'));
    const line = editor.document.lineAt(11);
    const at = line.text.indexOf('= 16') + 2;
    assert.ok(await editor.edit((e) => e.replace(new vscode.Range(11, at, 11, at + 2), '11')));
    await waitForDiagnostics(uri, 'the wrong equation gone, the wrong answer still there', (d) => !d.some((x) => codeOf(x) === 'wrong-equation') && d.some((x) => codeOf(x) === 'wrong-final-answer'));
  });

  describe('with a model endpoint (the OpenAI-compatible test server)', () => {
    let model: OpenAITestServer;
    const config = () => vscode.workspace.getConfiguration('mathcritic');
    before(async () => {
      model = await OpenAITestServer.start({ responder: modelResponder, models: [CRITIC_MODEL, ACTOR_MODEL] });
      await config().update('critic.baseUrl', model.baseUrl, vscode.ConfigurationTarget.Global);
      await config().update('critic.model', CRITIC_MODEL, vscode.ConfigurationTarget.Global);
      await config().update('critic.trigger', 'onCommand', vscode.ConfigurationTarget.Global);
      await config().update('actor.model', ACTOR_MODEL, vscode.ConfigurationTarget.Global);
    });
    after(async () => {
      for (const key of ['critic.baseUrl', 'critic.model', 'critic.trigger', 'actor.model']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
      await model?.close();
    });

    it('a critic diagnostic on the scripted step; "Refine from step 1" rewrites; undo restores', async () => {
      const editor = await open('ducks.solution.md');
      const { document } = editor;
      const original = document.getText();
      const d = await critique(document.uri);
      assert.equal(d.range.start.line + 1, 12, 'on step 1');
      assert.equal(codeOf(d), 'critic-first-wrong-step');
      assert.match(d.message, /She also bakes muffins with four eggs/);

      const actions = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', document.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const refine = actions.find((a) => a.title === 'Refine from step 1') as vscode.CodeAction | undefined;
      assert.ok(refine?.command, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
      await vscode.commands.executeCommand(refine.command.command, ...(refine.command.arguments ?? []));
      await waitUntil('the actor\'s rewrite', () => document.getText().includes('Janet sells 16 - 3 - 4 = 9 duck eggs'));
      assert.match(document.getText(), /Step 3: The answer is \\boxed\{18\}\./);
      assert.doesNotMatch(document.getText(), /#### 26/);

      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('undo');
      await waitUntil('undo to restore the original', () => document.getText() === original);
    });

    it('exporting the critique writes a valid JSONL record', async () => {
      const { document } = await open('export.solution.md');
      await critique(document.uri);
      const target = path.join(file('exported').fsPath, 'critiques.jsonl');
      mkdirSync(path.dirname(target), { recursive: true });
      // The command asks for the file with a save dialog, which the API cannot answer: call the
      // language server's command behind it (what the dialog's answer is handed to).
      await vscode.commands.executeCommand('mathcritic.server.exportCritique', document.uri.toString(), target);
      assert.ok(existsSync(target));
      const records = readFileSync(target, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(records.length, 1);
      assert.match(String(records[0].problem), /Janet's ducks lay 16 eggs/);
      assert.equal(records[0].first_wrong_step, 0);
      assert.equal(records[0].model, CRITIC_MODEL);
    });
  });
});
