import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CurationBook, CuratorStore, Journal, replayJournal } from '../../../server/src/engine/curate';
import type { JournalEntry } from '../../../protocol/curator';
import { SMALL, tempDir, writeDataset } from './helpers';

const entry = (id: string, at: string, event: JournalEntry['event'], record = 'r'): JournalEntry => ({ v: 1, id, record, at, by: 'test', event });

describe('journal', () => {
  test('labels survive a reopen: the journal is replayed', () => {
    const file = writeDataset(SMALL);
    const a = CuratorStore.open(file);
    a.label(0, { kind: 'rate-step', step: 1, rating: 'incorrect' });
    a.label(0, { kind: 'first-wrong-step', step: 1 });
    a.label(3, { kind: 'critique-verdict', verdict: 'rejected' });
    a.label(3, { kind: 'edit-critique', text: 'Step 2 is wrong: 13 - 4 = 9.' });
    a.label(3, { kind: 'note', text: 'checked twice' });
    a.label(0, { kind: 'rate-step', step: 0, rating: 'correct' });
    a.label(0, { kind: 'rate-step', step: 0, rating: null }); // cleared again
    a.close();
    const before = readFileSync(file, 'utf8');

    const b = CuratorStore.open(file);
    try {
      assert.equal(b.summary().journalNotice, undefined);
      assert.equal(b.summary().journalPath, `${file}.journal`);
      const s0 = b.state(0);
      assert.deepEqual(s0.ratings, { 1: 'incorrect' });
      assert.equal(s0.firstWrongStep, 1);
      const s3 = b.state(3);
      assert.equal(s3.critiqueVerdict, 'rejected');
      assert.equal(s3.editedCritique, 'Step 2 is wrong: 13 - 4 = 9.');
      assert.equal(s3.note, 'checked twice');
      assert.ok(s3.updatedAt && !Number.isNaN(Date.parse(s3.updatedAt)));
      assert.equal(b.state(1).updatedAt, null);
      assert.equal(readFileSync(file, 'utf8'), before, 'the dataset is never rewritten');
      const lines = readFileSync(`${file}.journal`, 'utf8').split('\n');
      assert.equal(lines.length, 8, 'seven events, one line each, newline-terminated');
      for (const l of lines.slice(0, 7)) assert.equal(JSON.parse(l).v, 1);
    } finally {
      b.close();
    }
  });

  test('merge per field: the event appended last wins, whatever its `at`; an event replayed twice changes nothing', () => {
    const events = [
      entry('b', '2026-01-01T00:00:02.000Z', { kind: 'note', text: 'first' }),
      entry('a', '2026-01-01T00:00:01.000Z', { kind: 'note', text: 'appended later, stamped earlier' }),
      entry('x1', '2026-01-01T00:00:03.000Z', { kind: 'first-wrong-step', step: 2 }),
      entry('x2', '2026-01-01T00:00:03.000Z', { kind: 'first-wrong-step', step: 1 }),
      entry('r', '2026-01-01T00:00:00.000Z', { kind: 'rate-step', step: 0, rating: 'neutral' }),
    ];
    const book = new CurationBook();
    for (const e of events) book.apply(e);
    const s = book.state('r');
    assert.equal(s.note, 'appended later, stamped earlier');
    assert.equal(s.firstWrongStep, 1);
    assert.deepEqual(s.ratings, { 0: 'neutral' });
    assert.equal(s.updatedAt, '2026-01-01T00:00:00.000Z', 'the time of the last event appended, as it was written');
    // A replayed event (same id) is ignored even though its text differs from the winner's.
    assert.equal(book.apply(entry('b', '2026-01-01T00:00:09.000Z', { kind: 'note', text: 'replayed' })), false);
    assert.equal(book.state('r').note, 'appended later, stamped earlier');
  });

  test('a torn last line is skipped with a notice; earlier labels stay; the next append starts a new line', () => {
    const file = writeDataset(SMALL);
    const a = CuratorStore.open(file);
    a.label(0, { kind: 'first-wrong-step', step: -1 });
    a.label(1, { kind: 'first-wrong-step', step: 0 });
    a.close();
    const journal = `${file}.journal`;
    // A crash in the middle of a write: half a line, no newline.
    appendFileSync(journal, '{"v":1,"id":"torn","record":"c","at":"2026-01-0');

    const b = CuratorStore.open(file);
    try {
      const notice = b.summary().journalNotice;
      assert.ok(notice, 'a notice, not a failure');
      assert.match(notice!, /line 3/);
      assert.match(notice!, /cut short/);
      assert.equal(b.state(0).firstWrongStep, -1);
      assert.equal(b.state(1).firstWrongStep, 0);
      b.label(2, { kind: 'note', text: 'after the crash' });
    } finally {
      b.close();
    }
    const lines = readFileSync(journal, 'utf8').split('\n');
    assert.equal(lines[2], '{"v":1,"id":"torn","record":"c","at":"2026-01-0', 'the torn bytes are left as they are');
    assert.equal(JSON.parse(lines[3]).event.text, 'after the crash', 'the new event is a line of its own');
    assert.equal(lines[4], '');

    const c = CuratorStore.open(file);
    try {
      assert.equal(c.state(2).note, 'after the crash');
      assert.equal(c.state(0).firstWrongStep, -1);
      assert.match(c.summary().journalNotice ?? '', /damaged line \(line 3\)/, 'the old torn line is now a damaged inner line, still skipped');
    } finally {
      c.close();
    }
  });

  test('a last line that lost only its newline is still read, and the next append does not glue onto it', () => {
    const dir = tempDir();
    const journalPath = path.join(dir, 'x.journal');
    const e = entry('only', '2026-01-01T00:00:00.000Z', { kind: 'note', text: 'kept' });
    writeFileSync(journalPath, JSON.stringify(e));
    const j = new Journal(journalPath, 'w');
    const first = j.readNew();
    assert.equal(first.entries.length, 1);
    assert.equal(first.tornLine, undefined);
    j.append('r', { kind: 'note', text: 'next' });
    const again = j.readNew();
    // The unterminated line is read again once terminated (idempotent by id); nothing is damaged.
    assert.deepEqual(again.damaged, []);
    assert.deepEqual(again.entries.map((x) => x.id), ['only', again.entries[1].id]);
    j.close();
    assert.equal(readFileSync(journalPath, 'utf8').split('\n').length, 3);
  });

  test('a journal deleted while open is recreated by the next label, not written to the deleted file', () => {
    const file = writeDataset(SMALL);
    const store = CuratorStore.open(file);
    try {
      store.label(0, { kind: 'note', text: 'first' });
      rmSync(`${file}.journal`);
      store.label(1, { kind: 'note', text: 'second' });
      const lines = readFileSync(`${file}.journal`, 'utf8').trim().split('\n');
      assert.equal(lines.length, 1);
      assert.equal(JSON.parse(lines[0]).event.text, 'second');
      store.sync();
      assert.equal(store.state(1).note, 'second');
      assert.equal(store.state(0).note, null, 'what is on disk is what counts');
    } finally {
      store.close();
    }
  });

  test('tail-follow: a second store sees the first one\'s labels without reopening', () => {
    const file = writeDataset(SMALL);
    const a = CuratorStore.open(file);
    const b = CuratorStore.open(file);
    try {
      a.label(2, { kind: 'first-wrong-step', step: 1 });
      assert.equal(b.state(2).firstWrongStep, null, 'not read yet');
      assert.deepEqual(b.sync(), { others: true });
      assert.equal(b.state(2).firstWrongStep, 1);
      b.label(2, { kind: 'first-wrong-step', step: 0 });
      assert.deepEqual(a.sync(), { others: true });
      assert.equal(a.state(2).firstWrongStep, 0, 'the later label wins in both');
      assert.deepEqual(a.sync(), { others: false }, 'nothing new');
      assert.equal(a.stats().labelled, 1);
    } finally {
      a.close();
      b.close();
    }
  });

  test('two processes appending hundreds of events each to one journal: every event replayed once, no broken line', async () => {
    const dir = tempDir();
    const journalPath = path.join(dir, 'shared.journal');
    const worker = path.join(__dirname, 'append-worker.ts');
    const n = 400;
    const run = (name: string) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', worker, journalPath, String(n), name], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${name} exited ${code}: ${err}`))));
      });
    await Promise.all([run('w1'), run('w2'), run('w3')]);
    const text = readFileSync(journalPath, 'utf8');
    assert.ok(text.endsWith('\n'));
    const lines = text.slice(0, -1).split('\n');
    assert.equal(lines.length, 3 * n, 'one line per event, no blank or merged lines');
    const ids = new Set<string>();
    for (const l of lines) ids.add((JSON.parse(l) as JournalEntry).id);
    assert.equal(ids.size, 3 * n);

    const j = new Journal(journalPath);
    const read = j.readNew();
    assert.equal(read.entries.length, 3 * n);
    assert.deepEqual(read.damaged, []);
    const book = new CurationBook();
    let applied = 0;
    for (const e of read.entries) if (book.apply(e)) applied++;
    for (const e of read.entries) if (book.apply(e)) applied++;
    assert.equal(applied, 3 * n, 'each event applied exactly once');
    // Per writer, events appear in the order they were written.
    for (const w of ['w1', 'w2', 'w3']) {
      const mine = read.entries.filter((e) => e.by === w).map((e) => e.id);
      assert.deepEqual(mine, [...mine].sort());
      assert.equal(mine.length, n);
    }
  });
});

/** A journal line as another writer (or a hand edit) left it. */
const line = (id: string, record: string, at: string, event: JournalEntry['event']) => `${JSON.stringify(entry(id, at, event, record))}\n`;
const NOW = () => new Date().toISOString();

describe('the journal never loses a label quietly', () => {
  // Before: the entry stamped 2099 won over every later label, the person's own included.
  test('an entry stamped in the future does not win over later entries: append order decides, the clock is data', () => {
    const file = writeDataset(SMALL);
    writeFileSync(
      `${file}.journal`,
      line('skewed', 'a', '2099-01-01T00:00:00.000Z', { kind: 'note', text: 'from a clock in 2099' }) +
        line('skewed-2', 'a', '2099-01-01T00:00:00.000Z', { kind: 'first-wrong-step', step: 1 }) +
        line('next', 'a', NOW(), { kind: 'note', text: 'written after it' }),
    );
    const store = CuratorStore.open(file, { by: 'me' });
    try {
      assert.equal(store.state(0).note, 'written after it');
      assert.equal(store.state(0).firstWrongStep, 1, 'fields the later entries do not touch keep their value');
      store.label(0, { kind: 'first-wrong-step', step: -1 });
      assert.equal(store.state(0).firstWrongStep, -1, "the person's own label, made now, wins over the one stamped 2099");
    } finally {
      store.close();
    }
    const again = CuratorStore.open(file);
    try {
      assert.equal(again.state(0).firstWrongStep, -1, 'and so does a fresh replay');
      assert.equal(again.state(0).note, 'written after it');
    } finally {
      again.close();
    }
  });

  test('two stores on one journal agree with a fresh replay, whichever appended first', () => {
    const file = writeDataset(SMALL);
    const a = CuratorStore.open(file, { by: 'a' });
    const b = CuratorStore.open(file, { by: 'b' });
    try {
      a.label(2, { kind: 'note', text: 'a first' });
      b.label(2, { kind: 'note', text: 'b second' }); // b has not synced a's line: it reads it back before its own
      assert.equal(b.state(2).note, 'b second');
      a.sync();
      assert.equal(a.state(2).note, 'b second');
    } finally {
      a.close();
      b.close();
    }
    const c = CuratorStore.open(file);
    try {
      assert.equal(c.state(2).note, 'b second');
    } finally {
      c.close();
    }
  });

  // Before: labels under a key no record had vanished from stats and exports without a word.
  test('labels that match no record are named: an edited record (content key) and a removed id', () => {
    const dir = tempDir();
    const noIds = SMALL.map(({ id: _id, ...rest }) => rest);
    const file = writeDataset(noIds, { dir });
    const store = CuratorStore.open(file);
    const editedKey = store.index.key(1);
    store.label(1, { kind: 'first-wrong-step', step: 0 });
    store.label(1, { kind: 'note', text: 'the 6 is wrong' });
    store.label(2, { kind: 'first-wrong-step', step: -1 });
    store.close();
    // The record is edited after it was labelled: its problem and steps no longer hash to the key.
    writeDataset([noIds[0], { ...noIds[1], steps: ['2 + 3 = 5', '5 * 4 = 20'] }, ...noIds.slice(2)], { dir });
    appendFileSync(`${file}.journal`, line('gone', 'removed-id', NOW(), { kind: 'note', text: 'on a removed record' }));

    const again = CuratorStore.open(file);
    try {
      const summary = again.summary();
      const notice = summary.journalNotice ?? '';
      assert.match(notice, /3 labels on 2 record keys match no record and are left out of stats and exports/);
      assert.match(notice, new RegExp(`"${editedKey}" \\(2 labels, from journal line 1: no record has the problem and steps it was made on any more: the record was edited or removed`));
      assert.match(notice, /"removed-id" \(1 label, from journal line 4: no record has this id any more/);
      assert.deepEqual(summary.unmatchedLabels?.map((u) => [u.key, u.labels]), [
        [editedKey, 2],
        ['removed-id', 1],
      ]);
      const stats = again.stats();
      assert.deepEqual(stats.unmatchedLabels, { records: 2, labels: 3 });
      assert.equal(stats.labelled, 1, 'only the record whose labels match');
    } finally {
      again.close();
    }
  });

  test('labels filed under an id two records share are named, with the lines of those records', () => {
    const dir = tempDir();
    const file = writeDataset([{ ...SMALL[0], id: 'dup' }, { ...SMALL[1], id: 'dup' }, SMALL[2]], { dir });
    writeFileSync(`${file}.journal`, line('e1', 'dup', NOW(), { kind: 'first-wrong-step', step: 0 }));
    const store = CuratorStore.open(file);
    try {
      assert.match(store.summary().journalNotice ?? '', /"dup" \(1 label, from journal line 1: 2 records share this id \(lines 1, 2\), so its labels cannot tell them apart/);
      assert.equal(store.state(0).firstWrongStep, null);
      assert.equal(store.state(1).firstWrongStep, null);
      assert.deepEqual(store.stats().unmatchedLabels, { records: 1, labels: 1 });
    } finally {
      store.close();
    }
  });

  // Before: step 99 of a 2-step record was a rating in the stats and in the record's labels.
  test('a label on a step that does not exist is rejected on replay, naming the record and the step', async () => {
    const dir = tempDir();
    const file = writeDataset(SMALL, { dir });
    writeFileSync(
      `${file}.journal`,
      line('ok', 'a', NOW(), { kind: 'rate-step', step: 1, rating: 'correct' }) +
        line('past', 'a', NOW(), { kind: 'rate-step', step: 99, rating: 'incorrect' }) +
        line('fws', 'e', NOW(), { kind: 'first-wrong-step', step: 1 }) +
        line('fine', 'e', NOW(), { kind: 'first-wrong-step', step: -1 }),
    );
    const store = CuratorStore.open(file);
    try {
      assert.deepEqual(store.state(0).ratings, { 1: 'correct' });
      assert.equal(store.state(4).firstWrongStep, -1);
      const notice = store.summary().journalNotice ?? '';
      assert.match(notice, /2 labels on a step that does not exist were rejected/);
      assert.match(notice, /journal line 2: step 99 of record 0 \(line 1, id "a"\), which has 2 steps \(0\.\.1\)/);
      assert.match(notice, /journal line 3: step 1 of record 4 \(line 5, id "e"\), which has 1 step \(0\.\.0\)/);
      const stats = store.stats();
      assert.deepEqual(stats.ratings, { correct: 1, neutral: 0, incorrect: 0 });
      assert.equal(stats.rejectedLabels, 2);
      const out = path.join(dir, 'out.jsonl');
      await store.export(out);
      const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]) as Record<string, unknown>;
      assert.deepEqual(first.step_ratings, [null, 1]);
    } finally {
      store.close();
    }
  });

  test('a labels journal alone: a label past its snapshot\'s steps is rejected, a label without a snapshot is named', async () => {
    const dir = tempDir();
    const journalPath = path.join(dir, 'labels.journal');
    const snapshot = { problem: 'p', steps: ['s1', 's2'], source: 'notes/a.solution.md' };
    writeFileSync(
      journalPath,
      `${JSON.stringify({ ...entry('s1', NOW(), { kind: 'rate-step', step: 5, rating: 'correct' }, 'k'), snapshot })}\n` +
        `${JSON.stringify({ ...entry('s2', NOW(), { kind: 'rate-step', step: 1, rating: 'correct' }, 'k'), snapshot })}\n` +
        line('d1', 'from-a-dataset', NOW(), { kind: 'note', text: 'x' }),
    );
    const { book, notice } = replayJournal(journalPath);
    assert.deepEqual(book.state('k').ratings, { 1: 'correct' });
    assert.match(notice ?? '', /journal line 1: step 5 of the solution labelled from notes\/a\.solution\.md, which has 2 steps/);
    assert.match(notice ?? '', /"from-a-dataset" \(1 label, from journal line 3: no snapshot of its record is in the journal/);
  });
});
