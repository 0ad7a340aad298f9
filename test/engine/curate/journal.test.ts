import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CurationBook, CuratorStore, Journal } from '../../../server/src/engine/curate';
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

  test('merge per field: later `at` wins, ties by id, an event replayed twice changes nothing, order does not matter', () => {
    const events = [
      entry('b', '2026-01-01T00:00:02.000Z', { kind: 'note', text: 'later' }),
      entry('a', '2026-01-01T00:00:01.000Z', { kind: 'note', text: 'earlier' }),
      entry('x1', '2026-01-01T00:00:03.000Z', { kind: 'first-wrong-step', step: 2 }),
      entry('x2', '2026-01-01T00:00:03.000Z', { kind: 'first-wrong-step', step: 1 }), // same time: larger id wins
      entry('r', '2026-01-01T00:00:00.000Z', { kind: 'rate-step', step: 0, rating: 'neutral' }),
    ];
    const forward = new CurationBook();
    for (const e of events) forward.apply(e);
    const backward = new CurationBook();
    for (const e of [...events].reverse()) backward.apply(e);
    assert.deepEqual(forward.state('r'), backward.state('r'));
    const s = forward.state('r');
    assert.equal(s.note, 'later');
    assert.equal(s.firstWrongStep, 1);
    assert.deepEqual(s.ratings, { 0: 'neutral' });
    assert.equal(s.updatedAt, '2026-01-01T00:00:03.000Z');
    // A replayed event (same id) is ignored even though its text differs from the winner's.
    assert.equal(forward.apply(entry('a', '2026-01-01T00:00:09.000Z', { kind: 'note', text: 'replayed' })), false);
    assert.equal(forward.state('r').note, 'later');
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
