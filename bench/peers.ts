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
 * Each: didOpen→diagnostics of a text it has not seen, of the same text opened again after a
 * close, and didChange→diagnostics (one character typed into the middle step, as an incremental
 * range edit) medians, and MathCritic's ratio to each (< 1: MathCritic faster).
 * Run: npm run build && node --import tsx bench/peers.ts [--harper-budget SECONDS]
 */
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { TestLspClient } from '../test/support/lsp-client';
import { solutionDocument, median, fmt } from './corpus';
import { checkSolution, StepCheckCache } from '../server/src/engine/check';
import { parseSolutionDocument } from '../server/src/engine/solution';

const root = path.resolve(__dirname, '..');
const SIZES = [50, 1_000, 10_000] as const;

interface Doc {
  text: string;
  /** Where the keystroke goes, and the text after it. */
  edit: { line: number; character: number; offset: number };
}

/**
 * Every open is of a text the server has not seen (MathCritic keeps step results across
 * documents): a new draft number in each step. Opening one it has seen is the `reopen` figure.
 */
let drafts = 0;
function documentOf(steps: number, draft = drafts++): Doc {
  const text = solutionDocument(steps, draft);
  const offset = text.indexOf('\n', text.indexOf(`Step ${Math.ceil(steps / 2)}:`));
  const line = text.slice(0, offset).split('\n').length - 1;
  return { text, edit: { line, character: offset - (text.lastIndexOf('\n', offset - 1) + 1), offset } };
}

const runsFor = (steps: number) => (steps <= 50 ? 20 : steps <= 1_000 ? 4 : 2);
const KEYS = 3;

interface Figures {
  open: number;
  change: number;
  /** didOpen→diagnostics of a text opened before (closed, then opened again under another name). */
  reopen?: number;
  /** Did not finish within this many seconds (open and change are then lower bounds). */
  over?: number;
}

const budgetFlag = process.argv.indexOf('--harper-budget');
const HARPER_BUDGET_S = budgetFlag >= 0 ? Number(process.argv[budgetFlag + 1]) : 180;

/** A peer measured on one document size. */
type Peer = { name: string; measure(steps: number): Promise<Figures>; close(): Promise<void> };

const rangeEdit = (doc: Doc, k: number) => ({
  range: { start: { line: doc.edit.line, character: doc.edit.character + k }, end: { line: doc.edit.line, character: doc.edit.character + k } },
  text: String(k),
});

/** How a server is spoken to: each resolves once the server's diagnostics for that version are in. */
interface Session {
  open(uri: string, text: string): Promise<void>;
  /** One character typed (`k` counts the keystrokes of this open); `text` is the document after it. */
  change(uri: string, version: number, doc: Doc, k: number, text: string): Promise<void>;
  close(uri: string): void;
}

/**
 * The same runs for every server: open a new text, type KEYS characters, close; then open the
 * same text again under another name (the reopen).
 */
function measured(name: string, session: Session, shutdown: () => Promise<void>): Peer {
  let n = 0;
  return {
    name,
    async measure(steps) {
      const opens: number[] = [];
      const changes: number[] = [];
      const reopens: number[] = [];
      for (let r = 0; r < runsFor(steps); r++) {
        const doc = documentOf(steps);
        const uri = `untitled:peer-${n++}.solution.md`;
        let t0 = performance.now();
        await session.open(uri, doc.text);
        opens.push(performance.now() - t0);
        let text = doc.text;
        for (let k = 0; k < KEYS; k++) {
          const at = doc.edit.offset + k;
          text = `${text.slice(0, at)}${k}${text.slice(at)}`;
          t0 = performance.now();
          await session.change(uri, k + 2, doc, k, text);
          changes.push(performance.now() - t0);
        }
        session.close(uri);
        const again = `untitled:peer-${n++}.solution.md`;
        t0 = performance.now();
        await session.open(again, doc.text);
        reopens.push(performance.now() - t0);
        session.close(again);
      }
      return { open: median(opens), change: median(changes), reopen: median(reopens) };
    },
    close: shutdown,
  };
}

const didChange = (uri: string, version: number, doc: Doc, k: number) => ({ textDocument: { uri, version }, contentChanges: [rangeEdit(doc, k)] });

async function mathcritic(): Promise<Peer> {
  const client = new TestLspClient({ check: { delayMs: 0 } });
  await client.initialize();
  return measured(
    'MathCritic',
    {
      async open(uri, text) {
        client.open(uri, text, 1);
        await client.waitForVersion(uri, 1);
      },
      async change(uri, version, doc, k) {
        void client.connection.sendNotification('textDocument/didChange', didChange(uri, version, doc, k));
        await client.waitForVersion(uri, version);
      },
      close: (uri) => void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } }),
    },
    () => client.shutdown(),
  );
}

/**
 * MathCritic as VS Code drives it: VS Code's client declares pull diagnostics, so the server
 * pushes nothing and answers `textDocument/diagnostic`, with the result id it last answered
 * (an unchanged report when a keystroke changed no diagnostic), as the Markdown server is asked.
 */
async function mathcriticPull(): Promise<Peer> {
  const client = new TestLspClient({ check: { delayMs: 0 } });
  await client.initialize(undefined, { capabilities: { workspace: { configuration: true }, textDocument: { diagnostic: { dynamicRegistration: false } } } });
  type Report = { kind: 'full' | 'unchanged'; resultId?: string };
  const last = new Map<string, string | undefined>();
  const pull = async (uri: string) => {
    const report = await client.connection.sendRequest<Report>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: last.get(uri) });
    last.set(uri, report.resultId);
  };
  return measured(
    'MathCritic (pull)',
    {
      open(uri, text) {
        client.open(uri, text, 1);
        return pull(uri);
      },
      change(uri, version, doc, k) {
        void client.connection.sendNotification('textDocument/didChange', didChange(uri, version, doc, k));
        return pull(uri);
      },
      close(uri) {
        last.delete(uri);
        void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      },
    },
    () => client.shutdown(),
  );
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
  const pull = (uri: string) => connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  return measured(
    'Markdown LS',
    {
      async open(uri, text) {
        texts.set(uri, text);
        void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
        await pull(uri);
      },
      async change(uri, version, doc, k, text) {
        texts.set(uri, text);
        void connection.sendNotification('textDocument/didChange', didChange(uri, version, doc, k));
        await pull(uri);
      },
      close(uri) {
        void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        texts.delete(uri);
      },
    },
    async () => {
      await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]).catch(() => {});
      // Written before the process is killed: a write after it threw at the end of the run.
      await connection.sendNotification('exit').catch(() => {});
      connection.dispose();
      child.kill();
    },
  );
}

/** Harper's lint of one size, in this (child) process: what `harper()` runs with a time budget. */
async function harperChild(steps: number): Promise<Figures> {
  const { LocalLinter } = await import('harper.js');
  const { binary } = await import('harper.js/binary');
  const linter = new LocalLinter({ binary });
  await linter.setup();
  // A lint is Harper's open and its change alike: it reads the whole text each time.
  const lint = async (text: string) => void (await linter.lint(text, { language: 'markdown' }));
  const peer = measured('Harper', { open: (_uri, text) => lint(text), change: (_uri, _version, _doc, _k, text) => lint(text), close: () => {} }, async () => {});
  await peer.measure(50); // warm-up: WebAssembly compilation, JIT
  return peer.measure(steps);
}

async function harper(): Promise<Peer> {
  await import('harper.js'); // not installed: say so at start, as for the servers
  return {
    name: 'Harper',
    measure(steps) {
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
  for (const start of [mathcritic, mathcriticPull, markdownServer, harper]) {
    try {
      peers.push(await start());
    } catch (err) {
      console.log(`  (${start.name}: could not start: ${String(err).split('\n')[0]})`);
    }
  }
  // Warm-up: JIT, WebAssembly compilation, the servers' lazy set-up.
  for (const p of peers) await p.measure(50);
  const results = new Map<string, Map<number, Figures>>();
  for (const steps of SIZES) {
    for (const p of peers) {
      const byName = results.get(p.name) ?? new Map<number, Figures>();
      const f = await p.measure(steps);
      byName.set(steps, f);
      process.stderr.write(`  ${p.name}, ${steps} steps: ${f.over ? `did not finish in ${f.over} s` : `open ${fmt(f.open)}, reopen ${fmt(f.reopen ?? NaN)}, change ${fmt(f.change)}`}\n`);
      results.set(p.name, byName);
    }
  }
  for (const p of peers) await p.close();
  const ours = peers.filter((p) => p.name.startsWith('MathCritic'));
  const others = peers.filter((p) => !p.name.startsWith('MathCritic'));
  engineFloor(documentOf(1_000).text); // warm-up: JIT, mathjs's lazy set-up in this process
  const floors = new Map(SIZES.map((steps) => [steps, engineFloor(documentOf(steps).text)]));
  console.log(
    `Peers on the same solution documents (medians; ratio = MathCritic ÷ peer, < 1 is faster, as push / pull; one run, same machine: ${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown CPU'}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the end, ${load0} at the start)`,
  );
  console.log('| steps | tool | didOpen→diagnostics, a new text | the same text reopened | didChange→diagnostics | MathCritic ratio, push / pull (open; reopen; change) |');
  console.log('|---:|---|---:|---:|---:|---:|');
  for (const steps of SIZES) {
    for (const p of peers) {
      const f = results.get(p.name)!.get(steps)!;
      const under = f.over ? '< ' : '';
      const ratios = (pick: (x: Figures) => number) =>
        ours
          .map((o) => results.get(o.name)!.get(steps)!)
          .map((m) => `${under}${(pick(m) / pick(f)).toFixed(2)}×`)
          .join(' / ');
      const ratio = ours.includes(p) ? '—' : `${ratios((x) => x.open)}; ${ratios((x) => x.reopen ?? x.open)}; ${ratios((x) => x.change)}`;
      const time = (ms: number) => (f.over ? `> ${f.over} s (budget)` : fmt(ms));
      console.log(`| ${steps.toLocaleString('en-US')} | ${p.name} | ${time(f.open)} | ${time(f.reopen ?? f.open)} | ${time(f.change)} | ${ratio} |`);
    }
  }
  for (const steps of SIZES) {
    if (others.length === 0 || ours.length === 0) break;
    const peerFigures = others.map((p) => results.get(p.name)!.get(steps)!);
    const fastestOpen = Math.min(...peerFigures.map((o) => o.open));
    const fastestChange = Math.min(...peerFigures.map((o) => o.change));
    const fastestReopen = Math.min(...peerFigures.map((o) => o.reopen ?? o.open));
    const line = ours.map((o) => {
      const m = results.get(o.name)!.get(steps)!;
      return `${o.name}: open ${(m.open / fastestOpen).toFixed(2)}×, reopen ${((m.reopen ?? m.open) / fastestReopen).toFixed(2)}×, change ${(m.change / fastestChange).toFixed(2)}×`;
    });
    const floor = floors.get(steps)!;
    console.log(`  ${steps} steps, ÷ fastest peer (goal ≤ 1.0×): ${line.join('; ')}`);
    console.log(
      `    the limit: checking the document's ${floor.distinct.toLocaleString('en-US')} distinct steps in this process, no protocol, takes ${fmt(floor.check)} (${((floor.check / floor.distinct) * 1000).toFixed(0)} µs a step), ${(floor.check / fastestOpen).toFixed(2)}× the fastest peer's whole open; parsing it ${fmt(floor.parse)}`,
    );
  }
}

/**
 * What any open must pay before it can answer: the engine's parse and check of the text with
 * an empty step cache, in this process (no JSON-RPC, no diagnostics written). When this alone
 * is above a peer's whole didOpen→diagnostics, no change to the server's plumbing can reach it.
 */
function engineFloor(text: string): { parse: number; check: number; distinct: number } {
  const parses: number[] = [];
  const checks: number[] = [];
  let distinct = 0;
  for (let r = 0; r < 5; r++) {
    let t0 = performance.now();
    const { solution, issues } = parseSolutionDocument(text);
    parses.push(performance.now() - t0);
    distinct = new Set(solution.steps.map((s) => s.text)).size;
    t0 = performance.now();
    checkSolution(solution, issues, { cache: new StepCheckCache() });
    checks.push(performance.now() - t0);
  }
  return { parse: median(parses), check: median(checks), distinct };
}

main().catch((e) => {
  console.log(`peers: failed: ${String(e)}`);
  process.exitCode = 1;
});
