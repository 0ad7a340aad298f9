/** The sticky top bar: dataset, position (or the go-to form), progress, save state, filters. */
import type { RecordFilter } from '../../../../protocol/curator';
import { state } from './state';
import { post } from './host-requests';
import { notify } from './notice';
import { goTo } from './records';
import { act, setFilter } from './actions';
import { button, h, type Child } from './dom';
import { filterIsEmpty } from './model';

let gotoForm: HTMLFormElement | undefined;

/** The go-to form while the goto mode lasts (render() gives the focus back to it). */
export function currentGotoForm(): HTMLFormElement | undefined {
  return gotoForm;
}

/** The record count, "so far" while the dataset is still being indexed. */
function totalText(count: number): string {
  return state.indexing ? `${count.toLocaleString('en')}+ so far` : count.toLocaleString('en');
}

export function header(datasetName: string): HTMLElement {
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
      const input = h('input', { attrs: { id: 'goto-input', type: 'number', min: '1', ...(state.indexing ? {} : { max: String(count) }), placeholder: state.indexing ? '1–' : `1–${count}`, 'aria-label': 'record number' } });
      const form = h('form', { class: 'goto' }, 'Go to ', input, ` of ${totalText(count)}`);
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const n = Number(input.value);
        const total = state.open?.count ?? 0;
        state.mode = { kind: 'normal' };
        // While indexing, the total is not known yet: a record past it is waited for.
        if (Number.isInteger(n) && n >= 1 && (n <= total || state.indexing)) void goTo(n - 1);
        else notify(`There is no record ${input.value || '(empty)'}: 1 to ${total}.`, 'warn');
      });
      gotoForm = form;
      queueMicrotask(() => input.focus());
    }
    position = gotoForm;
  } else {
    gotoForm = undefined;
    position = h('span', { class: 'position', title: 'g: go to a record number', onclick: () => act({ kind: 'goto' }) }, 'Record ', h('strong', null, count ? String(state.index + 1) : '–'), ` of ${totalText(count)}`);
  }
  const indexing = state.indexing
    ? h('span', { class: 'indexing muted small', attrs: { role: 'status' }, title: 'The dataset is still being indexed: records are shown as soon as they are found' }, `indexing… ${Math.floor(100 * state.indexing.fraction)}%`)
    : null;

  return h(
    'header',
    { class: 'topbar' },
    h('div', { class: 'topline' },
      h('span', { class: 'dataset-name', title: state.open?.journalPath ? `labels are appended to ${state.open.journalPath}` : '' }, datasetName || 'dataset'),
      position,
      indexing,
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
