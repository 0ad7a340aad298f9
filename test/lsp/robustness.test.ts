import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:buffer';
import * as path from 'node:path';
import { TestLspClient, fileUri, SERVER_BUNDLE } from '../support/lsp-client';

const bakeryPath = path.resolve(__dirname, '../../examples/bakery.solution.md');
const bakery = readFileSync(bakeryPath, 'utf8');
const logs = (client: TestLspClient) => client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);

/** The server still works: a good document gets its findings and a hover answers. */
async function stillServes(client: TestLspClient, tag: string): Promise<void> {
  const uri = `${fileUri(bakeryPath)}?${tag}`;
  client.open(uri, bakery, 1);
  const { diagnostics } = await client.waitForVersion(uri, 1);
  assert.ok(diagnostics.some((d) => d.code === 'wrong-equation'), 'the checker still runs');
  const line = bakery.split('\n').findIndex((l) => /5 \+ 3 × 2 = 16/.test(l));
  const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 10 } });
  assert.ok(hover, 'hover still answers');
}

describe('one bad message never kills the language server', () => {
  // Before the guard, this notification ended the process: the exception thrown while
  // checking the document came out of a promise nobody caught.
  test('didOpen whose text is null: logged, that document gets nothing, the others keep working', async () => {
    const client = new TestLspClient({ check: { delayMs: 0 } });
    try {
      await client.initialize({ trusted: false });
      const bad = `${fileUri(bakeryPath)}?null-text`;
      void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: bad, languageId: 'markdown', version: 1, text: null } });
      await stillServes(client, 'after-null');
      assert.ok(logs(client).some((m) => /ignored a textDocument\/didOpen notification with malformed params \(textDocument\.text/.test(m)), logs(client).join('\n'));
      const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: bad }, position: { line: 0, character: 0 } });
      assert.equal(hover, null, 'the malformed document was never opened');
    } finally {
      await client.shutdown();
    }
  });

  test('malformed params of every notification and request: logged (requests: InvalidParams), the server goes on', async () => {
    const client = new TestLspClient({ check: { delayMs: 0 } });
    try {
      await client.initialize({ trusted: false });
      const uri = `${fileUri(bakeryPath)}?target`;
      client.open(uri, bakery, 1);
      await client.waitForVersion(uri, 1);
      const notifications: Array<[string, unknown]> = [
        ['textDocument/didOpen', null],
        ['textDocument/didOpen', { textDocument: { uri: 5, languageId: 'markdown', version: 'one', text: 'x' } }],
        ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: null }],
        ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 42 }] }],
        ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: -1 } }, text: 'x' }] }],
        ['textDocument/didClose', { textDocument: null }],
        ['textDocument/didSave', []],
        ['workspace/didChangeConfiguration', 'settings'],
        // Found by the fuzz test: vscode-jsonrpc itself threw on a cancel without an id, and
        // the first framing guard took that for lost framing and exited.
        ['$/cancelRequest', { notAnId: true }],
      ];
      for (const [method, params] of notifications) void client.connection.sendNotification(method, params);
      const requests: Array<[string, unknown]> = [
        ['textDocument/hover', { textDocument: { uri }, position: 'here' }],
        ['textDocument/codeAction', { textDocument: { uri }, range: null, context: {} }],
        ['workspace/executeCommand', { command: 5 }],
        ['mathcritic/curator/open', { uri: 7 }],
        ['mathcritic/curator/record', { uri: 'x', index: 'first' }],
      ];
      for (const [method, params] of requests) {
        await assert.rejects(client.connection.sendRequest(method, params), (e: { code?: number; message?: string }) => {
          assert.equal(e.code, -32602, `${method}: ${e.message}`);
          assert.match(e.message ?? '', new RegExp(`ignored a ${method.replace('/', '\\/')} request with malformed params`));
          return true;
        });
      }
      // The document the broken changes named is untouched: still version 1, same findings.
      const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      assert.notEqual(hover, undefined);
      await stillServes(client, 'after-all');
      const said = logs(client).filter((m) => /malformed params/.test(m));
      assert.equal(said.length, notifications.length + requests.length, said.join('\n'));
      assert.equal(client.stderr.match(/internal error/) ?? null, null, client.stderr);
    } finally {
      await client.shutdown();
    }
  });
});

describe('bad framing: the server says so and exits for the client to restart it', () => {
  const raw = (bytes: string) =>
    new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.on('data', (d) => (stdout += d));
      const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`the server neither answered nor exited; stderr: ${stderr}`))), 10_000);
      child.once('exit', (code) => (clearTimeout(timer), resolve({ code, stderr, stdout })));
      child.stdin.write(bytes);
    });

  // Before: the reader kept the bad header in its buffer and the server never answered again.
  test('a Content-Length that is not a number', async () => {
    const r = await raw('Content-Length: twelve\r\n\r\n{"jsonrpc":"2.0"}');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot be framed \(Content-Length value must be a number/);
    assert.match(r.stdout, /window\/logMessage/, 'told the client too');
  });

  test('a header without Content-Length', async () => {
    const r = await raw('Content-Type: application/json\r\n\r\n{}');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot be framed/);
  });

  // Before: the reader believed the header and waited for a body that could never arrive,
  // buffering all that came meanwhile; the server never answered again. The bytes after the
  // header are sent on purpose: the server must not wait for them to add up.
  test('a Content-Length too large to ever arrive (above V8\'s string limit) fails at its header', async () => {
    for (const length of ['99999999999999', String(constants.MAX_STRING_LENGTH + 1)]) {
      const r = await raw(`Content-Length: ${length}\r\n\r\n{"jsonrpc":"2.0","method":"initialized","params":{}}`);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`cannot be framed \\(Content-Length ${length} is above the largest message the server can read \\(${constants.MAX_STRING_LENGTH} bytes`));
      assert.match(r.stdout, /window\/logMessage/, 'told the client too');
    }
  });

  test('a Content-Length that parseInt would misread (negative, trailing junk) is not a number', async () => {
    for (const length of ['-5', '12abc']) {
      const r = await raw(`Content-Length: ${length}\r\n\r\n{"jsonrpc":"2.0"}`);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`cannot be framed \\(Content-Length value must be a number\\. Got ${length}`));
    }
  });

  test('a header block that never ends is not buffered without bound', async () => {
    const r = await raw(`Content-Length: 2\r\n${'X-Junk: ' + 'x'.repeat(70 * 1024)}\r\n`);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /cannot be framed \(Message header must end within 65536 bytes/);
  });

  test('well-framed messages split at every byte, the blank line included, still frame', async () => {
    const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      const bytes = Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      for (let i = 0; i < bytes.length; i++) child.stdin.write(bytes.subarray(i, i + 1));
      const t0 = Date.now();
      while (!/"id":1,"result":\{"capabilities"/.test(stdout)) {
        if (Date.now() - t0 > 10_000 || child.exitCode !== null) throw new Error(`no initialize result; stdout: ${stdout.slice(0, 500)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      child.kill();
    }
  });

  test('a well-framed body that is not JSON loses that message only', async () => {
    const client = new TestLspClient({ check: { delayMs: 0 } });
    try {
      await client.initialize({ trusted: false });
      client.writeRaw('Content-Length: 5\r\n\r\n{abc}');
      await stillServes(client, 'after-bad-json');
    } finally {
      await client.shutdown();
    }
  });
});
