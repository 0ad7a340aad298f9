import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../server/src/engine/io/atomic-write';
import { appendJsonl, parseJsonl, readJsonl } from '../../server/src/engine/io/jsonl';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'mathcritic-io-'));

describe('writeFileAtomic', () => {
  test('replaces the content and leaves no temporary file behind', async () => {
    const dir = tmp();
    const file = path.join(dir, 'out.jsonl');
    writeFileSync(file, 'old\n');
    await writeFileAtomic(file, 'new\n');
    assert.equal(readFileSync(file, 'utf8'), 'new\n');
    assert.deepEqual(readdirSync(dir), ['out.jsonl']);
  });

  test('creates missing folders', async () => {
    const file = path.join(tmp(), 'a', 'b', 'c.json');
    await writeFileAtomic(file, '{}');
    assert.equal(readFileSync(file, 'utf8'), '{}');
  });

  test('a failed write keeps the old file whole and leaves no temporary file', async () => {
    const dir = tmp();
    const file = path.join(dir, 'keep.json');
    writeFileSync(file, 'precious');
    // A target that is a folder cannot be replaced by rename: the write must fail cleanly.
    const target = path.join(dir, 'folder');
    await writeFileAtomic(path.join(target, 'x'), 'x');
    await assert.rejects(writeFileAtomic(target, 'data'));
    assert.equal(readFileSync(file, 'utf8'), 'precious');
    assert.deepEqual(readdirSync(dir).sort(), ['folder', 'keep.json']);
  });
});

describe('JSONL', () => {
  test('bad lines are reported by line number and the good ones kept', () => {
    const r = parseJsonl('{"a":1}\n\nnot json\n{"a":2}\r\n{"a":3}\n');
    assert.deepEqual(r.records, [{ a: 1 }, { a: 2 }, { a: 3 }]);
    assert.deepEqual(r.lines, [1, 4, 5]);
    assert.equal(r.bad.length, 1);
    assert.equal(r.bad[0].line, 3);
    assert.equal(r.tornTail, false);
  });

  test('a torn last line (no newline, does not parse) is told apart from bad data', () => {
    const r = parseJsonl('{"a":1}\n{"a":');
    assert.equal(r.tornTail, true);
    assert.equal(r.records.length, 1);
    assert.equal(parseJsonl('{"a":1}\n{"a":2}').tornTail, false, 'a complete last line without newline is fine');
  });

  test('validation errors count as bad lines', () => {
    const r = parseJsonl('{"a":1}\n{"b":1}\n', (v) => {
      if (typeof (v as { a?: unknown }).a !== 'number') throw new Error('a must be a number');
      return v;
    });
    assert.equal(r.records.length, 1);
    assert.match(r.bad[0].reason, /a must be a number/);
  });

  test('appending after a torn line cuts the fragment off, so no record is glued to garbage and the file stays valid', async () => {
    const file = path.join(tmp(), 'log.jsonl');
    writeFileSync(file, '{"n":1}\n{"n":');
    await appendJsonl(file, [{ n: 2 }, { n: 3 }]);
    const r = await readJsonl(file);
    assert.deepEqual(r.records, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    assert.deepEqual(r.bad, []);
  });

  test('appends are whole lines', async () => {
    const file = path.join(tmp(), 'a.jsonl');
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendJsonl(file, [{ i, pad: 'x'.repeat(1000) }])));
    const r = await readJsonl<{ i: number }>(file);
    assert.equal(r.bad.length, 0);
    assert.deepEqual(r.records.map((x) => x.i).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
  });
});
