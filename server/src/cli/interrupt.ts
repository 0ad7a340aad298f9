/**
 * Ctrl-C during a long export. The first one stops taking solutions and aborts the requests in
 * flight, so every line already written stays whole and a rerun resumes where this one stopped;
 * a second one exits at once (nothing half-written either: each record is one write).
 */
export function onInterrupt(err: NodeJS.WritableStream): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    err.write('\nInterrupted: finishing the lines being written (Ctrl-C again to quit now)…\n');
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', handler) };
}

/** The shell's convention for a process stopped by SIGINT (128 + 2). */
export const EXIT_INTERRUPTED = 130;

export function interruptedMessage(written: number): string {
  return `Interrupted after ${written} written. Run the same command again to resume.\n`;
}
