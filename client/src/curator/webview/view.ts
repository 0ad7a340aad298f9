/** Drawing the whole page from the state; every change redraws it (render()). */
import { state } from './state';
import { post } from './host-requests';
import { retryFailed } from './label-queue';
import { button, h, kbd, type Child } from './dom';
import { currentGotoForm, header } from './topbar';
import { body, currentEditor } from './record-view';
import { side } from './stats-panel';
import { KEY_HELP } from './model';

const app = document.getElementById('app') as HTMLElement;
const datasetName = app.dataset.title ?? '';

export function render(): void {
  const editorBefore = currentEditor();
  const focusWasEditor = editorBefore !== undefined && document.activeElement === editorBefore;
  const gotoBefore = currentGotoForm();
  const focusWasGoto = gotoBefore !== undefined && gotoBefore.contains(document.activeElement);
  const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.focus;
  const root = h(
    'div',
    { class: 'page' },
    header(datasetName),
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
  // Drawing may have made a new editor or go-to form: the focus goes to the one now on the page.
  const editor = currentEditor();
  if (editor && editor.isConnected) {
    if (focusWasEditor || document.activeElement === document.body) editor.focus();
  }
  const gotoForm = currentGotoForm();
  if (gotoForm?.isConnected && (focusWasGoto || document.activeElement === document.body)) (gotoForm.querySelector('input') as HTMLInputElement).focus();
  // A filter control that had the focus keeps it.
  if (focusKey) (root.querySelector(`[data-focus="${focusKey}"]`) as HTMLElement | null)?.focus();
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
