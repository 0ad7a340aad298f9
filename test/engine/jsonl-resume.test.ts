import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { appendJsonl, parseJsonl, WriteFailed } from '../../server/src/engine/io/jsonl';
import { runExport } from '../../server/src/engine/export/run-export';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'mathcritic-resume-'));
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

// Before: the torn fragment stayed in the middle of the file forever (a newline was put after
// it), and the file no longer parsed as JSONL.
test('a torn last line is cut off before appending: the file stays valid JSONL', async () => {
  const file = path.join(tmp(), 'out.jsonl');
  writeFileSync(file, '{"id":"a"}\n{"id":"b"}\n{"id":"c","crit');
  await appendJsonl(file, [{ id: 'c', critique: 'whole' }]);
  const { bad, records } = parseJsonl(readFileSync(file, 'utf8'));
  assert.deepEqual(bad, []);
  assert.deepEqual(records, [{ id: 'a' }, { id: 'b' }, { id: 'c', critique: 'whole' }]);
});

test('a torn line longer than the read-back window, or the whole file, is cut off too', async () => {
  const dir = tmp();
  const long = path.join(dir, 'long.jsonl');
  writeFileSync(long, `{"id":"a"}\n{"id":"b","x":"${'y'.repeat(200_000)}`);
  await appendJsonl(long, [{ id: 'b' }]);
  assert.deepEqual(lines(long), [{ id: 'a' }, { id: 'b' }]);
  const only = path.join(dir, 'only.jsonl');
  writeFileSync(only, '{"id":');
  await appendJsonl(only, [{ id: 'z' }]);
  assert.equal(readFileSync(only, 'utf8'), '{"id":"z"}\n');
});

test('a last line that parses but lacks its newline is kept and ended', async () => {
  const file = path.join(tmp(), 'out.jsonl');
  writeFileSync(file, '{"id":"a"}\n{"id":"b"}');
  await appendJsonl(file, [{ id: 'c' }]);
  assert.deepEqual(lines(file), [{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
});

test('a full disk: WriteFailed says so, and the run stops without counting the job as done', async () => {
  // /dev/full answers every write with ENOSPC.
  await assert.rejects(appendJsonl('/dev/full', [{ id: 'a' }]), (e: unknown) => e instanceof WriteFailed && /the disk is full.*run the same command again/.test(e.message));
  const seen: string[] = [];
  const summary = await runExport({
    jobs: ['a', 'b', 'c', 'd'].map((id) => ({ id })),
    concurrency: 1,
    run: async (job) => ({ output: job }),
    write: (batch) => appendJsonl('/dev/full', batch.map((b) => b.output)),
    onError: (job) => seen.push(job.id),
  });
  assert.ok(summary.fatal instanceof WriteFailed);
  assert.equal(summary.written, 0);
  assert.equal(summary.done, 0, 'nothing that was not written whole is done');
  assert.equal(summary.failed, 0);
  assert.deepEqual(seen, []);
});

test('a short write (file size limit) is undone: the file is exactly as before', () => {
  const dir = tmp();
  const file = path.join(dir, 'out.jsonl');
  const before = `${JSON.stringify({ id: 'a', pad: 'p'.repeat(1400) })}\n`;
  writeFileSync(file, before);
  const script = path.join(dir, 'append.ts');
  writeFileSync(
    script,
    `import { appendJsonl } from ${JSON.stringify(path.resolve(__dirname, '../../server/src/engine/io/jsonl'))};
appendJsonl(${JSON.stringify(file)}, [{ id: 'b', pad: 'q'.repeat(3000) }]).then(() => console.log('appended'), (e) => console.log(e.name + ': ' + e.message));`,
  );
  // ulimit -f 2: writes past 2 KiB are cut short, then refused (SIGXFSZ ignored so write returns EFBIG).
  const r = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f 2; exec "${process.execPath}" --import tsx "${script}"`], { encoding: 'utf8', cwd: path.resolve(__dirname, '../..') });
  assert.match(r.stdout, /WriteFailed: could not write to .*out\.jsonl: only \d+ of \d+ bytes could be written/, r.stdout + r.stderr);
  assert.equal(readFileSync(file, 'utf8'), before);
  assert.ok(existsSync(file));
});
