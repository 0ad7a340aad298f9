import { setMaxListeners } from 'node:events';
import { parseJsonl, type BadLine } from '../io/jsonl';
import { EndpointError } from '../model';
import { readTextFile } from '../io/decode';

/**
 * The one export loop behind `mathcritic critique|self-talk|explore` and the editor's
 * "Export Training Data…": jobs in, a per-job async function, whole lines appended as each
 * job finishes (one writer at a time), ids already in the output skipped, a concurrency limit,
 * counts for a progress line, cancellation, and a stop when the endpoint is unusable.
 *
 * Nothing here knows about argv or LSP: the shells pass callbacks and print what they like.
 */

/** What one job came to. `output` is handed to `write`; the others are counted, not written. */
export type JobOutcome<O> = { output: O } | { rejected: string } | { failed: string };

export interface ExportProgress {
  /** Jobs settled so far, counting the ones skipped as already in the output. */
  done: number;
  /** All jobs, skipped ones included. */
  total: number;
  written: number;
  /** Already in the output from an earlier run. */
  skipped: number;
  /** Ran, but produced nothing to write on purpose (e.g. a self-talk chain that did not verify). */
  rejected: number;
  failed: number;
}

export interface ExportSummary extends ExportProgress {
  /** The run was cancelled through the signal: what is written stays, a rerun resumes. */
  cancelled: boolean;
  /** The error that stopped the run (an endpoint that is down or refuses the key). */
  fatal?: Error;
}

export interface RunExportOptions<J extends { id: string }, O> {
  jobs: readonly J[];
  /** Ids already in the output (see `readDoneIds`); those jobs are skipped. */
  done?: ReadonlySet<string>;
  /** Jobs in flight at once (default 1). */
  concurrency?: number;
  /** Does one job. Must pass `signal` on to its requests so that a cancel aborts them. */
  run(job: J, signal: AbortSignal): Promise<JobOutcome<O>>;
  /**
   * Writes finished jobs' outputs (e.g. one `appendJsonl` of them all). Called one batch at a
   * time, in finishing order: the batch is whatever finished while the previous one was being
   * written, so a flush per batch, not per record, bounds the rate (group commit).
   */
  write(batch: ReadonlyArray<{ output: O; job: J }>): Promise<void>;
  signal?: AbortSignal;
  /** After every settled job, and once at the start. */
  onProgress?(progress: ExportProgress): void;
  /** A job that threw (not cancelled). The default policy stops on `isFatalEndpointError`. */
  onError?(job: J, error: unknown): void;
  onRejected?(job: J, reason: string): void;
  onFailed?(job: J, reason: string): void;
  /** Which errors stop the whole run. Default: `isFatalEndpointError`. */
  isFatal?(error: unknown): boolean;
}

/**
 * A server that is down, refuses the key or does not serve the model fails every request
 * alike: stop, keep what is written. Timeouts, 429 and 5xx are per request and go on.
 */
export function isFatalEndpointError(e: unknown): boolean {
  return e instanceof EndpointError && (e.kind === 'unreachable' || e.status === 401 || e.status === 403 || e.status === 404);
}

export async function runExport<J extends { id: string }, O>(options: RunExportOptions<J, O>): Promise<ExportSummary> {
  const { jobs, signal } = options;
  const already = options.done ?? new Set<string>();
  const todo = jobs.filter((j) => !already.has(j.id));
  const isFatal = options.isFatal ?? isFatalEndpointError;
  const counts: ExportProgress = { done: jobs.length - todo.length, total: jobs.length, written: 0, skipped: jobs.length - todo.length, rejected: 0, failed: 0 };
  let fatal: Error | undefined;
  // Cancelling aborts the requests in flight; a fatal error only stops taking new jobs.
  const inner = new AbortController();
  // One listener per job in flight (see `runOne`): more than Node's default 10 is expected.
  setMaxListeners(Math.max(10, 2 * (options.concurrency ?? 1)), inner.signal);
  // Each job gets its own signal, linked to the run's and unlinked when the job ends: the openai
  // client never removes the listener it adds to a request's signal, so one signal shared by
  // thousands of requests would collect thousands of listeners.
  const runOne = async (job: J): Promise<JobOutcome<O>> => {
    const own = new AbortController();
    const link = () => own.abort(inner.signal.reason);
    inner.signal.addEventListener('abort', link, { once: true });
    try {
      return await options.run(job, own.signal);
    } finally {
      inner.signal.removeEventListener('abort', link);
    }
  };
  const onAbort = () => inner.abort(signal?.reason);
  if (signal?.aborted) inner.abort(signal.reason);
  else signal?.addEventListener('abort', onAbort, { once: true });
  const progress = () => options.onProgress?.({ ...counts });
  progress();

  // One writer at a time, off the workers' path: a finished job is queued and its worker takes
  // the next job at once, so a batch's fsync never stalls the requests (group commit). What
  // finishes meanwhile goes out as the next batch. A job counts as done only once its line is
  // written whole; after a failed write nothing more is written (the output cannot take it).
  const maxQueued = Math.max(64, 4 * (options.concurrency ?? 1));
  let queued: Array<{ output: O; job: J }> = [];
  let writing: Promise<void> | undefined;
  let writeFailed: Error | undefined;
  let roomForMore: Array<() => void> = [];
  const settleBatch = (batch: ReadonlyArray<{ output: O; job: J }>, error?: Error) => {
    if (error) {
      // The output cannot take more (a full disk): stop; these jobs are not done, so the next
      // run asks them again. Never counted as failed-and-moved-on either.
      writeFailed ??= error;
      if (!fatal) fatal = error;
      inner.abort(fatal);
      return;
    }
    // One progress call per job, as for the jobs that are not written (see `onProgress`).
    for (let i = 0; i < batch.length; i++) {
      counts.written++;
      counts.done++;
      progress();
    }
  };
  const drain = async () => {
    while (queued.length > 0) {
      const batch = queued;
      queued = [];
      const waiting = roomForMore;
      roomForMore = [];
      for (const wake of waiting) wake();
      if (writeFailed) continue;
      try {
        await options.write(batch);
        settleBatch(batch);
      } catch (e) {
        settleBatch(batch, e instanceof Error ? e : new Error(String(e)));
      }
    }
    writing = undefined;
  };
  /** Queues a finished job's output; waits only when the writer is `maxQueued` lines behind. */
  const enqueue = async (output: O, job: J): Promise<void> => {
    queued.push({ output, job });
    writing ??= drain();
    if (queued.length >= maxQueued) await new Promise<void>((resolve) => roomForMore.push(resolve));
  };

  let next = 0;
  const worker = async () => {
    while (next < todo.length && !fatal && !inner.signal.aborted) {
      const job = todo[next++];
      let settled = true;
      try {
        const outcome = await runOne(job);
        if (inner.signal.aborted && !('output' in outcome)) {
          settled = false; // cut short by the cancel: neither failed nor rejected, asked again next run
        } else if ('output' in outcome) {
          // A job that finished as the cancel came is still written: the work is done. It is
          // counted when its batch is written (see settleBatch).
          await enqueue(outcome.output, job);
          settled = false;
        } else if ('rejected' in outcome) {
          counts.rejected++;
          options.onRejected?.(job, outcome.rejected);
        } else {
          counts.failed++;
          options.onFailed?.(job, outcome.failed);
        }
      } catch (e) {
        if (inner.signal.aborted && isAbort(e)) {
          settled = false;
        } else {
          counts.failed++;
          options.onError?.(job, e);
          if (isFatal(e) && !fatal) fatal = e instanceof Error ? e : new Error(String(e));
        }
      }
      if (settled) {
        counts.done++;
        progress();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(Math.max(1, options.concurrency ?? 1), todo.length) }, worker));
    while (writing) await writing;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return { ...counts, cancelled: signal?.aborted === true, fatal };
}

function isAbort(e: unknown): boolean {
  if (e instanceof EndpointError) return e.kind === 'aborted';
  const name = (e as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'APIUserAbortError';
}

export interface DoneIds {
  ids: Set<string>;
  /** The file ended in a torn line (an interrupted write): ignored, that job is asked again. */
  tornTail: boolean;
  /** Lines that are not records (other than a torn tail). */
  bad: BadLine[];
  /** False when there is no output file yet. */
  exists: boolean;
}

/** The ids an earlier run already wrote to `file`; a missing file is an empty set. */
export async function readDoneIds(file: string): Promise<DoneIds> {
  let text: string;
  try {
    text = await readTextFile(file);
  } catch {
    return { ids: new Set(), tornTail: false, bad: [], exists: false };
  }
  const { records, bad, tornTail } = parseJsonl(text);
  return {
    ids: new Set(records.map((r) => String((r as { id?: unknown } | null)?.id))),
    tornTail,
    bad: tornTail ? bad.slice(0, -1) : bad,
    exists: true,
  };
}
