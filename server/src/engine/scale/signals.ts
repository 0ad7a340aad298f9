/**
 * A signal of its own for each request of a problem, linked to the problem's and unlinked
 * when the request ends. The openai client never removes the listener it adds to a request's
 * signal, so the problem's one signal, shared by its 2 + K × (1 + 2L) requests, would collect
 * one listener per request (Node warns past 10) and keep them all until the problem ends.
 */
export async function withOwnSignal<T>(parent: AbortSignal | undefined, run: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  if (!parent) return run(undefined);
  parent.throwIfAborted();
  const own = new AbortController();
  const link = () => own.abort(parent.reason);
  parent.addEventListener('abort', link, { once: true });
  try {
    return await run(own.signal);
  } finally {
    parent.removeEventListener('abort', link);
  }
}
