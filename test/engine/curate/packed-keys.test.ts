import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { PackedKeys } from '../../../server/src/engine/curate/packed-keys';
import { CuratorStore } from '../../../server/src/engine/curate';
import { tempDir, writeDataset } from './helpers';

// Keys as datasets carry them: short ids, repeats, quotes, backslashes, line breaks, emoji and
// lone surrogates (JSON allows "\ud800"), which UTF-8 alone cannot carry.
const awkward = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('', 'mc-1', '"', '\\', '\n', '\ud800', '\udfff', 'a\ud800b', '😀', '\u0000', 'é', 'e\u0301'),
);

test('packed keys give back every key as it was, and the first record of each', () => {
  fc.assert(
    fc.property(fc.array(awkward, { maxLength: 60 }), fc.array(awkward, { maxLength: 10 }), (keys, others) => {
      const packed = PackedKeys.from(PackedKeys.pack(keys), keys.length);
      assert.ok(packed);
      assert.equal(packed.length, keys.length);
      for (let i = 0; i < keys.length; i++) {
        assert.equal(packed.key(i), keys[i]);
        assert.equal(packed.indexOf(keys[i]), keys.indexOf(keys[i]), JSON.stringify(keys[i]));
      }
      for (const k of others) if (!keys.includes(k)) assert.equal(packed.indexOf(k), undefined, JSON.stringify(k));
    }),
    { numRuns: 300, seed: 7 },
  );
});

test('packed keys that do not hang together are refused', () => {
  const parts = PackedKeys.pack(['a', 'bb', 'a', 'ccc']);
  assert.ok(PackedKeys.from(parts, 4));
  const broken: Array<[string, () => Parameters<typeof PackedKeys.from>[0]]> = [
    ['offsets going back', () => ({ ...parts, offsets: Uint32Array.from([0, 3, 1, 4, 7]) })],
    ['offsets past the bytes', () => ({ ...parts, offsets: Uint32Array.from([0, 1, 3, 4, 99]) })],
    ['a slot past the records', () => ({ ...parts, slots: parts.slots.map((s) => (s === 1 ? 9 : s)) })],
    ['a table of the wrong size', () => ({ ...parts, slots: new Int32Array(4).fill(-1) })],
  ];
  for (const [what, make] of broken) assert.equal(PackedKeys.from(make(), 4), undefined, what);
  assert.equal(PackedKeys.from(parts, 3), undefined, 'another count');
});

test('a dataset with awkward ids reopens from its index with the same keys, and labels follow them', async () => {
  const ids = ['"quoted"', 'back\\slash', 'line\nbreak', 'lone \ud800 surrogate', '😀', 'dup', 'dup', 'plain'];
  const dir = tempDir();
  const dataset = writeDataset(
    ids.map((id, i) => ({ id, problem: `What is ${i} + 1?`, steps: [`${i} + 1 = ${i + 1}`] })),
    { dir },
  );
  const journalPath = path.join(dir, 'labels.journal');
  const first = CuratorStore.open(dataset, { journalPath });
  await first.index.saved;
  const keys = Array.from({ length: first.count }, (_, i) => first.index.key(i));
  first.label(3, { kind: 'first-wrong-step', step: 0 });
  first.label(5, { kind: 'first-wrong-step', step: 0 });
  first.close();
  const again = CuratorStore.open(dataset, { journalPath });
  try {
    assert.equal(again.index.origin, 'index-file');
    assert.deepEqual(
      Array.from({ length: again.count }, (_, i) => again.index.key(i)),
      keys,
    );
    assert.equal(again.index.key(3), 'lone \ud800 surrogate');
    assert.equal(again.index.indexOfKey('lone \ud800 surrogate'), 3);
    assert.equal(again.index.indexOfKey('lone \udfff surrogate'), undefined);
    // The two records that share an id are keyed by their content; the labels stay on theirs.
    assert.equal(again.index.indexOfKey('dup'), undefined);
    assert.equal(again.state(3).firstWrongStep, 0);
    assert.equal(again.state(5).firstWrongStep, 0);
    assert.equal(again.state(6).firstWrongStep, null);
  } finally {
    again.close();
  }
});
