import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../support/cli';

const examples = path.resolve(__dirname, '../../examples');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'mathcritic-cli-'));

describe('mathcritic check', () => {
  test('on the examples: findings as file:line:col lines, exit 1, the README left alone', async () => {
    const r = await runCli(['check', examples]);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    for (const l of lines) assert.match(l, /^[^:]+\.md:\d+:\d+: (error|warning|information|hint): .+ \[[a-z-]+\]$/);
    assert.ok(lines.some((l) => /bakery\.solution\.md:12:\d+: error: 5 \+ 3 × 2 = 16 is wrong: 5 \+ 3 × 2 = 11 \[wrong-equation\]/.test(l)), r.stdout);
    assert.ok(lines.some((l) => /percent-discount\.solution\.md:\d+:\d+: error: .*\[wrong-final-answer\]/.test(l)), r.stdout);
    assert.ok(!r.stdout.includes('README.md'));
    assert.ok(!r.stdout.includes('eggs.solution.md'), 'the correct example has no findings');
    assert.match(r.stderr, /5 files checked: \d+ errors?/);
  });

  test('a correct file exits 0', async () => {
    const r = await runCli(['check', path.join(examples, 'eggs.solution.md')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
  });

  test('--format json carries positions, codes and steps', async () => {
    const r = await runCli(['check', '--format', 'json', path.join(examples, 'bakery.solution.md')]);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.files, 1);
    const eq = out.findings.find((f: { code: string }) => f.code === 'wrong-equation');
    assert.deepEqual({ line: eq.line, step: eq.step, severity: eq.severity }, { line: 12, step: 0, severity: 'error' });
    assert.equal(eq.endColumn - eq.column, '5 + 3 × 2 = 16'.length);
  });

  test('an unreadable file: a clear message, exit 2, no stack trace', async () => {
    const r = await runCli(['check', path.join(tmp(), 'missing.solution.md')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read .*missing\.solution\.md: no such file or folder/);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  });

  test('bad front matter: an error finding that says what is wrong, exit 1', async () => {
    const dir = tmp();
    const file = path.join(dir, 'bad.solution.md');
    writeFileSync(file, '---\nanswer: [1, 2\n---\n# Problem\n\nP\n\n# Solution\n\nStep 1: 1 + 1 = 2\n');
    const r = await runCli(['check', file]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /bad\.solution\.md:[23]:\d+: error: Front matter is not valid YAML: .+ \[invalid-front-matter\]/);
    assert.doesNotMatch(r.stderr + r.stdout, /at .*\.js:\d+/);
  });

  test('a JSONL dataset: findings per record, bad lines named and skipped', async () => {
    const dir = tmp();
    const file = path.join(dir, 'data.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'ok', problem: 'P', steps: ['2 + 2 = 4', '#### 4'], answer: '4' }),
        '{"id": "broken", "problem": ',
        JSON.stringify({ id: 'slip', problem: 'P', steps: ['9 * 2 = 20', 'The answer is 20.'], answer: '18' }),
      ].join('\n') + '\n',
    );
    const r = await runCli(['check', file]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /data\.jsonl:3:1: error: \[slip\] step 1: 9 \* 2 = 20 is wrong: 9 \* 2 = 18 \[wrong-equation\]/);
    assert.match(r.stdout, /\[slip\] step 2: .*\[wrong-final-answer\]/);
    assert.match(r.stderr, /data\.jsonl:2: skipped a record that does not parse/);
    assert.doesNotMatch(r.stdout, /\[ok\]/);
  });

  test('usage errors exit 2 with a hint', async () => {
    const none = await runCli(['check']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no files given/);
    const fmt = await runCli(['check', '--format', 'xml', examples]);
    assert.equal(fmt.code, 2);
    assert.match(fmt.stderr, /--format must be text or json/);
    const unknown = await runCli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
  });
});
