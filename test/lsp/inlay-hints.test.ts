import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { InlayHint, MarkupContent } from 'vscode-languageserver-protocol';
import { TestLspClient, fileUri, PULL_CLIENT } from '../support/lsp-client';
import { OpenAITestServer } from '../support/openai-test-server';
import { CRITIQUE_DOCUMENT_COMMAND } from '../../protocol/server';
import { stepInlayHints, stepScores } from '../../server/src/lsp/inlay-hints';
import { parseSolutionDocument } from '../../server/src/engine/solution';
import { checkSolution } from '../../server/src/engine/check';
import type { CritiqueResult } from '../../server/src/engine/critic';

const examples = path.resolve(__dirname, '../../examples');
const bakeryPath = path.join(examples, 'bakery.solution.md');
const bakery = readFileSync(bakeryPath, 'utf8');
/** Step 3 has no arithmetic: nothing is verified there, so the checker gives it no mark. */
const text = `# Problem

How many?

# Solution

Step 1: 2 + 3 = 5 apples.

Step 2: 5 × 2 = 12 apples.

Step 3: So we count them again.
`;
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };
const hintsOf = (client: TestLspClient, uri: string): Promise<InlayHint[]> => client.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE });
const lineOf = (h: InlayHint) => h.position.line;

describe('inlay hints', () => {
  test('✓ where every equation checks, ✗ with the code of a finding, nothing on a step without arithmetic; at the end of the step', async () => {
    const client = new TestLspClient({ check: { delayMs: 0 } });
    try {
      await client.initialize({}, { capabilities: PULL_CLIENT });
      const uri = 'untitled:hints.solution.md';
      client.open(uri, text);
      const hints = await hintsOf(client, uri);
      const lines = text.split('\n');
      assert.deepEqual(
        hints.map((h) => [lines[lineOf(h)], h.label, h.position.character]),
        [
          ['Step 1: 2 + 3 = 5 apples.', '✓', 'Step 1: 2 + 3 = 5 apples.'.length],
          ['Step 2: 5 × 2 = 12 apples.', '✗ wrong-equation', 'Step 2: 5 × 2 = 12 apples.'.length],
        ],
      );
      assert.match((hints[1].tooltip as MarkupContent).value, /5 × 2 = 12 is wrong/);
      assert.equal(hints[0].paddingLeft, true);
      // Only the steps in the range asked for.
      const step2 = lines.findIndex((l) => l.startsWith('Step 2'));
      const some: InlayHint[] = await client.connection.sendRequest('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: step2, character: 0 }, end: { line: step2, character: 3 } },
      });
      assert.deepEqual(
        some.map((h) => h.label),
        ['✗ wrong-equation'],
      );
      // An edit: the hints answer the new version (the request waits for its check).
      client.change(uri, 2, text.replace('5 × 2 = 12', '5 × 2 = 10'));
      assert.deepEqual(
        (await hintsOf(client, uri)).map((h) => h.label),
        ['✓', '✓'],
      );
    } finally {
      await client.shutdown();
    }
  });

  test('mathcritic.inlayHints.enabled: false turns them off', async () => {
    const client = new TestLspClient({ inlayHints: { enabled: false } });
    try {
      await client.initialize({}, { capabilities: PULL_CLIENT });
      client.open('untitled:off.solution.md', text);
      assert.deepEqual(await hintsOf(client, 'untitled:off.solution.md'), []);
    } finally {
      await client.shutdown();
    }
  });

  describe('with the critic', () => {
    let server: OpenAITestServer;
    before(async () => (server = await OpenAITestServer.start()));
    after(async () => server.close());
    const critique = JSON.stringify({ steps: [{ step: 2, correct: false, comment: 'Count the cakes again.' }], first_wrong_step: 2, feedback: 'Count the cakes again.' });

    for (const asHints of [false, true]) {
      test(`the critic's verdict and agreement per step${asHints ? '; critic.asHints puts its finding out of Problems (severity hint)' : ''}`, async () => {
        const client = new TestLspClient({ check: { delayMs: 0 }, critic: { baseUrl: server.baseUrl, model: 'test-model', trigger: 'onCommand', samples: 2, temperature: 0.8, asHints } });
        try {
          await client.initialize({ trusted: true, storagePath: mkdtempSync(path.join(tmpdir(), 'mc-hints-')) }, { capabilities: { ...PULL_CLIENT, textDocument: { inlayHint: {} } } });
          const uri = fileUri(bakeryPath) + `?hints=${asHints}`;
          client.open(uri, bakery);
          await client.waitForVersion(uri, 1);
          server.script({ content: critique }, { content: critique });
          await client.connection.sendRequest('workspace/executeCommand', { command: CRITIQUE_DOCUMENT_COMMAND, arguments: [uri] });
          const hints = await hintsOf(client, uri);
          assert.deepEqual(
            hints.map((h) => h.label),
            ['✗ wrong-equation · critic ✓', '✓ · critic ✗ 2/2', '✗ wrong-final-answer'],
          );
          assert.match((hints[1].tooltip as MarkupContent).value, /Count the cakes again\\\./);
          // The refresh is sent 50 ms after the critique (refreshes are coalesced): waited for, not raced.
          for (const end = Date.now() + 10_000; !client.refreshes.includes('workspace/inlayHint/refresh') && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
          assert.ok(client.refreshes.includes('workspace/inlayHint/refresh'), 'the client is asked for the hints again when the critique arrives');
          const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.source === 'mathcritic-model'));
          assert.equal(diagnostics.find((d) => d.source === 'mathcritic-model')?.severity, asHints ? 4 : 1);
          // An edit of step 1 makes every verdict stale (step 2's was given after step 1 as it read).
          client.change(uri, 2, bakery.replace('5 + 3 × 2 = 16', '5 + 3 × 2 = 11'));
          assert.deepEqual(
            (await hintsOf(client, uri)).map((h) => h.label),
            ['✓', '✓', '✗ wrong-final-answer'],
          );
        } finally {
          await client.shutdown();
        }
      });
    }
  });

  test('a PRM score per step when the critique carries `stepScores`; anything but a probability is ignored', () => {
    const doc = TextDocument.create('untitled:prm.md', 'markdown', 1, text);
    const { solution, issues } = parseSolutionDocument(text);
    const result = checkSolution(solution, issues);
    const critique = {
      id: 'x',
      firstWrongStep: 1,
      feedback: '5 × 2 is 10.',
      votes: 1,
      readable: 1,
      samples: 1,
      critiques: [],
      unreadable: [],
      model: 'Qwen/Qwen2.5-Math-PRM-7B',
      promptVersion: 'prm',
      profile: 'prm',
      profileVersion: 'prm-v1',
      unreadableReasons: [],
      createdAt: '',
      stepScores: [0.97, 0.12, 0.4],
    } as CritiqueResult;
    const judged = { critique, steps: solution.steps.map((s) => s.text) };
    assert.deepEqual(
      stepInlayHints(doc, WHOLE, solution, result, judged).map((h) => h.label),
      ['✓ · critic ✓ PRM 0.97', '✗ wrong-equation · critic ✗ PRM 0.12', 'PRM 0.40'],
    );
    for (const bad of [undefined, 'high', [Number.NaN, '0.5', 2, -1, null]]) {
      const labels = stepInlayHints(doc, WHOLE, solution, result, { ...judged, critique: { ...critique, stepScores: bad } as CritiqueResult }).map((h) => h.label);
      assert.deepEqual(labels, ['✓ · critic ✓', '✗ wrong-equation · critic ✗'], JSON.stringify(bad));
    }
    assert.deepEqual(stepScores({ ...critique, stepScores: [0.5, Infinity] } as CritiqueResult), [0.5, undefined]);
  });
});
