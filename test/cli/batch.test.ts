import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { critiqueBatchLines, readBatchResults } from '../../server/src/engine/batch/openai-batch';
import { CRITIQUE_JSON_SCHEMA } from '../../server/src/engine/critic/prompt';
import { runCli } from '../support/cli';

const jobs = [
  { id: 'a', source: 'd', problem: 'P1', steps: ['16 - 7 = 9', '9 * 2 = 20'] },
  { id: 'b', source: 'd', problem: 'P2', steps: ['2 + 2 = 4'] },
];
const how = { model: 'm', temperature: 0, maxTokens: 512, samples: 1 };

describe('batch request lines', () => {
  test('one chat completion request per job, custom_id = id', () => {
    const lines = critiqueBatchLines(jobs, { ...how, json: true });
    assert.equal(lines.length, 2);
    const [a] = lines;
    assert.deepEqual(Object.keys(a).sort(), ['body', 'custom_id', 'method', 'url']);
    assert.equal(a.custom_id, 'a');
    assert.equal(a.method, 'POST');
    assert.equal(a.url, '/v1/chat/completions');
    assert.equal(a.body.model, 'm');
    assert.equal(a.body.temperature, 0);
    assert.equal(a.body.max_tokens, 512);
    assert.deepEqual(a.body.messages.map((m) => m.role), ['system', 'user']);
    assert.match(a.body.messages[1].content, /Step 2: 9 \* 2 = 20/);
    assert.equal(a.body.n, undefined, 'no n for one sample');
    assert.deepEqual(a.body.response_format, { type: 'json_schema', json_schema: { name: 'critique', schema: CRITIQUE_JSON_SCHEMA, strict: false } });
  });

  test('n when K > 1; no response_format for prose', () => {
    const [a] = critiqueBatchLines(jobs, { ...how, samples: 3, temperature: 0.7, json: false });
    assert.equal(a.body.n, 3);
    assert.equal(a.body.temperature, 0.7);
    assert.equal('response_format' in a.body, false);
    assert.match(a.body.messages[1].content, /Conclusion: the first wrong step is Step N/);
  });

  test('a duplicate id is an error naming it', () => {
    assert.throws(() => critiqueBatchLines([...jobs, { ...jobs[0], problem: 'other' }], { ...how, json: true }), /duplicate id "a"/);
  });

  test('readBatchResults: non-200 status and empty choices fail, unknown ids listed', () => {
    const byId = new Map(jobs.map((j) => [j.id, j]));
    const text = [
      JSON.stringify({ id: '1', custom_id: 'a', response: { status_code: 429, request_id: 'r', body: { error: { message: 'rate limited' } } }, error: null }),
      JSON.stringify({ id: '2', custom_id: 'b', response: { status_code: 200, request_id: 'r', body: { choices: [] } }, error: null }),
      JSON.stringify({ id: '3', custom_id: 'zzz', response: null, error: null }),
      JSON.stringify({ id: '4', custom_id: 'a', response: { status_code: 200, request_id: 'r', body: { choices: [{ message: { content: 'Looks fine to me, I guess.' } }] } }, error: null }),
    ].join('\n');
    const r = readBatchResults(text, byId, how);
    assert.deepEqual(r.records, []);
    assert.deepEqual(r.failed, [
      { custom_id: 'a', reason: 'status 429: rate limited' },
      { custom_id: 'b', reason: 'no answer in response.body.choices' },
      { custom_id: 'a', reason: `the critic's answer could not be read (the answer did not follow the json format: no first wrong step between 1 and 2 (or null) and no "Step N: correct|incorrect" verdicts): Looks fine to me, I guess.` },
    ]);
    assert.deepEqual(r.unknown, ['zzz']);
  });
});

describe('mathcritic batch (run `npm run build` first)', () => {
  test('write requests, read an OpenAI-format results file back into records', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-batch-'));
    const data = path.join(dir, 'data.jsonl');
    const rows = [
      { id: 'a', problem: 'P1', steps: ['16 - 7 = 9', '9 * 2 = 20'] },
      { id: 'b', problem: 'P2', steps: ['2 + 2 = 4', '4 + 1 = 5'] },
      { id: 'c', problem: 'P3', steps: ['3 * 3 = 9'] },
    ];
    writeFileSync(data, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const requestsFile = path.join(dir, 'requests.jsonl');

    const w = await runCli(['batch', 'write', data, '--model', 'critic-7b', '--out', requestsFile]);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stderr, /3 requests written/);
    assert.match(w.stderr, new RegExp(`vllm run-batch -i ${requestsFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} -o results\\.jsonl --model critic-7b`));
    assert.match(w.stderr, /OpenAI Batch API/);
    const requests = readFileSync(requestsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(requests.map((r) => r.custom_id), ['a', 'b', 'c']);
    assert.ok(requests.every((r) => r.method === 'POST' && r.url === '/v1/chat/completions' && r.body.model === 'critic-7b' && r.body.response_format));

    const completion = (content: string) => ({ id: 'chatcmpl-x', object: 'chat.completion', model: 'critic-7b', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] });
    const ok = (customId: string, content: string) =>
      JSON.stringify({ id: `batch_req_${customId}`, custom_id: customId, response: { status_code: 200, request_id: `req_${customId}`, body: completion(content) }, error: null });
    const json = JSON.stringify({ steps: [{ step: 1, correct: true, comment: '' }, { step: 2, correct: false, comment: '9 * 2 is 18.' }], first_wrong_step: 2, feedback: '9 * 2 is 18, not 20.' });
    const prose = 'Step 1: correct. 2 + 2 = 4.\nStep 2: correct. 4 + 1 = 5.\nConclusion: all steps are correct.';
    const results = [
      ok('b', prose), // out of order, as batch outputs are
      ok(requests[0].custom_id, json),
      JSON.stringify({ id: 'batch_req_c', custom_id: 'c', response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } }),
      ok('nobody', json),
      '{garbage',
    ];
    const resultsFile = path.join(dir, 'results.jsonl');
    writeFileSync(resultsFile, results.join('\n') + '\n');
    const out = path.join(dir, 'critiques.jsonl');

    const r = await runCli(['batch', 'read', data, '--results', resultsFile, '--model', 'critic-7b', '--out', out]);
    assert.equal(r.code, 1, r.stderr);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(records.map((x) => x.id), ['b', 'a']);
    const a = records.find((x) => x.id === 'a');
    assert.equal(a.first_wrong_step, 1);
    assert.equal(a.verdict, 'incorrect');
    assert.equal(a.model, 'critic-7b');
    assert.equal(a.prompt_version, 'critique-v1');
    assert.deepEqual(a.steps, rows[0].steps);
    assert.deepEqual(a.messages.map((m: { role: string }) => m.role), ['system', 'user', 'assistant']);
    assert.match(a.messages[1].content, /^Problem:\nP1/);
    assert.match(a.messages[2].content, /Step 2: incorrect\. 9 \* 2 is 18\./);
    assert.match(a.messages[2].content, /Conclusion: the first wrong step is Step 2\./);
    const b = records.find((x) => x.id === 'b');
    assert.equal(b.first_wrong_step, -1);
    assert.equal(b.verdict, 'correct');
    assert.match(b.messages[2].content, /Conclusion: all steps are correct\./);

    assert.match(r.stderr, /^c: error batch_expired: This request could not be executed/m);
    assert.match(r.stderr, /^line 5: not JSON/m);
    assert.match(r.stderr, /not among the solutions given, ignored: nobody/);
    assert.match(r.stderr, /2 critiques written to .*critiques\.jsonl \(1 with a wrong step\), 2 failed, 1 unknown\./);
  });

  test('write refuses duplicate ids; read without --results is a usage error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-batch-'));
    const data = path.join(dir, 'data.jsonl');
    writeFileSync(data, [{ id: 'x', problem: 'P', steps: ['1 = 1'] }, { id: 'x', problem: 'Q', steps: ['2 = 2'] }].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const w = await runCli(['batch', 'write', data, '--model', 'm', '--out', path.join(dir, 'req.jsonl')]);
    assert.equal(w.code, 2);
    assert.match(w.stderr, /duplicate id "x"/);
    const r = await runCli(['batch', 'read', data, '--model', 'm', '--out', path.join(dir, 'o.jsonl')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--results is required/);
  });
});
