import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { OpenAITestServer } from '../support/openai-test-server';

describe('resumed outputs', () => {
  let server: OpenAITestServer;
  before(async () => {
    server = await OpenAITestServer.start();
    server.setResponder(() => ({ content: JSON.stringify({ steps: [], first_wrong_step: null, feedback: '' }) }));
  });
  after(async () => server.close());

  const dataset = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-resume-cli-'));
    // No ids: ProcessBench-like lines; two identical ones to show they stay two.
    const rows = [
      { problem: 'P1', steps: ['1 + 1 = 2'] },
      { problem: 'P2', steps: ['2 + 2 = 4'] },
      { problem: 'P1', steps: ['1 + 1 = 2'] },
    ];
    writeFileSync(path.join(dir, 'data.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return dir;
  };
  const critique = (dir: string, input: string, out = 'out.jsonl') => runCli(['critique', input, '--base-url', server.baseUrl, '--model', 'test-model', '--out', out], { cwd: dir });

  // Before: id-less records were `PATH:LINE`, so each spelling of the path began the whole job again.
  test('ids of id-less records do not depend on how the input path is spelled', async () => {
    const dir = dataset();
    const first = await critique(dir, 'data.jsonl');
    assert.equal(first.code, 0, first.stderr);
    const asked = server.requests.length;
    for (const spelling of ['./data.jsonl', path.join(dir, 'data.jsonl'), `../${path.basename(dir)}/data.jsonl`]) {
      const again = await critique(dir, spelling);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /resuming: 3 of 3 already in out\.jsonl/, spelling);
    }
    assert.equal(server.requests.length, asked, 'nothing asked again');
    const ids = readFileSync(path.join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).id);
    assert.equal(ids.length, 3);
    assert.equal(new Set(ids).size, 3, 'a repeated solution keeps its own id');
    assert.ok(ids.every((id: string) => /^sha256-[0-9a-f]{16}(-\d+)?$/.test(id)), ids.join(' '));
  });

  test('--out naming the input is refused, however it is spelled', async () => {
    const dir = dataset();
    symlinkSync(path.join(dir, 'data.jsonl'), path.join(dir, 'link.jsonl'));
    const original = readFileSync(path.join(dir, 'data.jsonl'), 'utf8');
    for (const out of ['data.jsonl', './data.jsonl', path.join(dir, 'data.jsonl'), 'link.jsonl']) {
      const r = await critique(dir, 'data.jsonl', out);
      assert.equal(r.code, 2, `${out}: ${r.stderr}`);
      assert.match(r.stderr, /--out .* is the input data\.jsonl: the run would write into what it reads/);
    }
    const st = await runCli(['self-talk', './data.jsonl', '--base-url', server.baseUrl, '--model', 'test-model', '--out', 'data.jsonl'], { cwd: dir });
    assert.equal(st.code, 2, st.stderr);
    const br = await runCli(['batch', 'read', 'data.jsonl', '--results', 'r.jsonl', '--model', 'm', '--out', './r.jsonl'], { cwd: dir });
    assert.equal(br.code, 2, br.stderr);
    const ce = await runCli(['curate', 'export', 'data.jsonl', '--out', './data.jsonl'], { cwd: dir });
    assert.equal(ce.code, 2, ce.stderr);
    assert.equal(readFileSync(path.join(dir, 'data.jsonl'), 'utf8'), original);
  });
});
