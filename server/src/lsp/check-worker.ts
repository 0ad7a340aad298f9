/**
 * The worker thread that checks big steps (dist/check-worker.js), so that a document of
 * megabytes never holds up hover, other documents or the next edit on the server's thread.
 * It only recomputes equations: pure text in, plain data out.
 */
import { parentPort } from 'node:worker_threads';
import { checkStep } from '../engine/check/step-checks';
import type { CheckRequest, CheckReply } from './check-pool';

parentPort?.on('message', ({ id, texts }: CheckRequest) => {
  let reply: CheckReply;
  try {
    reply = { id, results: texts.map((t) => checkStep(t)) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
parentPort?.postMessage({ ready: true } satisfies CheckReply);
