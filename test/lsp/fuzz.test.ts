import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { TestLspClient, fileUri } from '../support/lsp-client';
import { CHECK_DOCUMENT_COMMAND, type CheckSummary } from '../../protocol/server';

// Random valid and invalid notifications and requests, and well-framed bodies that are not
// JSON-RPC at all, to one real server; after each batch the server still answers, and a good
// document still gets its findings. Bounded: 30 batches
// of at most 12 messages (no `exit`/`shutdown`, which end a server by design).
const bakeryPath = path.resolve(__dirname, '../../examples/bakery.solution.md');
const bakery = readFileSync(bakeryPath, 'utf8');
const uris = [`${fileUri(bakeryPath)}?f1`, `${fileUri(bakeryPath)}?f2`, 'untitled:Untitled-1', 'not a uri', ''];

const uri = fc.oneof(fc.constantFrom(...uris), fc.string({ maxLength: 12 }));
const pos = fc.record({ line: fc.oneof(fc.nat(50), fc.integer(), fc.double()), character: fc.oneof(fc.nat(80), fc.integer()) });
const text = fc.oneof(fc.constant(bakery), fc.string({ maxLength: 200 }), fc.constant('# Problem\n\nP\n\n# Solution\n\nStep 1: 3 × 4 = 13\n'));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: fc.anything() as fc.Arbitrary<unknown> });
const message = fc.oneof(
  fc.record({ kind: fc.constant('n'), method: fc.constant('textDocument/didOpen'), params: maybe(fc.record({ textDocument: maybe(fc.record({ uri: maybe(uri), languageId: fc.constant('markdown'), version: maybe(fc.nat(100)), text: maybe(text) })) })) }),
  fc.record({ kind: fc.constant('n'), method: fc.constant('textDocument/didChange'), params: maybe(fc.record({ textDocument: fc.record({ uri: maybe(uri), version: maybe(fc.nat(200)) }), contentChanges: maybe(fc.array(fc.oneof(fc.record({ text: maybe(text) }), fc.record({ range: maybe(fc.record({ start: pos, end: pos })), text: maybe(fc.string({ maxLength: 20 })) })), { maxLength: 3 })) })) }),
  fc.record({ kind: fc.constant('n'), method: fc.constantFrom('textDocument/didClose', 'textDocument/didSave'), params: maybe(fc.record({ textDocument: maybe(fc.record({ uri: maybe(uri) })) })) }),
  fc.record({ kind: fc.constant('n'), method: fc.constantFrom('workspace/didChangeConfiguration', '$/cancelRequest', '$/setTrace', 'mathcritic/unknown', 'initialized'), params: fc.anything() }),
  fc.record({ kind: fc.constant('r'), method: fc.constant('textDocument/hover'), params: maybe(fc.record({ textDocument: fc.record({ uri: maybe(uri) }), position: maybe(pos) })) }),
  fc.record({ kind: fc.constant('r'), method: fc.constant('textDocument/codeAction'), params: maybe(fc.record({ textDocument: fc.record({ uri: maybe(uri) }), range: maybe(fc.record({ start: pos, end: pos })), context: maybe(fc.record({ diagnostics: fc.array(fc.anything(), { maxLength: 2 }) })) })) }),
  fc.record({ kind: fc.constant('r'), method: fc.constant('workspace/executeCommand'), params: maybe(fc.record({ command: maybe(fc.constantFrom(CHECK_DOCUMENT_COMMAND, 'mathcritic.server.critiqueDocument', 'mathcritic.server.curatorLabel', 'nope')), arguments: maybe(fc.array(fc.oneof(uri, fc.anything()), { maxLength: 3 })) })) }),
  fc.record({ kind: fc.constant('r'), method: fc.constantFrom('mathcritic/curator/open', 'mathcritic/curator/record', 'mathcritic/curator/stats', 'mathcritic/curator/label', 'mathcritic/unknownRequest'), params: fc.anything() }),
  // Well-framed bodies that are not JSON-RPC: any JSON, any text, envelopes with ids and methods of the wrong type.
  // (Ids are never numbers, which could answer one of the server's own requests; no exit/shutdown.)
  fc.record({
    kind: fc.constant('raw'),
    body: fc.oneof(
      fc.json({ maxDepth: 3 }),
      fc.string({ maxLength: 60 }),
      fc
        .record(
          {
            jsonrpc: fc.oneof(fc.constant('2.0'), fc.constant('1.0'), fc.anything()),
            id: fc.oneof(fc.string({ maxLength: 8 }).map((t) => `raw-${t}`), fc.constant(null), fc.array(fc.nat(), { maxLength: 2 }), fc.object({ maxDepth: 1 })),
            method: fc.oneof(fc.constantFrom('textDocument/didOpen', 'textDocument/hover', 'workspace/executeCommand', 'mathcritic/curator/open', '$/cancelRequest'), fc.integer(), fc.constant(null)),
            params: fc.anything({ maxDepth: 2 }),
          },
          { requiredKeys: [] },
        )
        .map((m) => JSON.stringify(m) ?? 'null'),
    ).filter((b) => !/"(exit|shutdown)"/.test(b)),
  }),
);

test('LSP messages: random valid and invalid ones never stop the server', { timeout: 240_000 }, async () => {
  const client = new TestLspClient({ check: { delayMs: 0 } });
  let exited = false;
  client.onExit(() => (exited = true));
  try {
    await client.initialize({ trusted: false });
    const good = `${fileUri(bakeryPath)}?good`;
    client.open(good, bakery, 1);
    await client.waitForVersion(good, 1);
    const baseline = (await client.connection.sendRequest('workspace/executeCommand', { command: CHECK_DOCUMENT_COMMAND, arguments: [good] })) as CheckSummary;
    assert.ok(baseline.errors > 0);
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 12 }), async (batch) => {
        const replies: Promise<unknown>[] = [];
        for (const m of batch) {
          if (m.kind === 'raw') client.writeRaw(`Content-Length: ${Buffer.byteLength(m.body)}\r\n\r\n${m.body}`);
          else if (m.kind === 'n') void client.connection.sendNotification(m.method, m.params as never);
          // An answer or an error, but an answer: no request is left hanging.
          else replies.push(client.connection.sendRequest(m.method, m.params as never).then(() => 'ok', () => 'error'));
        }
        const settled = await Promise.race([Promise.all(replies), new Promise((r) => setTimeout(() => r('timeout'), 10_000))]);
        assert.notEqual(settled, 'timeout', `a request was never answered: ${JSON.stringify(batch).slice(0, 500)}`);
        assert.equal(exited, false, `the server exited: ${client.stderr}`);
        const check = (await client.connection.sendRequest('workspace/executeCommand', { command: CHECK_DOCUMENT_COMMAND, arguments: [good] })) as CheckSummary;
        assert.deepEqual(check, baseline, 'the good document still gets its findings');
      }),
      { numRuns: 30 },
    );
    assert.doesNotMatch(client.stderr, /internal error/);
  } finally {
    await client.shutdown();
  }
});
