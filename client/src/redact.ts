import type * as vscode from 'vscode';
import { redactSecrets, rememberSecret } from '../../server/src/engine/text/redact';
import { inertLinks } from '../../server/src/engine/text/inert-links';

/**
 * The client's side of secret redaction (the engine's one function): the output channel, which
 * also receives the server's stderr and the protocol traces, the status bar and error toasts.
 */
export { rememberSecret };

export function errorText(err: unknown): string {
  if (err instanceof Error) return noticeText(err.message);
  if (err && typeof err === 'object' && 'message' in err && typeof (err as { message: unknown }).message === 'string') return noticeText((err as { message: string }).message);
  return noticeText(String(err));
}

/** Text for a notification: no secret, and no link (a `command:` link there runs when clicked). */
export function noticeText(text: string): string {
  return inertLinks(redactSecrets(text));
}

const WRITES = new Set(['append', 'appendLine', 'replace', 'trace', 'debug', 'info', 'warn', 'error']);

/** The channel with every write redacted, whoever writes (our code, the LanguageClient, its tracer). */
export function redactingChannel<C extends vscode.OutputChannel>(channel: C): C {
  return new Proxy(channel, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      const f = (value as (...a: unknown[]) => unknown).bind(target);
      if (typeof prop !== 'string' || !WRITES.has(prop)) return f;
      return (first: unknown, ...rest: unknown[]) => f(typeof first === 'string' ? redactSecrets(first) : first instanceof Error ? redactSecrets(first.stack ?? first.message) : first, ...rest);
    },
  });
}
