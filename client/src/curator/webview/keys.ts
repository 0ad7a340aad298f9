/** The page's keyboard (and its one document-wide click rule). Keys with Ctrl, Alt or Cmd are VS Code's. */
import { state } from './state';
import { render } from './redraw';
import { notify } from './notice';
import { act, finishEditing } from './actions';
import { actionForKey } from './model';

export function listenToKeys(): void {
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

  // Links in record text are never followed (strangers wrote them). Records render no anchors
  // (markdown.ts); this guard is for any that appear anyway. It listens in the capture phase,
  // before any element's own handler can stop the event from reaching it.
  const guard = (e: MouseEvent) => {
    const link = (e.target as Element | null)?.closest?.('a, .md-link');
    if (!link) return;
    e.preventDefault();
    if (e.type === 'click') notify(`Links in records are not opened from the curator: ${link.getAttribute('href') ?? link.getAttribute('title') ?? ''}`, 'info');
  };
  document.addEventListener('click', guard, true);
  document.addEventListener('auxclick', guard, true);
}
