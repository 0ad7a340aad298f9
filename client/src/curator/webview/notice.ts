/** The one-line notice under the top bar; an info notice goes away by itself. */
import { state } from './state';
import { render } from './redraw';

let noticeTimer: ReturnType<typeof setTimeout> | undefined;

export function notify(text: string, tone: 'info' | 'warn' | 'error'): void {
  state.notice = { text, tone };
  clearTimeout(noticeTimer);
  if (tone === 'info') noticeTimer = setTimeout(() => ((state.notice = undefined), render()), 4000);
  render();
}
