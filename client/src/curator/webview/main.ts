/**
 * The curator page (runs in the webview). One record at a time; keyboard first.
 *
 * It talks only to the extension host: `request` messages (forwarded as LSP requests to the
 * server) and their `response`s, checked with zod both ways. Every label is sent at once, in
 * order, one at a time; it shows immediately (applied locally) and is redrawn from the state the
 * server answers with. A label that fails stays on screen, listed with the error and a Retry;
 * the queue of unsent labels and any text being typed survive the page being reloaded
 * (VS Code's webview state).
 *
 * Untrusted text reaches the DOM only as textContent, or as the output of markdown-it (HTML off)
 * and KaTeX (trust off) — see markdown.ts.
 */
import './zod-setup';
import './curator.css';
import {
  CURATOR_FIND,
  CURATOR_LABEL,
  CURATOR_RECORD,
  CURATOR_STATS,
  type CurationEvent,
  type CurationState,
  type CuratorOpenResult,
  type CuratorStats,
  type RecordFilter,
  type RecordView,
  type StepRating,
  type WebviewToHost,
} from '../../../../server/src/lsp/curator-protocol';
import { MAX_TEXT, OPEN_RESPONSE_ID, parseHostMessage, parsePageResult, recordFilterSchema, curationEventSchema, type PageMethod, type PageParams, type PageResult } from '../messages';
import { renderMarkdown } from './markdown';
import { barChart } from './chart';
import {
  KEY_HELP,
  actionForKey,
  applyEvent,
  disagree,
  filterIsEmpty,
  firstUnrated,
  firstWrongToggle,
  isLabelled,
  opinions,
  rateToggle,
  ratingOf,
  verdictToggle,
  type Action,
} from './model';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

// ---------------------------------------------------------------- state

interface PendingLabel {
  seq: number;
  index: number;
  event: CurationEvent;
  status: 'queued' | 'sending' | 'failed';
  error?: string;
}

type Mode = { kind: 'normal' } | { kind: 'edit-critique'; index: number } | { kind: 'note'; index: number } | { kind: 'goto' };

const state = {
  open: undefined as CuratorOpenResult | undefined,
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

function persist(): void {
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

function restore(): void {
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

// ---------------------------------------------------------------- requests

const REQUEST_TIMEOUT_MS = 60_000;
let nextId = OPEN_RESPONSE_ID + 1;
const waiting = new Map<number, { method: PageMethod; resolve(v: unknown): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }>();

function post(m: WebviewToHost): void {
  vscode.postMessage(m);
}

function request<M extends PageMethod>(method: M, params: PageParams<M>): Promise<PageResult<M>> {
  const id = nextId++;
  return new Promise<PageResult<M>>((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error(`no answer from the language server after ${REQUEST_TIMEOUT_MS / 1000} s`));
    }, REQUEST_TIMEOUT_MS);
    waiting.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
    post({ type: 'request', id, method, params: params as Record<string, unknown> });
  });
}

window.addEventListener('message', (e: MessageEvent) => {
  const parsed = parseHostMessage(e.data);
  if (!parsed.ok) {
    console.warn(`curator: ignored a message from the host: ${parsed.why}`);
    return;
  }
  const m = parsed.message;
  switch (m.type) {
    case 'response': {
      if (m.id === OPEN_RESPONSE_ID) {
        state.openError = m.error ?? 'the dataset could not be opened';
        render();
        return;
      }
      const w = waiting.get(m.id);
      if (!w) {
        console.warn(`curator: ignored a response to unknown request ${m.id}`);
        return;
      }
      waiting.delete(m.id);
      clearTimeout(w.timer);
      if (m.error !== undefined) {
        w.reject(new Error(m.error));
        return;
      }
      const r = parsePageResult(w.method, m.result);
      if (r.ok) w.resolve(r.result);
      else w.reject(new Error(r.why));
      return;
    }
    case 'open':
      onOpen(m.result);
      return;
    case 'changed':
      onChanged();
      return;
    case 'goto':
      void goTo(m.index);
      return;
  }
});

// ---------------------------------------------------------------- records

const cache = new Map<number, RecordView>();
let loadSeq = 0;

function onOpen(result: CuratorOpenResult): void {
  state.open = result;
  state.openError = undefined;
  state.dismissedOpenNotice = false;
  cache.clear();
  if (result.count === 0) {
    state.record = undefined;
    render();
    return;
  }
  state.index = Math.min(state.index, result.count - 1);
  // Stats after the first record is on screen: on a large, much-labelled dataset the server's
  // first stats pass takes seconds, and the record comes first.
  void goTo(state.index, { keepSelection: state.mode.kind !== 'normal' }).then(refreshStats);
  void pump();
}

function onChanged(): void {
  // Another window (or another view of this dataset) stored labels: redraw from the server.
  cache.clear();
  if (state.record) void goTo(state.index, { keepSelection: true, quiet: true });
  refreshStats();
}

async function fetchRecord(index: number): Promise<RecordView> {
  const hit = cache.get(index);
  if (hit) return hit;
  const r = await request(CURATOR_RECORD, { index });
  remember(r);
  return r;
}

function remember(r: RecordView): void {
  cache.set(r.index, r);
  if (cache.size > 40) cache.delete(cache.keys().next().value as number);
}

async function goTo(index: number, opts: { keepSelection?: boolean; quiet?: boolean } = {}): Promise<void> {
  const count = state.open?.count ?? 0;
  if (count === 0) return;
  index = Math.max(0, Math.min(count - 1, index));
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

async function step(direction: 1 | -1, filter: RecordFilter = state.filter): Promise<void> {
  if (!state.open) return;
  const count = state.open.count;
  if (filterIsEmpty(filter)) {
    const to = state.index + direction;
    if (to < 0 || to >= count) {
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

// ---------------------------------------------------------------- labels

/** The record's state as shown: the server's, with the labels not yet confirmed applied on top. */
function shownCuration(r: RecordView): CurationState {
  let s = r.curation;
  for (const p of state.pending) if (p.index === r.index) s = applyEvent(s, p.event);
  return s;
}

function label(event: CurationEvent): void {
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
async function pump(): Promise<void> {
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

function retryFailed(): void {
  for (const p of state.pending) if (p.status === 'failed') p.status = 'queued';
  state.saved = 'saving';
  void pump();
}

let statsTimer: ReturnType<typeof setTimeout> | undefined;
function refreshStats(): void {
  clearTimeout(statsTimer);
  statsTimer = setTimeout(async () => {
    try {
      state.stats = await request(CURATOR_STATS, {});
      state.statsError = undefined;
    } catch (err) {
      state.statsError = message(err);
    }
    render();
  }, 250);
}

// ---------------------------------------------------------------- actions

function act(a: Action): void {
  const r = state.record;
  const cur = r ? shownCuration(r) : undefined;
  switch (a.kind) {
    case 'next':
      void step(1);
      return;
    case 'prev':
      void step(-1);
      return;
    case 'next-unlabelled':
      void step(1, { ...state.filter, unlabelled: true });
      return;
    case 'select':
      if (r && a.step < r.steps.length) select(a.step);
      return;
    case 'select-move':
      if (r && r.steps.length) select(Math.max(0, Math.min(r.steps.length - 1, state.selected + a.delta)));
      return;
    case 'rate':
      if (r && cur && r.steps.length) {
        label(rateToggle(cur, state.selected, a.rating));
        // PRM800K's flow: rate, then on to the next step.
        if (state.selected < r.steps.length - 1 && ratingOf(shownCuration(r), state.selected) !== undefined) select(state.selected + 1);
      }
      return;
    case 'first-wrong':
      if (r && cur && r.steps.length) label(firstWrongToggle(cur, state.selected));
      return;
    case 'all-correct':
      if (r && cur) label(firstWrongToggle(cur, -1));
      return;
    case 'verdict':
      if (r?.critique && cur) label(verdictToggle(cur, a.verdict));
      else if (r) notify('This record has no critique to accept or reject.', 'info');
      return;
    case 'edit-critique':
      if (r && cur) startEditing({ kind: 'edit-critique', index: r.index }, cur.editedCritique ?? r.critique?.text ?? '');
      return;
    case 'note':
      if (r && cur) startEditing({ kind: 'note', index: r.index }, cur.note ?? '');
      return;
    case 'goto':
      state.mode = { kind: 'goto' };
      render();
      return;
    case 'toggle-filter':
      setFilter({ ...state.filter, [a.filter]: state.filter[a.filter] ? undefined : true });
      return;
    case 'toggle-stats':
      state.showStats = !state.showStats;
      persist();
      render();
      return;
    case 'toggle-help':
      state.showHelp = !state.showHelp;
      render();
      return;
  }
}

function select(stepIndex: number): void {
  state.selected = stepIndex;
  render();
  document.querySelector(`[data-step="${stepIndex}"]`)?.scrollIntoView({ block: 'nearest' });
}

function setFilter(f: RecordFilter): void {
  const clean: RecordFilter = {};
  if (f.unlabelled) clean.unlabelled = true;
  if (f.disagreement) clean.disagreement = true;
  if (f.source) clean.source = f.source;
  if (f.verdict) clean.verdict = f.verdict;
  state.filter = clean;
  persist();
  render();
}

function startEditing(mode: Mode, text: string): void {
  state.mode = mode;
  state.draft = text;
  persist();
  render();
}

function finishEditing(save: boolean): void {
  const m = state.mode;
  if (save && (m.kind === 'edit-critique' || m.kind === 'note')) {
    const r = state.record;
    if (!r || r.index !== m.index) {
      notify('The record being edited is not shown any more; go back to it to save.', 'warn');
      return;
    }
    const text = state.draft.trim() === '' ? null : state.draft;
    if (m.kind === 'edit-critique') {
      // Saving the critique unchanged is "no edit".
      label({ kind: 'edit-critique', text: text !== null && text === r.critique?.text ? null : text });
    } else {
      label({ kind: 'note', text });
    }
  }
  state.mode = { kind: 'normal' };
  state.draft = '';
  persist();
  render();
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function notify(text: string, tone: 'info' | 'warn' | 'error'): void {
  state.notice = { text, tone };
  clearTimeout(noticeTimer);
  if (tone === 'info') noticeTimer = setTimeout(() => ((state.notice = undefined), render()), 4000);
  render();
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---------------------------------------------------------------- keys and mouse

document.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement | null;
  if (state.mode.kind === 'edit-critique' || state.mode.kind === 'note') {
    if (e.key === 'Escape') {
      e.preventDefault();
      finishEditing(false);
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      finishEditing(true);
    }
    return;
  }
  if (state.mode.kind === 'goto') {
    if (e.key === 'Escape') {
      e.preventDefault();
      state.mode = { kind: 'normal' };
      render();
    }
    return; // Enter is the form's submit
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) {
    if (e.key === 'Escape') target.blur();
    return;
  }
  if (e.key === 'Escape' && state.notice) {
    state.notice = undefined;
    render();
    return;
  }
  const a = actionForKey(e.key);
  if (!a) return;
  e.preventDefault();
  act(a);
});

document.addEventListener('click', (e) => {
  // Links in record text are never followed from here (they were written by strangers).
  const a = (e.target as Element | null)?.closest?.('.md a');
  if (a) {
    e.preventDefault();
    notify(`Links in records are not opened from the curator: ${a.getAttribute('href') ?? ''}`, 'info');
  }
});

// ---------------------------------------------------------------- drawing

type Child = Node | string | null | undefined | false | Child[];
interface Props {
  class?: string;
  title?: string;
  onclick?: (e: MouseEvent) => void;
  attrs?: Record<string, string>;
}

function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props?.class) el.className = props.class;
  if (props?.title) el.title = props.title;
  const onclick = props?.onclick;
  if (onclick) el.addEventListener('click', (e) => onclick(e as MouseEvent));
  for (const [k, v] of Object.entries(props?.attrs ?? {})) el.setAttribute(k, v);
  const add = (c: Child): void => {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) c.forEach(add);
    else el.append(c);
  };
  children.forEach(add);
  return el;
}

const mdCache = new Map<string, string>();
/** The only place record text becomes HTML: markdown-it (HTML off) + KaTeX (trust off). */
function md(text: string, cls = ''): HTMLDivElement {
  let html = mdCache.get(text);
  if (html === undefined) {
    html = renderMarkdown(text);
    mdCache.set(text, html);
    if (mdCache.size > 500) mdCache.delete(mdCache.keys().next().value as string);
  }
  const div = h('div', { class: `md ${cls}` });
  div.innerHTML = html;
  return div;
}

function kbd(keys: string): HTMLElement {
  return h('kbd', null, keys);
}

function button(text: Child, onclick: () => void, opts: { cls?: string; title?: string; key?: string; pressed?: boolean } = {}): HTMLButtonElement {
  const b = h('button', { class: `btn ${opts.cls ?? ''}${opts.pressed ? ' pressed' : ''}`, title: opts.title, onclick: (e) => (e.stopPropagation(), onclick()) }, text, opts.key ? h('span', { class: 'key' }, opts.key) : null);
  b.type = 'button';
  if (opts.pressed !== undefined) b.setAttribute('aria-pressed', String(opts.pressed));
  return b;
}

const app = document.getElementById('app') as HTMLElement;
const datasetName = app.dataset.title ?? '';
let editor: HTMLTextAreaElement | undefined;
let editorFor: string | undefined;
let gotoForm: HTMLFormElement | undefined;

function render(): void {
  const focusWasEditor = editor !== undefined && document.activeElement === editor;
  const focusWasGoto = gotoForm !== undefined && gotoForm.contains(document.activeElement);
  const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.focus;
  const root = h(
    'div',
    { class: 'page' },
    header(),
    banners(),
    h('div', { class: `layout${state.showStats ? '' : ' no-side'}` }, h('main', { class: 'record' }, body()), state.showStats ? side() : null),
    footer(),
  );
  app.replaceChildren(root);
  // Keep the selected step clear of the sticky top bar and key line when it is scrolled into view.
  const top = root.querySelector('.topbar') as HTMLElement | null;
  const foot = root.querySelector('.help') as HTMLElement | null;
  document.documentElement.style.scrollPaddingTop = `${(top?.offsetHeight ?? 0) + 8}px`;
  document.documentElement.style.scrollPaddingBottom = `${(foot?.offsetHeight ?? 0) + 8}px`;
  if (editor && editor.isConnected) {
    if (focusWasEditor || document.activeElement === document.body) editor.focus();
  }
  if (gotoForm?.isConnected && (focusWasGoto || document.activeElement === document.body)) (gotoForm.querySelector('input') as HTMLInputElement).focus();
  // A filter control that had the focus keeps it.
  if (focusKey) (root.querySelector(`[data-focus="${focusKey}"]`) as HTMLElement | null)?.focus();
}

function header(): HTMLElement {
  const count = state.open?.count ?? 0;
  const labelled = state.stats?.labelled;
  const pct = count && labelled !== undefined ? labelled / count : 0;
  const f = state.filter;
  const sources = Object.keys(state.stats?.sources ?? {}).sort();
  if (f.source && !sources.includes(f.source)) sources.push(f.source);

  const sourceSelect = h('select', { title: 'Only records from this source', attrs: { 'aria-label': 'source', 'data-focus': 'source' } }, h('option', { attrs: { value: '' } }, 'any source'), sources.map((s) => h('option', { attrs: { value: s } }, s)));
  sourceSelect.value = f.source ?? '';
  sourceSelect.addEventListener('change', () => setFilter({ ...state.filter, source: sourceSelect.value || undefined }));
  const verdictSelect = h(
    'select',
    { title: "Only records whose critic accepts ('correct') or names a wrong step ('incorrect')", attrs: { 'aria-label': 'critic verdict', 'data-focus': 'verdict' } },
    h('option', { attrs: { value: '' } }, 'any verdict'),
    h('option', { attrs: { value: 'correct' } }, 'critic: correct'),
    h('option', { attrs: { value: 'incorrect' } }, 'critic: incorrect'),
  );
  verdictSelect.value = f.verdict ?? '';
  verdictSelect.addEventListener('change', () => setFilter({ ...state.filter, verdict: (verdictSelect.value || undefined) as RecordFilter['verdict'] }));

  const savedMark =
    state.saved === 'saving'
      ? h('span', { class: 'saved saving', title: 'Sending labels to the journal' }, '● saving…')
      : state.saved === 'saved'
        ? h('span', { class: 'saved ok', title: 'Appended to the journal' }, '✓ saved')
        : state.saved === 'failed'
          ? h('span', { class: 'saved failed', title: 'Some labels are not saved; see above' }, '✗ not saved')
          : h('span', { class: 'saved' });

  let position: Child;
  if (state.mode.kind === 'goto') {
    // One form for as long as the mode lasts: a redraw (an answer arriving) must not drop what is typed.
    if (!gotoForm) {
      const input = h('input', { attrs: { id: 'goto-input', type: 'number', min: '1', max: String(count), placeholder: `1–${count}`, 'aria-label': 'record number' } });
      const form = h('form', { class: 'goto' }, 'Go to ', input, ` of ${count.toLocaleString('en')}`);
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const n = Number(input.value);
        const total = state.open?.count ?? 0;
        state.mode = { kind: 'normal' };
        if (Number.isInteger(n) && n >= 1 && n <= total) void goTo(n - 1);
        else notify(`There is no record ${input.value || '(empty)'}: 1 to ${total}.`, 'warn');
      });
      gotoForm = form;
      queueMicrotask(() => input.focus());
    }
    position = gotoForm;
  } else {
    gotoForm = undefined;
    position = h('span', { class: 'position', title: 'g: go to a record number', onclick: () => act({ kind: 'goto' }) }, 'Record ', h('strong', null, count ? String(state.index + 1) : '–'), ` of ${count.toLocaleString('en')}`);
  }

  return h(
    'header',
    { class: 'topbar' },
    h('div', { class: 'topline' },
      h('span', { class: 'dataset-name', title: state.open?.journalPath ? `labels are appended to ${state.open.journalPath}` : '' }, datasetName || 'dataset'),
      position,
      h('span', { class: 'progress', title: labelled !== undefined ? `${labelled} of ${count} records have a human label` : 'counting…' },
        h('span', { class: 'progress-bar' }, h('span', { class: 'progress-fill', attrs: { style: `width:${(100 * pct).toFixed(2)}%` } })),
        labelled !== undefined ? `${labelled.toLocaleString('en')} labelled` : '…'),
      h('span', { class: 'spacer' }),
      savedMark,
      button('Stats', () => act({ kind: 'toggle-stats' }), { key: 's', pressed: state.showStats, cls: 'ghost' }),
      button('Export…', () => post({ type: 'export' }), { cls: 'ghost', title: 'Write a new JSONL with the labels and edits merged' }),
    ),
    h('div', { class: 'filters' },
      h('span', { class: 'muted' }, 'Filter'),
      button('unlabelled', () => act({ kind: 'toggle-filter', filter: 'unlabelled' }), { key: 'u', pressed: !!f.unlabelled, cls: 'chip' }),
      button('disagreement', () => act({ kind: 'toggle-filter', filter: 'disagreement' }), { key: 'd', pressed: !!f.disagreement, cls: 'chip', title: 'Human, critic, dataset label and checker do not agree on the first wrong step' }),
      sourceSelect,
      verdictSelect,
      filterIsEmpty(f) ? null : button('clear', () => setFilter({}), { cls: 'link' }),
      h('span', { class: 'muted small' }, filterIsEmpty(f) ? 'j/k walk every record' : 'j/k walk the matching records'),
    ),
  );
}

function banners(): HTMLElement {
  const items: HTMLElement[] = [];
  if (state.openError) {
    items.push(h('div', { class: 'banner error', attrs: { role: 'alert' } }, h('span', null, state.openError), button('Retry', () => ((state.openError = undefined), render(), post({ type: 'ready' })))));
  }
  const o = state.open;
  if (o && !state.dismissedOpenNotice && (o.journalNotice || o.skipped.length)) {
    const parts: Child[] = [];
    if (o.journalNotice) parts.push(h('div', null, o.journalNotice));
    if (o.skipped.length) {
      const shown = o.skipped.slice(0, 3).map((s) => `line ${s.line}: ${s.reason}`).join('; ');
      parts.push(h('div', null, `${o.skipped.length === 1 ? '1 line is not a record and was' : `${o.skipped.length} lines are not records and were`} skipped (${shown}${o.skipped.length > 3 ? '; …' : ''}).`));
    }
    items.push(h('div', { class: 'banner warn' }, h('div', { class: 'grow' }, parts), button('Dismiss', () => ((state.dismissedOpenNotice = true), render()), { cls: 'ghost' })));
  }
  const failed = state.pending.filter((p) => p.status === 'failed');
  if (failed.length) {
    const waitingCount = state.pending.length;
    items.push(
      h('div', { class: 'banner error', attrs: { role: 'alert' } },
        h('div', { class: 'grow' },
          h('strong', null, `${waitingCount} label${waitingCount === 1 ? ' is' : 's are'} not saved yet. `),
          `The server said: ${failed[0].error ?? 'unknown error'}. They stay on screen and in this page until they are saved.`),
        button('Retry', retryFailed)),
    );
  }
  if (state.notice) items.push(h('div', { class: `banner ${state.notice.tone}`, attrs: { role: 'status' } }, h('span', { class: 'grow' }, state.notice.text), button('×', () => ((state.notice = undefined), render()), { cls: 'ghost', title: 'Dismiss (Esc)' })));
  return h('div', { class: 'banners' }, items);
}

function body(): Child {
  if (state.openError) return null;
  if (!state.open) return h('p', { class: 'loading' }, 'Opening the dataset…');
  if (state.open.count === 0) return h('p', { class: 'empty' }, 'This file has no records.');
  if (state.loadError) return h('div', { class: 'banner error' }, h('span', { class: 'grow' }, state.loadError), button('Retry', () => void goTo(state.index)));
  const r = state.record;
  if (!r) return h('p', { class: 'loading' }, 'Reading the record…');
  const cur = shownCuration(r);
  const op = opinions(r, cur);
  const pendingHere = state.pending.filter((p) => p.index === r.index);

  const stepName = (s: number | null): string => (s === null ? '—' : s === -1 ? 'none' : `step ${s + 1}`);
  const chip = (who: string, v: number | null, cls: string, title: string): HTMLElement =>
    h('span', { class: `opinion ${cls}${v === null ? ' unknown' : ''}`, title }, h('span', { class: 'who' }, who), stepName(v));

  const head = h('div', { class: `record-head${state.loading ? ' loading-dim' : ''}` },
    h('div', { class: 'record-id' },
      h('span', { class: 'key', title: 'record key' }, r.key),
      r.source ? h('span', { class: 'source' }, r.source) : null,
      isLabelled(cur) ? h('span', { class: 'tag labelled' }, 'labelled') : h('span', { class: 'tag' }, 'unlabelled'),
      disagree(op) ? h('span', { class: 'tag disagree', title: 'the first wrong step differs between human, critic and dataset' }, 'disagreement') : null),
    h('div', { class: 'opinions', title: 'Who says which step is the first wrong one' },
      h('span', { class: 'muted' }, 'First wrong step:'),
      chip('you', op.human, 'human', 'f on a step, 0 for none'),
      chip('critic', op.critic, 'critic', r.critique ? `the critique${r.critique.model ? ` of ${r.critique.model}` : ''}` : 'no critique in this record'),
      chip('dataset', op.dataset, 'dataset', "the dataset's own label"),
      chip('checker', op.checker, 'checker', 'the first step with a finding of the embedded checker')),
  );

  const problem = h('section', { class: 'card problem' }, h('h2', null, 'Problem'), md(r.problem),
    r.referenceAnswer !== undefined ? h('div', { class: 'answer' }, h('span', { class: 'muted' }, 'Reference answer '), md(r.referenceAnswer, 'inline')) : null);

  const critiqueStep = r.critique ? r.critique.firstWrongStep : null;
  const critiqueCard = critique(r, cur);
  const steps = h('ol', { class: 'steps' },
    r.steps.map((text, i) => {
      const rating = ratingOf(cur, i);
      const findings = r.findings.filter((f) => f.step === i);
      const marks: Child[] = [];
      if (cur.firstWrongStep === i) marks.push(h('span', { class: 'mark human' }, 'you: first wrong'));
      if (critiqueStep === i) marks.push(h('span', { class: 'mark critic' }, 'critic: first wrong'));
      if (r.datasetFirstWrongStep === i) marks.push(h('span', { class: 'mark dataset' }, 'dataset: first wrong'));
      const unsaved = pendingHere.some((p) => p.event.kind === 'rate-step' && p.event.step === i);
      const rateBtn = (rt: StepRating, sym: string, key: string, title: string): HTMLButtonElement =>
        button(sym, () => ((state.selected = i), act({ kind: 'rate', rating: rt })), { cls: `rate ${rt}`, key, title, pressed: rating === rt });
      const li = h('li', {
        class: `step${i === state.selected ? ' selected' : ''}${rating ? ` rated-${rating}` : ''}${cur.firstWrongStep === i ? ' human-first-wrong' : ''}${cur.firstWrongStep !== null && cur.firstWrongStep >= 0 && i > cur.firstWrongStep ? ' after-wrong' : ''}${unsaved ? ' unsaved' : ''}`,
        attrs: { 'data-step': String(i) },
        onclick: (e) => {
          if ((e.target as Element).closest('a')) return;
          select(i);
        },
      },
        h('div', { class: 'step-gutter' }, h('span', { class: 'step-no' }, String(i + 1)),
          h('div', { class: 'rates' }, rateBtn('correct', '✓', 'c', 'correct (+1)'), rateBtn('incorrect', '✗', 'x', 'incorrect (−1)'), rateBtn('neutral', '○', 'z', 'neutral (0)'))),
        h('div', { class: 'step-body' },
          marks.length ? h('div', { class: 'marks' }, marks) : null,
          md(text),
          findings.length ? h('ul', { class: 'findings' }, findings.map((f) => h('li', { class: 'finding' }, h('span', { class: 'finding-code' }, f.code), ' ', f.message))) : null,
          critiqueStep === i && critiqueCard ? critiqueCard : null),
      );
      return li;
    }),
  );
  const critiqueBelow = critiqueCard && (critiqueStep === null || critiqueStep < 0 || critiqueStep >= r.steps.length) ? critiqueCard : null;

  const noteBox = note(r, cur);
  return [head, problem, h('h2', { class: 'steps-title' }, 'Solution ', h('span', { class: 'muted small' }, `${r.steps.length} step${r.steps.length === 1 ? '' : 's'} · select 1–9 / ↑↓ · rate c x z · f first wrong · 0 all correct`)), steps,
    r.steps.length === 0 ? h('p', { class: 'muted' }, 'This record has no steps.') : null,
    h('div', { class: `all-correct${cur.firstWrongStep === -1 ? ' on' : ''}` },
      button(cur.firstWrongStep === -1 ? 'You marked every step correct' : 'Every step is correct', () => act({ kind: 'all-correct' }), { key: '0', pressed: cur.firstWrongStep === -1, cls: 'chip' })),
    critiqueBelow, noteBox];
}

function critique(r: RecordView, cur: CurationState): HTMLElement | null {
  const editing = state.mode.kind === 'edit-critique' && state.mode.index === r.index;
  if (!r.critique && cur.editedCritique === null && !editing) return null;
  const c = r.critique;
  const verdict = cur.critiqueVerdict;
  const who = c ? `Critique${c.model ? ` · ${c.model}` : ''}` : 'Critique (written by you)';
  const says = c ? (c.firstWrongStep === null ? 'no verdict' : c.firstWrongStep === -1 ? 'accepts every step' : `first wrong step: ${c.firstWrongStep + 1}`) : '';
  const shown = cur.editedCritique ?? c?.text ?? '';
  return h('section', { class: `card critique${verdict ? ` ${verdict}` : ''}`, onclick: (e) => e.stopPropagation() },
    h('div', { class: 'card-head' },
      h('h3', null, who),
      says ? h('span', { class: 'says' }, says) : null,
      cur.editedCritique !== null ? h('span', { class: 'tag edited', title: 'your edit replaces the critique text in the export' }, 'edited') : null,
      h('span', { class: 'actions' },
        c ? button('Accept', () => act({ kind: 'verdict', verdict: 'accepted' }), { key: 'a', pressed: verdict === 'accepted', cls: 'accept' }) : null,
        c ? button('Reject', () => act({ kind: 'verdict', verdict: 'rejected' }), { key: 'r', pressed: verdict === 'rejected', cls: 'reject' }) : null,
        editing ? null : button('Edit', () => act({ kind: 'edit-critique' }), { key: 'e', cls: 'ghost' }))),
    editing ? textEditor('critique', 'Ctrl+Enter saves · Esc cancels · an empty text removes your edit') : md(shown),
    !editing && cur.editedCritique !== null && c ? h('details', { class: 'original' }, h('summary', null, 'original critique'), md(c.text)) : null,
  );
}

function note(r: RecordView, cur: CurationState): HTMLElement {
  const editing = state.mode.kind === 'note' && state.mode.index === r.index;
  return h('section', { class: 'card note', onclick: (e) => e.stopPropagation() },
    h('div', { class: 'card-head' }, h('h3', null, 'Note'), h('span', { class: 'spacer' }), editing ? null : button(cur.note ? 'Edit' : 'Add', () => act({ kind: 'note' }), { key: 'm', cls: 'ghost' })),
    editing ? textEditor('note', 'Ctrl+Enter saves · Esc cancels') : cur.note ? h('p', { class: 'note-text' }, cur.note) : h('p', { class: 'muted small' }, 'No note. Press m to add one.'));
}

function textEditor(kind: string, hint: string): HTMLElement {
  const id = `${kind}:${state.index}`;
  if (!editor || editorFor !== id) {
    editor = h('textarea', { class: 'editor', attrs: { spellcheck: 'true', 'aria-label': kind, maxlength: String(MAX_TEXT) } });
    editor.value = state.draft;
    editor.addEventListener('input', () => {
      state.draft = (editor as HTMLTextAreaElement).value;
      persist();
    });
    editorFor = id;
    queueMicrotask(() => {
      editor?.focus();
      editor?.setSelectionRange(editor.value.length, editor.value.length);
    });
  }
  editor.rows = Math.min(18, Math.max(4, state.draft.split('\n').length + 1));
  return h('div', { class: 'editing' }, editor,
    h('div', { class: 'editor-actions' }, button('Save', () => finishEditing(true), { key: 'Ctrl+Enter' }), button('Cancel', () => finishEditing(false), { key: 'Esc', cls: 'ghost' }), h('span', { class: 'muted small' }, hint)));
}

function side(): HTMLElement {
  const s = state.stats;
  let content: Child;
  if (!s) content = h('p', { class: 'muted small' }, state.statsError ? `Stats unavailable: ${state.statsError}` : 'Counting…');
  else {
    const hc = s.humanCritic.agree + s.humanCritic.disagree;
    const hk = s.humanChecker.agree + s.humanChecker.disagree;
    const sources = Object.entries(s.sources).sort((a, b) => b[1] - a[1]);
    content = [
      h('div', { class: 'big-numbers' },
        h('div', null, h('strong', null, s.labelled.toLocaleString('en')), h('span', null, 'labelled')),
        h('div', null, h('strong', null, (s.count - s.labelled).toLocaleString('en')), h('span', null, 'to go')),
        h('div', null, h('strong', null, hc ? `${Math.round((100 * s.humanCritic.agree) / hc)}%` : '–'), h('span', null, 'agree with critic'))),
      barChart([
        { title: 'Step ratings', bars: [{ label: 'correct', value: s.ratings.correct, tone: 'good' }, { label: 'incorrect', value: s.ratings.incorrect, tone: 'bad' }, { label: 'neutral', value: s.ratings.neutral, tone: 'neutral' }] },
        { title: 'Critiques', bars: [{ label: 'accepted', value: s.critiqueVerdicts.accepted, tone: 'good' }, { label: 'rejected', value: s.critiqueVerdicts.rejected, tone: 'bad' }] },
        { title: `Human vs critic (${hc})`, share: true, bars: [{ label: 'agree', value: s.humanCritic.agree, tone: 'good' }, { label: 'disagree', value: s.humanCritic.disagree, tone: 'bad' }] },
        { title: `Human vs checker (${hk})`, share: true, bars: [{ label: 'agree', value: s.humanChecker.agree, tone: 'good' }, { label: 'disagree', value: s.humanChecker.disagree, tone: 'bad' }] },
        ...(sources.length > 1 ? [{ title: 'Sources', bars: sources.slice(0, 6).map(([label, value]) => ({ label: label.length > 14 ? `${label.slice(0, 13)}…` : label, value, tone: 'info' as const })) }] : []),
      ]),
    ];
  }
  return h('aside', { class: 'side' }, h('section', { class: 'card stats' }, h('div', { class: 'card-head' }, h('h3', null, 'Progress'), h('span', { class: 'spacer' }), h('span', { class: 'muted small' }, s ? `${s.count.toLocaleString('en')} records` : '')), content),
    state.open ? h('p', { class: 'journal muted small', title: state.open.journalPath }, 'Labels are appended to ', h('code', null, basename(state.open.journalPath)), '; the dataset file is never changed.') : null);
}

function footer(): HTMLElement {
  return h('footer', { class: 'help' },
    KEY_HELP.map(([k, what]) => h('span', { class: 'help-item' }, kbd(k), ' ', what)),
    state.showHelp
      ? h('span', { class: 'help-more' },
        'Each label is appended to the journal as you press it (the dataset file is never changed). Pressing the same rating, f, 0, a or r again clears it. ',
        'Ratings follow PRM800K: correct +1, incorrect −1, neutral 0; rating a step moves on to the next. Steps are shown from 1; the files count from 0. ',
        'Keys with Ctrl, Alt or Cmd are left to VS Code. Links in records are never opened from here.')
      : null);
}

function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

// ---------------------------------------------------------------- start

restore();
render();
post({ type: 'ready' });
