/**
 * Labels on their way to the journal. Each shows at once (applied on top of the server's state)
 * and is sent in order, one at a time; one that fails is kept, with the ones after it, until Retry.
 */
import { CURATOR_LABEL, type CurationEvent, type CurationState, type RecordView } from '../../../../protocol/curator';
import { state, persist } from './state';
import { message, request } from './host-requests';
import { cache } from './record-cache';
import { render } from './redraw';
import { refreshStats } from './stats';
import { applyEvent } from './model';

/** The record's state as shown: the server's, with the labels not yet confirmed applied on top. */
export function shownCuration(r: RecordView): CurationState {
  let s = r.curation;
  for (const p of state.pending) if (p.index === r.index) s = applyEvent(s, p.event);
  return s;
}

export function label(event: CurationEvent): void {
  const r = state.record;
  if (!r) return;
  state.pending.push({ seq: ++state.seq, index: r.index, event, status: 'queued' });
  persist();
  render();
  void pump();
}

let pumping = false;
let savedTimer: ReturnType<typeof setTimeout> | undefined;

/** Sends the queued labels one at a time, in order. A failure stops the queue (order matters). */
export async function pump(): Promise<void> {
  if (pumping || !state.open) return;
  pumping = true;
  try {
    for (;;) {
      if (state.pending.some((p) => p.status === 'failed')) break;
      const next = state.pending.find((p) => p.status === 'queued');
      if (!next) break;
      next.status = 'sending';
      state.saved = 'saving';
      render();
      try {
        const curation = await request(CURATOR_LABEL, { index: next.index, event: next.event });
        state.pending = state.pending.filter((p) => p !== next);
        const cached = cache.get(next.index);
        if (cached) cache.set(next.index, { ...cached, curation });
        if (state.record?.index === next.index) state.record = { ...state.record, curation };
        persist();
      } catch (err) {
        next.status = 'failed';
        next.error = message(err);
        state.saved = 'failed';
        persist();
        render();
        break;
      }
    }
  } finally {
    pumping = false;
  }
  if (state.pending.length === 0) {
    state.saved = 'saved';
    clearTimeout(savedTimer);
    savedTimer = setTimeout(() => {
      if (state.saved === 'saved') {
        state.saved = 'idle';
        render();
      }
    }, 1800);
    refreshStats();
  }
  render();
}

export function retryFailed(): void {
  for (const p of state.pending) if (p.status === 'failed') p.status = 'queued';
  state.saved = 'saving';
  void pump();
}
