/**
 * Time from invoking "Refine from step k" to the edit reaching the editor, through the real
 * bundled server over stdio, with the OpenAI-compatible test server answering after a scripted
 * 200 ms model latency (no GPU: the figure is the model time plus MathCritic's own).
 * Run: npm run build && node --import tsx bench/actor.ts
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TestLspClient, fileUri } from '../test/support/lsp-client';
import { OpenAITestServer } from '../test/support/openai-test-server';
import { CRITIQUE_DOCUMENT_COMMAND, REFINE_FROM_STEP_COMMAND } from '../protocol/server';
import { median } from './corpus';

async function main() {
  const eggsPath = path.resolve(__dirname, '../examples/eggs.solution.md');
  const eggs = readFileSync(eggsPath, 'utf8');
  const critique = JSON.stringify({ steps: [], first_wrong_step: 2, feedback: '9 * 2 is 18.' });
  const server = await OpenAITestServer.start({
    responder: (req) => (/critiques/.test(JSON.stringify(req.body.messages[0])) ? { content: critique } : { content: 'Step 2: She makes 9 * 2 = $18.\nStep 3: \\boxed{18}', delayMs: 200 }),
  });
  const client = new TestLspClient({ check: { delayMs: 0 }, critic: { baseUrl: server.baseUrl, model: 'm', trigger: 'onCommand' } });
  await client.initialize({ trusted: true, storagePath: mkdtempSync(path.join(tmpdir(), 'mathcritic-bench-')) });
  const times: number[] = [];
  try {
    for (let i = 0; i < 15; i++) {
      const uri = `${fileUri(eggsPath)}?run${i}`;
      client.open(uri, eggs.replace('How much', `(${i}) How much`), 1);
      await client.waitForVersion(uri, 1);
      await client.connection.sendRequest('workspace/executeCommand', { command: CRITIQUE_DOCUMENT_COMMAND, arguments: [uri] });
      const edits = client.appliedEdits.length;
      const t0 = performance.now();
      await client.connection.sendRequest('workspace/executeCommand', { command: REFINE_FROM_STEP_COMMAND, arguments: [uri, 1, 1, 'once'] });
      if (client.appliedEdits.length !== edits + 1) throw new Error('no edit applied');
      times.push(performance.now() - t0);
    }
  } finally {
    await client.shutdown();
    await server.close();
  }
  const m = median(times);
  console.log(`Refine from step k → edit applied: median ${m.toFixed(1)} ms at 200 ms model latency (MathCritic's own share ${(m - 200).toFixed(1)} ms) [15 runs]`);
}
void main();
