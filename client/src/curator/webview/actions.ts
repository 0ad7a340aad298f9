/** What each action (a key, or the button that shows it) does to the state. */
import type { RecordFilter } from '../../../../protocol/curator';
import { state, persist, type Mode } from './state';
import { render } from './redraw';
import { notify } from './notice';
import { step } from './records';
import { label, shownCuration } from './label-queue';
import { firstWrongToggle, rateToggle, ratingOf, verdictToggle, type Action } from './model';

export function act(a: Action): void {
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

export function select(stepIndex: number): void {
  state.selected = stepIndex;
  render();
  document.querySelector(`[data-step="${stepIndex}"]`)?.scrollIntoView({ block: 'nearest' });
}

export function setFilter(f: RecordFilter): void {
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

export function finishEditing(save: boolean): void {
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
