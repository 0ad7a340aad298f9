/**
 * Runs the OpenAI-compatible test server in its own process, as a real model server would be,
 * so the client's CPU time is not shared with the server's. Prints its base URL on stdout.
 * Usage: node --import tsx bench/support/serve-test-server.ts DELAY_MS
 */
import { OpenAITestServer } from '../../test/support/openai-test-server';

const delayMs = Number(process.argv[2] ?? 0);
const content = JSON.stringify({ steps: [{ step: 1, correct: true, comment: 'ok' }, { step: 2, correct: false, comment: '9 * 2 is 18' }], first_wrong_step: 2, feedback: '9 * 2 is 18, not 20.' });
// The critic's answer for critique requests; a rewrite for the actor's (told apart by the system prompt).
const rewrite = 'Step 2: She makes 9 * 2 = $18 every day at the market.\nStep 3: The answer is \\boxed{18}.';
void OpenAITestServer.start({
  responder: (req) => ({ content: /critiques/.test(String(req.body.messages?.[0]?.content)) ? content : rewrite, delayMs }),
}).then((server) => {
  process.stdout.write(`${server.baseUrl}\n`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
});
