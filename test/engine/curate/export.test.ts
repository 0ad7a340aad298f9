import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CuratorStore, writeLinesAtomic, exportCurated, replayJournal, SnapshotLabels, contentKey } from '../../../server/src/engine/curate';
import { SMALL, tempDir, writeDataset } from './helpers';

const readJsonl = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('export', () => {
  test('round trip: labels and edits merged, originals kept, untouched records unchanged', async () => {
    const dir = tempDir();
    const file = writeDataset(SMALL, { dir });
    const store = CuratorStore.open(file);
    try {
      store.label(1, { kind: 'first-wrong-step', step: 0 });
      store.label(1, { kind: 'rate-step', step: 0, rating: 'incorrect' });
      store.label(1, { kind: 'rate-step', step: 1, rating: 'neutral' });
      store.label(3, { kind: 'critique-verdict', verdict: 'accepted' });
      store.label(3, { kind: 'edit-critique', text: 'Step 2 is wrong: 13 - 4 = 9, not 8.' });
      store.label(3, { kind: 'note', text: 'fixed the wording' });
      const out = path.join(dir, 'curated.jsonl');
      const result = await store.export(out);
      assert.deepEqual(result, { written: 5, path: out });
      const records = readJsonl(out);
      assert.deepEqual(records[0], SMALL[0], 'an unlabelled record is written as it was');
      const b = records[1];
      assert.equal(b.label, 0, 'the dataset label is kept');
      assert.equal(b.human_first_wrong_step, 0);
      assert.deepEqual(b.step_ratings, [-1, 0]);
      assert.equal(typeof b.curated_at, 'string');
      const d = records[3];
      assert.equal(d.critique, 'Step 2 is wrong: 13 - 4 = 9, not 8.');
      assert.equal(d.critique_original, SMALL[3].critique);
      assert.equal(d.critique_verdict, 'accepted');
      assert.equal(d.human_note, 'fixed the wording');
      assert.equal(d.first_wrong_step, 1, "the critic's own verdict is kept");
      assert.equal(d.model, 'critic-7b');
      assert.deepEqual((d.messages as Array<{ content: string }>).map((m) => m.content), ['the solution', 'Step 2 is wrong: 13 - 4 = 9, not 8.'], 'the chat form carries the edited critique');
      assert.equal(d.step_ratings, undefined, 'no ratings, no field');
      // Every original field of every record is still there, with its value (but the edited critique/messages).
      SMALL.forEach((orig, i) => {
        for (const [k, v] of Object.entries(orig)) if (!(i === 3 && (k === 'critique' || k === 'messages'))) assert.deepEqual(records[i][k], v, `${i}.${k}`);
      });
    } finally {
      store.close();
    }
  });

  test('untouched records are copied as written (spacing, number forms), labelled ones rewritten', async () => {
    const dir = tempDir();
    const asWritten = '{"id": "z",  "problem": "p", "steps": ["a"], "score": 1.0, "big": 12345678901234567890}';
    const file = writeDataset([asWritten, { id: 'y', problem: 'q', steps: ['b'] }], { dir, eol: '\r\n' });
    const store = CuratorStore.open(file);
    try {
      store.label(1, { kind: 'first-wrong-step', step: 0 });
      const out = path.join(dir, 'out.jsonl');
      await store.export(out);
      const lines = readFileSync(out, 'utf8').split('\n');
      assert.equal(lines[0], asWritten);
      assert.equal(JSON.parse(lines[1]).human_first_wrong_step, 0);
      assert.equal(lines[2], '');
    } finally {
      store.close();
    }
  });

  test('atomic: when writing fails, an existing target keeps its old content and no temporary file is left', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'out.jsonl');
    writeFileSync(target, 'old content\n');
    function* lines() {
      // More than one flush buffer, so the temporary file exists when the failure comes.
      for (let i = 0; i < 3000; i++) yield JSON.stringify({ i, pad: 'x'.repeat(1000) });
      throw new Error('the disk is full');
    }
    await assert.rejects(writeLinesAtomic(target, lines()), /the disk is full/);
    assert.equal(readFileSync(target, 'utf8'), 'old content\n');
    assert.deepEqual(readdirSync(dir), ['out.jsonl']);
    // A small output fails the same way.
    function* few() {
      yield '{}';
      throw new Error('boom');
    }
    await assert.rejects(writeLinesAtomic(target, few()), /boom/);
    assert.equal(readFileSync(target, 'utf8'), 'old content\n');
    // And a successful one replaces it whole.
    assert.equal(await writeLinesAtomic(target, ['{"a":1}', '{"b":2}']), 2);
    assert.equal(readFileSync(target, 'utf8'), '{"a":1}\n{"b":2}\n');
  });

  test('export of a dataset changed on disk fails without touching the target', async () => {
    const dir = tempDir();
    const file = writeDataset(SMALL, { dir });
    const target = path.join(dir, 'out.jsonl');
    writeFileSync(target, 'previous export\n');
    const store = CuratorStore.open(file);
    try {
      store.label(4, { kind: 'first-wrong-step', step: -1 });
      // Someone rewrites the dataset in place (the curator never does): line 5 is no longer a record.
      const lines = readFileSync(file, 'utf8').split('\n');
      lines[4] = JSON.stringify({ nothing: 'here', pad: 'y'.repeat(lines[4].length) }).slice(0, lines[4].length);
      writeFileSync(file, lines.join('\n'));
      await assert.rejects(store.export(target), /changed on disk since it was opened; reopen it/);
      assert.equal(readFileSync(target, 'utf8'), 'previous export\n');
    } finally {
      store.close();
    }
  });

  test('MathCritique-style records: the edited critique replaces `critic` too, and split steps are written out', async () => {
    const dir = tempDir();
    const raw = { question: 'What is 1 + 1?', origin_response: 'Step 1: 1 + 1 = 3.\nStep 2: So 3.', critic: 'All correct.', critic_model: 'c' };
    const file = writeDataset([raw], { dir });
    const store = CuratorStore.open(file);
    try {
      store.label(0, { kind: 'edit-critique', text: 'Step 1 is wrong: 1 + 1 = 2.' });
      store.label(0, { kind: 'rate-step', step: 0, rating: 'incorrect' });
      const out = path.join(dir, 'out.jsonl');
      await store.export(out);
      const [r] = readJsonl(out);
      assert.equal(r.critic, 'Step 1 is wrong: 1 + 1 = 2.');
      assert.equal(r.critique, 'Step 1 is wrong: 1 + 1 = 2.');
      assert.equal(r.critique_original, 'All correct.');
      assert.deepEqual(r.steps, ['1 + 1 = 3.', 'So 3.']);
      assert.deepEqual(r.step_ratings, [-1, null]);
      assert.equal(r.origin_response, raw.origin_response);
    } finally {
      store.close();
    }
  });

  test('refuses to export over the dataset itself', async () => {
    const file = writeDataset(SMALL);
    const store = CuratorStore.open(file);
    try {
      await assert.rejects(store.export(file), /never rewrites/);
    } finally {
      store.close();
    }
  });

  test('labels from solution documents: the snapshot journal exports as records', async () => {
    const dir = tempDir();
    const journal = path.join(dir, '.mathcritic', 'labels.journal');
    const labels = new SnapshotLabels(journal);
    const snapshot = { problem: 'What is 2 + 2?', steps: ['2 + 2 = 5'], critique: 'Step 1: correct.', critiqueFirstWrongStep: -1, source: 'notes/two.solution.md' };
    labels.label(snapshot, { kind: 'critique-verdict', verdict: 'rejected' });
    const { state } = labels.label(snapshot, { kind: 'rate-step', step: 0, rating: 'incorrect' });
    labels.close();
    assert.equal(state.critiqueVerdict, 'rejected');
    const { book } = replayJournal(journal);
    const out = path.join(dir, 'labels.jsonl');
    assert.deepEqual(await exportCurated({ book }, out), { written: 1, path: out });
    const [r] = readJsonl(out);
    assert.equal(r.id, contentKey(snapshot.problem, snapshot.steps));
    assert.equal(r.problem, 'What is 2 + 2?');
    assert.deepEqual(r.steps, ['2 + 2 = 5']);
    assert.equal(r.first_wrong_step, -1);
    assert.equal(r.critique_verdict, 'rejected');
    assert.deepEqual(r.step_ratings, [-1]);
    assert.equal(r.source, 'notes/two.solution.md');
  });
});
