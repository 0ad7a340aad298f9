/**
 * Server time from didOpen / didChange to publishDiagnostics, seen from a client over stdio
 * (so it includes JSON-RPC framing both ways: an upper bound on the server's own time).
 * Run: npm run build && node --import tsx bench/lsp-latency.ts
 */
import { TestLspClient } from '../test/support/lsp-client';
import { solutionDocument, median, percentile, fmt } from './corpus';

async function measure(client: TestLspClient, steps: number, runs: number) {
  const text = solutionDocument(steps);
  const opens: number[] = [];
  const changes: number[] = [];
  for (let r = 0; r < runs; r++) {
    const uri = `untitled:bench-${steps}-${r}.solution.md`;
    let t0 = performance.now();
    client.open(uri, text, 1);
    await client.waitForVersion(uri, 1);
    opens.push(performance.now() - t0);
    // An edit in the middle of the document, as typing would make.
    const at = text.indexOf(`Step ${Math.ceil(steps / 2)}:`);
    const edited = `${text.slice(0, at)}Step 0: 7 * 6 = 42\n${text.slice(at)}`;
    t0 = performance.now();
    client.change(uri, 2, edited);
    await client.waitForVersion(uri, 2);
    changes.push(performance.now() - t0);
    void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  return { opens, changes };
}

async function main() {
  const client = new TestLspClient({ check: { delayMs: 0 } });
  await client.initialize();
  await measure(client, 50, 20); // warm-up: JIT and caches
  console.log('LSP latency (client-observed, stdio, check.delayMs = 0)');
  for (const [steps, runs] of [[50, 200], [10_000, 25]] as const) {
    const { opens, changes } = await measure(client, steps, runs);
    console.log(
      `  ${String(steps).padStart(6)} steps: didOpen→publish median ${fmt(median(opens))} (p90 ${fmt(percentile(opens, 90))}), ` +
        `didChange→publish median ${fmt(median(changes))} (p90 ${fmt(percentile(changes, 90))})  [${runs} runs]`,
    );
  }
  await client.shutdown();
}

void main();
