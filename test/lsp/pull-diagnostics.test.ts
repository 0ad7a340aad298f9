import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource, WorkspaceDiagnosticRequest, type WorkspaceDocumentDiagnosticReport, type DocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { TestLspClient, fileUri, PULL_CLIENT } from '../support/lsp-client';
import { OpenAITestServer } from '../support/openai-test-server';
import { CHECK_ALL_COMMAND, type CheckAllResult } from '../../protocol/server';

const examples = path.resolve(__dirname, '../../examples');
const bakery = readFileSync(path.join(examples, 'bakery.solution.md'), 'utf8');
const eggs = readFileSync(path.join(examples, 'eggs.solution.md'), 'utf8');
const bakeryFixed = bakery
  .replace('5 + 3 × 2 = 16', '5 + 3 × 2 = 11')
  .replace('16 × 10 = 160', '11 × 10 = 110')
  .replace('160 × $12.50 = $2,000', '110 × $12.50 = $1,375')
  .replace('The answer is $2,000.', 'The answer is $1,375.');

/** A client with neither pull diagnostics nor dynamic registration (eglot, Neovim 0.7), with workspace folders. */
const PUSH_CLIENT = { workspace: { configuration: true, workspaceFolders: true } };

function workspaceFolder(): { dir: string; uri: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-ws-'));
  writeFileSync(path.join(dir, 'bakery.solution.md'), bakery);
  writeFileSync(path.join(dir, 'eggs.solution.md'), eggs);
  writeFileSync(path.join(dir, 'README.md'), '# Notes\n\n| a | 2 + 2 = 5 |\n');
  mkdirSync(path.join(dir, 'node_modules', 'pkg'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules', 'pkg', 'x.solution.md'), bakery);
  mkdirSync(path.join(dir, 'sub', 'deep'), { recursive: true });
  writeFileSync(path.join(dir, 'sub', 'deep', 'again.sol.md'), bakery);
  return { dir, uri: fileUri(dir) };
}

type WorkspaceReport = { items: WorkspaceDocumentDiagnosticReport[] };
const byName = (items: WorkspaceDocumentDiagnosticReport[], name: string) => items.find((i) => i.uri.endsWith(`/${name}`));
const codes = (r: WorkspaceDocumentDiagnosticReport | undefined) => (r?.kind === 'full' ? r.items.map((d) => d.code) : undefined);
const previousOf = (items: WorkspaceDocumentDiagnosticReport[]) => items.map((i) => ({ uri: i.uri, value: i.resultId! }));
/** Rejects after `ms`: a held request that only came back at its hold limit fails the test. */
const within = <T>(p: Promise<T>, ms: number, what: string) => Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms))]);

async function start(folders: { uri: string }[], capabilities: unknown = PULL_CLIENT, settings: Record<string, unknown> = {}, options: Record<string, unknown> = {}) {
  const client = new TestLspClient({ check: { delayMs: 0 }, ...settings });
  const caps = await client.initialize(options, { capabilities, workspaceFolders: folders.map((f, i) => ({ uri: f.uri, name: `f${i}` })) });
  return { client, caps };
}

describe('pull diagnostics', () => {
  test('workspace/diagnostic: the closed solution files with their findings, no README, nothing under node_modules; an unchanged file costs nothing and comes back `unchanged`', async () => {
    const ws = workspaceFolder();
    const { client, caps } = await start([ws]);
    try {
      assert.deepEqual(caps.diagnosticProvider, { identifier: 'mathcritic', interFileDependencies: false, workspaceDiagnostics: true });
      const first: WorkspaceReport = await within(client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] }), 10_000, 'first workspace pull');
      assert.deepEqual(codes(byName(first.items, 'bakery.solution.md')), ['wrong-equation', 'wrong-final-answer']);
      assert.deepEqual(codes(byName(first.items, 'eggs.solution.md')), []);
      assert.deepEqual(codes(byName(first.items, 'again.sol.md')), ['wrong-equation', 'wrong-final-answer']);
      assert.equal(byName(first.items, 'README.md'), undefined, 'a Markdown file without the solution structure is not a solution');
      assert.equal(
        first.items.find((i) => i.uri.includes('node_modules')),
        undefined,
        'node_modules is not walked',
      );
      for (const i of first.items) {
        assert.equal(i.version, null, 'closed files have no version');
        assert.ok(i.resultId, 'every report has a result id');
      }
      // The same files again, with the result ids: streamed as partial results, every one `unchanged`.
      const partial: WorkspaceDocumentDiagnosticReport[] = [];
      const token = 'ws-partial';
      const got = new Promise<void>((resolve) =>
        client.connection.onProgress(WorkspaceDiagnosticRequest.partialResult, token, (p) => {
          partial.push(...p.items);
          if (partial.length >= first.items.length) resolve();
        }),
      );
      const cts = new CancellationTokenSource();
      const held = client.connection.sendRequest('workspace/diagnostic', { previousResultIds: previousOf(first.items), partialResultToken: token }, cts.token).catch(() => ({ items: [] }));
      await within(got, 10_000, 'partial results');
      assert.deepEqual(
        partial.map((i) => i.kind),
        first.items.map(() => 'unchanged'),
      );
      assert.deepEqual(partial.map((i) => i.resultId).sort(), first.items.map((i) => i.resultId).sort());
      cts.cancel();
      assert.deepEqual(await within(held, 5_000, 'cancelled workspace pull'), { items: [] }, 'after partial results the final answer is empty');
      assert.equal(client.published.length, 0, 'a pull client gets nothing pushed');
    } finally {
      await client.shutdown();
      rmSync(ws.dir, { recursive: true, force: true });
    }
  });

  test('a held workspace request answers at once when a watched file changes or is deleted', async () => {
    const ws = workspaceFolder();
    const { client } = await start([ws]);
    try {
      // The client is asked to watch Markdown files for the server (it declared dynamicRegistration).
      const watched = () => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
      for (let i = 0; i < 100 && !watched(); i++) await new Promise((r) => setTimeout(r, 50));
      const watch = watched();
      assert.ok(watch, 'didChangeWatchedFiles is registered');
      const first: WorkspaceReport = await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] });
      const held: Promise<WorkspaceReport> = client.connection.sendRequest('workspace/diagnostic', { previousResultIds: previousOf(first.items) });
      await new Promise((r) => setTimeout(r, 300));
      writeFileSync(path.join(ws.dir, 'bakery.solution.md'), bakeryFixed + '\n');
      rmSync(path.join(ws.dir, 'sub', 'deep', 'again.sol.md'));
      void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(ws.dir, 'bakery.solution.md')), type: 2 }] });
      const next = await within(held, 8_000, 'held workspace pull after a file event');
      assert.deepEqual(codes(byName(next.items, 'bakery.solution.md')), [], 'the fixed file has no findings');
      assert.deepEqual(codes(byName(next.items, 'again.sol.md')), [], 'a deleted file is cleared');
      assert.equal(byName(next.items, 'eggs.solution.md')?.kind, 'unchanged');
    } finally {
      await client.shutdown();
      rmSync(ws.dir, { recursive: true, force: true });
    }
  });

  test('a keystroke that changes no diagnostic is answered `unchanged`, one that moves one gets a full report', async () => {
    const ws = workspaceFolder();
    const { client } = await start([ws]);
    try {
      const uri = fileUri(path.join(ws.dir, 'bakery.solution.md'));
      client.open(uri, bakery, 1);
      const pull = (previousResultId?: string): Promise<DocumentDiagnosticReport> => client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
      const a = await pull();
      assert.equal(a.kind, 'full');
      // A word typed at the end of the document: every diagnostic stays where it was.
      client.change(uri, 2, `${bakery}\nNotes follow.\n`);
      const b = await pull(a.resultId);
      assert.deepEqual(b, { kind: 'unchanged', resultId: a.resultId });
      // A line typed into the problem: every diagnostic moves down a line.
      client.change(uri, 3, `${bakery.replace('# Problem\n', '# Problem\nA line typed here.\n')}\nNotes follow.\n`);
      const c = await pull(a.resultId);
      assert.equal(c.kind, 'full');
      assert.notEqual(c.resultId, a.resultId);
      if (a.kind === 'full' && c.kind === 'full')
        assert.deepEqual(
          c.items.map((d) => d.range.start.line),
          a.items.map((d) => d.range.start.line + 1),
        );
    } finally {
      await client.shutdown();
      rmSync(ws.dir, { recursive: true, force: true });
    }
  });

  test('textDocument/diagnostic answers the current version; the same result again is `unchanged`; an edit gives a new one', async () => {
    const ws = workspaceFolder();
    const { client } = await start([ws]);
    try {
      const uri = fileUri(path.join(ws.dir, 'bakery.solution.md'));
      client.open(uri, bakery, 1);
      const pull = (previousResultId?: string): Promise<DocumentDiagnosticReport> => client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
      const a = await pull();
      assert.equal(a.kind, 'full');
      assert.deepEqual(a.kind === 'full' && a.items.map((d) => d.code), ['wrong-equation', 'wrong-final-answer']);
      const b = await pull(a.resultId);
      assert.deepEqual(b, { kind: 'unchanged', resultId: a.resultId });
      client.change(uri, 2, bakeryFixed);
      const c = await pull(a.resultId);
      assert.equal(c.kind, 'full');
      assert.deepEqual(c.kind === 'full' && c.items, [], 'the pull waits for the check of version 2');
      assert.notEqual(c.resultId, a.resultId);
      // The open document in the workspace report: its version and the editor's text, not the disk's.
      const ws1: WorkspaceReport = await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] });
      const open = byName(ws1.items, 'bakery.solution.md');
      assert.equal(open?.version, 2);
      assert.deepEqual(codes(open), []);
      assert.equal(client.published.filter((p) => p.uri === uri).length, 0, 'nothing pushed');
    } finally {
      await client.shutdown();
      rmSync(ws.dir, { recursive: true, force: true });
    }
  });

  test('workspace folders added and removed are followed', async () => {
    const a = workspaceFolder();
    const b = workspaceFolder();
    writeFileSync(path.join(b.dir, 'only-in-b.solution.md'), bakery);
    const { client } = await start([a]);
    try {
      const first: WorkspaceReport = await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] });
      assert.equal(byName(first.items, 'only-in-b.solution.md'), undefined);
      const held: Promise<WorkspaceReport> = client.connection.sendRequest('workspace/diagnostic', { previousResultIds: previousOf(first.items) });
      void client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: b.uri, name: 'b' }], removed: [{ uri: a.uri, name: 'a' }] } });
      const next = await within(held, 8_000, 'workspace pull after a folder change');
      assert.deepEqual(codes(byName(next.items, 'only-in-b.solution.md')), ['wrong-equation', 'wrong-final-answer']);
      const aBakery = next.items.find((i) => i.uri === fileUri(path.join(a.dir, 'bakery.solution.md')));
      assert.deepEqual(codes(aBakery), [], "the removed folder's files are cleared");
    } finally {
      await client.shutdown();
      rmSync(a.dir, { recursive: true, force: true });
      rmSync(b.dir, { recursive: true, force: true });
    }
  });

  test("settings are pulled per document (scopeUri): each folder's severities apply to its files, open and closed", async () => {
    const a = workspaceFolder();
    const b = workspaceFolder();
    const { client } = await start([a, b]);
    client.settingsForScope = (scope) => (scope?.startsWith(b.uri + '/') ? { check: { delayMs: 0 }, severity: { 'wrong-equation': 'warning' } } : { check: { delayMs: 0 } });
    // The scopes apply from the next pull of the settings (as after a change in VS Code).
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    try {
      const report: WorkspaceReport = await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] });
      const severity = (dir: string) => {
        const r = report.items.find((i) => i.uri === fileUri(path.join(dir, 'bakery.solution.md')));
        return r?.kind === 'full' ? r.items.find((d) => d.code === 'wrong-equation')?.severity : undefined;
      };
      assert.equal(severity(a.dir), 1);
      assert.equal(severity(b.dir), 2);
      const uri = fileUri(path.join(b.dir, 'eggs.solution.md'));
      client.open(uri, eggs.replace('16 - 3 - 4 = 9', '16 - 3 - 4 = 8'), 1);
      const doc: DocumentDiagnosticReport = await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      await new Promise((r) => setTimeout(r, 300));
      const again: DocumentDiagnosticReport = await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      assert.equal(again.kind === 'full' && again.items.find((d) => d.code === 'wrong-equation')?.severity, 2, "the open document reads its folder's severity");
      assert.ok(doc.kind === 'full');
      assert.ok(
        client.configurationItems.some((i) => i.scopeUri === uri && i.section === 'mathcritic'),
        'asked with the document as scopeUri',
      );
    } finally {
      await client.shutdown();
      rmSync(a.dir, { recursive: true, force: true });
      rmSync(b.dir, { recursive: true, force: true });
    }
  });

  describe('with a model critic', () => {
    let server: OpenAITestServer;
    before(async () => (server = await OpenAITestServer.start()));
    after(async () => server.close());

    test('only the embedded checker runs on closed files; an open document gets its critique with a refresh', async () => {
      const ws = workspaceFolder();
      const { client } = await start(
        [ws],
        PULL_CLIENT,
        { critic: { baseUrl: server.baseUrl, model: 'test-model', trigger: 'onSave' } },
        { trusted: true, storagePath: mkdtempSync(path.join(tmpdir(), 'mc-storage-')) },
      );
      try {
        const before = server.requests.length;
        const report: WorkspaceReport = await client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] });
        assert.ok(report.items.length >= 3);
        await client.connection.sendRequest('workspace/executeCommand', { command: CHECK_ALL_COMMAND, arguments: [] });
        assert.equal(server.requests.length, before, 'no closed file reaches the model');
        // The critic is live: an open document that is saved is critiqued, and the client is asked to pull again.
        const uri = fileUri(path.join(ws.dir, 'eggs.solution.md'));
        client.open(uri, eggs, 1);
        const first: DocumentDiagnosticReport = await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
        server.script({ content: JSON.stringify({ steps: [{ step: 2, correct: false, comment: 'Check the sale.' }], first_wrong_step: 2, feedback: 'Check the sale.' }) });
        const refreshesBefore = client.refreshes.filter((r) => r === 'workspace/diagnostic/refresh').length;
        void client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
        // Waits on what happens, not on time: the request reaching the model, then a pull that shows its verdict.
        const refreshes = () => client.refreshes.filter((r) => r === 'workspace/diagnostic/refresh').length;
        const until = async (done: () => boolean | Promise<boolean>) => {
          for (let i = 0; i < 200 && !(await done()); i++) await new Promise((r) => setTimeout(r, 50));
        };
        await until(() => server.requests.length > before);
        assert.equal(server.requests.length, before + 1, 'the saved open document is critiqued, once');
        let after: DocumentDiagnosticReport | undefined;
        await until(async () => {
          const pulled: DocumentDiagnosticReport = await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
          after = pulled;
          return pulled.kind === 'full' && pulled.items.some((d) => d.source === 'mathcritic-model');
        });
        const last = after as DocumentDiagnosticReport;
        assert.equal(last.kind, 'full');
        assert.deepEqual(last.kind === 'full' && last.items.map((d) => d.source), ['mathcritic-model']);
        await until(() => refreshes() > refreshesBefore);
        assert.ok(refreshes() > refreshesBefore, 'the client is asked to pull again');
      } finally {
        await client.shutdown();
        rmSync(ws.dir, { recursive: true, force: true });
      }
    });
  });

  test('a client without pull support: Check All pushes the closed files, and clears one once it is fixed', async () => {
    const ws = workspaceFolder();
    const { client, caps } = await start([ws], PUSH_CLIENT);
    try {
      assert.equal(caps.diagnosticProvider, undefined);
      const result: CheckAllResult = await client.connection.sendRequest('workspace/executeCommand', { command: CHECK_ALL_COMMAND, arguments: [] });
      assert.deepEqual(result, { folders: 1, documents: 3, problems: 4, errors: 4, cancelled: false });
      const uri = fileUri(path.join(ws.dir, 'bakery.solution.md'));
      const pushed = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
      assert.equal(pushed.version, undefined);
      assert.deepEqual(
        pushed.diagnostics.map((d) => d.code),
        ['wrong-equation', 'wrong-final-answer'],
      );
      writeFileSync(path.join(ws.dir, 'bakery.solution.md'), bakeryFixed);
      const again: CheckAllResult = await client.connection.sendRequest('workspace/executeCommand', { command: CHECK_ALL_COMMAND, arguments: [] });
      assert.equal(again.problems, 2);
      await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
      // Opening a closed file shows its own check; closing it shows the disk's findings again.
      const deep = fileUri(path.join(ws.dir, 'sub', 'deep', 'again.sol.md'));
      client.open(deep, bakeryFixed, 1);
      await client.waitForVersion(deep, 1);
      void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: deep } });
      const closed = await client.waitForDiagnostics(deep, (p) => p.version === undefined && p.diagnostics.length > 0);
      assert.equal(closed.diagnostics.length, 2);
    } finally {
      await client.shutdown();
      rmSync(ws.dir, { recursive: true, force: true });
    }
  });
});
