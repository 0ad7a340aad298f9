import { Cancelled, DeadlineExceeded, sleep, withDeadline } from './deadline';

/**
 * How long one call to a model may take, retries included. Each attempt is bounded whole by
 * `attemptMs` (connect to the last byte); the call as a whole by `attemptMs × (retries + 1)`,
 * waits between attempts included. An attempt that ran out of time is not tried again: the
 * server had all of it, and trying again would multiply the wait the person sees.
 */
export interface RetryPolicy {
  attemptMs: number;
  retries: number;
}

export const totalBudgetMs = (p: RetryPolicy): number => p.attemptMs * (p.retries + 1);

/** What a failed attempt allows: give up, or try again (after the wait the server asked for, if any). */
export type RetryVerdict = { retry: false } | { retry: true; afterMs?: number };

export interface RetryOptions {
  signal?: AbortSignal;
  /** Wraps each attempt, e.g. a concurrency slot; the slot is held for the attempt only, not the waits. */
  slot?: <R>(run: () => Promise<R>, signal?: AbortSignal) => Promise<R>;
  classify(err: unknown): RetryVerdict;
}

/** Raised when a retry would end past the call's budget: the last failure is in `last`. */
export class BudgetExhausted extends Error {
  constructor(
    readonly last: unknown,
    readonly waitMs: number,
    readonly budgetMs: number,
  ) {
    super(`a retry would end past the ${budgetMs} ms budget`);
    this.name = 'BudgetExhausted';
  }
}

const backoffMs = (retry: number) => Math.min(500 * 2 ** retry, 8_000) * (1 - Math.random() * 0.25);

/** Runs `attempt` under `policy`; the budget's clock starts when the first attempt gets its slot. */
export async function withRetries<T>(attempt: (signal: AbortSignal) => Promise<T>, policy: RetryPolicy, options: RetryOptions): Promise<T> {
  const slot = options.slot ?? ((run) => run());
  const budget = totalBudgetMs(policy);
  let deadline: number | undefined;
  for (let retry = 0; ; retry++) {
    try {
      return await slot(() => {
        deadline ??= Date.now() + budget;
        return withDeadline(attempt, Math.min(policy.attemptMs, deadline - Date.now()), options.signal);
      }, options.signal);
    } catch (err) {
      if (err instanceof DeadlineExceeded || err instanceof Cancelled || options.signal?.aborted) throw options.signal?.aborted ? new Cancelled() : err;
      const verdict = options.classify(err);
      if (!verdict.retry || retry >= policy.retries) throw err;
      const wait = verdict.afterMs ?? backoffMs(retry);
      // A wait that leaves no time to answer in is not worth making.
      if (deadline !== undefined && Date.now() + wait + 1 >= deadline) throw new BudgetExhausted(err, wait, budget);
      await sleep(wait, options.signal);
    }
  }
}
