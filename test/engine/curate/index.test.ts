import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DatasetIndex, CuratorStore, contentKey, normalizeRecord } from '../../../server/src/engine/curate';
import { tempDir, writeDataset } from './helpers';

describe('dataset index', () => {
  test('CRLF, blank lines, a bad line, non-ASCII text, a BOM and no final newline', () => {
    const dir = tempDir();
    const file = path.join(dir, 'mixed.jsonl');
    const lines = [
      JSON.stringify({ id: 'r1', problem: 'Ünïcödé: what is ½ + ½? 🧮', steps: ['½ + ½ = 1', 'Donc la réponse est 1 — fin.'], label: -1 }),
      '',
      JSON.stringify({ id: 'r2', problem: '数学: 3 × 4 = ?', steps: ['3 × 4 = 12'] }),
      '{"id": "broken", "problem": "cut',
      '   ',
      JSON.stringify({ id: 'r3', problem: 'no steps here' }),
      JSON.stringify([1, 2, 3]),
      JSON.stringify({ id: 'r4', problem: 'last line, no newline, CRLF before', steps: ['1 + 1 = 2'] }),
    ];
    writeFileSync(file, '\uFEFF' + lines.join('\r\n'));
    const index = DatasetIndex.open(file);
    try {
      assert.equal(index.count, 3);
      assert.deepEqual([0, 1, 2].map((i) => index.key(i)), ['r1', 'r2', 'r4']);
      assert.deepEqual([0, 1, 2].map((i) => index.line(i)), [1, 3, 8]);
      assert.deepEqual(
        index.skipped.map((s) => s.line),
        [2, 4, 5, 6, 7],
      );
      assert.equal(index.skipped[0].reason, 'blank line');
      assert.match(index.skipped[1].reason, /not valid JSON/);
      assert.match(index.skipped[3].reason, /no steps/);
      assert.match(index.skipped[4].reason, /JSON array/);
      const r1 = index.read(0).record;
      assert.equal(r1.problem, 'Ünïcödé: what is ½ + ½? 🧮');
      assert.deepEqual(r1.steps, ['½ + ½ = 1', 'Donc la réponse est 1 — fin.']);
      assert.equal(r1.datasetFirstWrongStep, -1);
      assert.equal(index.read(1).record.problem, '数学: 3 × 4 = ?');
      assert.equal(index.read(2).record.steps[0], '1 + 1 = 2', 'no stray \\r on the last line');
      assert.throws(() => index.read(3), /out of range/);
    } finally {
      index.close();
    }
  });

  test('a line longer than the read chunk is indexed whole', () => {
    const long = 'x'.repeat(5 * 1024 * 1024);
    const file = writeDataset([{ id: 'small', problem: 'p', steps: ['s'] }, { id: 'long', problem: long, steps: ['a', 'b'] }, { id: 'after', problem: 'q', steps: ['t'] }]);
    const index = DatasetIndex.open(file);
    try {
      assert.equal(index.count, 3);
      assert.equal(index.read(1).record.problem.length, long.length);
      assert.equal(index.read(2).record.problem, 'q');
    } finally {
      index.close();
    }
  });

  test('keys: the id when unique, else a sha256 of problem + steps', () => {
    const file = writeDataset([
      { id: 'same', problem: 'p1', steps: ['a'] },
      { id: 'same', problem: 'p2', steps: ['b'] },
      { id: 7, problem: 'p3', steps: ['c'] },
      { problem: 'p4', steps: ['d'] },
    ]);
    const index = DatasetIndex.open(file);
    try {
      assert.equal(index.key(0), contentKey('p1', ['a']));
      assert.equal(index.key(1), contentKey('p2', ['b']));
      assert.equal(index.key(2), '7');
      assert.equal(index.key(3), contentKey('p4', ['d']));
      assert.match(index.key(3), /^[0-9a-f]{64}$/);
      assert.equal(index.indexOfKey('7'), 2);
    } finally {
      index.close();
    }
  });

  test('record formats: ProcessBench, critique records, MathCritique-style query/response/critique', () => {
    const pb = normalizeRecord({ problem: 'p', steps: ['a', 'b'], label: 1, answer: 3 });
    assert.ok(pb.ok);
    assert.equal(pb.record.datasetFirstWrongStep, 1);
    assert.equal(pb.record.referenceAnswer, '3');
    const critique = normalizeRecord({ problem: 'p', steps: ['a', 'b'], critique: 'c', first_wrong_step: -1, model: 'm' });
    assert.ok(critique.ok);
    assert.deepEqual(critique.record.critique, { text: 'c', firstWrongStep: -1, model: 'm' });
    const mc = normalizeRecord({
      query: 'What is 2 + 2 times 3?',
      response: 'Step 1: 2 * 3 = 6.\nStep 2: 2 + 6 = 8.\nThe answer is 8.',
      critique: 'Step 1: correct.\nStep 2: incorrect, 2 + 6 = 9.\nConclusion: the first wrong step is Step 2.',
    });
    assert.ok(mc.ok);
    assert.equal(mc.record.problem, 'What is 2 + 2 times 3?');
    assert.equal(mc.record.steps.length, 2);
    assert.equal(mc.record.critique?.firstWrongStep, 1, 'read from the critique text the way critic prose is read');
    // The MathCritique pipeline's own names (question / origin_response / critic / critic_model).
    const aliases = normalizeRecord({ question: 'What is 1 + 1?', origin_response: 'Step 1: 1 + 1 = 3.', critic: 'Step 1: incorrect, 1 + 1 = 2.\nConclusion: the first wrong step is Step 1.', critic_model: 'Qwen-critic' });
    assert.ok(aliases.ok);
    assert.deepEqual(aliases.record.steps, ['1 + 1 = 3.']);
    assert.deepEqual(aliases.record.critique, { text: 'Step 1: incorrect, 1 + 1 = 2.\nConclusion: the first wrong step is Step 1.', firstWrongStep: 0, model: 'Qwen-critic' });
    // The MathCritique critic's per-step layout.
    const layout = (verdicts: string[]) => verdicts.map((v, i) => `Step sentence: step ${i + 1}\nCorrectness of the step: ${v}\nExplanation: because.`).join('\n\n');
    const steps3 = ['a', 'b', 'c'];
    const firstWrong = (critic: string) => {
      const n = normalizeRecord({ question: 'q', steps: steps3, critic });
      return n.ok ? n.record.critique?.firstWrongStep : 'not a record';
    };
    assert.equal(firstWrong(layout(['Correct', 'Wrong', 'Wrong'])), 1);
    assert.equal(firstWrong(layout(['Correct', 'Correct', 'Correct'])), -1);
    assert.equal(firstWrong(layout(['Correct', 'Correct'])), null, 'not every step judged: no verdict');
    assert.equal(firstWrong(layout(['Correct', 'Correct', 'Correct', 'Wrong'])), null, 'more verdicts than steps: no verdict');
    const unreadable = normalizeRecord({ query: 'q', response: 'r', critique: 'Looks fine to me I guess' });
    assert.ok(unreadable.ok);
    assert.equal(unreadable.record.critique?.firstWrongStep, null, 'no verdict is guessed');
    // PRM800K's label is an object: not a first wrong step.
    const prm = normalizeRecord({ problem: 'p', steps: ['a'], label: { steps: [] } });
    assert.ok(prm.ok);
    assert.equal(prm.record.datasetFirstWrongStep, undefined);
    assert.equal(normalizeRecord({ problem: 'p', steps: [1, 2] }).ok, false);
    assert.equal(normalizeRecord({ steps: ['a'] }).ok, false);
  });

  test('every shared dataset opens with every line a record', () => {
    const shared = path.resolve(__dirname, '../../../../shared/data');
    let files: string[];
    try {
      files = readdirSync(shared).filter((f) => f.endsWith('.jsonl'));
    } catch {
      files = [];
    }
    assert.ok(files.length >= 6, `the shared data is at ${shared}`);
    for (const f of files) {
      // The journal and its index go to a folder of the test's own: ../shared is everyone's,
      // and a test run as root could write beside it.
      const store = CuratorStore.open(path.join(shared, f), { journalPath: path.join(tempDir(), `${f}.journal`) });
      try {
        assert.equal(store.summary().skipped.length, 0, f);
        assert.ok(store.count >= 299, f);
        const view = store.view(0);
        assert.ok(view.steps.length > 0 && view.problem.length > 0);
        assert.equal(typeof view.datasetFirstWrongStep, 'number');
      } finally {
        store.close();
      }
    }
  });

  test('errors say what is wrong: missing file, not a dataset, an unknown shape', () => {
    assert.throws(() => CuratorStore.open(path.join(tempDir(), 'nope.jsonl')), /does not exist/);
    // A JSON array is a dataset (ProcessBench publishes them); one pretty-printed object is not.
    const array = CuratorStore.open(writeDataset(['[', '  {', '    "problem": "p",', '    "steps": ["a"]', '  }', ']']));
    assert.equal(array.count, 1);
    array.close();
    const pretty = writeDataset(['{', '  "problem": "p",', '  "steps": ["a"]', '}']);
    assert.throws(() => CuratorStore.open(pretty), /not a dataset of solution records: none of its lines is a record \(line 1: not valid JSON/);
    assert.throws(() => CuratorStore.open(writeDataset(['{"title": "x"}'])), /match no known dataset shape\. Fields found: title/);
    assert.throws(() => CuratorStore.open(tempDir()), /folder/);
  });
});
