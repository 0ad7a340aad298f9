import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { CuratorStore } from '../../../server/src/engine/curate';
import { openParquet, writeParquetAtomic } from '../../../server/src/engine/datasets';
import * as fx from '../../support/dataset-fixtures';
import { SMALL, tempDir, writeDataset } from './helpers';

const readJsonl = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

async function parquetRows(file: string): Promise<Record<string, unknown>[]> {
  const pq = await openParquet(file);
  const rows: Record<string, unknown>[] = [];
  for (let g = 0; g < pq.rowGroups; g++) rows.push(...(await pq.readRowGroup(g)));
  await pq.close();
  return rows;
}

describe('the curator on JSON arrays, Parquet and benchmark shapes', () => {
  test('a Parquet dataset opens: records, labels kept in the journal beside it, the spool removed on close', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'train.parquet');
    await writeParquetAtomic(file, SMALL as Record<string, unknown>[]);
    const store = await CuratorStore.openAsync(file);
    let spool: string | undefined;
    try {
      assert.equal(store.count, SMALL.length);
      assert.equal(store.index.unit, 'record');
      const view = store.view(1);
      assert.deepEqual(view.steps, SMALL[1].steps);
      assert.equal(view.datasetFirstWrongStep, 0);
      assert.equal(view.findings.length > 0, true, 'the checker sees 2 + 3 = 6');
      store.label(1, { kind: 'first-wrong-step', step: 0 });
      assert.equal(store.journal.path, `${file}.journal`);
      spool = (store.index as unknown as { spool?: { readPath: string } }).spool?.readPath;
      assert.ok(spool && existsSync(spool));
      const out = path.join(dir, 'curated.parquet');
      assert.deepEqual(await store.export(out), { written: SMALL.length, path: out });
      const rows = await parquetRows(out);
      assert.equal(rows[1].human_first_wrong_step, 0);
      assert.deepEqual(rows[0].steps, SMALL[0].steps);
      assert.equal(readdirSync(dir).filter((f) => f.endsWith('.tmp')).length, 0);
    } finally {
      store.close();
    }
    assert.ok(spool && !existsSync(spool), 'the spool is removed');
    // Reopened: the label is still there.
    const again = await CuratorStore.openAsync(file);
    assert.equal(again.state(1).firstWrongStep, 0);
    again.close();
  });

  test('a benchmark file as published (PRM800K JSONL, MR-Ben JSON array) opens with its labels', async () => {
    const prmRecords = fx.sharedRecords('gsm8k-test-perturbed.jsonl', 4);
    const prm = CuratorStore.open(writeDataset(prmRecords.map((r) => fx.asPrm800k(r))));
    assert.equal(prm.count, 4);
    assert.equal(prm.view(0).datasetFirstWrongStep, prmRecords[0].label);
    assert.equal(prm.view(0).referenceAnswer, prmRecords[0].answer);
    prm.close();
    const mrben = fx.sharedRecords('mrben-math.jsonl', 5);
    const dir = tempDir();
    const file = path.join(dir, 'math.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(mrben.map(fx.asMrBen), null, 2));
    const store = CuratorStore.open(file);
    assert.equal(store.count, 5);
    assert.equal(store.view(2).problem, mrben[2].problem);
    store.close();
  });

  test('curated step labels as TRL stepwise supervision and as PRM800K ratings; neutral as the user chooses', async () => {
    const dir = tempDir();
    const file = writeDataset(SMALL, { dir });
    const store = CuratorStore.open(file);
    try {
      store.label(0, { kind: 'first-wrong-step', step: -1 }); // every step right
      store.label(1, { kind: 'first-wrong-step', step: 0 });
      store.label(3, { kind: 'rate-step', step: 0, rating: 'neutral' });
      store.label(3, { kind: 'rate-step', step: 1, rating: 'incorrect' });
      store.label(4, { kind: 'note', text: 'no step labels: not PRM data' });

      const trl = path.join(dir, 'prm.jsonl');
      assert.equal((await store.export(trl, { layout: 'trl' })).written, 3);
      const rows = readJsonl(trl);
      assert.deepEqual(rows[0], { prompt: SMALL[0].problem, completions: SMALL[0].steps, labels: [true, true] });
      assert.deepEqual(rows[1], { prompt: SMALL[1].problem, completions: [SMALL[1].steps[0]], labels: [false] });
      assert.deepEqual(rows[2].labels, [true, false], 'neutral counts as right by default');

      await store.export(trl, { layout: 'trl', neutral: 'wrong' });
      assert.deepEqual(readJsonl(trl)[2], { prompt: SMALL[3].problem, completions: [SMALL[3].steps[0]], labels: [false] });
      await store.export(trl, { layout: 'trl', neutral: 'stop' });
      assert.equal(readJsonl(trl).length, 2, 'a record whose first step is neutral has nothing left under stop');

      const pq = path.join(dir, 'prm.parquet');
      await store.export(pq, { layout: 'trl' });
      const back = await parquetRows(pq);
      assert.deepEqual(back[1], { prompt: SMALL[1].problem, completions: [SMALL[1].steps[0]], labels: [false] });

      const prm = path.join(dir, 'prm800k.jsonl');
      await store.export(prm, { layout: 'prm800k' });
      const p = readJsonl(prm);
      const label = p[2].label as { steps: Array<{ completions: Array<{ rating: number }> }>; finish_reason: string };
      assert.deepEqual(label.steps.map((s) => s.completions[0].rating), [0, -1], 'PRM800K keeps neutral as 0');
      assert.equal(label.finish_reason, 'found_error');
      assert.equal((p[0].label as { finish_reason: string }).finish_reason, 'solution');
      // And it reads back through the PRM800K shape with the same first wrong step.
      const reread = CuratorStore.open(prm);
      assert.equal(reread.view(1).datasetFirstWrongStep, 0);
      assert.equal(reread.view(2).datasetFirstWrongStep, 1);
      reread.close();
    } finally {
      store.close();
    }
  });
});
