/**
 * The model critic's own overhead, against the loopback OpenAI-compatible test server (no GPU:
 * what is measured is MathCritic's client, prompt, parsing and cache, not a model).
 * Run: node --import tsx bench/critic.ts
 */
import { OpenAITestServer } from '../test/support/openai-test-server';
import { ChatEndpoint } from '../server/src/engine/model';
import { CritiqueCache, critiqueSolution } from '../server/src/engine/critic';
import { median } from './corpus';

const answer = JSON.stringify({ steps: [{ step: 1, correct: true, comment: 'ok' }, { step: 2, correct: false, comment: '9 * 2 is 18' }], first_wrong_step: 2, feedback: '9 * 2 is 18, not 20.' });
const solution = (i: number) => ({ problem: `Problem ${i}: eggs`, steps: ['16 - 3 - 4 = 9 eggs.', `9 * 2 = ${20 + (i % 3)}.`, 'The answer is 20.'] });

async function main() {
  const server = await OpenAITestServer.start({ responder: () => ({ content: answer }) });
  try {
    for (const concurrency of [1, 8]) {
      const endpoint = new ChatEndpoint({ baseUrl: server.baseUrl, model: 'bench', timeoutMs: 10_000, concurrency });
      const n = 400;
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < n) await critiqueSolution(solution(next++), { endpoint, temperature: 0, maxTokens: 256, samples: 1 });
        }),
      );
      const s = (performance.now() - t0) / 1000;
      console.log(`critiques through the client, concurrency ${concurrency}: ${(n / s).toFixed(0)} /s (${((s / n) * 1000).toFixed(2)} ms each, model time ~0)`);
    }
    const endpoint = new ChatEndpoint({ baseUrl: server.baseUrl, model: 'bench', timeoutMs: 10_000 });
    const cache = new CritiqueCache();
    await critiqueSolution(solution(1), { endpoint, temperature: 0, maxTokens: 256, samples: 1, cache });
    const hits: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      await critiqueSolution(solution(1), { endpoint, temperature: 0, maxTokens: 256, samples: 1, cache });
      hits.push(performance.now() - t);
    }
    console.log(`cached critique (memory): median ${(median(hits) * 1000).toFixed(0)} µs`);
    const k: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await critiqueSolution(solution(i), { endpoint, temperature: 0.7, maxTokens: 256, samples: 8 });
      k.push(performance.now() - t);
    }
    console.log(`K = 8 sampled critiques (one request with n = 8): median ${median(k).toFixed(2)} ms`);
  } finally {
    await server.close();
  }
}
void main();
