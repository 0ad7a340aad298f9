import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { CuratorStore, SnapshotLabels } from '../../server/src/engine/curate';
import { SMALL, tempDir, writeDataset } from '../engine/curate/helpers';

describe('mathcritic curate', () => {
  test('export merges the journal into a new file; stats prints the counts', async () => {
    const dir = tempDir();
    const file = writeDataset(SMALL, { dir });
    const store = CuratorStore.open(file);
    store.label(0, { kind: 'first-wrong-step', step: -1 });
    store.label(3, { kind: 'edit-critique', text: 'edited' });
    store.close();
    const out = path.join(dir, 'out.jsonl');
    const r = await runCli(['curate', 'export', file, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /5 records written, 2 with labels merged/);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(records[0].human_first_wrong_step, -1);
    assert.equal(records[3].critique, 'edited');

    const stats = await runCli(['curate', 'stats', file, '--format', 'json']);
    assert.equal(stats.code, 0, stats.stderr);
    const s = JSON.parse(stats.stdout);
    assert.equal(s.count, 5);
    assert.equal(s.labelled, 2);
    const text = await runCli(['curate', 'stats', file]);
    assert.match(text.stdout, /^records +5$/m);
    assert.match(text.stdout, /^labelled +2 \(40\.0%\)$/m);
  });

  test('--journal: another journal, or a labels journal alone', async () => {
    const dir = tempDir();
    const file = writeDataset(SMALL, { dir });
    const journal = path.join(dir, 'elsewhere.journal');
    const store = CuratorStore.open(file, { journalPath: journal });
    store.label(2, { kind: 'note', text: 'from elsewhere' });
    store.close();
    const out = path.join(dir, 'a.jsonl');
    assert.equal((await runCli(['curate', 'export', file, '--journal', journal, '--out', out])).code, 0);
    assert.equal(JSON.parse(readFileSync(out, 'utf8').split('\n')[2]).human_note, 'from elsewhere');

    const labelsPath = path.join(dir, '.mathcritic', 'labels.journal');
    const labels = new SnapshotLabels(labelsPath);
    labels.label({ problem: 'p', steps: ['s1', 's2'], critique: 'c', critiqueFirstWrongStep: 1 }, { kind: 'rate-step', step: 1, rating: 'correct' });
    labels.close();
    const out2 = path.join(dir, 'b.jsonl');
    const r = await runCli(['curate', 'export', '--journal', labelsPath, '--out', out2]);
    assert.equal(r.code, 0, r.stderr);
    const [rec] = readFileSync(out2, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(rec.step_ratings, [null, 1]);
  });

  test('bad input: exit 2 with a sentence', async () => {
    const dir = tempDir();
    const missing = await runCli(['curate', 'stats', path.join(dir, 'none.jsonl')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /does not exist/);
    const noOut = await runCli(['curate', 'export', writeDataset(SMALL, { dir })]);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--out is required/);
    const sub = await runCli(['curate', 'frobnicate']);
    assert.equal(sub.code, 2);
  });

  // Before: stats and exports left these labels out without a word, counted the rating on
  // step 99, and let the entry stamped 2099 outlive the label made after it.
  test('labels that match no record, a step that does not exist, a clock in the future: named on stderr, never counted or exported', async () => {
    const dir = tempDir();
    const file = writeDataset(SMALL, { dir });
    const now = new Date().toISOString();
    const ev = (id: string, record: string, at: string, event: object) => `${JSON.stringify({ v: 1, id, record, at, by: 'other', event })}\n`;
    writeFileSync(
      `${file}.journal`,
      ev('1', 'a', now, { kind: 'rate-step', step: 99, rating: 'incorrect' }) +
        ev('2', 'zz-edited-away', now, { kind: 'first-wrong-step', step: 0 }) +
        ev('3', 'c', '2099-01-01T00:00:00.000Z', { kind: 'note', text: 'stamped 2099' }) +
        ev('4', 'c', now, { kind: 'note', text: 'appended after' }),
    );
    const text = await runCli(['curate', 'stats', file]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stderr, /1 label on 1 record key matches no record .*"zz-edited-away" \(1 label, from journal line 2: no record has this id any more/);
    assert.match(text.stderr, /1 label on a step that does not exist was rejected: journal line 1: step 99 of record 0 \(line 1, id "a"\), which has 2 steps \(0\.\.1\)/);
    assert.match(text.stdout, /^step ratings +0 correct, 0 neutral, 0 incorrect$/m);
    assert.match(text.stdout, /^unmatched +1 label on 1 record key no record has/m);
    assert.match(text.stdout, /^rejected +1 label on a step that does not exist/m);
    const json = JSON.parse((await runCli(['curate', 'stats', file, '--format', 'json'])).stdout);
    assert.deepEqual(json.unmatchedLabels, { records: 1, labels: 1 });
    assert.equal(json.rejectedLabels, 1);

    const out = path.join(dir, 'out.jsonl');
    const exported = await runCli(['curate', 'export', file, '--out', out]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, /"zz-edited-away"/);
    assert.match(exported.stderr, /step 99 of record 0/);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(records[0].step_ratings, undefined, 'the rating on step 99 is not exported');
    assert.equal(records[2].human_note, 'appended after');

    // A dataset's journal exported without its dataset: its labels have no snapshot, and that is said.
    const alone = await runCli(['curate', 'export', '--journal', `${file}.journal`, '--out', path.join(dir, 'alone.jsonl')]);
    assert.equal(alone.code, 0, alone.stderr);
    assert.match(alone.stderr, /match no record .*no snapshot of its record is in the journal: it was made on a dataset, so export it with that dataset/);
  });
});
