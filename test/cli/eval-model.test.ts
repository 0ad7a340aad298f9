import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI_BUNDLE, runCli } from '../support/cli';
import { OpenAITestServer, type RecordedRequest, type ScriptedReply } from '../support/openai-test-server';

/**
 * `mathcritic eval --critic model|combined` against the loopback server, with recorded critic
 * answers per record (the record is told by a token in its problem text). Every figure below
 * is worked out by hand in the comments.
 */
type Answer = number | 'junk' | 'cut';
interface Row {
  id: string;
  subset: string;
  label: number;
  steps?: string[];
  /** The critic's answers for this record, one per sample (0-based step, -1: none, junk: unreadable). */
  says: Answer[];
  /** A process reward model's p_right per step (vLLM's pooling answer: [p_wrong, p_right] pairs). */
  scores?: number[];
}

const CLEAN = ['We read the problem.', 'We think about what it asks.', 'So we conclude.'];
const JUNK = 'I am not sure what to make of this solution.';
const verdict = (k: number) => JSON.stringify({ steps: [], first_wrong_step: k < 0 ? null : k + 1, feedback: k < 0 ? '' : 'This step is wrong.' });
// `cut`: a verdict that reads well but was cut off at max_tokens: no verdict either.
const reply = (a: Answer): ScriptedReply => (a === 'junk' ? { content: JUNK } : a === 'cut' ? { content: verdict(-1), finishReason: 'length' } : { content: verdict(a) });
const tokenOf = (req: RecordedRequest): string | undefined => JSON.stringify(req.body?.messages ?? []).match(/\brec-[a-z0-9]+\b/)?.[0];

function dataset(rows: readonly Row[]): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-eval-model-'));
  const file = path.join(dir, 'data.jsonl');
  writeFileSync(file, rows.map((r) => JSON.stringify({ id: r.id, problem: `Problem ${r.id}: how many?`, steps: r.steps ?? CLEAN, label: r.label, meta: { subset: r.subset } })).join('\n') + '\n');
  return { dir, file };
}

const near = (actual: number | null, expected: number, what: string) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));

describe('mathcritic eval with a model critic', () => {
  let server: OpenAITestServer;
  let rows = new Map<string, Row>();
  let delayMs = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const use = (r: readonly Row[]) => (rows = new Map(r.map((x) => [x.id, x])));
  before(async () => {
    server = await OpenAITestServer.start({ responder });
  });
  const responder = async (req: RecordedRequest): Promise<ScriptedReply | ScriptedReply[]> => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const row = rows.get(tokenOf(req) ?? '');
      if (!row) return { status: 400, content: 'no such record in this test' };
      if (req.path === '/pooling') return { pooled: (row.scores ?? []).map((p) => [1 - p, p]) };
      return row.says.length === 1 ? reply(row.says[0]) : row.says.map(reply);
    } finally {
      inFlight--;
    }
  };
  after(async () => server.close());
  const model = ['--base-url', '', '--model', 'critic-7b'];
  const args = (...rest: string[]) => {
    model[1] = server.baseUrl;
    return [...rest, ...model];
  };

  // alpha: err a1 ✓, a2 ✗, a3 ✗ (unreadable) = 1/3; ok a4 ✓, a5 ✗ = 1/2; F1 = 2·(1/3)(1/2)/(5/6) = 0.4
  // beta:  err b1 ✓, b2 ✓ = 1; ok b3 ✗ (unreadable, never "correct"), b4 ✓ = 1/2; F1 = 2·0.5/1.5 = 2/3
  // overall F1 (ProcessBench's average) = (0.4 + 2/3) / 2 = 8/15; pooled: err 3/5, ok 2/4 → 0.6/1.1 = 6/11
  const METRIC: Row[] = [
    { id: 'rec-a1', subset: 'alpha', label: 1, says: [1] },
    { id: 'rec-a2', subset: 'alpha', label: 0, says: [2] },
    { id: 'rec-a3', subset: 'alpha', label: 2, says: ['cut'] },
    { id: 'rec-a4', subset: 'alpha', label: -1, says: [-1] },
    { id: 'rec-a5', subset: 'alpha', label: -1, says: [0] },
    { id: 'rec-b1', subset: 'beta', label: 0, says: [0] },
    { id: 'rec-b2', subset: 'beta', label: 1, says: [1] },
    { id: 'rec-b3', subset: 'beta', label: -1, says: ['junk'] },
    { id: 'rec-b4', subset: 'beta', label: -1, says: [-1] },
  ];

  test('the metric on recorded critic answers, against figures worked out by hand; unreadable answers are misses', async () => {
    use(METRIC);
    const { file } = dataset(METRIC);
    const r = await runCli(args('eval', file, '--critic', 'model', '--format', 'json'));
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.critic, 'model');
    assert.equal(out.profile, 'json');
    assert.equal(out.model, 'critic-7b');
    const [alpha, beta] = out.subsets;
    assert.equal(alpha.subset, 'alpha');
    assert.deepEqual(alpha.erroneous, { n: 3, correct: 1, accuracy: 1 / 3 });
    assert.deepEqual(alpha.correct, { n: 2, correct: 1, accuracy: 0.5 });
    near(alpha.f1, 0.4, 'alpha F1');
    assert.equal(alpha.unreadable, 1);
    assert.deepEqual(beta.erroneous, { n: 2, correct: 2, accuracy: 1 });
    assert.deepEqual(beta.correct, { n: 2, correct: 1, accuracy: 0.5 });
    near(beta.f1, 2 / 3, 'beta F1');
    near(out.overall.f1, 8 / 15, 'overall F1 (mean of the subsets)');
    near(out.overall.pooled_f1, 6 / 11, 'pooled F1');
    assert.deepEqual(out.overall.averaged, ['alpha', 'beta']);
    assert.equal(out.overall.unreadable, 2);
    assert.equal(server.requests.filter((q) => q.path.endsWith('/chat/completions') && q.body.temperature === 0).length >= 9, true);
    assert.match(r.stderr, /9 records from 1 file evaluated, 0 skipped, 2 unreadable answers \(scored as misses\); overall F1 53\.3%/);
    assert.match(r.stderr, /2 answers could not be read .*\n {2}1 × the answer did not follow the json format: .*finish_reason: length/);
    assert.match(r.stderr, /\n {2}1 × the answer did not follow the json format: no first wrong step/);

    const table = await runCli(args('eval', file, '--critic', 'model'));
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^alpha\s+3\s+33\.3%\s+2\s+50\.0%\s+40\.0%\s+1$/m);
    assert.match(table.stdout, /^overall\s+5\s+60\.0%\s+4\s+50\.0%\s+53\.3%\s+2$/m);
    assert.match(table.stdout, /mean of 2 subsets' F1 \(ProcessBench's average\); over all records pooled: 54\.5%/);
  });

  test("--samples K: majority with -1 as a vote, unreadable samples not voting, ties by ProcessBench's rule or the earliest step", async () => {
    const VOTES: Row[] = [
      { id: 'rec-v1', subset: 's', label: 1, says: [1, -1, -1, 1] }, // tie 1 / -1 → 1 either way (first sample; earliest step)
      { id: 'rec-v2', subset: 's', label: -1, says: [-1, 2, 2, -1] }, // tie → -1 (first sample) | 2 (earliest step)
      { id: 'rec-v3', subset: 's', label: 2, says: [2, 0, 0, 2] }, // tie → 2 (first sample) | 0 (earliest step)
      { id: 'rec-v4', subset: 's', label: 0, says: ['junk', 'junk', 0, -1] }, // 1 vote each → 0 either way
      { id: 'rec-v5', subset: 's', label: 1, says: [-1, -1, -1, 1] }, // -1 wins 3 to 1
      { id: 'rec-v6', subset: 's', label: -1, says: ['junk', 'junk', 'junk', 'junk'] }, // no prediction
    ];
    use(VOTES);
    const { dir, file } = dataset(VOTES);
    const before = server.requests.length;
    const pb = path.join(dir, 'pb.jsonl');
    const r = await runCli(args('eval', file, '--critic', 'model', '--samples', '4', '--ties', 'processbench', '--predictions', pb, '--format', 'json'));
    assert.equal(r.code, 0, r.stderr);
    const asked = server.requests.slice(before);
    assert.equal(asked.length, 6, 'one request of n = 4 per record');
    assert.ok(
      asked.every((q) => q.body.n === 4 && q.body.temperature === 1),
      "n = 4 at ProcessBench's voting temperature",
    );
    const byId = new Map(lines(pb).map((l) => [l.id, l]));
    assert.deepEqual(
      VOTES.map((v) => byId.get(v.id).prediction),
      [1, -1, 2, 0, -1, null],
    );
    assert.deepEqual(byId.get('rec-v4').sample_predictions, [0, -1]);
    assert.equal(byId.get('rec-v4').unreadable, 2);
    assert.equal(byId.get('rec-v4').votes, 1);
    assert.equal(byId.get('rec-v5').votes, 3);
    assert.equal(byId.get('rec-v6').raw.length, 4);
    assert.ok(lines(pb).every((l) => l.samples === 4 && l.ties === 'processbench' && l.profile === 'json' && l.model === 'critic-7b'));
    // err v1 ✓ v3 ✓ v4 ✓ v5 ✗ = 3/4; ok v2 ✓ v6 ✗ = 1/2; F1 = 0.75/1.25 = 0.6
    near(JSON.parse(r.stdout).subsets[0].f1, 0.6, 'maj@4 F1');

    // The default: a tie goes to the earliest step (-1 last).
    const early = await runCli(args('eval', file, '--critic', 'model', '--samples', '4', '--predictions', path.join(dir, 'early.jsonl'), '--format', 'json'));
    assert.equal(early.code, 0, early.stderr);
    assert.deepEqual(
      lines(path.join(dir, 'early.jsonl')).map((l) => l.prediction),
      [1, 2, 0, 0, -1, null],
    );
    // err v1 ✓ v3 ✗ v4 ✓ v5 ✗ = 1/2; ok v2 ✗ v6 ✗ = 0; F1 = 0
    assert.equal(JSON.parse(early.stdout).subsets[0].f1, 0);
    // The predictions file of the first rule is not mixed with the second's.
    const mixed = await runCli(args('eval', file, '--critic', 'model', '--samples', '4', '--ties', 'earliest-step', '--predictions', pb));
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /holds another run's predictions \(rec-v1: ties "processbench", this run "earliest-step"\)/);
  });

  test('--critic combined: the earlier of the two first errors; each critic alone is reported too', async () => {
    const COMBINED: Row[] = [
      { id: 'rec-c1', subset: 's', label: 0, steps: ['2 + 2 = 5.', 'So the total is 5.', 'Done.'], says: [2] }, // checker 0, model 2 → 0 ✓
      { id: 'rec-c2', subset: 's', label: 1, steps: ['We start.', 'Then 3 * 3 = 10.', 'Done.'], says: [0] }, // checker 1, model 0 → 0 ✗
      { id: 'rec-c3', subset: 's', label: -1, says: [-1] }, // both none → -1 ✓
      { id: 'rec-c4', subset: 's', label: 2, says: [2] }, // checker none, model 2 → 2 ✓
      { id: 'rec-c5', subset: 's', label: 1, steps: ['We start.', '4 + 4 = 9.', 'Done.'], says: ['junk'] }, // model unreadable, checker 1 → 1 ✓
      { id: 'rec-c6', subset: 's', label: -1, says: ['junk'] }, // model unreadable, checker silent → unreadable ✗
    ];
    use(COMBINED);
    const { dir, file } = dataset(COMBINED);
    const predictions = path.join(dir, 'combined.jsonl');
    const r = await runCli(args('eval', file, '--critic', 'combined', '--predictions', predictions, '--format', 'json'));
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.critic, 'combined');
    // combined: err c1 ✓ c2 ✗ c4 ✓ c5 ✓ = 3/4; ok c3 ✓ c6 ✗ = 1/2 → F1 0.75/1.25 = 0.6
    assert.deepEqual(out.subsets[0].erroneous, { n: 4, correct: 3, accuracy: 0.75 });
    assert.deepEqual(out.subsets[0].correct, { n: 2, correct: 1, accuracy: 0.5 });
    near(out.subsets[0].f1, 0.6, 'combined F1');
    // model alone: err c4 = 1/4; ok c3 = 1/2 → 2·(1/8)/(3/4) = 1/3
    near(out.alone.model.subsets[0].f1, 1 / 3, 'model alone');
    // checker alone: err c1 c2 c5 = 3/4; ok c3 c6 = 1 → 1.5/1.75 = 6/7
    near(out.alone.embedded.subsets[0].f1, 6 / 7, 'checker alone');
    const byId = new Map(lines(predictions).map((l) => [l.id, l]));
    assert.deepEqual(
      COMBINED.map((c) => [byId.get(c.id).embedded_prediction, byId.get(c.id).model_prediction, byId.get(c.id).prediction]),
      [
        [0, 2, 0],
        [1, 0, 0],
        [-1, -1, -1],
        [-1, 2, 2],
        [1, null, 1],
        [-1, null, null],
      ],
    );
    const table = await runCli(args('eval', file, '--critic', 'combined'));
    assert.match(table.stdout, /^overall\s+85\.7%\s+33\.3%\s+60\.0%$/m);
    // --from reads the combined lines as the combined critic, and so does a plot of them.
    const plot = await runCli(['eval', '--from', predictions, '--plot', path.join(dir, 'f1.svg')]);
    assert.equal(plot.code, 0, plot.stderr);
    assert.match(plot.stdout, /critic-7b \+ checker .*: s 60\.0%; overall F1 60\.0%/);
  });

  test("--profile prm: the first step below the threshold, every step's score kept; the threshold is part of the run", async () => {
    const PRM: Row[] = [
      { id: 'rec-p1', subset: 's', label: 1, says: [], scores: [0.9, 0.3, 0.8] }, // 0.5 → 1 ✓; 0.7 → 1 ✓
      { id: 'rec-p2', subset: 's', label: -1, says: [], scores: [0.9, 0.6, 0.95] }, // 0.5 → -1 ✓; 0.7 → 1 ✗
      { id: 'rec-p3', subset: 's', label: 0, says: [], scores: [0.2, 0.9, 0.9] }, // 0 ✓ at both
    ];
    use(PRM);
    const { dir, file } = dataset(PRM);
    const before = server.requests.length;
    const predictions = path.join(dir, 'prm.jsonl');
    const r = await runCli(args('eval', file, '--critic', 'model', '--profile', 'prm', '--predictions', predictions, '--format', 'json'));
    assert.equal(r.code, 0, r.stderr);
    assert.ok(server.requests.slice(before).every((q) => q.path === '/pooling'));
    const out = JSON.parse(r.stdout);
    assert.equal(out.profile, 'prm');
    assert.equal(out.subsets[0].f1, 1);
    const byId = new Map(lines(predictions).map((l) => [l.id, l]));
    assert.deepEqual(byId.get('rec-p2').step_scores, [0.9, 0.6, 0.95]);
    assert.equal(byId.get('rec-p2').raw, undefined);
    assert.equal(byId.get('rec-p2').prm.threshold, 0.5);
    // err p1 ✓ p3 ✓ = 1; ok p2 ✗ = 0 → F1 0
    const strict = await runCli(args('eval', file, '--critic', 'model', '--profile', 'prm', '--prm-threshold', '0.7', '--format', 'json'));
    assert.equal(strict.code, 0, strict.stderr);
    assert.equal(JSON.parse(strict.stdout).subsets[0].f1, 0);
    const mixed = await runCli(args('eval', file, '--critic', 'model', '--profile', 'prm', '--prm-threshold', '0.7', '--predictions', predictions));
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /holds another run's predictions .*prm/);
    const k = await runCli(args('eval', file, '--critic', 'model', '--profile', 'prm', '--samples', '4'));
    assert.equal(k.code, 2);
    assert.match(k.stderr, /a process reward model scores each step once/);
  });

  test('--profile processbench --samples 8: boxed indices after the reasoning, voted as maj@8', async () => {
    const boxed = (k: number | string): ScriptedReply => ({ content: `<think>Paragraph 0 is fine…</think>The earliest error is in paragraph ${k}. \\boxed{${k}}` });
    const apart = (k: number): ScriptedReply => ({ reasoningContent: 'Let me check each paragraph…', content: `\\boxed{${k}}` });
    const replies: Record<string, ScriptedReply[]> = {
      // 4 × 1, 3 × -1, 1 unreadable (past the last paragraph) → 1 ✓
      'rec-j1': [boxed(1), boxed(-1), apart(1), boxed(7), apart(-1), boxed(1), boxed(-1), boxed(1)],
      // 4 × -1, 4 × 0: a tie, the first sample said -1 → -1 ✓ (ProcessBench's tie rule, asked for below)
      'rec-j2': [apart(-1), boxed(0), boxed(0), boxed(-1), boxed(0), apart(-1), boxed(-1), boxed(0)],
      // cut off at max_tokens and no box: nothing readable → null ✗
      'rec-j3': Array.from({ length: 8 }, (_, i) => (i % 2 ? { content: '<think>still thinking', finishReason: 'length' } : { content: i === 0 ? 'Index: \\boxed{\u001b[2Jtwo}' : 'No box here.' })),
    };
    const JUDGE: Row[] = [
      { id: 'rec-j1', subset: 'gsm8k', label: 1, says: [] },
      { id: 'rec-j2', subset: 'gsm8k', label: -1, says: [] },
      { id: 'rec-j3', subset: 'gsm8k', label: 2, says: [] },
    ];
    use(JUDGE);
    server.setResponder((req) => replies[tokenOf(req) ?? ''] ?? { status: 400 });
    try {
      const { dir, file } = dataset(JUDGE);
      const predictions = path.join(dir, 'judge.jsonl');
      const before = server.requests.length;
      const r = await runCli(args('eval', file, '--critic', 'model', '--profile', 'processbench', '--samples', '8', '--ties', 'processbench', '--predictions', predictions, '--format', 'json'));
      assert.equal(r.code, 0, r.stderr);
      const asked = server.requests.slice(before);
      assert.ok(
        asked.every((q) => q.body.n === 8 && /<paragraph_0>/.test(JSON.stringify(q.body.messages))),
        "ProcessBench's tagged paragraphs, n = 8",
      );
      const byId = new Map(lines(predictions).map((l) => [l.id, l]));
      assert.deepEqual(
        JUDGE.map((j) => byId.get(j.id).prediction),
        [1, -1, null],
      );
      assert.equal(byId.get('rec-j1').votes, 4);
      assert.equal(byId.get('rec-j1').unreadable, 1);
      assert.equal(byId.get('rec-j3').unreadable, 8);
      // err j1 ✓ j3 ✗ = 1/2; ok j2 ✓ = 1 → F1 = 1/1.5 = 2/3
      near(JSON.parse(r.stdout).subsets[0].f1, 2 / 3, 'maj@8 F1');
      assert.match(r.stderr, /the answer did not follow the processbench format: .*finish_reason: length/);
      assert.match(r.stderr, /the answer did not follow the processbench format: no \\boxed\{\} index/);
      assert.doesNotMatch(r.stderr, /\u001b/, 'a control sequence from the model never reaches the terminal');
      assert.match(r.stderr, /\\boxed\{\?\[2Jtwo\} is not a paragraph index/);
    } finally {
      server.setResponder(responder);
    }
  });

  test('at most --concurrency requests in flight', async () => {
    const many: Row[] = Array.from({ length: 12 }, (_, i) => ({ id: `rec-k${i}`, subset: 's', label: -1, says: [-1] }));
    use(many);
    const { file } = dataset(many);
    delayMs = 150;
    maxInFlight = 0;
    try {
      const r = await runCli(args('eval', file, '--critic', 'model', '--concurrency', '3'));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(maxInFlight, 3, 'the cap is reached and never passed');
      assert.match(r.stderr, /\[12\/12\] records, 0 unreadable/);
    } finally {
      delayMs = 0;
    }
  });

  test('Ctrl-C keeps whole lines; a rerun asks only what is missing, mends a torn tail, and scores the rest from the file', async () => {
    const many: Row[] = Array.from({ length: 24 }, (_, i) => ({ id: `rec-r${i}`, subset: i % 2 ? 'odd' : 'even', label: i % 3 === 0 ? -1 : 1, says: [i % 4 === 0 ? 1 : -1] }));
    use(many);
    const { dir, file } = dataset(many);
    const predictions = path.join(dir, 'p.jsonl');
    delayMs = 120;
    let code: number | null;
    try {
      const child = spawn(process.execPath, [CLI_BUNDLE, ...args('eval', file, '--critic', 'model', '--concurrency', '2', '--predictions', predictions)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (existsSync(predictions) && lines(predictions).length >= 4) {
            clearInterval(timer);
            child.kill('SIGINT');
            resolve();
          }
        }, 20);
        setTimeout(() => reject(new Error(`no lines written: ${stderr}`)), 30_000).unref();
      });
      code = await new Promise((resolve) => child.on('close', resolve));
      assert.equal(code, 130, stderr);
      assert.match(stderr, /Interrupted after \d+ written\. Run the same command again to resume/);
    } finally {
      delayMs = 0;
    }
    const text = readFileSync(predictions, 'utf8');
    assert.ok(text.endsWith('\n'));
    const kept = lines(predictions);
    assert.ok(kept.length >= 4 && kept.length < 24, `${kept.length} lines kept`);
    // A torn last line, as a crash mid-write leaves it.
    appendFileSync(predictions, '{"id": "rec-r23", "subset": "odd", "lab');
    const before = server.requests.length;
    const again = await runCli(args('eval', file, '--critic', 'model', '--predictions', predictions, '--format', 'json'));
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /ends in a torn line/);
    assert.match(again.stderr, new RegExp(`resuming: ${kept.length} of 24 records already in`));
    const asked = server.requests.slice(before).map(tokenOf);
    assert.equal(asked.length, 24 - kept.length);
    assert.ok(!asked.some((t) => kept.some((k) => k.id === t)), 'no record asked twice');
    const all = lines(predictions);
    assert.equal(all.length, 24);
    assert.equal(new Set(all.map((l) => l.id)).size, 24);
    // The resumed figures are those of one whole run.
    const whole = await runCli(args('eval', file, '--critic', 'model', '--format', 'json'));
    assert.deepEqual(JSON.parse(again.stdout), JSON.parse(whole.stdout));
    // A third run asks nothing.
    const third = server.requests.length;
    assert.equal((await runCli(args('eval', file, '--critic', 'model', '--predictions', predictions))).code, 0);
    assert.equal(server.requests.length, third);
  });

  test('usage: --predictions naming an input, a model flag on the embedded checker, an unknown profile', async () => {
    use(METRIC);
    const { dir, file } = dataset(METRIC);
    const over = await runCli(args('eval', 'data.jsonl', '--critic', 'model', '--predictions', './data.jsonl'), { cwd: dir });
    assert.equal(over.code, 2);
    assert.match(over.stderr, /--predictions \.\/data\.jsonl is the input data\.jsonl/);
    const samples = await runCli(['eval', file, '--samples', '4']);
    assert.equal(samples.code, 2);
    assert.match(samples.stderr, /--samples goes with --critic model or combined/);
    const profile = await runCli(args('eval', file, '--critic', 'model', '--profile', 'nope'));
    assert.equal(profile.code, 2);
    assert.match(profile.stderr, /--profile must be .*json.*not "nope"/);
    const noModel = await runCli(['eval', file, '--critic', 'model', '--base-url', server.baseUrl]);
    assert.equal(noModel.code, 2);
    assert.match(noModel.stderr, /--model is required/);
  });
});
