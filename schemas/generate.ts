/**
 * Writes schemas/mathcritic.schema.json from the zod schema the server and the CLI read
 * `.mathcritic.json` with (`node --import tsx schemas/generate.ts`); test/engine/config-schema.test.ts
 * fails when the committed file and the schema differ.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { configJsonSchema } from '../server/src/engine/config';

export const SCHEMA_FILE = path.join(__dirname, 'mathcritic.schema.json');

export function schemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

if (require.main === module) writeFileSync(SCHEMA_FILE, schemaText());
