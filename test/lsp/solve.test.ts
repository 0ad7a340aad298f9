import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestLspClient } from '../support/lsp-client';
import { OpenAITestServer } from '../support/openai-test-server';
import { SOLVE_PROBLEM_COMMAND } from '../../protocol/server';

test('Solve Problem: K solutions, the wrong one refined, the majority answer inserted as steps', async () => {
  const server = await OpenAITestServer.start();
  let actorCalls = 0;
  server.setResponder((req) => {
    const system = String(req.body.messages[0].content);
    const user = String(req.body.messages[1].content);
    if (/critiques/.test(system)) {
      // The critic rejects the solution that says 6.
      return { content: JSON.stringify({ steps: [], first_wrong_step: /= 6/.test(user) ? 1 : null, feedback: '2 + 3 is 5.' }) };
    }
    actorCalls++;
    if (/correct/.test(system)) return { content: 'Step 1: 2 + 3 = 5, so the answer is \\boxed{5}.' };
    return [{ content: 'Step 1: 2 + 3 = 6, so \\boxed{6}.' }, { content: 'Step 1: 2 + 3 = 5.\nStep 2: \\boxed{5}' }, { content: 'Step 1: 7 - 2 = 5, \\boxed{5}' }];
  });
  const client = new TestLspClient({ check: { delayMs: 0 }, critic: { baseUrl: server.baseUrl, model: 'm', trigger: 'onCommand' }, actor: { samples: 3 } });
  try {
    await client.initialize({ trusted: true });
    const uri = 'untitled:solve.solution.md';
    const text = '# Problem\n\nWhat is 2 + 3?\n\n# Solution\n';
    client.open(uri, text, 1);
    await client.waitForVersion(uri, 1);
    const r = (await client.connection.sendRequest('workspace/executeCommand', { command: SOLVE_PROBLEM_COMMAND, arguments: [uri] })) as { applied: boolean; answer: string; votes: number; samples: number };
    assert.deepEqual([r.applied, r.answer, r.votes, r.samples], [true, '5', 3, 3]);
    assert.equal(actorCalls, 2, 'three solutions in one request, one refinement');
    const edit = client.appliedEdits.at(-1) as { edit: { documentChanges: Array<{ edits: Array<{ range: { start: { line: number } }; newText: string }> }> } };
    const e = edit.edit.documentChanges[0].edits[0];
    // The first of the majority is the refined one: its wrong step rewritten by the actor.
    assert.equal(e.newText, '\nStep 1: 2 + 3 = 5, so the answer is \\boxed{5}.\n');
    assert.equal(e.range.start.line, 5);
  } finally {
    await client.shutdown();
    await server.close();
  }
});
