/**
 * The one place a model request's time is bounded. Every request an endpoint makes (chat
 * completions today, any other path tomorrow) runs as `attempt(signal)` under `withDeadline`,
 * so the bound covers what the attempt does: connecting, the headers, and reading the whole
 * body or SSE stream. The `openai` client's own timeout stops at the headers, which left a
 * server that trickled or stalled its body, or never ended a stream, holding a request (and
 * its concurrency slot) forever.
 */

/** Why an attempt was stopped by its deadline (kept apart from a caller's cancellation). */
export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`no complete answer within ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/** A caller's cancellation, when its signal carried no reason of its own. */
export class Cancelled extends Error {
  constructor() {
    super('The request was cancelled.');
    this.name = 'Cancelled';
  }
}

/**
 * Runs `attempt` with a signal that aborts at `ms` or when `outer` aborts, and settles by then
 * even if the attempt ignores its signal: the race, not the attempt's good behaviour, is what
 * frees the caller. A late settlement of the attempt is swallowed.
 */
export async function withDeadline<T>(attempt: (signal: AbortSignal) => Promise<T>, ms: number, outer?: AbortSignal): Promise<T> {
  if (outer?.aborted) throw new Cancelled();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onOuterAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const reason = new DeadlineExceeded(ms);
      controller.abort(reason);
      reject(reason);
    }, Math.max(0, ms));
    if (outer) {
      onOuterAbort = () => {
        const reason = new Cancelled();
        controller.abort(reason);
        reject(reason);
      };
      outer.addEventListener('abort', onOuterAbort, { once: true });
    }
  });
  const running = attempt(controller.signal);
  running.catch(() => {});
  try {
    return await Promise.race([running, stopped]);
  } catch (err) {
    // The attempt's own error when our signal aborted it is the abort, told as ours.
    if (controller.signal.aborted && (controller.signal.reason instanceof DeadlineExceeded || controller.signal.reason instanceof Cancelled)) throw controller.signal.reason;
    throw err;
  } finally {
    clearTimeout(timer);
    if (outer && onOuterAbort) outer.removeEventListener('abort', onOuterAbort);
  }
}

/** A wait that a cancellation ends early. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
