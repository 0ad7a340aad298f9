/** Which record is on screen: opening the dataset, going to a record, walking with or without a filter. */
import { CURATOR_FIND, CURATOR_RECORD, type CuratorOpenResult, type CuratorProgressParams, type RecordFilter } from '../../../../protocol/curator';
import { state, persist } from './state';
import { message, request } from './host-requests';
import { cache, fetchRecord, remember } from './record-cache';
import { render } from './redraw';
import { notify } from './notice';
import { pump, shownCuration } from './label-queue';
import { refreshStats } from './stats';
import { filterIsEmpty, firstUnrated } from './model';

let loadSeq = 0;

export function onOpen(result: CuratorOpenResult): void {
  state.open = result;
  state.indexing = result.indexing;
  state.openError = undefined;
  state.dismissedOpenNotice = false;
  cache.clear();
  if (result.count === 0) {
    state.record = undefined;
    render();
    return;
  }
  // While indexing, a record restored from before a reload may not be indexed yet: it is asked for all the same.
  if (!result.indexing) state.index = Math.min(state.index, result.count - 1);
  // Stats after the first record is on screen: on a large, much-labelled dataset the server's
  // first stats pass takes seconds, and the record comes first.
  void goTo(state.index, { keepSelection: state.mode.kind !== 'normal' }).then(() => refreshStats(0));
  void pump();
}

/**
 * The server indexes a large dataset while the first records are already shown: the count
 * grows, and at the end the complete open result (lines skipped later, journal notices)
 * replaces the first one. A scan stopped by a change of the file is an open that failed.
 */
export function onProgress(p: Omit<CuratorProgressParams, 'uri'>): void {
  if (!state.open) return;
  if (p.failure) {
    state.indexing = undefined;
    onOpenFailed(p.failure);
    return;
  }
  if (p.done) {
    state.indexing = undefined;
    if (p.summary) {
      state.open = { ...p.summary };
      state.dismissedOpenNotice = false;
    } else state.open = { ...state.open, count: p.count, indexing: undefined };
    refreshStats();
  } else {
    state.open = { ...state.open, count: Math.max(state.open.count, p.count) };
    state.indexing = { fraction: p.fraction };
  }
  render();
}

export function onOpenFailed(error: string | undefined): void {
  state.openError = error ?? 'the dataset could not be opened';
  render();
}

export function onChanged(): void {
  // Another window (or another view of this dataset) stored labels: redraw from the server.
  cache.clear();
  if (state.record) void goTo(state.index, { keepSelection: true, quiet: true });
  refreshStats();
}

export async function goTo(index: number, opts: { keepSelection?: boolean; quiet?: boolean } = {}): Promise<void> {
  const count = state.open?.count ?? 0;
  if (count === 0) return;
  // While indexing, a record past those indexed so far is asked for anyway: the server answers once it reaches it.
  index = Math.max(0, state.indexing ? index : Math.min(count - 1, index));
  const seq = ++loadSeq;
  const sameRecord = state.record?.index === index;
  if (!opts.quiet) state.loading = true;
  state.loadError = undefined;
  if (!sameRecord && state.mode.kind === 'goto') state.mode = { kind: 'normal' };
  render();
  try {
    const r = await fetchRecord(index);
    if (seq !== loadSeq) return;
    state.record = r;
    state.index = r.index;
    // A record past those indexed when the count was last heard of: at least that many are indexed now.
    if (state.open && r.index >= state.open.count) state.open = { ...state.open, count: r.index + 1 };
    state.loading = false;
    if (!sameRecord || !opts.keepSelection) state.selected = firstUnrated(shownCuration(r), r.steps.length);
    persist();
    render();
    if (!sameRecord) window.scrollTo({ top: 0 });
    // Prefetch the next one so j is instant.
    if (r.index + 1 < count && !cache.has(r.index + 1)) request(CURATOR_RECORD, { index: r.index + 1 }).then(remember, () => undefined);
  } catch (err) {
    if (seq !== loadSeq) return;
    state.loading = false;
    state.loadError = `Record ${index + 1} could not be read: ${message(err)}`;
    render();
  }
}

export async function step(direction: 1 | -1, filter: RecordFilter = state.filter): Promise<void> {
  if (!state.open) return;
  const count = state.open.count;
  if (filterIsEmpty(filter)) {
    const to = state.index + direction;
    if (to < 0 || (to >= count && !state.indexing)) {
      notify(direction === 1 ? 'This is the last record.' : 'This is the first record.', 'info');
      return;
    }
    await goTo(to);
    return;
  }
  try {
    let found = await request(CURATOR_FIND, { from: state.index, direction, filter });
    let wrapped = false;
    if (found === null) {
      found = await request(CURATOR_FIND, { from: direction === 1 ? -1 : count, direction, filter });
      wrapped = found !== null && found !== state.index;
    }
    if (found === null || (found === state.index && !wrapped)) {
      notify(`No ${found === state.index ? 'other ' : ''}record matches ${describeFilter(filter)}.`, 'info');
      return;
    }
    if (wrapped) notify(`Wrapped around to the ${direction === 1 ? 'start' : 'end'} of the dataset.`, 'info');
    await goTo(found);
  } catch (err) {
    notify(`Could not search: ${message(err)}`, 'error');
  }
}

function describeFilter(f: RecordFilter): string {
  const parts: string[] = [];
  if (f.unlabelled) parts.push('unlabelled');
  if (f.disagreement) parts.push('disagreement');
  if (f.source) parts.push(`source ${f.source}`);
  if (f.verdict) parts.push(`critic says ${f.verdict}`);
  return parts.length ? `the filter (${parts.join(', ')})` : 'the filter';
}
