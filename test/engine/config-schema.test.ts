import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { schemaText, SCHEMA_FILE } from '../../schemas/generate';
import { FINDING_CODES } from '../../server/src/engine/check';

const root = path.resolve(__dirname, '../..');

test('schemas/mathcritic.schema.json is the zod schema the server and the CLI read (regenerate: node --import tsx schemas/generate.ts)', () => {
  assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), schemaText());
});

test('package.json contributes the schema for .mathcritic.json, and the .vsix carries it', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const entry = pkg.contributes.jsonValidation.find((j: { fileMatch: string }) => j.fileMatch === '.mathcritic.json');
  assert.ok(entry, 'a jsonValidation entry for .mathcritic.json');
  assert.equal(path.resolve(root, entry.url), SCHEMA_FILE);
  assert.match(readFileSync(path.join(root, '.vscodeignore'), 'utf8'), /^!schemas\/mathcritic\.schema\.json$/m);
});

test('the schema completes every finding code under severity and disable', () => {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
  assert.deepEqual(Object.keys(schema.properties.severity.properties), [...FINDING_CODES]);
  assert.deepEqual(schema.properties.disable.items.enum, [...FINDING_CODES]);
  assert.equal(schema.additionalProperties, false, 'a misspelt key is flagged in the editor too');
});
