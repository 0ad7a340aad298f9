/**
 * The `mathcritic` settings from whatever shape a client sent them in, and what in them was
 * not used. People write settings the way their editor's documentation shows: VS Code's flat
 * `"mathcritic.critic.baseUrl"` keys, Neovim's `settings = { mathcritic = { … } }`, or the
 * section itself. Each is read; a key the server does not know or a value it cannot use is
 * named (`problems`) instead of silently falling back to a default.
 */
import { FINDING_CODES } from '../engine/check';
import { readSettings, type Settings } from './settings';

/** `mathcritic.*` keys that only the VS Code client reads (the curator's pattern, the trace level). */
const CLIENT_KEYS = new Set(['curator', 'trace']);
const PREFIX = 'mathcritic.';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The `mathcritic` section in `raw`: `raw.mathcritic` and `"mathcritic.…"` keys when there are
 * any (other servers' sections beside it are left alone), else `raw` itself; dotted keys are
 * expanded (`"critic.baseUrl"` → `{critic: {baseUrl}}`).
 */
export function unwrapSettings(raw: unknown): unknown {
  if (!isObject(raw)) return raw;
  const wrapped = Object.keys(raw).some((k) => k === 'mathcritic' || k.startsWith(PREFIX));
  const out: Obj = {};
  for (const [key, value] of Object.entries(raw)) {
    if (wrapped) {
      if (key === 'mathcritic') merge(out, expand(value));
      else if (key.startsWith(PREFIX)) put(out, key.slice(PREFIX.length).split('.'), expand(value));
    } else put(out, key.split('.'), expand(value));
  }
  return out;
}

function expand(value: unknown): unknown {
  if (!isObject(value)) return value;
  const out: Obj = {};
  for (const [key, v] of Object.entries(value)) put(out, key.split('.'), expand(v));
  return out;
}

function put(into: Obj, path: string[], value: unknown): void {
  let at = into;
  for (const part of path.slice(0, -1)) {
    if (!isObject(at[part])) at[part] = {};
    at = at[part] as Obj;
  }
  const last = path[path.length - 1];
  if (isObject(at[last]) && isObject(value)) merge(at[last] as Obj, value);
  else at[last] = value;
}

function merge(into: Obj, value: unknown): void {
  if (!isObject(value)) return;
  for (const [k, v] of Object.entries(value)) put(into, [k], v);
}

/** Reads a client's settings in any of the shapes above; `problems` says what was not used, one line each. */
export function readClientSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const section = unwrapSettings(raw);
  const settings = readSettings(section);
  return { settings, problems: settingsProblems(section, settings) };
}

/** What in `raw` (the `mathcritic` section) `parsed` does not hold as written. */
export function settingsProblems(raw: unknown, parsed: Settings): string[] {
  if (raw === undefined || raw === null) return [];
  if (!isObject(raw)) {
    // Lua's empty table is sent as a JSON array.
    if (Array.isArray(raw) && raw.length === 0) return [];
    return [`the mathcritic settings are ${JSON.stringify(raw)}, not an object of settings: the defaults are used`];
  }
  const problems: string[] = [];
  const walk = (r: Obj, p: Obj, at: string) => {
    for (const [key, value] of Object.entries(r)) {
      const name = `${at}.${key}`;
      if (at === 'mathcritic' && CLIENT_KEYS.has(key)) continue;
      if (name === 'mathcritic.trusted') {
        problems.push('mathcritic.trusted is not a setting: trust comes from the client (initializationOptions.trusted), never from settings a workspace could carry');
        continue;
      }
      if (name === 'mathcritic.severity') {
        problems.push(...severityProblems(value, p.severity as Obj));
        continue;
      }
      if (!Object.hasOwn(p, key)) {
        problems.push(`${name} is not a setting (see the README, "Settings")`);
        continue;
      }
      const used = p[key];
      if (isObject(used) && (isObject(value) || (Array.isArray(value) && value.length === 0))) {
        if (isObject(value)) walk(value, used, name);
      } else if (JSON.stringify(value) !== JSON.stringify(used)) {
        problems.push(`${name}: ${JSON.stringify(value)} is not a valid value, so ${JSON.stringify(used)} is used`);
      }
    }
  };
  walk(raw, parsed as unknown as Obj, 'mathcritic');
  return problems;
}

function severityProblems(value: unknown, used: Obj): string[] {
  if (Array.isArray(value) && value.length === 0) return [];
  if (!isObject(value)) return [`mathcritic.severity: ${JSON.stringify(value)} is not an object of codes and severities`];
  const bad: string[] = [];
  for (const [code, s] of Object.entries(value)) {
    if (!(FINDING_CODES as readonly string[]).includes(code)) bad.push(`${code} is not a finding code (codes: ${FINDING_CODES.join(', ')})`);
    else if (!['error', 'warning', 'information', 'hint', 'off'].includes(s as string)) bad.push(`${code}: ${JSON.stringify(s)} is not error, warning, information, hint or off`);
  }
  if (bad.length === 0) return [];
  // The map is read whole: one bad entry leaves every code at its default.
  const whole = Object.keys(used).length === 0 ? ' (so no entry of mathcritic.severity is used)' : '';
  return bad.map((b) => `mathcritic.severity: ${b}${whole}`);
}
