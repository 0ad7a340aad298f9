import type { Message } from 'vscode-languageserver/node';
import { hasKnownSecrets, redactKnownSecrets, redactSecrets } from '../engine/text/redact';
import { inertLinks } from '../engine/text/inert-links';

/**
 * What the server sends, redacted. Messages meant for a person's eyes (logs, shown messages,
 * the status, progress, error replies) lose anything shaped like a credential; everything else
 * (diagnostics, hovers, records for the curator, edits) loses the configured keys only, so a
 * document or dataset is never rewritten on its way to the editor.
 */
const SHOWN = new Set(['window/logMessage', 'window/showMessage', 'window/showMessageRequest', '$/logTrace', '$/progress', 'mathcritic/status', 'telemetry/event']);

export function redactOutgoing(msg: Message): Message {
  const m = msg as Message & { method?: unknown; error?: unknown };
  const shown = (typeof m.method === 'string' && SHOWN.has(m.method)) || m.error !== undefined;
  // Data with no key to look for is sent as it is: walking a thousand diagnostics on every
  // keystroke to change nothing was a tenth of a keystroke's time in a 10,000-step document.
  if (!shown && !hasKnownSecrets()) return msg;
  // Shown text also links nothing (a notification turns `[x](command:…)` into a link that runs).
  return deepMap(msg, shown ? (s) => inertLinks(redactSecrets(s)) : (s) => redactKnownSecrets(s)) as Message;
}

function deepMap(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') {
    const out = f(value);
    return out;
  }
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = deepMap(v, f);
      if (r !== v) changed = true;
      return r;
    });
    return changed ? out : value;
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = deepMap(v, f);
      if (r !== v) changed = true;
      out[k] = r;
    }
    return changed ? out : value;
  }
  return value;
}
