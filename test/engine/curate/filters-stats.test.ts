import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CuratorStore, emptyState } from '../../../server/src/engine/curate';
import { findRecordAsync, type FilterFacts } from '../../../server/src/engine/curate/filters';
import { SMALL, writeDataset } from './helpers';

describe('filters and stats', () => {
  test('next/previous with filters: unlabelled, source, verdict, disagreement', () => {
    const store = CuratorStore.open(writeDataset(SMALL));
    try {
      assert.equal(store.find(-1, 1, {}), 0);
      assert.equal(store.find(4, 1, {}), null);
      assert.equal(store.find(5, -1, {}), 4);
      assert.equal(store.find(0, 1, { source: 'critic' }), 3);
      assert.equal(store.find(4, -1, { source: 'gsm8k' }), 1);
      assert.equal(store.find(-1, 1, { verdict: 'incorrect' }), 3);
      assert.equal(store.find(-1, 1, { verdict: 'correct' }), 4);
      assert.equal(store.find(4, 1, { verdict: 'correct' }), null);

      store.label(0, { kind: 'rate-step', step: 0, rating: 'correct' });
      store.label(1, { kind: 'note', text: 'a note alone is not a label' });
      assert.equal(store.find(-1, 1, { unlabelled: true }), 1);
      assert.equal(store.find(1, 1, { unlabelled: true }), 2);

      // Record b: dataset says step 0, the checker flags step 0 (2 + 3 = 6): they agree.
      assert.equal(store.find(-1, 1, { disagreement: true }), null, 'nothing disagrees yet');
      store.label(1, { kind: 'first-wrong-step', step: 1 });
      assert.equal(store.find(-1, 1, { disagreement: true }), 1, 'human says step 1, dataset and checker step 0');
      store.label(3, { kind: 'first-wrong-step', step: -1 });
      assert.equal(store.find(1, 1, { disagreement: true }), 3, 'human says all right, the critic step 1');
      assert.equal(store.find(4, -1, { disagreement: true, source: 'critic' }), 3);
      assert.equal(store.find(4, -1, { disagreement: true, source: 'gsm8k' }), 1);
      assert.throws(() => store.find(99, 1, {}), /out of range/);
    } finally {
      store.close();
    }
  });

  test('the async search finds what the plain one finds, yields between slices, and can be cancelled', async () => {
    const store = CuratorStore.open(writeDataset(SMALL));
    try {
      store.label(1, { kind: 'first-wrong-step', step: 1 });
      for (const filter of [{}, { disagreement: true }, { source: 'critic' }, { unlabelled: true }]) {
        assert.equal(await store.findAsync(-1, 1, filter), store.find(-1, 1, filter));
        assert.equal(await store.findAsync(5, -1, filter), store.find(5, -1, filter));
      }
    } finally {
      store.close();
    }
    // 10,000 records whose checker costs time: the search gives the loop back and stops when told.
    let checked = 0;
    const facts: FilterFacts = { state: () => emptyState(), source: () => undefined, critic: () => 2, dataset: () => undefined, checker: () => (checked++, -1) };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let stop = false;
    setTimeout(() => (stop = true), 5);
    const slow: FilterFacts = { ...facts, checker: () => { const t = performance.now(); while (performance.now() - t < 0.05); return facts.checker(0); } };
    const result = await findRecordAsync(10_000, -1, 1, { disagreement: true }, slow, () => stop, 2);
    clearInterval(timer);
    assert.equal(result, undefined, 'cancelled');
    assert.ok(checked < 10_000, `stopped early (${checked} checked)`);
    assert.ok(ticks > 0, 'timers ran during the search');
    assert.equal(await findRecordAsync(3, -1, 1, { disagreement: true }, facts), null);
  });

  test('stats: counts, agreement, sources, kept up to date as labels change', async () => {
    const store = CuratorStore.open(writeDataset(SMALL));
    try {
      const empty = store.stats();
      assert.deepEqual(empty, {
        count: 5,
        labelled: 0,
        ratings: { correct: 0, neutral: 0, incorrect: 0 },
        critiqueVerdicts: { accepted: 0, rejected: 0 },
        humanCritic: { agree: 0, disagree: 0 },
        humanChecker: { agree: 0, disagree: 0 },
        sources: { gsm8k: 2, math: 1, critic: 2 },
      });
      store.label(1, { kind: 'rate-step', step: 0, rating: 'incorrect' });
      store.label(1, { kind: 'rate-step', step: 1, rating: 'neutral' });
      store.label(1, { kind: 'first-wrong-step', step: 0 }); // checker flags step 0 too: agree
      store.label(3, { kind: 'first-wrong-step', step: 1 }); // critic says 1: agree; checker flags step 1 (13 - 4 = 8): agree
      store.label(4, { kind: 'first-wrong-step', step: 0 }); // critic says -1: disagree; checker none: disagree
      store.label(4, { kind: 'critique-verdict', verdict: 'rejected' });
      store.label(3, { kind: 'critique-verdict', verdict: 'accepted' });
      let s = store.stats();
      assert.equal(s.labelled, 3);
      assert.deepEqual(s.ratings, { correct: 0, neutral: 1, incorrect: 1 });
      assert.deepEqual(s.critiqueVerdicts, { accepted: 1, rejected: 1 });
      assert.deepEqual(s.humanCritic, { agree: 1, disagree: 1 });
      assert.deepEqual(s.humanChecker, { agree: 2, disagree: 1 });
      // Changing and clearing labels moves the counts back.
      store.label(1, { kind: 'rate-step', step: 1, rating: 'correct' });
      store.label(4, { kind: 'first-wrong-step', step: -1 });
      store.label(4, { kind: 'critique-verdict', verdict: null });
      s = store.stats();
      assert.deepEqual(s.ratings, { correct: 1, neutral: 0, incorrect: 1 });
      assert.deepEqual(s.critiqueVerdicts, { accepted: 1, rejected: 0 });
      assert.deepEqual(s.humanCritic, { agree: 2, disagree: 0 });
      assert.deepEqual(s.humanChecker, { agree: 3, disagree: 0 });
      store.label(4, { kind: 'first-wrong-step', step: null });
      assert.equal(store.stats().labelled, 2);
      // Reopened: the replayed labels' checker verdicts are prepared in the background, same figures.
      const again = CuratorStore.open(store.index.path);
      try {
        await again.warmStats();
        assert.deepEqual(again.stats(), store.stats());
      } finally {
        again.close();
      }
    } finally {
      store.close();
    }
  });

  test('a record view: steps, dataset label, critique, checker findings, labels', () => {
    const store = CuratorStore.open(writeDataset(SMALL));
    try {
      const v = store.view(3);
      assert.equal(v.index, 3);
      assert.equal(v.count, 5);
      assert.equal(v.key, 'd');
      assert.equal(v.source, 'critic');
      assert.deepEqual(v.critique, { text: SMALL[3].critique, firstWrongStep: 1, model: 'critic-7b' });
      assert.ok(v.findings.some((f) => f.step === 1 && f.code === 'wrong-equation' && /13 - 4 = 8/.test(f.message)), JSON.stringify(v.findings));
      assert.equal(v.datasetFirstWrongStep, undefined);
      assert.equal(store.view(1).datasetFirstWrongStep, 0);
      assert.equal(store.view(0).referenceAnswer, '20');
      assert.throws(() => store.view(5), /out of range: the dataset has 5 records/);
      assert.throws(() => store.label(0, { kind: 'rate-step', step: 2, rating: 'correct' }), /Step 2 is out of range/);
      assert.throws(() => store.label(0, { kind: 'bogus' } as never), /Not a curation event/);
    } finally {
      store.close();
    }
  });
});
