import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import { openParquet } from './parquet';

/**
 * A Parquet dataset's rows as JSON Lines in a temporary file, one row a line, row group by row
 * group. Parquet is columnar and compressed: one record cannot be read with one positioned
 * read, which is how the curator shows a record of a 76,000-record dataset without holding it.
 * The spool is written once when the dataset is opened and removed when it is closed.
 */
export async function spoolParquet(file: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-spool-'));
  const target = path.join(dir, `${path.basename(file)}.jsonl`);
  const pq = await openParquet(file);
  const out = createWriteStream(target);
  try {
    for (let g = 0; g < pq.rowGroups; g++) {
      const rows = await pq.readRowGroup(g);
      const chunk = rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    throw err;
  } finally {
    await pq.close();
  }
  return target;
}
