/**
 * The test server for bench/eval.ts, in its own process as a real model server would be: every
 * chat request gets a critic's verdict (step 2 wrong, in the JSON layout), every pooling request
 * a PRM's step scores (step 2 below 0.5), after DELAY_MS.
 * Prints its base URL on stdout.
 * Usage: node --import tsx bench/support/serve-eval-server.ts DELAY_MS
 */
import { OpenAITestServer } from '../../test/support/openai-test-server';

const delayMs = Number(process.argv[2] ?? 0);
const content = JSON.stringify({
  steps: [
    { step: 1, correct: true, comment: 'ok' },
    { step: 2, correct: false, comment: '9 * 2 is 18' },
  ],
  first_wrong_step: 2,
  feedback: '9 * 2 is 18, not 20.',
});
const pooled = [
  [0.1, 0.9],
  [0.8, 0.2],
  [0.3, 0.7],
];
void OpenAITestServer.start({ responder: (req) => (req.path === '/pooling' ? { pooled, delayMs } : { content, delayMs }) }).then((server) => {
  process.stdout.write(`${server.baseUrl}\n`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
});
