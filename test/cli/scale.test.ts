import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli, CLI_BUNDLE } from '../support/cli';
import { OpenAITestServer } from '../support/openai-test-server';
import { EXPECTED, PROBLEMS, roleOf, scaleResponder } from '../support/scale-script';
import { parseSvg } from '../support/svg';

const args = (baseUrl: string, ...rest: string[]) => ['--base-url', baseUrl, '--model', 'actor', '--critic-model', 'critic', '--k', '1,2,4', '--refinements', '1', ...rest];
const solveRequests = (s: OpenAITestServer, from: number) => s.requests.slice(from).filter((r) => roleOf(r) === 'solve').length;

describe('mathcritic scale', () => {
  let server: OpenAITestServer;
  let dir: string;
  let problems: string;
  before(async () => {
    server = await OpenAITestServer.start({ responder: scaleResponder });
    dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-scale-'));
    problems = path.join(dir, 'problems.jsonl');
    writeFileSync(problems, PROBLEMS.map((p) => JSON.stringify(p)).join('\n') + '\n');
  });
  after(async () => server.close());

  test('--format json: every curve at every K as worked out by hand', async () => {
    const r = await runCli(['scale', problems, ...args(server.baseUrl, '--format', 'json')]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), EXPECTED);
    assert.match(r.stderr, /\[3\/3\] problems, \d+ model calls/);
  });

  test('the table: one row per curve, one column per K, and the greedy accuracy', async () => {
    const r = await runCli(['scale', problems, ...args(server.baseUrl)]);
    assert.equal(r.code, 0, r.stderr);
    const rows = Object.fromEntries(r.stdout.split('\n').filter((l) => /^\S+\s{2,}/.test(l)).map((l) => { const [name, ...cells] = l.trim().split(/\s{2,}/); return [name, cells]; }));
    assert.deepEqual(rows.K, ['1', '2', '4']);
    assert.deepEqual(rows.majority, ['0.0%', '33.3%', '33.3%']);
    assert.deepEqual(rows.critic_majority, ['33.3%', '66.7%', '66.7%']);
    assert.deepEqual(rows.critic_filtered, ['33.3%', '66.7%', '100.0%']);
    assert.deepEqual(rows['calls/problem'], ['3.3', '6.0', '11.3']);
    assert.match(r.stdout, /greedy \(1 sample\): 66\.7% · 3 problems/);
  });

  test('--predictions: every sample kept; a rerun asks nothing and gives the same curves', async () => {
    const predictions = path.join(dir, 'run.jsonl');
    const first = await runCli(['scale', problems, ...args(server.baseUrl, '--format', 'json', '--predictions', predictions)]);
    assert.equal(first.code, 0, first.stderr);
    const lines = readFileSync(predictions, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.id).sort(), ['P1', 'P2', 'P3']);
    const p2 = lines.find((l) => l.id === 'P2');
    assert.equal(p2.samples.length, 4);
    assert.deepEqual(p2.samples.map((s: { answer: string; verdict: string; final_answer: string; accepted: boolean }) => [s.answer, s.verdict, s.final_answer, s.accepted]), [['7', 'rejected', '6', false], ['7', 'rejected', '6', false], ['5', 'accepted', '5', true], ['9', 'accepted', '9', true]]);
    assert.equal(p2.samples[0].refinements[0].answer, '6');
    assert.deepEqual([p2.actor_model, p2.critic_model, p2.profile, p2.refinements, p2.answer], ['actor', 'critic', 'json', 1, '5']);

    const before = server.requests.length;
    const again = await runCli(['scale', problems, ...args(server.baseUrl, '--format', 'json', '--predictions', predictions)]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(server.requests.length, before, 'nothing asked again');
    assert.match(again.stderr, /resuming: 3 of 3 problems already in/);
    assert.deepEqual(JSON.parse(again.stdout), EXPECTED);

    // Smaller K from the same file: prefixes, no new calls.
    const smaller = await runCli(['scale', problems, ...args(server.baseUrl, '--format', 'json', '--predictions', predictions), '--k', '1,2']);
    assert.equal(server.requests.length, before);
    assert.deepEqual(JSON.parse(smaller.stdout).curves.critic_filtered, EXPECTED.curves.critic_filtered.slice(0, 2));

    // Another critic on the same file is refused: a file holds one run.
    const other = await runCli(['scale', problems, ...args(server.baseUrl, '--predictions', predictions), '--critic-model', 'other']);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /holds another run's results \(P\d: critic model "critic" \(this run: "other"\)\); name a new --predictions file/);
  });

  test('resume after a crash mid-write: the torn line is asked again, finished problems are not', async () => {
    const predictions = path.join(dir, 'torn.jsonl');
    const full = path.join(dir, 'full.jsonl');
    await runCli(['scale', problems, ...args(server.baseUrl, '--predictions', full)]);
    const [l1, l2] = readFileSync(full, 'utf8').trim().split('\n');
    writeFileSync(predictions, `${l1}\n`);
    appendFileSync(predictions, l2.slice(0, 40)); // killed mid-write
    const before = server.requests.length;
    const r = await runCli(['scale', problems, ...args(server.baseUrl, '--format', 'json', '--predictions', predictions)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /torn line/);
    assert.equal(solveRequests(server, before), 4, 'two problems asked: a greedy and a sampling request each');
    assert.deepEqual(JSON.parse(r.stdout), EXPECTED);
    const ids = readFileSync(predictions, 'utf8').split('\n').filter(Boolean).flatMap((l) => { try { return [JSON.parse(l).id]; } catch { return []; } });
    assert.equal(new Set(ids).size, 3);
  });

  test('Ctrl-C: requests aborted, whole lines kept, exit 130; the same command finishes the run', async () => {
    // The first requests answer at once, the later ones never: only Ctrl-C ends this run.
    const slow = await OpenAITestServer.start({ responder: (req, i) => (i < 40 ? scaleResponder(req) : { hang: true }) });
    try {
      const predictions = path.join(dir, 'interrupted.jsonl');
      const many = path.join(dir, 'many.jsonl');
      writeFileSync(many, Array.from({ length: 30 }, (_, i) => JSON.stringify({ ...PROBLEMS[i % 3], id: `${PROBLEMS[i % 3].id}-${i}` })).join('\n') + '\n');
      const child = spawn(process.execPath, [CLI_BUNDLE, 'scale', many, ...args(slow.baseUrl, '--predictions', predictions, '--concurrency', '2')], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      while (!/\[1\/30\]/.test(stderr) || slow.requests.length <= 40) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((r) => child.on('close', r));
      assert.equal(code, 130, stderr);
      assert.match(stderr, /Interrupted after \d+ written\. Run the same command again to resume\./);
      const text = readFileSync(predictions, 'utf8');
      assert.ok(text.endsWith('\n'));
      const written = text.trim().split('\n').map((l) => JSON.parse(l));
      assert.ok(written.length >= 1 && written.length < 30, `${written.length} written`);
      for (let i = 0; i < 40 && !slow.requests.some((r) => r.aborted); i++) await new Promise((r) => setTimeout(r, 25));
      assert.ok(slow.requests.some((r) => r.aborted), 'requests in flight were aborted');

      const rerun = await runCli(['scale', many, ...args(server.baseUrl, '--format', 'json', '--predictions', predictions, '--concurrency', '8')]);
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.match(rerun.stderr, new RegExp(`resuming: ${written.length} of 30`));
      const json = JSON.parse(rerun.stdout);
      assert.equal(json.n, 30);
      assert.deepEqual(json.curves, EXPECTED.curves); // ten copies of the three problems
    } finally {
      await slow.close();
    }
  });

  test('bad problems are named and skipped; bad options are refused', async () => {
    const mixed = path.join(dir, 'mixed.jsonl');
    writeFileSync(mixed, [JSON.stringify(PROBLEMS[0]), JSON.stringify({ id: 'no-answer', problem: 'What?' }), '{"id": broken', JSON.stringify({ id: 'P1', problem: 'again', answer: '1' })].join('\n') + '\n');
    const doc = path.join(dir, 'eggs.solution.md');
    writeFileSync(doc, '---\nid: doc-1\nanswer: 4\n---\n# Problem\n\nProblem P3: how many pears?\n\n# Solution\n\nStep 1: 2 + 2 = 4\n');
    const r = await runCli(['scale', mixed, doc, path.join(dir, 'missing.jsonl'), ...args(server.baseUrl, '--format', 'json')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /mixed\.jsonl:2 \(no-answer\): skipped: no reference answer/);
    assert.match(r.stderr, /mixed\.jsonl:3: skipped a line that does not parse/);
    assert.match(r.stderr, /skipped a second problem with id "P1"/);
    assert.match(r.stderr, /cannot read .*missing\.jsonl: no such file/);
    assert.equal(JSON.parse(r.stdout).n, 2, 'P1 and the document');

    for (const [extra, message] of [
      [['--k', '0,2'], /--k takes whole numbers/],
      [['--format', 'xml'], /--format must be table or json/],
      [['--profile', 'nonsense'], /--profile must be/],
      [['--plot', 'x.png'], /--plot writes SVG/],
      [['--refinements=-1'], /--refinements must be a whole number/],
    ] as const) {
      const bad = await runCli(['scale', problems, ...args(server.baseUrl), ...extra]);
      assert.equal(bad.code, 2, `${extra.join(' ')}: ${bad.stderr}`);
      assert.match(bad.stderr, message);
    }
    const none = await runCli(['scale', path.join(dir, 'missing.jsonl'), ...args(server.baseUrl)]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no problem with a reference answer/);
  });

  test('a model that fails on one problem: named, the others scored, exit 1; nothing written for it', async () => {
    const flaky = await OpenAITestServer.start({ responder: (req) => (/P2/.test(JSON.stringify(req.body.messages)) ? { status: 400, content: 'context length exceeded' } : scaleResponder(req)) });
    try {
      const predictions = path.join(dir, 'flaky.jsonl');
      const r = await runCli(['scale', problems, ...args(flaky.baseUrl, '--format', 'json', '--predictions', predictions)]);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /P2 \(.*problems\.jsonl\): .*context length exceeded/);
      assert.equal(JSON.parse(r.stdout).n, 2);
      assert.deepEqual(readFileSync(predictions, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id).sort(), ['P1', 'P3']);
    } finally {
      await flaky.close();
    }
  });

  test('--plot: an SVG with the three curves, greedy, calls per problem, a log-scale K axis and its labels', async () => {
    const svgFile = path.join(dir, 'curves.svg');
    const r = await runCli(['scale', problems, ...args(server.baseUrl, '--plot', svgFile)]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(svgFile));
    const svg = parseSvg(readFileSync(svgFile, 'utf8'));
    assert.deepEqual(svg.texts('role-legend-label'), ['majority of K samples', 'critique + refine, then majority', 'majority of critic-accepted', 'greedy (1 sample)', 'model calls per problem (right axis)']);
    assert.deepEqual(svg.texts('role-axis-title').sort(), ['K (samples per problem, log scale)', 'accuracy (3 problems)', 'model calls per problem'].sort());
    const axisLabels = svg.texts('role-axis-label');
    for (const k of ['1', '2', '4']) assert.ok(axisLabels.includes(k), `K tick ${k} in ${axisLabels}`);
    assert.ok(axisLabels.includes('100%'), 'accuracy as a percentage');
    // One line per curve, in its own colour, the calls line dashed, the greedy rule.
    const lines = svg.marks('line mark');
    const lineOf = (series: string) => lines.find((m) => m.label.endsWith(`series: ${series}`));
    const curves = ['majority of K samples', 'critique + refine, then majority', 'majority of critic-accepted'].map(lineOf);
    assert.ok(curves.every(Boolean), lines.map((m) => m.label).join('\n'));
    assert.equal(new Set(curves.map((m) => m!.el.getAttribute('stroke'))).size, 3);
    assert.ok(lineOf('model calls per problem (right axis)')!.el.getAttribute('stroke-dasharray'));
    assert.deepEqual(svg.marks('text mark').map((m) => m.el.textContent), ['3.3', '6.0', '11.3']);
    assert.match(svg.marks('rule mark').map((m) => m.label).join('\n'), /accuracy \(3 problems\): 67%; series: greedy \(1 sample\)/);
    // The points carry the values: critic_filtered at K = 4 is 100 %.
    assert.ok(svg.marks('point').some((m) => /K \(samples per problem, log scale\): 4; accuracy \(3 problems\): 100%; series: majority of critic-accepted/.test(m.label)));
    // Log scale: K = 1, 2, 4 are equally spaced.
    const xs = curves[0]!.el.getAttribute('d')!.match(/[ML]([\d.]+),/g)!.map((m) => Number(m.slice(1, -1)));
    assert.ok(Math.abs(xs[1] - xs[0] - (xs[2] - xs[1])) < 0.5, `equal steps on a log axis: ${xs}`);
    assert.match(svg.texts('role-title-text').join(' '), /Test-time scaling: actor with critic critic/);
  });
});
