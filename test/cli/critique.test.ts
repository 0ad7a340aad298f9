import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { runCli, CLI_BUNDLE } from '../support/cli';
import { OpenAITestServer } from '../support/openai-test-server';

const answer = (step: number | null) =>
  JSON.stringify({ steps: step ? [{ step, correct: false, comment: 'wrong' }] : [], first_wrong_step: step, feedback: step ? `Step ${step} miscounts.` : '' });

describe('mathcritic critique', () => {
  let server: OpenAITestServer;
  before(async () => {
    server = await OpenAITestServer.start();
    // Answers by content, so that parallel requests get the right critique whatever their order.
    server.setResponder((req) => ({ content: answer(/= 20/.test(JSON.stringify(req.body.messages)) ? 2 : null) }));
  });
  after(async () => server.close());

  const dataset = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-critique-'));
    const data = path.join(dir, 'data.jsonl');
    const rows = [
      { id: 'a', problem: 'P1', steps: ['16 - 7 = 9', '9 * 2 = 20'] },
      { id: 'b', problem: 'P2', steps: ['2 + 2 = 4'] },
      { id: 'c', problem: 'P3', steps: ['3 * 3 = 9', 'so 9 * 2 = 20'] },
    ];
    writeFileSync(data, rows.map((r) => JSON.stringify(r)).join('\n') + '\n{broken\n');
    return { dir, data, out: path.join(dir, 'out.jsonl') };
  };

  test('writes one critique record per solution, with chat messages; bad lines named', async () => {
    const { data, out } = dataset();
    const r = await runCli(['critique', data, '--base-url', server.baseUrl, '--model', 'test-model', '--out', out, '--concurrency', '2']);
    assert.equal(r.code, 0, r.stderr);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(records.map((x) => x.id).sort(), ['a', 'b', 'c']);
    const a = records.find((x) => x.id === 'a');
    assert.equal(a.first_wrong_step, 1);
    assert.equal(a.verdict, 'incorrect');
    assert.equal(a.model, 'test-model');
    assert.equal(a.prompt_version, 'critique-v1');
    assert.deepEqual(a.messages.map((m: { role: string }) => m.role), ['system', 'user', 'assistant']);
    assert.match(a.messages[2].content, /Conclusion: the first wrong step is Step 2\./);
    assert.equal(records.find((x) => x.id === 'b').first_wrong_step, -1);
    assert.match(r.stderr, /data\.jsonl:4: skipped a record that does not parse/);
    assert.match(r.stderr, /3 critiqued \(2 with a wrong step\), 0 failed/);
  });

  test('resumes after an interruption: ids already written are skipped, a torn line is asked again', async () => {
    const { data, out } = dataset();
    writeFileSync(out, JSON.stringify({ id: 'a', first_wrong_step: 1 }) + '\n');
    appendFileSync(out, '{"id":"b","first_wr'); // killed mid-write
    const before = server.requests.length;
    const r = await runCli(['critique', data, '--base-url', server.baseUrl, '--model', 'test-model', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(server.requests.length - before, 2, 'only b and c asked');
    assert.match(r.stderr, /torn line/);
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    const ids = lines.flatMap((l) => {
      try {
        return [JSON.parse(l).id];
      } catch {
        return [];
      }
    });
    assert.deepEqual(ids.sort(), ['a', 'b', 'c']);
  });

  test('Ctrl-C stops cleanly: requests in flight aborted, whole lines kept, exit 130, a rerun resumes', async () => {
    const { data, out } = dataset();
    let hang = true;
    server.setResponder((req) => {
      const text = JSON.stringify(req.body.messages);
      if (hang && text.includes('P3')) return { hang: true };
      return { content: answer(/= 20/.test(text) ? 2 : null) };
    });
    try {
      const child = spawn(process.execPath, [CLI_BUNDLE, 'critique', data, '--base-url', server.baseUrl, '--model', 'test-model', '--out', out, '--concurrency', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      const lines = () => {
        try {
          return readFileSync(out, 'utf8').split('\n').filter(Boolean);
        } catch {
          return [];
        }
      };
      for (let i = 0; i < 200 && !(lines().length === 2 && server.requests.some((r) => JSON.stringify(r.body).includes('P3'))); i++) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGINT');
      assert.equal(await exited, 130, stderr);
      assert.match(stderr, /Interrupted after 2 written\. Run the same command again to resume\./);
      assert.deepEqual(lines().map((l) => JSON.parse(l).id).sort(), ['a', 'b']);
      for (let i = 0; i < 40 && !server.requests.some((r) => r.aborted); i++) await new Promise((r) => setTimeout(r, 25));
      assert.ok(server.requests.some((r) => r.aborted && JSON.stringify(r.body).includes('P3')), 'the request in flight was aborted');

      hang = false;
      const before = server.requests.length;
      const again = await runCli(['critique', data, '--base-url', server.baseUrl, '--model', 'test-model', '--out', out]);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(server.requests.length - before, 1, 'only c is asked again');
      assert.deepEqual(lines().map((l) => JSON.parse(l).id).sort(), ['a', 'b', 'c']);
    } finally {
      server.setResponder((req) => ({ content: answer(/= 20/.test(JSON.stringify(req.body.messages)) ? 2 : null) }));
    }
  });

  test('an endpoint that is down: a clear message, stops, exit 1, no stack trace', async () => {
    const { data, out } = dataset();
    const r = await runCli(['critique', data, '--base-url', 'http://127.0.0.1:9/v1', '--model', 'm', '--out', out, '--timeout-ms', '2000']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Could not reach the model at http:\/\/127\.0\.0\.1:9\/v1/);
    assert.match(r.stderr, /Run the same command again to resume/);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  });

  test('no base URL: a usage error that says nothing was sent', async () => {
    const { data } = dataset();
    const r = await runCli(['critique', data, '--model', 'm'], { env: { MATHCRITIC_BASE_URL: '' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--base-url is required/);
  });
});

test('mathcritic solve: prints the majority answer\'s steps', async () => {
  const server = await OpenAITestServer.start();
  server.setResponder((req) => {
    const system = String(req.body.messages[0].content);
    if (/critiques/.test(system)) return { content: JSON.stringify({ steps: [], first_wrong_step: null, feedback: '' }) };
    return [{ content: 'Step 1: 2 + 3 = 5\nStep 2: \\boxed{5}' }, { content: 'Step 1: \\boxed{6}' }, { content: 'Step 1: 3 + 2 = 5, \\boxed{5}' }];
  });
  try {
    const r = await runCli(['solve', '--problem', 'What is 2 + 3?', '--base-url', server.baseUrl, '--model', 'm', '--samples', '3']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'Step 1: 2 + 3 = 5\n\nStep 2: \\boxed{5}\n');
    assert.match(r.stderr, /answer 5: 2 of 3 solutions agree/);
  } finally {
    await server.close();
  }
});

test('mathcritic critique --refine: refinement records, checked against the reference answer', async () => {
  const server = await OpenAITestServer.start();
  server.setResponder((req) => {
    const system = String(req.body.messages[0].content);
    const user = String(req.body.messages[1].content);
    if (/critiques/.test(system)) return { content: JSON.stringify({ steps: [], first_wrong_step: /= 20/.test(user) ? 2 : null, feedback: '9 * 2 is 18.' }) };
    return { content: 'Step 2: She makes 9 * 2 = $18.\nStep 3: \\boxed{18}' };
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-refine-'));
  const data = path.join(dir, 'data.jsonl');
  writeFileSync(data, [
    { id: 'wrong', problem: 'Eggs?', steps: ['16 - 7 = 9', '9 * 2 = 20', '#### 20'], answer: '18' },
    { id: 'right', problem: 'Sum?', steps: ['2 + 2 = 4', '#### 4'], answer: '4' },
  ].map((r) => JSON.stringify(r)).join('\n') + '\n');
  const out = path.join(dir, 'out.jsonl');
  try {
    const r = await runCli(['critique', data, '--base-url', server.baseUrl, '--model', 'critic', '--actor-model', 'actor', '--refine', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const wrong = records.find((x) => x.id === 'wrong');
    assert.equal(wrong.first_wrong_step, 1);
    assert.deepEqual(wrong.refined_steps, ['16 - 7 = 9', 'She makes 9 * 2 = $18.', '\\boxed{18}']);
    assert.equal(wrong.refined_answer, '18');
    assert.equal(wrong.refinement_correct, true);
    assert.equal(wrong.actor_model, 'actor');
    assert.deepEqual(wrong.messages.map((m: { role: string }) => m.role), ['system', 'user', 'assistant']);
    assert.match(wrong.messages[1].content, /Critique: the first wrong step is Step 2/);
    assert.equal(wrong.critique_messages.length, 3);
    const right = records.find((x) => x.id === 'right');
    assert.equal(right.verdict, 'correct');
    assert.equal(right.refinement_steps, undefined);
    assert.equal(server.requests.filter((q) => q.body.model === 'actor').length, 1);
  } finally {
    await server.close();
  }
});

test('mathcritic self-talk: reflections, a correction round, smoothing; only verified chains written', async () => {
  const server = await OpenAITestServer.start();
  server.setResponder((req) => {
    const system = String(req.body.messages[0].content);
    const user = String(req.body.messages[1].content);
    if (/critiques/.test(system)) {
      const wrong = /= 20/.test(user);
      return { content: JSON.stringify({ steps: [{ step: 1, correct: true, comment: '16 - 7 is 9.' }, ...(wrong ? [{ step: 2, correct: false, comment: '9 * 2 is 18' }] : [])], first_wrong_step: wrong ? 2 : null, feedback: wrong ? '9 * 2 is 18, not 20.' : '' }) };
    }
    if (/natural first-person/.test(system)) {
      // The smoother: echoes a chain; for the problem "Bad?" it ends on a wrong answer.
      return { content: /Bad\?/.test(user) ? 'So the answer is \\boxed{7}.' : '9 eggs are sold. Then 9 * 2 = 20… wait, 9 * 2 is 18, not 20. So she makes \\boxed{18}.' };
    }
    return { content: 'Step 2: She makes 9 * 2 = $18.\nStep 3: \\boxed{18}' };
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-selftalk-'));
  const data = path.join(dir, 'data.jsonl');
  writeFileSync(data, [
    { id: 'eggs', problem: 'Eggs?', steps: ['16 - 7 = 9', '9 * 2 = 20', '#### 20'], answer: '18' },
    { id: 'bad', problem: 'Bad?', steps: ['2 + 2 = 4', '#### 4'], answer: '4' },
  ].map((r) => JSON.stringify(r)).join('\n') + '\n');
  const out = path.join(dir, 'out.jsonl');
  try {
    const r = await runCli(['self-talk', data, '--base-url', server.baseUrl, '--model', 'm', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(records.map((x) => x.id), ['eggs']);
    const [eggs] = records;
    assert.equal(eggs.verified, true);
    assert.equal(eggs.final_answer, '18');
    assert.equal(eggs.corrections, 1);
    assert.match(eggs.reflection_chain, /Step 1: 16 - 7 = 9\n\[Reflection: correct\. 16 - 7 is 9\.\]/);
    assert.match(eggs.reflection_chain, /Step 2: 9 \* 2 = 20\n\[Reflection: this step is wrong\. 9 \* 2 is 18, not 20\.\]\n\[Correction: redo this step\.\]\nStep 2: She makes 9 \* 2 = \$18\./);
    assert.match(eggs.self_talk, /wait, 9 \* 2 is 18/);
    assert.match(r.stderr, /bad: not written: the final answer 7 is not the reference 4/);
  } finally {
    await server.close();
  }
});

test('mathcritic explore: D_correct, D_refine and the difficulty counts; rerun resumes', async () => {
  const server = await OpenAITestServer.start();
  server.setResponder((req) => {
    const system = String(req.body.messages[0].content);
    const user = String(req.body.messages[1].content);
    if (/critiques/.test(system)) return { content: JSON.stringify({ steps: [], first_wrong_step: 2, feedback: '9 * 2 is 18.' }) };
    if (/Solve the problem/.test(system)) {
      return /2 \+ 3/.test(user)
        ? [{ content: 'Step 1: \\boxed{5}' }, { content: 'Step 1: 2 + 3 = 5 \\boxed{5}' }, { content: 'Step 1: \\boxed{5}' }]
        : [{ content: 'Step 1: 16 - 7 = 9\nStep 2: 9 * 2 = 20 \\boxed{20}' }, { content: 'Step 1: 9 eggs\nStep 2: \\boxed{18}' }, { content: 'Step 1: 9\nStep 2: \\boxed{20}' }];
    }
    return { content: 'Step 2: 9 * 2 = 18, so \\boxed{18}' };
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-explore-'));
  const problems = path.join(dir, 'problems.jsonl');
  writeFileSync(problems, [{ id: 'sum', problem: 'What is 2 + 3?', answer: '5' }, { id: 'eggs', problem: 'Eggs?', answer: 18 }].map((r) => JSON.stringify(r)).join('\n') + '\n');
  const outDir = path.join(dir, 'out');
  try {
    const r = await runCli(['explore', problems, '--base-url', server.baseUrl, '--model', 'm', '--out-dir', outDir, '-n', '3', '-l', '2']);
    assert.equal(r.code, 0, r.stderr);
    const lines = (f: string) => readFileSync(path.join(outDir, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines('d_correct.jsonl').length, 4);
    const refined = lines('d_refine.jsonl');
    assert.equal(refined.length, 2);
    assert.ok(refined.every((x) => x.refinement_correct === true && x.refined_answer === '18'));
    const difficulty = JSON.parse(readFileSync(path.join(outDir, 'difficulty.json'), 'utf8'));
    assert.deepEqual(difficulty.problemsByCorrectFirstTries, { '0': 0, '1': 1, '2': 0, '3': 1 });
    const asked = server.requests.length;
    const again = await runCli(['explore', problems, '--base-url', server.baseUrl, '--model', 'm', '--out-dir', outDir, '-n', '3']);
    assert.equal(again.code, 0);
    assert.equal(server.requests.length, asked, 'explored problems are skipped');
  } finally {
    await server.close();
  }
});
