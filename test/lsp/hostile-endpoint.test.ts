import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TestLspClient, fileUri } from '../support/lsp-client';
import { OpenAITestServer, type ScriptedReply } from '../support/openai-test-server';
import { CRITIQUE_DOCUMENT_COMMAND, STATUS_NOTIFICATION, type CritiqueSummary, type StatusParams } from '../../protocol/server';

const eggsPath = path.resolve(__dirname, '../../examples/eggs.solution.md');
const eggs = readFileSync(eggsPath, 'utf8');

describe('the language server against a hostile model server', () => {
  let server: OpenAITestServer;
  before(async () => (server = await OpenAITestServer.start()));
  after(async () => server.close());

  const critiqueWith = async (reply: ScriptedReply, tag: string, env: Record<string, string> = {}) => {
    const client = new TestLspClient({ check: { delayMs: 0 }, critic: { baseUrl: server.baseUrl, model: 'test-model', trigger: 'onCommand', timeoutMs: 1000 } }, [], [], env);
    await client.initialize({ trusted: true });
    const uri = `${fileUri(eggsPath)}?${tag}`;
    client.open(uri, eggs, 1);
    await client.waitForVersion(uri, 1);
    server.script(reply, reply, reply);
    const summary = (await client.connection.sendRequest('workspace/executeCommand', { command: CRITIQUE_DOCUMENT_COMMAND, arguments: [uri] })) as CritiqueSummary;
    const statuses = client.notifications.filter((n) => n.method === STATUS_NOTIFICATION).map((n) => n.params as StatusParams).filter((s) => s.uri === uri);
    return { client, uri, summary, statuses };
  };

  // Before the deadline covered the body, this command never returned and the status stayed
  // at "the critic is reading the solution…".
  test('a reply that stalls mid-body: the command returns, the status says timeout, the checker stays', { timeout: 20_000 }, async () => {
    const { client, uri, summary, statuses } = await critiqueWith({ content: 'x', stallBody: true }, 'stall');
    try {
      assert.equal(summary.ok, false);
      assert.match(summary.message ?? '', /did not finish answering within 1 s/);
      assert.equal(statuses.at(-1)!.state, 'error');
      const { diagnostics } = await client.waitForDiagnostics(uri);
      assert.ok(diagnostics.every((d) => d.source !== 'mathcritic-model'));
    } finally {
      server.clearScript();
      await client.shutdown();
    }
  });

  // Before redaction the status bar tooltip and the output channel showed "Bearer sk-…".
  for (const status of [401, 400, 500]) {
    test(`a ${status} that echoes the Authorization header: no key in the status, the log or the reply`, { timeout: 20_000 }, async () => {
      const KEY = 'sk-live-abcdefghijklmnop0123456789';
      const { client, summary, statuses } = await critiqueWith({ status, echoHeaders: true, content: 'rejected' }, `echo${status}`, { MATHCRITIC_API_KEY: KEY });
      try {
        assert.equal(summary.ok, false);
        assert.match(summary.message ?? '', new RegExp(`answered ${status}`));
        const logs = client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => JSON.stringify(n.params));
        assert.ok(logs.some((l) => /answered/.test(l)), 'the failure is logged');
        const everything = [JSON.stringify(summary), ...statuses.map((x) => JSON.stringify(x)), ...logs, client.stderr].join('\n');
        assert.ok(!everything.includes(KEY), everything);
        assert.doesNotMatch(everything, /Bearer sk-/);
        assert.equal(server.requests.at(-1)!.headers.authorization, `Bearer ${KEY}`);
      } finally {
        server.clearScript();
        await client.shutdown();
      }
    });
  }
});
