import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CurateError, CuratorStore } from '../../../server/src/engine/curate';
import { indexFileFor } from '../../../server/src/engine/curate/index-file';
import type { JournalEntry } from '../../../server/src/engine/curate/types';
import { tempDir, writeDataset } from './helpers';

/** Records of about 3 KB, so that the dataset spans several of the scan's 4 MB chunks. */
const N = 4000;
const PAD = 'p'.repeat(3000);
const recordAt = (i: number, over: Record<string, unknown> = {}) => ({
  id: `r-${i}`,
  source: i === N - 1 ? 'late' : 'early',
  problem: `What is ${i} + 1?`,
  steps: [`${i} + 1 = ${i + 1}`, `So the answer is ${i + 1}.`],
  answer: String(i + 1),
  pad: PAD,
  ...over,
});

const entry = (n: number, record: string, event: JournalEntry['event']): JournalEntry => ({
  v: 1,
  id: `t:${n}`,
  record,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  by: 'earlier',
  event,
});

function dataset(over: Record<number, Record<string, unknown>> = {}): { file: string; journal: string } {
  const dir = tempDir();
  const file = writeDataset(
    Array.from({ length: N }, (_, i) => recordAt(i, over[i])),
    { dir },
  );
  return { file, journal: path.join(dir, 'labels.journal') };
}

const expectError = (fn: () => unknown, kind: string, pattern: RegExp) => assert.throws(fn, (err: unknown) => err instanceof CurateError && err.kind === kind && pattern.test(err.message));

describe('progressive open', () => {
  test('record 0 is served, with its labels, before the scan ends; a record past the scanned part is waited for or refused clearly', async () => {
    const { file, journal } = dataset();
    writeFileSync(
      journal,
      [entry(1, 'r-0', { kind: 'first-wrong-step', step: 1 }), entry(2, `r-${N - 1}`, { kind: 'critique-verdict', verdict: 'accepted' }), entry(3, 'no-such-record', { kind: 'note', text: 'x' })]
        .map((e) => JSON.stringify(e))
        .join('\n') + '\n',
    );
    const store = CuratorStore.open(file, { journalPath: journal, progressive: true });
    try {
      assert.equal(store.index.scanState, 'scanning');
      assert.ok(store.count > 0 && store.count < N, `some records indexed at open, not all (${store.count})`);
      const first = store.view(0);
      assert.equal(first.key, 'r-0');
      assert.equal(first.curation.firstWrongStep, 1);
      const summary = store.summary();
      assert.ok(summary.indexing && summary.indexing.fraction > 0 && summary.indexing.fraction < 1);
      // Not known yet to match no record: said only once every record is indexed.
      assert.equal(summary.unmatchedLabels, undefined);
      expectError(() => store.view(N - 1), 'indexing', /not indexed yet/);
      assert.ok(store.statsSoFar().indexing, 'stats say they cover the records indexed so far');

      const last = await store.viewWhenIndexed(N - 1);
      assert.equal(last.key, `r-${N - 1}`);
      assert.equal(last.curation.critiqueVerdict, 'accepted');
      await store.indexed;
      assert.equal(store.index.scanState, 'done');
      assert.equal(store.count, N);
      const done = store.summary();
      assert.equal(done.indexing, undefined);
      assert.deepEqual(
        done.unmatchedLabels?.map((u) => u.key),
        ['no-such-record'],
      );
      const stats = store.stats();
      assert.equal(stats.indexing, undefined);
      assert.deepEqual(stats.sources, { early: N - 1, late: 1 });
      assert.equal(stats.labelled, 2);
      await assert.rejects(store.viewWhenIndexed(N), (err: unknown) => err instanceof CurateError && err.kind === 'out-of-range');
    } finally {
      store.close();
    }
  });

  test('the same index, labels and stats as a complete open, shared ids and labels on missing steps included; labels made during the scan are kept', async () => {
    // Records 10 and N-2 share an id: the scan learns it only near its end.
    const { file, journal } = dataset({ [N - 2]: { id: 'r-10' } });
    writeFileSync(
      journal,
      [entry(1, `r-${N - 3}`, { kind: 'rate-step', step: 5, rating: 'correct' }), entry(2, `r-${N - 3}`, { kind: 'rate-step', step: 0, rating: 'incorrect' })]
        .map((e) => JSON.stringify(e))
        .join('\n') + '\n',
    );
    const store = CuratorStore.open(file, { journalPath: journal, progressive: true, indexFile: false });
    try {
      assert.equal(store.index.scanState, 'scanning');
      store.label(0, { kind: 'note', text: 'made while indexing' });
      store.label(1, { kind: 'first-wrong-step', step: 0 });
      await store.indexed;
      const complete = CuratorStore.open(file, { journalPath: journal, indexFile: false });
      try {
        assert.equal(store.count, complete.count);
        for (let i = 0; i < store.count; i++) assert.equal(store.index.key(i), complete.index.key(i), `key of record ${i}`);
        assert.deepEqual([...store.index.sharedIds], [...complete.index.sharedIds]);
        assert.deepEqual(store.summary(), complete.summary());
        assert.deepEqual(store.stats(), complete.stats());
        assert.equal(store.state(0).note, 'made while indexing');
        assert.equal(store.state(1).firstWrongStep, 0);
        // The label on step 5 of a 2-step record is rejected once the record is known, as in a complete open.
        assert.equal(store.summary().rejectedLabels?.length, 1);
        assert.deepEqual(store.state(N - 3).ratings, { 0: 'incorrect' });
      } finally {
        complete.close();
      }
      const lines = readFileSync(journal, 'utf8').trim().split('\n');
      assert.equal(lines.length, 4, 'each label appended once, none lost by the replay at the end of the scan');
    } finally {
      store.close();
    }
  });

  test('a search past the indexed records waits for the scan; a backward one searches what is indexed', async () => {
    const { file, journal } = dataset();
    const store = CuratorStore.open(file, { journalPath: journal, progressive: true, indexFile: false });
    try {
      assert.equal(store.index.scanState, 'scanning');
      assert.equal(await store.findAsync(-1, 1, { source: 'late' }), N - 1);
      assert.equal(await store.findAsync(N - 1, -1, { source: 'late' }), null);
    } finally {
      store.close();
    }
  });

  test('a file written to during the scan stops it: requests say to reopen, no label is written, no index saved; a reopen indexes the new file', async () => {
    const { file, journal } = dataset();
    const store = CuratorStore.open(file, { journalPath: journal, progressive: true });
    try {
      assert.equal(store.index.scanState, 'scanning');
      appendFileSync(file, `${JSON.stringify(recordAt(N))}\n`);
      await store.indexed;
      assert.equal(store.index.scanState, 'changed');
      assert.ok(store.count < N);
      expectError(() => store.view(0), 'changed', /changed|written to/);
      expectError(() => store.view(0), 'changed', /reopen/);
      expectError(() => store.label(0, { kind: 'note', text: 'lost?' }), 'changed', /reopen/);
      assert.equal(existsSync(journal), false, 'a label refused is not written');
      await assert.rejects(store.viewWhenIndexed(N - 1), (err: unknown) => err instanceof CurateError && err.kind === 'changed');
      await assert.rejects(store.findAsync(-1, 1, { source: 'late' }), (err: unknown) => err instanceof CurateError && err.kind === 'changed');
      await store.index.saved;
      assert.equal(existsSync(indexFileFor(file, journal)), false, 'no index saved for a scan the file changed under');
    } finally {
      store.close();
    }
    const again = CuratorStore.open(file, { journalPath: journal, progressive: true });
    try {
      await again.indexed;
      assert.equal(again.index.scanState, 'done');
      assert.equal(again.count, N + 1);
    } finally {
      again.close();
    }
  });

  test('a reopen serves records from the saved index while its offsets are verified; a file edited behind size and mtime is caught, its index dropped', async () => {
    const { file, journal } = dataset();
    // A whole second, so that putting it back after the edit is exact.
    const mtime = new Date(Date.UTC(2026, 0, 1));
    utimesSync(file, mtime, mtime);
    const first = CuratorStore.open(file, { journalPath: journal });
    await first.index.saved;
    first.close();
    const reopened = CuratorStore.open(file, { journalPath: journal, progressive: true });
    assert.equal(reopened.index.origin, 'index-file');
    assert.equal(reopened.count, N, 'every record known at once');
    assert.equal(reopened.view(N - 1).key, `r-${N - 1}`);
    await reopened.index.scanned;
    assert.equal(reopened.index.scanState, 'done');
    reopened.close();

    // Ten bytes of padding move from record 3000 to record 3001: same size, same head and tail, mtime put back.
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[3000] = lines[3000].replace(`"pad":"${PAD}"`, `"pad":"${PAD.slice(10)}"`);
    lines[3001] = lines[3001].replace(`"pad":"${PAD}"`, `"pad":"${PAD}${'p'.repeat(10)}"`);
    writeFileSync(file, lines.join('\n'));
    utimesSync(file, mtime, mtime);
    assert.equal(statSync(file).mtimeMs, mtime.getTime());
    const edited = CuratorStore.open(file, { journalPath: journal, progressive: true });
    try {
      assert.equal(edited.index.origin, 'index-file');
      assert.equal(edited.view(0).key, 'r-0');
      await edited.index.scanned;
      assert.equal(edited.index.scanState, 'changed');
      expectError(() => edited.view(0), 'changed', /does not match its saved index.*reopen/);
      assert.equal(existsSync(indexFileFor(file, journal)), false, 'the index that did not fit is removed');
    } finally {
      edited.close();
    }
    const again = CuratorStore.open(file, { journalPath: journal });
    try {
      assert.equal(again.index.origin, 'scan');
      assert.equal(again.view(3001).key, 'r-3001');
    } finally {
      again.close();
    }
  });

  test('a store closed during the scan stops it', async () => {
    const { file, journal } = dataset();
    const store = CuratorStore.open(file, { journalPath: journal, progressive: true, indexFile: false });
    const waiting = store.viewWhenIndexed(N - 1);
    store.close();
    await store.indexed;
    assert.equal(store.index.scanState, 'closed');
    await assert.rejects(waiting, CurateError);
  });
});
