import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decodeText, DecodeError } from '../../server/src/engine/io/decode';
import { parseJsonl } from '../../server/src/engine/io/jsonl';
import { parseSolutionDocument } from '../../server/src/engine/solution';
import { CuratorStore } from '../../server/src/engine/curate';
import { runCli } from '../support/cli';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'mathcritic-enc-'));
// The eggs example with a wrong final answer: only the front matter's answer can catch it.
const wrongEggs = readFileSync(path.resolve(__dirname, '../../examples/eggs.solution.md'), 'utf8').replace('#### 18', '#### 20');
const BOM8 = Buffer.from([0xef, 0xbb, 0xbf]);
const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
};
const utf32 = (s: string, little: boolean) => {
  const cps = [...s].map((c) => c.codePointAt(0)!);
  const b = Buffer.alloc(cps.length * 4);
  cps.forEach((cp, i) => (little ? b.writeUInt32LE(cp, i * 4) : b.writeUInt32BE(cp, i * 4)));
  return b;
};

describe('decodeText: the one way file bytes become text', () => {
  const text = 'Step 1: 3 × 4 = 12 — ½ √16\n';
  test('UTF-8 with and without a BOM; UTF-16 LE/BE and UTF-32 LE/BE by their BOM', () => {
    assert.equal(decodeText(Buffer.from(text), 'f'), text);
    assert.equal(decodeText(Buffer.concat([BOM8, Buffer.from(text)]), 'f'), text);
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'f'), text);
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]), 'f'), text);
    assert.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(text, true)]), 'f'), text);
    assert.equal(decodeText(Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(text, false)]), 'f'), text);
  });

  test('invalid UTF-8 is an error naming the file, the line and the column', () => {
    const bytes = Buffer.concat([Buffer.from('line one\nline twö '), Buffer.from([0xc3, 0x28]), Buffer.from(' rest\n')]);
    assert.throws(() => decodeText(bytes, 'data.jsonl'), (e: unknown) => e instanceof DecodeError && e.line === 2 && /^data\.jsonl:2:10: not valid UTF-8 \(byte 0xC3\)/.test(e.message));
    for (const bad of [[0xff], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf]]) {
      assert.throws(() => decodeText(Buffer.from(bad), 'f'), DecodeError, `bytes ${bad.join(' ')}`);
    }
  });

  test('a BOM on text from an editor or a pipe does not hide front matter or the first JSONL record', () => {
    const { solution } = parseSolutionDocument(`\uFEFF${wrongEggs}`);
    assert.equal(solution.referenceAnswer, '18');
    assert.deepEqual(parseJsonl('\uFEFF{"id":"a"}\n').records, [{ id: 'a' }]);
  });
});

describe('encodings from the CLI', () => {
  // Before: the BOM hid the front matter, so the wrong final answer passed with exit 0.
  test('a UTF-8 BOM before the front matter: the wrong final answer is still caught', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'eggs.solution.md'), Buffer.concat([BOM8, Buffer.from(wrongEggs)]));
    const r = await runCli(['check', path.join(dir, 'eggs.solution.md')]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /\[wrong-final-answer\]/);
  });

  // Before: UTF-16 passed silently, exit 0.
  test('UTF-16 documents and a BOM-led JSONL dataset are read like UTF-8 ones', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'le.solution.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(wrongEggs, 'utf16le')]));
    writeFileSync(path.join(dir, 'be.solution.md'), Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(wrongEggs)]));
    writeFileSync(path.join(dir, 'data.jsonl'), Buffer.concat([BOM8, Buffer.from(`${JSON.stringify({ id: 'slip', problem: 'P', steps: ['9 * 2 = 20'] })}\n`)]));
    const r = await runCli(['check', path.join(dir, 'le.solution.md'), path.join(dir, 'be.solution.md'), path.join(dir, 'data.jsonl')]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /le\.solution\.md:\d+:\d+: error: .*\[wrong-final-answer\]/);
    assert.match(r.stdout, /be\.solution\.md:\d+:\d+: error: .*\[wrong-final-answer\]/);
    assert.match(r.stdout, /data\.jsonl:1:\d+: error: \[slip\] .*\[wrong-equation\]/);
  });

  test('invalid UTF-8: reported with file and line, exit 2', async () => {
    const dir = tmp();
    const file = path.join(dir, 'bad.jsonl');
    writeFileSync(file, Buffer.concat([Buffer.from(`${JSON.stringify({ id: 'a', problem: 'P', steps: ['1 + 1 = 2'] })}\n{"id":"b","problem":"`), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('","steps":[]}\n')]));
    const r = await runCli(['check', file]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /bad\.jsonl:2:\d+: not valid UTF-8/);
  });
});

describe('encodings in the curator', () => {
  test('a UTF-16 dataset is refused with a clear message; a line of invalid UTF-8 is skipped and named', () => {
    const dir = tmp();
    const u16 = path.join(dir, 'u16.jsonl');
    writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${JSON.stringify({ problem: 'P', steps: ['1 + 1 = 2'] })}\n`, 'utf16le')]));
    assert.throws(() => CuratorStore.open(u16), /UTF-16LE \(by its byte-order mark\); the curator reads UTF-8 JSONL/);
    const mixed = path.join(dir, 'mixed.jsonl');
    writeFileSync(mixed, Buffer.concat([BOM8, Buffer.from(`${JSON.stringify({ problem: 'P', steps: ['1 + 1 = 2'] })}\n{"problem":"`), Buffer.from([0xc3]), Buffer.from('","steps":["x"]}\n')]));
    const store = CuratorStore.open(mixed);
    try {
      assert.equal(store.count, 1);
      assert.deepEqual(store.summary().skipped, [{ line: 2, reason: 'not valid UTF-8: save the file as UTF-8' }]);
    } finally {
      store.close();
    }
  });
});
