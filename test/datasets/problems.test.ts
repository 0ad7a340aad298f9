import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readProblems } from '../../server/src/engine/datasets';

async function ids(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const p of readProblems(file)) out.push(p.id);
  return out;
}

test('id-less problems get ids from what they say: any spelling of the path, any order, the same ids', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-problems-'));
  const rows = [
    { question: 'What is 2 + 3?', answer: 'It is 5. #### 5' },
    { question: 'Eggs?', answer: '18' },
    { question: 'What is 2 + 3?', answer: '5' },
  ];
  const file = path.join(dir, 'problems.jsonl');
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const absolute = await ids(file);
  const relative = await ids(path.relative(process.cwd(), file));
  const dotted = await ids(path.join(dir, '.', 'problems.jsonl'));
  assert.deepEqual(relative, absolute);
  assert.deepEqual(dotted, absolute);
  assert.equal(new Set(absolute).size, 3, 'a repeated problem gets an id of its own');
  assert.ok(absolute.every((id) => !id.includes('problems.jsonl')), 'no id carries the path');

  const reordered = path.join(dir, 'reordered.jsonl');
  writeFileSync(reordered, [rows[1], rows[0]].map((r) => JSON.stringify(r)).join('\n') + '\n');
  assert.deepEqual(await ids(reordered), [absolute[1], absolute[0]]);
});

test('own ids are kept, and a file with no rows is an error, not zero problems', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-problems-'));
  const file = path.join(dir, 'p.jsonl');
  writeFileSync(file, JSON.stringify({ id: 'sum', problem: 'What is 2 + 3?', answer: 5 }) + '\n[1]\n');
  const skipped: string[] = [];
  const got = [];
  for await (const p of readProblems(file, { onSkip: (s) => skipped.push(s.reason) })) got.push(p);
  assert.deepEqual(
    got.map((p) => [p.id, p.answer]),
    [['sum', '5']],
  );
  assert.match(skipped.join('\n'), /not a record/);
  const empty = path.join(dir, 'empty.jsonl');
  writeFileSync(empty, '');
  await assert.rejects(ids(empty), /no records/);
});
