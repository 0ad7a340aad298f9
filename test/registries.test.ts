/**
 * What is registered once and described three times must agree: the server's settings (the
 * zod schema in lsp/settings.ts) with package.json's `contributes.configuration` and the
 * README's Settings table; the checker's finding codes (engine/check) with package.json's
 * `mathcritic.severity` and the README's table of codes. A setting or a code added in one
 * place and not the others fails here, and the message says which row or property to add.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { settingsSchema } from '../server/src/lsp/settings';
import { DEFAULT_SEVERITIES, FINDING_CODES } from '../server/src/engine/check';
import { PROFILE_NAMES } from '../server/src/engine/critic';
import { ACTOR_PROFILE_NAMES } from '../server/src/engine/actor/profiles';

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const contributed: Record<string, Record<string, unknown>> = pkg.contributes.configuration.properties;

/** Settings the client reads itself (the server never sees them). */
const CLIENT_SETTINGS = ['mathcritic.curator.defaultPattern', 'mathcritic.trace.server'];

/**
 * Settings whose keys or values are another registry's names, checked against it. Critic
 * profiles register here too: `{ setting: 'mathcritic.critic.profile', values: PROFILE_NAMES }`.
 */
const ENUMERATED_BY_REGISTRY: Array<{ setting: string; keys?: readonly string[]; values?: readonly string[] }> = [
  { setting: 'mathcritic.severity', keys: FINDING_CODES },
  { setting: 'mathcritic.critic.profile', values: PROFILE_NAMES },
  { setting: 'mathcritic.actor.profile', values: ACTOR_PROFILE_NAMES },
];

type JsonSchema = {
  type?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema;
  propertyNames?: JsonSchema;
};

/** The schema's leaves as `mathcritic.a.b` → JSON Schema (objects with fixed keys are walked; records are leaves). */
function serverSettings(): Map<string, JsonSchema> {
  const out = new Map<string, JsonSchema>();
  const walk = (prefix: string, s: JsonSchema) => {
    if (s.type === 'object' && s.properties && !s.additionalProperties) {
      for (const [k, v] of Object.entries(s.properties)) walk(`${prefix}.${k}`, v);
    } else out.set(prefix, s);
  };
  walk('mathcritic', z.toJSONSchema(settingsSchema, { io: 'input' }) as JsonSchema);
  return out;
}

test("package.json contributes exactly the settings the server reads, plus the client's own", () => {
  const server = serverSettings();
  const expected = [...server.keys(), ...CLIENT_SETTINGS].sort();
  assert.deepEqual(Object.keys(contributed).sort(), expected, 'a setting in lsp/settings.ts (or CLIENT_SETTINGS) without a package.json property, or the other way round');
});

test('each server setting has the same type, default, bounds and choices in package.json as in the zod schema', () => {
  for (const [key, schema] of serverSettings()) {
    const p = contributed[key];
    if (!p) continue; // reported by the test above
    assert.equal(p.type, schema.type, `${key}: package.json says type ${String(p.type)}, lsp/settings.ts reads ${schema.type}`);
    assert.deepEqual(p.default, schema.default, `${key}: default`);
    // `.int()` alone bounds a number by the safe integers: no bound a person sets.
    const userBound = (v: unknown) => (v === Number.MAX_SAFE_INTEGER || v === Number.MIN_SAFE_INTEGER ? undefined : v);
    for (const bound of ['minimum', 'maximum', 'enum'] as const) assert.deepEqual(p[bound], userBound(schema[bound]), `${key}: ${bound}`);
    if (key === 'mathcritic.severity') {
      const values = schema.additionalProperties?.enum;
      for (const [code, s] of Object.entries(p.properties as Record<string, JsonSchema>)) assert.deepEqual(s.enum, values, `${key}.${code}: the severities`);
      assert.deepEqual(Object.keys(p.properties as object), schema.propertyNames?.enum, `${key}: the codes`);
    }
  }
});

test('settings enumerated by a registry list exactly its names', () => {
  for (const { setting, keys, values } of ENUMERATED_BY_REGISTRY) {
    const p = contributed[setting];
    assert.ok(p, `${setting} is not in package.json`);
    if (keys) assert.deepEqual(Object.keys(p.properties as object), [...keys], `${setting}: its properties`);
    if (values) assert.deepEqual(p.enum, [...values], `${setting}: its enum`);
  }
  // The description names the codes too, for the Settings editor's reader.
  const listed = [
    ...String(contributed['mathcritic.severity'].markdownDescription)
      .split('Codes:')[1]
      .matchAll(/`([^`]+)`/g),
  ].map((m) => m[1]);
  assert.deepEqual(listed, [...FINDING_CODES], 'mathcritic.severity: the "Codes:" list of its markdownDescription');
});

/** The README table under `heading`: its rows' cells. */
function readmeTable(heading: string): string[][] {
  const at = readme.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README.md has no "${heading}" section`);
  const lines = readme.slice(at + heading.length + 2).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

test("the README's Settings table has a row for every setting, with its default", () => {
  const described = new Map<string, string | undefined>();
  for (const [keys, defaults] of readmeTable('## Settings')) {
    const names = [...keys.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    const first = names[0];
    const parent = first.slice(0, first.lastIndexOf('.'));
    const values = [...defaults.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    names.forEach((n, i) => described.set(n.startsWith('.') ? parent + n : n, values.length === names.length ? values[i] : undefined));
  }
  for (const [key, p] of Object.entries(contributed)) {
    assert.ok(described.has(key), `README.md, "## Settings": no row for ${key} (default ${JSON.stringify(p.default)})`);
    const shown = described.get(key);
    if (shown === undefined) {
      assert.equal(p.default, '', `README.md, "## Settings": ${key} is shown as empty but its default is ${JSON.stringify(p.default)}`);
      continue;
    }
    const value = typeof p.default === 'string' ? shown : JSON.parse(shown);
    assert.deepEqual(value, p.default, `README.md, "## Settings": ${key}'s default`);
  }
  for (const key of described.keys()) assert.ok(contributed[key], `README.md, "## Settings" describes ${key}, which package.json does not contribute`);
});

test("the README's table of codes lists every finding code with its default severity", () => {
  const rows = readmeTable('## The embedded checker').map(([code, severity]) => [code.replace(/`/g, ''), severity]);
  assert.deepEqual(
    rows.map(([code]) => code),
    [...FINDING_CODES],
    'README.md, "## The embedded checker": one row per code of engine/check, in its order',
  );
  for (const [code, severity] of rows) assert.equal(severity, DEFAULT_SEVERITIES[code as keyof typeof DEFAULT_SEVERITIES], `README.md: ${code}'s default severity`);
});
