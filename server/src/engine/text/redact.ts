/**
 * Secrets out of everything MathCritic says. Servers echo the Authorization header in their
 * error bodies (on 401, 400, 500), and that text used to reach stderr, the output channel and
 * the status bar. Every printer, logger, status line and written message goes through here.
 *
 * Two strengths: `redactSecrets` (messages) removes the keys this process was given plus
 * anything shaped like a credential (`Bearer …`, `sk-…`, an `Authorization:` or `api_key=`
 * value); `redactKnownSecrets` (data a person asked to be written, e.g. records) removes only
 * the given keys, so a dataset that happens to contain `sk-…` in a problem stays as it was.
 */

export const REDACTED = '[redacted]';

// Shorter "keys" (a placeholder like "x") would blank out ordinary words in every message.
const MIN_SECRET_LENGTH = 4;
const known = new Set<string>();
let knownForms: string[] = [];

/** Remembers a key this process was given (MATHCRITIC_API_KEY, an endpoint's apiKey). */
export function rememberSecret(secret: string | undefined | null): void {
  const s = secret?.trim();
  if (!s || s.length < MIN_SECRET_LENGTH || known.has(s)) return;
  known.add(s);
  knownForms = secretForms([]);
}

// A token, not an English word ("the bearer of bad news"): 8+ characters with a digit or punctuation.
const BEARER = /\b(bearer)\s+(?=[A-Za-z0-9\-._~+/]*[0-9\-._~+/])[A-Za-z0-9\-._~+/]{8,}=*/gi;
const SK_KEY = /\bsk-[A-Za-z0-9_-]{8,}/g;
// `"authorization": "Basic …"`, `x-api-key: …`, `?api_key=…`: keep the name, drop the value.
const CREDENTIAL_FIELD = /((?:proxy-)?authorization|x-api-key|api[-_]?key|access[-_]?token|client[-_]?secret)("?\s*[:=]\s*"?)(?:(?:bearer|basic|token)\s+)?[^\s"',;}&]+/gi;

export function redactSecrets(text: string, secrets: Iterable<string | undefined> = []): string {
  return redactKnownSecrets(text, secrets)
    .replace(BEARER, (_m, word: string) => `${word} ${REDACTED}`)
    .replace(SK_KEY, `sk-${REDACTED}`)
    .replace(CREDENTIAL_FIELD, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`);
}

/** Whether any key was remembered: without one, `redactKnownSecrets` (no extra keys) changes nothing. */
export function hasKnownSecrets(): boolean {
  return knownForms.length > 0;
}

export function redactKnownSecrets(text: string, secrets: Iterable<string | undefined> = []): string {
  const extra = [...secrets].filter((s): s is string => !!s);
  // The common case (a local server, no key) costs nothing per string.
  const forms = extra.length ? secretForms(extra) : knownForms;
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

/** The keys as they may appear: raw, JSON-escaped, URL-encoded. Longest first, so no key leaves a tail. */
function secretForms(extra: Iterable<string | undefined>): string[] {
  const forms = new Set<string>();
  for (const raw of [...known, ...extra]) {
    const s = raw?.trim();
    if (!s || s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Any value's message, redacted: for `catch (err)` paths that print. */
export function redactedMessage(err: unknown, secrets: Iterable<string | undefined> = []): string {
  return redactSecrets(err instanceof Error ? err.message : String(err), secrets);
}
