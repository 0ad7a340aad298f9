/**
 * MathCritic beside the tools a user already has open, on the same Markdown solution documents
 * (50, 1,000 and 10,000 steps), in one run:
 *   - MathCritic's language server (dist/server.js over stdio; push diagnostics);
 *   - VS Code's Markdown language server (`vscode-markdown-languageserver`, over stdio, link
 *     validation on; it asks its client to parse, as VS Code's Markdown extension does, and this
 *     client answers with markdown-it; pull diagnostics: `textDocument/diagnostic`);
 *   - Harper (`harper.js`, its WebAssembly linter in a child process of its own, timed there: no
 *     JSON-RPC, so its figures leave out the framing that the two servers' include; a size it
 *     does not finish within HARPER_BUDGET_S is shown as more than that: it lints the whole text
 *     again on each change, and 10,000 steps took it over 15 minutes).
 * Each: didOpen→diagnostics and didChange→diagnostics (one character typed into the middle step,
 * as an incremental range edit) medians, and MathCritic's ratio to each (< 1: MathCritic faster).
 * Run: npm run build && node --import tsx bench/peers.ts [--harper-budget SECONDS]
 */
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { TestLspClient } from '../test/support/lsp-client';
import { solutionDocument, median, fmt } from './corpus';

const root = path.resolve(__dirname, '..');
const SIZES = [50, 1_000, 10_000] as const;

interface Doc {
  text: string;
  /** Where the keystroke goes, and the text after it. */
  edit: { line: number; character: number; offset: number };
}

function documentOf(steps: number): Doc {
  const text = solutionDocument(steps);
  const offset = text.indexOf('\n', text.indexOf(`Step ${Math.ceil(steps / 2)}:`));
  const line = text.slice(0, offset).split('\n').length - 1;
  return { text, edit: { line, character: offset - (text.lastIndexOf('\n', offset - 1) + 1), offset } };
}

const runsFor = (steps: number) => (steps <= 50 ? 20 : steps <= 1_000 ? 4 : 2);
const KEYS = 3;

interface Figures {
  open: number;
  change: number;
  /** Did not finish within this many seconds (open and change are then lower bounds). */
  over?: number;
}

const budgetFlag = process.argv.indexOf('--harper-budget');
const HARPER_BUDGET_S = budgetFlag >= 0 ? Number(process.argv[budgetFlag + 1]) : 180;

/** A peer measured on one document size. */
type Peer = { name: string; measure(doc: Doc, steps: number): Promise<Figures>; close(): Promise<void> };

const rangeEdit = (doc: Doc, k: number) => ({
  range: { start: { line: doc.edit.line, character: doc.edit.character + k }, end: { line: doc.edit.line, character: doc.edit.character + k } },
  text: String(k),
});

async function mathcritic(): Promise<Peer> {
  const client = new TestLspClient({ check: { delayMs: 0 } });
  await client.initialize();
  let n = 0;
  return {
    name: 'MathCritic',
    async measure(doc, steps) {
      const opens: number[] = [];
      const changes: number[] = [];
      for (let r = 0; r < runsFor(steps); r++) {
        const uri = `untitled:peer-${n++}.solution.md`;
        let t0 = performance.now();
        client.open(uri, doc.text, 1);
        await client.waitForVersion(uri, 1);
        opens.push(performance.now() - t0);
        for (let k = 0; k < KEYS; k++) {
          t0 = performance.now();
          void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: k + 2 }, contentChanges: [rangeEdit(doc, k)] });
          await client.waitForVersion(uri, k + 2);
          changes.push(performance.now() - t0);
        }
        void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }
      return { open: median(opens), change: median(changes) };
    },
    close: () => client.shutdown(),
  };
}

async function markdownServer(): Promise<Peer> {
  const script = path.join(root, 'node_modules/vscode-markdown-languageserver/dist/node/workerMain.js');
  const child = spawn(process.execPath, [script, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.resume();
  const connection: ProtocolConnection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const md = new MarkdownIt();
  const texts = new Map<string, string>();
  // What VS Code's Markdown extension answers for its server.
  connection.onRequest('markdown/parse', (p: { uri: string; text?: string }) => md.parse(p.text ?? texts.get(p.uri) ?? '', {}));
  connection.onRequest('markdown/findMarkdownFilesInWorkspace', () => []);
  connection.onRequest('markdown/fs/stat', () => undefined);
  connection.onRequest('markdown/fs/readDirectory', () => []);
  connection.onRequest('markdown/fs/readFile', () => []);
  connection.onRequest('markdown/fs/watcher/create', () => null);
  connection.onRequest('markdown/fs/watcher/delete', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map((i) =>
      i.section === 'markdown'
        ? {
            validate: {
              enabled: true,
              referenceLinks: { enabled: 'warning' },
              fragmentLinks: { enabled: 'warning' },
              fileLinks: { enabled: 'warning' },
              ignoredLinks: [],
              unusedLinkDefinitions: { enabled: 'hint' },
              duplicateLinkDefinitions: { enabled: 'warning' },
            },
          }
        : null,
    ),
  );
  connection.onNotification('textDocument/publishDiagnostics', () => {});
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, textDocument: { diagnostic: { dynamicRegistration: false } } },
    initializationOptions: { markdownFileExtensions: ['md'], i18nLocation: undefined },
  });
  await connection.sendNotification('initialized', {});
  let n = 0;
  const pull = (uri: string) => connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  return {
    name: 'Markdown LS',
    async measure(doc, steps) {
      const opens: number[] = [];
      const changes: number[] = [];
      for (let r = 0; r < runsFor(steps); r++) {
        const uri = `untitled:peer-${n++}.md`;
        texts.set(uri, doc.text);
        let t0 = performance.now();
        void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: doc.text } });
        await pull(uri);
        opens.push(performance.now() - t0);
        let text = doc.text;
        for (let k = 0; k < KEYS; k++) {
          const at = doc.edit.offset + k;
          text = `${text.slice(0, at)}${k}${text.slice(at)}`;
          texts.set(uri, text);
          t0 = performance.now();
          void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: k + 2 }, contentChanges: [rangeEdit(doc, k)] });
          await pull(uri);
          changes.push(performance.now() - t0);
        }
        void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        texts.delete(uri);
      }
      return { open: median(opens), change: median(changes) };
    },
    async close() {
      await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]).catch(() => {});
      // Written before the process is killed: a write after it threw at the end of the run.
      await connection.sendNotification('exit').catch(() => {});
      connection.dispose();
      child.kill();
    },
  };
}

/** Harper's lint of one size, in this (child) process: what `harper()` runs with a time budget. */
async function harperChild(steps: number): Promise<Figures> {
  const { LocalLinter } = await import('harper.js');
  const { binary } = await import('harper.js/binary');
  const linter = new LocalLinter({ binary });
  await linter.setup();
  const measure = async (doc: Doc, runs: number): Promise<Figures> => {
    const opens: number[] = [];
    const changes: number[] = [];
    for (let r = 0; r < runs; r++) {
      let t0 = performance.now();
      await linter.lint(doc.text, { language: 'markdown' });
      opens.push(performance.now() - t0);
      let text = doc.text;
      for (let k = 0; k < KEYS; k++) {
        const at = doc.edit.offset + k;
        text = `${text.slice(0, at)}${k}${text.slice(at)}`;
        t0 = performance.now();
        await linter.lint(text, { language: 'markdown' });
        changes.push(performance.now() - t0);
      }
    }
    return { open: median(opens), change: median(changes) };
  };
  await measure(documentOf(50), runsFor(50)); // warm-up: WebAssembly compilation, JIT
  return measure(documentOf(steps), runsFor(steps));
}

async function harper(): Promise<Peer> {
  await import('harper.js'); // not installed: say so at start, as for the servers
  return {
    name: 'Harper',
    measure(_doc, steps) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--harper-child', String(steps)], { encoding: 'utf8', timeout: HARPER_BUDGET_S * 1000 });
      if (r.status === 0) return Promise.resolve(JSON.parse(r.stdout) as Figures);
      if (r.error && /ETIMEDOUT/.test(String(r.error))) return Promise.resolve({ open: HARPER_BUDGET_S * 1000, change: HARPER_BUDGET_S * 1000, over: HARPER_BUDGET_S });
      return Promise.reject(new Error(`Harper's run failed: ${(r.stderr || String(r.error)).split('\n')[0]}`));
    },
    close: async () => {},
  };
}

async function main() {
  if (process.argv[2] === '--harper-child') {
    process.stdout.write(JSON.stringify(await harperChild(Number(process.argv[3]))));
    return;
  }
  const load0 = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const peers: Peer[] = [];
  for (const start of [mathcritic, markdownServer, harper]) {
    try {
      peers.push(await start());
    } catch (err) {
      console.log(`  (${start.name}: could not start: ${String(err).split('\n')[0]})`);
    }
  }
  // Warm-up: JIT, WebAssembly compilation, the servers' lazy set-up.
  const warm = documentOf(50);
  for (const p of peers) await p.measure(warm, 50);
  const results = new Map<string, Map<number, Figures>>();
  for (const steps of SIZES) {
    const doc = documentOf(steps);
    for (const p of peers) {
      const byName = results.get(p.name) ?? new Map<number, Figures>();
      const f = await p.measure(doc, steps);
      byName.set(steps, f);
      process.stderr.write(`  ${p.name}, ${steps} steps: ${f.over ? `did not finish in ${f.over} s` : `open ${fmt(f.open)}, change ${fmt(f.change)}`}\n`);
      results.set(p.name, byName);
    }
  }
  for (const p of peers) await p.close();
  const mc = results.get('MathCritic');
  console.log(
    `Peers on the same solution documents (medians; ratio = MathCritic ÷ peer, < 1 is faster; one run, same machine: ${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown CPU'}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end, ${load0} at the start)`,
  );
  console.log('| steps | tool | didOpen→diagnostics | didChange→diagnostics | MathCritic ratio (open / change) |');
  console.log('|---:|---|---:|---:|---:|');
  for (const steps of SIZES) {
    for (const p of peers) {
      const f = results.get(p.name)!.get(steps)!;
      const m = mc?.get(steps);
      const under = f.over ? '< ' : '';
      const ratio = p.name === 'MathCritic' || !m ? '—' : `${under}${(m.open / f.open).toFixed(2)}× / ${under}${(m.change / f.change).toFixed(2)}×`;
      const time = (ms: number) => (f.over ? `> ${f.over} s (budget)` : fmt(ms));
      console.log(`| ${steps.toLocaleString('en-US')} | ${p.name} | ${time(f.open)} | ${time(f.change)} | ${ratio} |`);
    }
  }
  if (mc) {
    for (const steps of SIZES) {
      const others = peers.filter((p) => p.name !== 'MathCritic').map((p) => results.get(p.name)!.get(steps)!);
      if (others.length === 0) continue;
      const fastestOpen = Math.min(...others.map((o) => o.open));
      const fastestChange = Math.min(...others.map((o) => o.change));
      const m = mc.get(steps)!;
      console.log(`  ${steps} steps: MathCritic ÷ fastest peer: open ${(m.open / fastestOpen).toFixed(2)}×, change ${(m.change / fastestChange).toFixed(2)}× (goal ≤ 1.0×)`);
    }
  }
}

main().catch((e) => {
  console.log(`peers: failed: ${String(e)}`);
  process.exitCode = 1;
});
