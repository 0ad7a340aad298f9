import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CheckedEquation } from '../engine/check/equations';

export interface CheckRequest {
  id: number;
  texts: string[];
}

/** A reply to a request, or the worker's word that it has loaded and takes requests. */
export type CheckReply = { id: number; results: CheckedEquation[][] } | { id: number; error: string } | { ready: true };

/**
 * One worker thread that recomputes the equations of step texts, started on first use (most
 * sessions never need it). If it cannot start (the server runs from sources, not dist/) or it
 * dies, `check` rejects and the caller decides what to do.
 */
export class CheckPool {
  private worker: Worker | undefined;
  private next = 1;
  private canStart: boolean | undefined;
  private isReady = false;
  private readyWaiters: (() => void)[] = [];
  private readonly pending = new Map<number, { resolve: (r: CheckedEquation[][]) => void; reject: (e: Error) => void }>();

  constructor(private readonly script = path.join(__dirname, 'check-worker.js')) {}

  get available(): boolean {
    this.canStart ??= existsSync(this.script);
    return this.canStart;
  }

  /**
   * Starts the worker if need be and resolves once it has loaded. A worker that is starting
   * has its bundle to load and compile, hundreds of milliseconds: work sent to it meanwhile
   * would wait, so callers check on their own thread until this resolves.
   */
  ready(): Promise<void> {
    this.start();
    if (this.isReady) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  check(texts: string[]): Promise<CheckedEquation[][]> {
    const worker = this.start();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, texts } satisfies CheckRequest);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    // An idle worker must not keep the process alive after the connection ends.
    worker.unref();
    worker.on('message', (reply: CheckReply) => {
      if ('ready' in reply) {
        this.isReady = true;
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        return;
      }
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve(reply.results);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.isReady = false;
      }
      // Waiters go on: their next request starts another worker, and fails if it dies too.
      for (const resolve of this.readyWaiters.splice(0)) resolve();
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the check worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
