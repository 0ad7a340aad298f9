import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
});
