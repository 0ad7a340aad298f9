/** The dataset curator's engine: index, journal, labels, filters, stats, export. No editor, no LSP. */
export { CuratorStore, type CuratorStoreOptions } from './store';
export { DatasetIndex, type SkippedLine } from './dataset-index';
export { Journal, journalNotice, type JournalRead, type Snapshot } from './journal';
export { CurationBook } from './curation-book';
export { checkerFirstWrongStep, disagree, emptyState, isLabelled } from './opinions';
export { normalizeRecord, type NormalizedRecord } from './normalize';
export { contentKey } from './record-key';
export { checkRecord } from './checker-view';
export { exportCurated, type CuratedExportOptions } from './export-run';
export { CURATED_LAYOUTS, NEUTRAL_CHOICES, stepVerdicts, trlRow, prm800kRow, type CuratedLayout, type NeutralAs } from './prm-export';
export { curatedRecord, snapshotRecord } from './export';
export { writeLinesAtomic } from '../io/atomic-write';
export { SnapshotLabels, replayJournal } from './snapshot-labels';
export { dismissedSteps, stepPrefixKey } from './dismissals';
export { CurateError, type CurateErrorKind } from './errors';
export type * from './types';
