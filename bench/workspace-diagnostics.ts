/**
 * What the workspace diagnostics cost: the real server over stdio, a workspace folder of N
 * closed solution documents (GSM8K steps from ../shared/data, one slip in every other file).
 * First `workspace/diagnostic` (every file read and checked), the same request again with the
 * result ids the client holds (every file `unchanged`: one stat each), and again after one file
 * changed on disk. `node --import tsx bench/workspace-diagnostics.ts [N]` (after npm run build).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource, WorkspaceDiagnosticRequest, type WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { TestLspClient, fileUri, PULL_CLIENT } from '../test/support/lsp-client';

const n = Number(process.argv[2] ?? 1000);
const data = path.resolve(__dirname, '../../shared/data/gsm8k-test-correct.jsonl');
const records = readFileSync(data, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { problem: string; steps: string[]; answer?: string });
const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-bench-ws-'));
for (let i = 0; i < n; i++) {
  const r = records[i % records.length];
  const steps = r.steps.map((s, k) => `Step ${k + 1}: ${i % 2 && k === 0 ? s.replace(/= (\d+)/, (_m, d: string) => `= ${Number(d) + 1}`) : s}`);
  writeFileSync(path.join(dir, `p${i}.solution.md`), `---\nanswer: ${JSON.stringify(r.answer ?? '')}\n---\n# Problem\n\n${r.problem}\n\n# Solution\n\n${steps.join('\n\n')}\n`);
}

type Report = { items: WorkspaceDocumentDiagnosticReport[] };
async function main() {
  const client = new TestLspClient({});
  await client.initialize({}, { capabilities: PULL_CLIENT, workspaceFolders: [{ uri: fileUri(dir), name: 'bench' }] });
  const time = async <T>(f: () => Promise<T>) => {
    const t = process.hrtime.bigint();
    const r = await f();
    return { r, ms: Number(process.hrtime.bigint() - t) / 1e6 };
  };
  const first = await time(() => client.connection.sendRequest('workspace/diagnostic', { previousResultIds: [] }) as Promise<Report>);
  const previous = first.r.items.map((i) => ({ uri: i.uri, value: i.resultId! }));
  // Unchanged: the request streams its (unchanged) reports as partial results and is then held; timed to the last report.
  const unchanged = await time(async () => {
    const cts = new CancellationTokenSource();
    let seen = 0;
    let kinds = new Set<string>();
    const done = new Promise<void>((resolve) =>
      client.connection.onProgress(WorkspaceDiagnosticRequest.partialResult, 'bench', (p) => {
        seen += p.items.length;
        kinds = new Set([...kinds, ...p.items.map((i) => i.kind)]);
        if (seen >= previous.length) resolve();
      }),
    );
    const held = client.connection.sendRequest('workspace/diagnostic', { previousResultIds: previous, partialResultToken: 'bench' }, cts.token).catch(() => null);
    await done;
    cts.cancel();
    await held;
    return [...kinds];
  });
  writeFileSync(path.join(dir, 'p0.solution.md'), readFileSync(path.join(dir, 'p0.solution.md'), 'utf8') + '\nStep 99: 2 + 2 = 5.\n');
  const one = await time(() => client.connection.sendRequest('workspace/diagnostic', { previousResultIds: previous }) as Promise<Report>);
  const full = one.r.items.filter((i) => i.kind === 'full').length;
  await client.shutdown();
  rmSync(dir, { recursive: true, force: true });
  const findings = first.r.items.reduce((k, i) => k + (i.kind === 'full' ? i.items.length : 0), 0);
  console.log(`${n} closed solution documents, ${findings} findings (nproc ${availableParallelism()}, load ${loadavg()[0].toFixed(1)})`);
  console.log(`first workspace pull (read + check every file): ${first.ms.toFixed(0)} ms (${(first.ms / n).toFixed(2)} ms a file)`);
  console.log(`again, result ids held (${unchanged.r.join(', ')}): ${unchanged.ms.toFixed(0)} ms (${(first.ms / unchanged.ms).toFixed(1)}× faster)`);
  console.log(`after one file changed on disk: ${one.ms.toFixed(0)} ms, ${full} full report(s) (${(first.ms / one.ms).toFixed(1)}× faster than the first)`);
}
void main();
