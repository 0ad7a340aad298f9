/**
 * A second (or third) writer for the concurrency test: appends N events to one journal as a
 * separate process would (a second VS Code window has its own server process).
 * Usage: node --import tsx append-worker.ts JOURNAL N NAME
 */
import { Journal } from '../../../server/src/engine/curate';

const [journalPath, n, name] = process.argv.slice(2);
const journal = new Journal(journalPath, name);
for (let i = 0; i < Number(n); i++) {
  journal.append(`rec-${i % 50}`, { kind: 'note', text: `${name} note ${i} ${'·'.repeat(i % 200)}` });
}
journal.close();
