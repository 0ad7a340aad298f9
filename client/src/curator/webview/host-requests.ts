/**
 * The page's side of the conversation with the extension host: requests (forwarded as LSP
 * requests to the server) matched to their responses by id, each answer checked with zod
 * against what was asked, and the host's own messages handed to whoever wired them.
 */
import type { CuratorOpenResult, CuratorProgressParams, WebviewToHost } from '../../../../protocol/curator';
import { OPEN_RESPONSE_ID, parseHostMessage, parsePageResult, type PageMethod, type PageParams, type PageResult } from '../messages';
import { vscode } from './vscode-api';

const REQUEST_TIMEOUT_MS = 60_000;
let nextId = OPEN_RESPONSE_ID + 1;
const waiting = new Map<number, { method: PageMethod; resolve(v: unknown): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }>();

export function post(m: WebviewToHost): void {
  vscode.postMessage(m);
}

export function request<M extends PageMethod>(method: M, params: PageParams<M>): Promise<PageResult<M>> {
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

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What the host tells the page of its own accord. */
export interface HostEvents {
  open(result: CuratorOpenResult): void;
  /** The answer to `ready` was an error (response OPEN_RESPONSE_ID). */
  openFailed(error: string | undefined): void;
  changed(): void;
  /** How far the server's indexing of the dataset is (its last one: done). */
  progress(p: Omit<CuratorProgressParams, 'uri'>): void;
  goto(index: number): void;
}

export function listenToHost(on: HostEvents): void {
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
          on.openFailed(m.error);
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
        on.open(m.result);
        return;
      case 'changed':
        on.changed();
        return;
      case 'progress':
        on.progress(m.progress);
        return;
      case 'goto':
        on.goto(m.index);
        return;
    }
  });
}
