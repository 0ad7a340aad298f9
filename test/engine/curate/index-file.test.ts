import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CuratorStore, DatasetIndex } from '../../../server/src/engine/curate';
import { decodeIndex, indexFileFor, type DatasetFingerprint } from '../../../server/src/engine/curate/index-file';
import { checkerCacheFor } from '../../../server/src/engine/curate/checker-cache';
import { SMALL, tempDir, writeDataset } from './helpers';

/** Opens the store, waits for its index file to be written, and returns what the caller asks of it. */
async function withStore<T>(dataset: string, journalPath: string, use: (store: CuratorStore) => T): Promise<T> {
  const store = CuratorStore.open(dataset, { journalPath });
  try {
    await store.index.saved;
    return use(store);
  } finally {
    store.close();
  }
}

const everything = (store: CuratorStore) => ({
  count: store.count,
  keys: Array.from({ length: store.count }, (_, i) => store.index.key(i)),
  lines: Array.from({ length: store.count }, (_, i) => store.index.line(i)),
  sources: Array.from({ length: store.count }, (_, i) => store.index.source(i)),
  dataset: Array.from({ length: store.count }, (_, i) => store.index.datasetFirstWrongStep(i)),
  critic: Array.from({ length: store.count }, (_, i) => store.index.criticFirstWrongStep(i)),
  problems: Array.from({ length: store.count }, (_, i) => store.view(i).problem),
  states: Array.from({ length: store.count }, (_, i) => store.state(i)),
  skipped: store.summary().skipped,
  stats: store.stats(),
});

function setup(lines: Array<string | object> = [...SMALL, '', 'not json', { id: 'f', problem: 'What is 1 + 1?', steps: ['1 + 1 = 2'] }], eol = '\n') {
  const dir = tempDir();
  const dataset = writeDataset(lines, { dir, eol });
  const journal = path.join(dir, 'labels.journal');
  return { dir, dataset, journal, indexFile: indexFileFor(dataset, journal) };
}

describe('persisted dataset index', () => {
  test('the first open scans and writes the index beside the journal; a reopen reads it and finds the same records and labels', async () => {
    const { dir, dataset, journal, indexFile } = setup();
    const first = await withStore(dataset, journal, (store) => {
      assert.equal(store.index.origin, 'scan');
      store.label(1, { kind: 'first-wrong-step', step: 0 });
      store.label(3, { kind: 'critique-verdict', verdict: 'accepted' });
      return everything(store);
    });
    assert.ok(existsSync(indexFile), 'the index file is written');
    assert.equal(path.dirname(indexFile), path.join(dir, '.mathcritic'));
    // The caches stay out of git; the journal beside them does not.
    const ignore = readFileSync(path.join(dir, '.mathcritic', '.gitignore'), 'utf8');
    assert.match(ignore, /^\*\.index$/m);
    assert.doesNotMatch(ignore.replace(/^#.*$/gm, ''), /journal|^\*$/m, 'no pattern ignores the journal');
    assert.equal(first.states[1].firstWrongStep, 0);
    const again = await withStore(dataset, journal, (store) => {
      assert.equal(store.index.origin, 'index-file', 'a reopen does not scan');
      return everything(store);
    });
    assert.deepEqual(again, first);
  });

  test('a journal already in .mathcritic/ keeps the index in that folder; two datasets of the same name get two files', () => {
    const a = indexFileFor('/w/a/data.jsonl', '/w/.mathcritic/labels.journal');
    const b = indexFileFor('/w/b/data.jsonl', '/w/.mathcritic/labels.journal');
    assert.equal(path.dirname(a), '/w/.mathcritic');
    assert.notEqual(a, b);
  });

  test('an edited dataset (size, mtime, head or tail changed) is scanned again, and labels follow their records', async () => {
    const { dataset, journal } = setup();
    await withStore(dataset, journal, (store) => store.label(0, { kind: 'first-wrong-step', step: 1 }));
    const original = readFileSync(dataset, 'utf8');
    const edits: Array<[string, () => void]> = [
      // The same size and mtime, one byte changed in the head: only the hash sees it.
      [
        'head',
        () => {
          const st = statSync(dataset);
          writeFileSync(dataset, original.replace('What is 2 + 3 then times 4?', 'What is 2 + 3 then times 5?'));
          utimesSync(dataset, st.atime, st.mtime);
        },
      ],
      [
        'tail',
        () => {
          const st = statSync(dataset);
          writeFileSync(dataset, original.replace('1 + 1 = 2', '1 + 1 = 3'));
          utimesSync(dataset, st.atime, st.mtime);
        },
      ],
      ['mtime', () => utimesSync(dataset, new Date(), new Date(Date.now() + 5000))],
      // Records moved: the same ids on other lines and offsets.
      ['size', () => writeFileSync(dataset, `${JSON.stringify({ id: 'new', problem: 'New first record?', steps: ['1 = 1'] })}\n${original}`)],
    ];
    for (const [what, edit] of edits) {
      await withStore(dataset, journal, (store) => assert.equal(store.index.origin, 'index-file', `before the ${what} edit`));
      edit();
      await withStore(dataset, journal, (store) => {
        assert.equal(store.index.origin, 'scan', `after the ${what} edit`);
        const a = store.index.indexOfKey('a')!;
        assert.equal(store.state(a).firstWrongStep, 1, `the label of "a" after the ${what} edit`);
        assert.equal(store.view(a).key, 'a');
      });
      writeFileSync(dataset, original);
      // Restored (a new mtime): scanned once more, then reopened from the index again.
      await withStore(dataset, journal, (store) => assert.equal(store.index.origin, 'scan', `after undoing the ${what} edit`));
    }
    await withStore(dataset, journal, (store) => {
      assert.equal(store.index.key(0), 'a');
      assert.equal(store.view(store.count - 1).problem, 'What is 1 + 1?');
    });
  });

  test('a corrupt, truncated, foreign or hostile index file is ignored and rebuilt, never trusted', async () => {
    const { dataset, journal, indexFile } = setup();
    const expected = await withStore(dataset, journal, (store) => {
      store.label(2, { kind: 'rate-step', step: 1, rating: 'incorrect' });
      return everything(store);
    });
    const good = readFileSync(indexFile);
    const header = good.readUInt32LE(6);
    const columns = 6 + 4 + header;
    const n = expected.count;
    const tamper: Array<[string, (b: Buffer) => Buffer]> = [
      ['empty', () => Buffer.alloc(0)],
      ['garbage', () => Buffer.from('{"not": "an index"}\n')],
      ['truncated', (b) => b.subarray(0, b.length - 40)],
      [
        'one flipped bit',
        (b) => {
          const c = Buffer.from(b);
          c[columns + 3] ^= 1;
          return c;
        },
      ],
    ];
    // A file whose checksum matches but whose offsets do not land on records: a forged index.
    const { createHash } = await import('node:crypto');
    const forge = (edit: (b: Buffer) => void) => (b: Buffer) => {
      const body = Buffer.from(b.subarray(0, b.length - 32));
      edit(body);
      return Buffer.concat([body, createHash('sha256').update(body).digest()]);
    };
    const startOf = (body: Buffer, i: number) => body.readDoubleLE(columns + 8 * i);
    tamper.push(
      ['a start moved into its record', forge((body) => body.writeDoubleLE(startOf(body, 1) + 5, columns + 8))],
      ['a start before the previous end', forge((body) => body.writeDoubleLE(startOf(body, 0), columns + 8))],
      ['an end past the file', forge((body) => body.writeDoubleLE(1e12, columns + 8 * n + 8 * (n - 1)))],
      ['a source id out of range', forge((body) => body.writeInt32LE(99, columns + 16 * n + 4 * n))],
      ['a header that is not JSON', forge((body) => body.write('}', 10))],
    );
    for (const [what, edit] of tamper) {
      writeFileSync(indexFile, edit(good));
      const got = await withStore(dataset, journal, (store) => {
        assert.equal(store.index.origin, 'scan', `${what}: scanned again`);
        return everything(store);
      });
      assert.deepEqual(got, expected, `${what}: the same records and labels`);
      assert.deepEqual(readFileSync(indexFile), good, `${what}: the index file is rewritten`);
    }
  });

  test('CRLF lines, a BOM, a JSON array, leading blank lines and no final newline all reopen from the index', async () => {
    const cases: Array<{ name: string; text: string }> = [
      { name: 'crlf.jsonl', text: '\uFEFF' + SMALL.map((r) => JSON.stringify(r)).join('\r\n') + '\r\n' },
      { name: 'blank.jsonl', text: '\n\n' + SMALL.map((r) => `  ${JSON.stringify(r)}  `).join('\n\n') },
      { name: 'array.json', text: '[\n' + SMALL.map((r) => JSON.stringify(r, null, 2)).join(' ,\n') + '\n]\n' },
    ];
    for (const { name, text } of cases) {
      const dir = tempDir();
      const dataset = path.join(dir, name);
      writeFileSync(dataset, text);
      const journal = path.join(dir, 'j.journal');
      const first = await withStore(dataset, journal, everything);
      const again = await withStore(dataset, journal, (store) => {
        assert.equal(store.index.origin, 'index-file', name);
        return everything(store);
      });
      assert.deepEqual(again, first, name);
      assert.equal(first.count, SMALL.length, name);
    }
  });

  test('a folder that cannot be written costs a scan, not the open; indexFile: false never writes', async () => {
    const { dir, dataset, journal } = setup();
    // A file where the .mathcritic folder should be: the write fails.
    writeFileSync(path.join(dir, '.mathcritic'), 'in the way');
    const store = CuratorStore.open(dataset, { journalPath: journal });
    assert.equal(await store.index.saved, false);
    assert.equal(store.view(0).key, 'a');
    store.close();
    const other = setup();
    const plain = CuratorStore.open(other.dataset, { journalPath: other.journal, indexFile: false });
    assert.equal(await plain.index.saved, false);
    plain.close();
    assert.ok(!readdirSync(other.dir).includes('.mathcritic'));
    const index = DatasetIndex.open(other.dataset);
    assert.equal(index.origin, 'scan');
    index.close();
  });
});

describe('persisted checker verdicts', () => {
  test('stats on a reopen take the checker verdicts from the cache; a cache of another checker build, other bytes or out-of-range steps is recomputed', async () => {
    const { dataset, journal, indexFile } = setup();
    const cache = checkerCacheFor(indexFile);
    // Human first wrong steps on "a" (checker: -1, agrees with -1) and "b" (checker flags step 0; the label says 0).
    const truth = await (async () => {
      const store = CuratorStore.open(dataset, { journalPath: journal });
      store.label(0, { kind: 'first-wrong-step', step: -1 });
      store.label(1, { kind: 'first-wrong-step', step: 0 });
      const stats = store.stats();
      store.close();
      assert.equal(await store.checkerSaved, true);
      return stats.humanChecker;
    })();
    assert.equal(truth.agree + truth.disagree, 2);
    const saved = JSON.parse(readFileSync(cache, 'utf8')) as { steps: string; checker: string };
    const raw = Buffer.from(saved.steps, 'base64');
    const steps = new Int32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
    // Forge the verdict of record 0: the stats follow the cache, so the checker did not run again.
    const forged = Int32Array.from(steps);
    forged[0] = forged[0] === -1 ? 1 : -1;
    const write = (over: Record<string, unknown>) => writeFileSync(cache, JSON.stringify({ ...saved, steps: Buffer.from(forged.buffer).toString('base64'), ...over }));
    write({});
    const fromCache = await withStore(dataset, journal, (store) => store.stats().humanChecker);
    assert.equal(fromCache.agree, truth.agree + (steps[0] === -1 ? -1 : 1), 'the cached verdict is used');
    for (const [what, over] of [
      ['another checker build', { checker: 'not-this-one' }],
      ['a step past the record', { steps: Buffer.from(Int32Array.from([99, ...forged.subarray(1)]).buffer).toString('base64') }],
      ['a short column', { steps: 'AAAA' }],
      ['not JSON', undefined],
    ] as const) {
      if (over) write(over);
      else writeFileSync(cache, '{"format": 1, "steps": ');
      const got = await withStore(dataset, journal, (store) => store.stats().humanChecker);
      assert.deepEqual(got, truth, what);
    }
  });
});

test('an index file decodes the same whether its buffer is aligned for views of its columns or not', async () => {
  const { dataset, journal, indexFile } = setup();
  await withStore(dataset, journal, () => {});
  const good = readFileSync(indexFile);
  const header = JSON.parse(good.toString('utf8', 10, 10 + good.readUInt32LE(6))) as { fingerprint: DatasetFingerprint };
  const aligned = decodeIndex(good, header.fingerprint);
  // The same bytes one byte into a buffer: no column can be viewed there, each is copied.
  const shifted = decodeIndex(Buffer.concat([Buffer.alloc(1), good]).subarray(1), header.fingerprint);
  assert.ok(aligned && shifted);
  assert.equal(aligned.starts.buffer, good.buffer, 'the aligned columns are views of the file buffer');
  assert.notEqual(shifted.starts.buffer, aligned.starts.buffer);
  const plain = (c: NonNullable<typeof aligned>) => ({ ...c, keys: Array.from({ length: c.keys.length }, (_, i) => c.keys.key(i)), starts: [...c.starts], ends: [...c.ends], lineNumbers: [...c.lineNumbers] });
  assert.deepEqual(plain(shifted), plain(aligned));
});
