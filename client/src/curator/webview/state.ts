/** The page's state, and the part of it that survives a reload (VS Code's webview state). */
import type { CurationEvent, CuratorOpenResult, CuratorStats, RecordFilter, RecordView } from '../../../../protocol/curator';
import { MAX_TEXT, recordFilterSchema, curationEventSchema } from '../messages';
import { vscode } from './vscode-api';

export interface PendingLabel {
  seq: number;
  index: number;
  event: CurationEvent;
  status: 'queued' | 'sending' | 'failed';
  error?: string;
}

export type Mode = { kind: 'normal' } | { kind: 'edit-critique'; index: number } | { kind: 'note'; index: number } | { kind: 'goto' };

export const state = {
  open: undefined as CuratorOpenResult | undefined,
  /** While the server indexes the dataset: the share of the file scanned (`open.count` grows meanwhile). */
  indexing: undefined as { fraction: number } | undefined,
  openError: undefined as string | undefined,
  index: 0,
  record: undefined as RecordView | undefined,
  loading: false,
  loadError: undefined as string | undefined,
  selected: 0,
  filter: {} as RecordFilter,
  stats: undefined as CuratorStats | undefined,
  statsError: undefined as string | undefined,
  showStats: true,
  showHelp: false,
  mode: { kind: 'normal' } as Mode,
  draft: '',
  pending: [] as PendingLabel[],
  seq: 0,
  saved: 'idle' as 'idle' | 'saving' | 'saved' | 'failed',
  notice: undefined as { text: string; tone: 'info' | 'warn' | 'error' } | undefined,
  dismissedOpenNotice: false,
};

/** What survives a reload of the page (VS Code drops a hidden webview's DOM). */
interface Persisted {
  index: number;
  filter: RecordFilter;
  showStats: boolean;
  pending: Array<{ index: number; event: CurationEvent }>;
  mode?: Mode;
  draft?: string;
}

export function persist(): void {
  const p: Persisted = {
    index: state.index,
    filter: state.filter,
    showStats: state.showStats,
    pending: state.pending.map((x) => ({ index: x.index, event: x.event })),
    mode: state.mode.kind === 'edit-critique' || state.mode.kind === 'note' ? state.mode : undefined,
    draft: state.mode.kind === 'edit-critique' || state.mode.kind === 'note' ? state.draft : undefined,
  };
  vscode.setState(p);
}

export function restore(): void {
  const raw = vscode.getState() as Partial<Persisted> | undefined;
  if (!raw || typeof raw !== 'object') return;
  if (Number.isInteger(raw.index) && (raw.index as number) >= 0) state.index = raw.index as number;
  const f = recordFilterSchema.safeParse(raw.filter);
  if (f.success) state.filter = f.data;
  if (typeof raw.showStats === 'boolean') state.showStats = raw.showStats;
  for (const p of Array.isArray(raw.pending) ? raw.pending : []) {
    const e = curationEventSchema.safeParse(p?.event);
    if (e.success && Number.isInteger(p.index)) state.pending.push({ seq: ++state.seq, index: p.index, event: e.data, status: 'queued' });
  }
  const m = raw.mode;
  if (m && (m.kind === 'edit-critique' || m.kind === 'note') && Number.isInteger(m.index) && typeof raw.draft === 'string') {
    state.mode = m;
    state.draft = raw.draft.slice(0, MAX_TEXT);
  }
}
