import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TestLspClient, fileUri } from '../support/lsp-client';
import { OpenAITestServer } from '../support/openai-test-server';
import { CRITIQUE_DOCUMENT_COMMAND, REFINE_FROM_STEP_COMMAND } from '../../protocol/server';
import { parseRefinedSteps, layoutSteps } from '../../server/src/engine/actor';

const examples = path.resolve(__dirname, '../../examples');
const eggsPath = path.join(examples, 'eggs.solution.md');
const eggs = readFileSync(eggsPath, 'utf8').replace('9 * 2 = $18', '9 * 2 = $20');
const critique = JSON.stringify({ steps: [{ step: 2, correct: false, comment: '9 * 2 is 18' }], first_wrong_step: 2, feedback: '9 * 2 = 18, not 20. Recompute the earnings.' });

test('actor output: Step lines after the kept ones, repeated kept steps dropped, fences stripped', () => {
  assert.deepEqual(parseRefinedSteps('```\nStep 1: kept\nStep 2: She makes 9 * 2 = $18.\nStep 3: \\boxed{18}\n```', 1), ['She makes 9 * 2 = $18.', '\\boxed{18}']);
  assert.deepEqual(parseRefinedSteps('1. a\n2. b', 0), ['a', 'b']);
  assert.deepEqual(parseRefinedSteps('', 0), []);
  assert.equal(layoutSteps(['x', 'y'], 1, 'step-lines'), 'Step 2: x\n\nStep 3: y');
  assert.equal(layoutSteps(['x', 'y'], 1, 'numbered-list'), '2. x\n3. y');
});

describe('quick fix "Refine from step k"', () => {
  let server: OpenAITestServer;
  let client: TestLspClient;
  before(async () => {
    server = await OpenAITestServer.start();
    client = new TestLspClient({ check: { delayMs: 0 }, critic: { baseUrl: server.baseUrl, model: 'critic-model', trigger: 'onCommand' }, actor: { model: 'actor-model' } });
    await client.initialize({ trusted: true, storagePath: mkdtempSync(path.join(tmpdir(), 'mathcritic-refine-')) });
  });
  after(async () => {
    await client.shutdown();
    await server.close();
  });

  // A different problem text per test, so that no critique comes from the cache of another.
  const critiqued = async (uri: string, text = eggs.replace('How much', `(${uri.split('?')[1]}) How much`)) => {
    client.open(uri, text, 1);
    await client.waitForVersion(uri, 1);
    server.script({ content: critique });
    await client.connection.sendRequest('workspace/executeCommand', { command: CRITIQUE_DOCUMENT_COMMAND, arguments: [uri] });
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.source === 'mathcritic-model'));
    return diagnostics.find((d) => d.source === 'mathcritic-model')!;
  };

  test('offered on the critic diagnostic; the edit replaces exactly steps k… as one versioned change', async () => {
    const uri = fileUri(eggsPath) + '?refine';
    const d = await critiqued(uri, eggs);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as Array<{ title: string; kind: string; command: { command: string; arguments: unknown[] } }>;
    // The curator's "Mark this critique wrong" / "Label step k" actions follow the refine ones (test/lsp/curator.test.ts).
    assert.deepEqual(actions.filter((a) => a.command.command === REFINE_FROM_STEP_COMMAND).map((a) => a.title), ['Refine from step 2', 'Refine from step 2 (best of K)', 'Refine until the critic accepts']);
    assert.ok(actions.every((a) => a.kind === 'quickfix'));
    assert.deepEqual(actions[0].command.arguments, [uri, 1, 1, 'once']);
    server.script({ content: 'Step 2: She makes 9 * 2 = $18 every day at the market.\nStep 3: The answer is \\boxed{18}.' });
    const before = server.requests.length;
    const result = (await client.connection.sendRequest('workspace/executeCommand', actions[0].command)) as { applied: boolean };
    assert.equal(result.applied, true);
    const asked = server.requests[before].body;
    assert.equal(asked.model, 'actor-model');
    assert.match(asked.messages[1].content, /Critique: the first wrong step is Step 2\. 9 \* 2 = 18, not 20/);
    const edit = client.appliedEdits.at(-1) as { label: string; edit: { documentChanges: Array<{ textDocument: { uri: string; version: number }; edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }> }> } };
    const change = edit.edit.documentChanges[0];
    assert.deepEqual(change.textDocument, { uri, version: 1 });
    assert.equal(change.edits.length, 1);
    const lines = eggs.split('\n');
    const step2 = lines.findIndex((l) => l.startsWith('Step 2:'));
    assert.deepEqual(change.edits[0].range.start, { line: step2, character: 0 });
    assert.deepEqual(change.edits[0].range.end, { line: lines.findIndex((l) => l.startsWith('#### 18')), character: '#### 18'.length });
    assert.equal(change.edits[0].newText, 'Step 2: She makes 9 * 2 = $18 every day at the market.\n\nStep 3: The answer is \\boxed{18}.');
  });

  test('a document changed while the actor writes is not clobbered', async () => {
    const uri = fileUri(eggsPath) + '?changed';
    await critiqued(uri);
    const edits = client.appliedEdits.length;
    assert.equal(server.pending, 0);
    server.script({ content: 'Step 2: fixed', delayMs: 300 });
    const run = client.connection.sendRequest('workspace/executeCommand', { command: REFINE_FROM_STEP_COMMAND, arguments: [uri, 1, 1] });
    await new Promise((r) => setTimeout(r, 100));
    client.change(uri, 2, eggs + '\nMore text.\n');
    await assert.rejects(run, /changed while the actor was writing/);
    assert.equal(client.appliedEdits.length, edits);
  });

  test('"Refine until the critic accepts" applies the accepted rounds\' steps', async () => {
    const uri = fileUri(eggsPath) + '?rounds';
    await critiqued(uri);
    // The actor's rewrite, then the critic accepting it.
    server.script({ content: 'Step 2: She makes 9 * 2 = $18.\nStep 3: \\boxed{18}' }, { content: JSON.stringify({ steps: [], first_wrong_step: null, feedback: '' }) });
    const result = (await client.connection.sendRequest('workspace/executeCommand', { command: REFINE_FROM_STEP_COMMAND, arguments: [uri, 1, 1, 'until-accepted'] })) as { applied: boolean; message: string };
    assert.equal(result.applied, true);
    assert.match(result.message, /1 refinement round, the critic accepts the result/);
    const edit = client.appliedEdits.at(-1) as { edit: { documentChanges: Array<{ edits: Array<{ newText: string }> }> } };
    assert.equal(edit.edit.documentChanges[0].edits[0].newText, 'Step 2: She makes 9 * 2 = $18.\n\nStep 3: \\boxed{18}');
  });

  test('with preview on, the edit asks for confirmation (VS Code\'s refactor preview)', async () => {
    client.settings = { ...client.settings, actor: { model: 'actor-model', preview: true } };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await new Promise((r) => setTimeout(r, 200));
    const uri = fileUri(eggsPath) + '?preview';
    await critiqued(uri);
    server.script({ content: 'Step 2: She makes 9 * 2 = $18.' });
    await client.connection.sendRequest('workspace/executeCommand', { command: REFINE_FROM_STEP_COMMAND, arguments: [uri, 1, 1, 'once'] });
    const edit = client.appliedEdits.at(-1) as { edit: { changeAnnotations: Record<string, { needsConfirmation: boolean }>; documentChanges: Array<{ edits: Array<{ annotationId: string }> }> } };
    const id = edit.edit.documentChanges[0].edits[0].annotationId;
    assert.equal(edit.edit.changeAnnotations[id].needsConfirmation, true);
    client.settings = { ...client.settings, actor: { model: 'actor-model' } };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await new Promise((r) => setTimeout(r, 200));
  });

  test('progress with Cancel: cancelling stops the actor\'s request and changes nothing', async () => {
    const uri = fileUri(eggsPath) + '?cancelled';
    await critiqued(uri);
    const edits = client.appliedEdits.length;
    const tokens = client.progressTokens.length;
    server.script({ hang: true });
    const run = client.connection.sendRequest('workspace/executeCommand', { command: REFINE_FROM_STEP_COMMAND, arguments: [uri, 1, 1, 'until-accepted'] });
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(client.progressTokens.length, tokens + 1, 'a progress was created');
    void client.connection.sendNotification('window/workDoneProgress/cancel', { token: client.progressTokens.at(-1) });
    await assert.rejects(run);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(server.requests.at(-1)!.aborted, true);
    assert.equal(client.appliedEdits.length, edits);
  });

  test('an unreadable actor answer changes nothing and says so', async () => {
    const uri = fileUri(eggsPath) + '?garbage';
    await critiqued(uri);
    const edits = client.appliedEdits.length;
    server.script({ content: '   ' });
    await assert.rejects(client.connection.sendRequest('workspace/executeCommand', { command: REFINE_FROM_STEP_COMMAND, arguments: [uri, 1, 1] }), /could not be read as steps/);
    assert.equal(client.appliedEdits.length, edits);
  });
});
