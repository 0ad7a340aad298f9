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
 * and KaTeX (trust off) — see markdown.ts and md() in dom.ts.
 *
 * This file only wires the rooms together: state.ts (the state, persisted), host-requests.ts
 * (the host), records.ts and record-cache.ts (which record), label-queue.ts (labels on their
 * way), actions.ts and keys.ts (what the keys do), view.ts and the views it draws.
 */
// zod-setup first: zod must be configured before messages.ts builds its schemas.
import './zod-setup';
import './curator.css';
import { restore } from './state';
import { listenToHost, post } from './host-requests';
import { setRenderer } from './redraw';
import { goTo, onChanged, onOpen, onOpenFailed, onProgress } from './records';
import { listenToKeys } from './keys';
import { render } from './view';

setRenderer(render);
listenToHost({ open: onOpen, openFailed: onOpenFailed, changed: onChanged, progress: onProgress, goto: (index) => void goTo(index) });
listenToKeys();

restore();
render();
post({ type: 'ready' });
