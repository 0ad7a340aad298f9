/**
 * Each critic profile through the real language server (bundled, over stdio) against the
 * loopback test server: the diagnostic carries its profile in `data`, a PRM's score of every
 * step shows in the hover, a verdict on the final answer alone sits on the answer, and an
 * answer that does not follow the profile's format says so in the status. `npm run build` first.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TestLspClient, fileUri } from '../support/lsp-client';
import { OpenAITestServer } from '../support/openai-test-server';
import { CRITIQUE_DOCUMENT_COMMAND, type CritiqueSummary } from '../../protocol/server';
import type { Diagnostic } from 'vscode-languageserver';

const eggsPath = path.resolve(__dirname, '../../examples/eggs.solution.md');
const eggs = readFileSync(eggsPath, 'utf8');

describe('critic profiles in the language server', () => {
  let server: OpenAITestServer;
  before(async () => (server = await OpenAITestServer.start()));
  after(async () => server.close());

  const start = async (critic: Record<string, unknown>) => {
    const client = new TestLspClient({ check: { delayMs: 0 }, critic: { baseUrl: server.baseUrl, model: 'critic', trigger: 'onCommand', ...critic } });
    await client.initialize({ trusted: true, storagePath: mkdtempSync(path.join(tmpdir(), 'mathcritic-profiles-')) });
    return client;
  };
  const critique = async (client: TestLspClient, uri: string) => {
    client.open(uri, eggs, 1);
    await client.waitForVersion(uri, 1);
    return (await client.connection.sendRequest('workspace/executeCommand', { command: CRITIQUE_DOCUMENT_COMMAND, arguments: [uri] })) as CritiqueSummary;
  };
  const modelDiagnostic = async (client: TestLspClient, uri: string): Promise<Diagnostic> => {
    const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.source === 'mathcritic-model'));
    return diagnostics.find((d) => d.source === 'mathcritic-model')!;
  };
  const hoverAt = async (client: TestLspClient, uri: string, line: number) =>
    ((await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 3 } })) as { contents: { value: string } }).contents.value;
  const lineOf = (text: string) => eggs.split('\n').findIndex((l) => l.includes(text));

  test("prm: pooled at the root, the first step below the threshold flagged, every step's p_right in its hover", async () => {
    const client = await start({ profile: 'prm', prm: { threshold: 0.6 } });
    try {
      server.script({
        pooled: [
          [0.45, 0.55],
          [0.02, 0.98],
        ],
      });
      const uri = fileUri(eggsPath) + '?prm';
      const summary = await critique(client, uri);
      assert.deepEqual([summary.ok, summary.firstWrongStep], [true, 0]);
      const asked = server.requests.at(-1)!;
      assert.equal(asked.path, '/pooling');
      // The steps as the document parses them (the last one holds the "#### 18" line), each followed by the tag.
      assert.match(asked.body.messages[2].content, /^Janet sells 16 - 3 - 4 = 9 duck eggs a day\.<extra_0>She makes 9 \* 2 = \$18 [^<]*#### 18<extra_0>$/);
      const d = await modelDiagnostic(client, uri);
      assert.deepEqual(d.data, { stepIndex: 0, critiqueId: (d.data as { critiqueId: string }).critiqueId, profile: 'prm' });
      assert.match(String(d.message), /^Step 1: The process reward model gives step 1 p_right 0\.550, below the threshold 0\.6\./);
      // The second step is right, and its hover still shows its score and every other.
      const second = await hoverAt(client, uri, lineOf('Step 2:'));
      assert.match(second, /profile prm, step 2: p_right 0\.980/);
      assert.match(second, /p_right per step: 1: 0\.550 ✗ · \*\*2: 0\.980\*\*/);
    } finally {
      await client.shutdown();
    }
  });

  test("processbench: a reasoning judge's \\boxed{k} after its reasoning_content becomes the diagnostic; the hover names the profile", async () => {
    const client = await start({ profile: 'processbench' });
    try {
      server.script({ content: 'Paragraph 1 doubles the wrong count.\n\n\\boxed{1}', reasoningContent: 'Paragraph 0: 16 - 3 - 4 = 9. Fine. Paragraph 1: …' });
      const uri = fileUri(eggsPath) + '?pb';
      const summary = await critique(client, uri);
      assert.equal(summary.firstWrongStep, 1);
      assert.equal(server.requests.at(-1)!.body.max_tokens, 16384, "the profile's default leaves room to reason");
      const d = await modelDiagnostic(client, uri);
      assert.equal((d.data as { profile: string }).profile, 'processbench');
      assert.match(await hoverAt(client, uri, d.range.start.line), /profile processbench, first wrong step: 2/);
    } finally {
      await client.shutdown();
    }
  });

  test('mathcritique: every step right and the final answer wrong is a diagnostic on the answer', async () => {
    const client = await start({ profile: 'mathcritique' });
    try {
      server.script({
        content:
          "Step sentence: Janet sells 16 - 3 - 4 = 9 duck eggs a day.\nCorrectness of the step: Correct\nExplanation: 16 - 3 - 4 = 9.\n\nStep sentence: She makes 9 * 2 = $18 every day at the farmer's market.\nCorrectness of the step: Correct\nExplanation: 9 * 2 = 18.\n\nCorrectness of the final answer: Wrong\nExplanation: The question asks for dollars per week.",
      });
      const uri = fileUri(eggsPath) + '?mc';
      await critique(client, uri);
      const d = await modelDiagnostic(client, uri);
      assert.deepEqual([(d.data as { profile: string }).profile, (d.data as { onFinalAnswer?: boolean }).onFinalAnswer], ['mathcritique', true]);
      assert.equal(String(d.message), 'Final answer: The question asks for dollars per week.');
      assert.equal(eggs.split('\n')[d.range.start.line], '#### 18', 'on the answer line');
    } finally {
      await client.shutdown();
    }
  });

  test('an answer that does not follow the profile: no diagnostic, a status naming the profile and what was missing', async () => {
    const client = await start({ profile: 'processbench' });
    try {
      server.script({ content: 'I think paragraph 1 is wrong.' });
      const uri = fileUri(eggsPath) + '?unreadable';
      const summary = await critique(client, uri);
      assert.equal(summary.ok, false);
      assert.equal(summary.message, "the critic's answer could not be read: the answer did not follow the processbench format: no \\boxed{} index (raw text in the output channel)");
      const { diagnostics } = await client.waitForDiagnostics(uri, () => true);
      assert.ok(!diagnostics.some((d) => d.source === 'mathcritic-model'), 'never a verdict');
    } finally {
      await client.shutdown();
    }
  });
});
