import * as z from 'zod';
import { CHECKS, type FindingCode } from '../check/registry';

/** The file name looked for in a document's folder and its ancestors. */
export const CONFIG_FILE_NAME = '.mathcritic.json';

const severity = z.enum(['error', 'warning', 'information', 'hint', 'off']);
const code = z.enum(CHECKS.map((c) => c.code) as [FindingCode, ...FindingCode[]]);

/**
 * `.mathcritic.json`: the checker's configuration that the editor and CI share. Strict, unlike
 * the editor's settings: a typo in a committed file is reported (file, key, what is wrong) rather
 * than silently dropped, since a dropped key would make the editor and CI disagree unnoticed.
 */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'The JSON Schema this file follows (ignored by MathCritic).' }),
    severity: z
      .strictObject(
        Object.fromEntries(CHECKS.map((c) => [c.code, severity.optional().meta({ description: `${c.description} (default: ${c.defaultSeverity})` })])) as Record<
          FindingCode,
          z.ZodOptional<typeof severity>
        >,
      )
      .optional()
      .meta({ description: 'Severity per finding code: error, warning, information, hint, or "off" to disable it.' }),
    disable: z.array(code).optional().meta({ description: 'Finding codes that are never reported (the same as severity "off").' }),
    solutionGlobs: z
      .array(z.string())
      .optional()
      .meta({
        description:
          'Files always checked as solution documents (relative to the folder searched), besides any Markdown file with a Problem and a Solution part. Default: ["**/*.solution.md", "**/*.sol.md"].',
      }),
    maxDocumentLength: z.number().int().min(0).max(500_000_000).optional().meta({ description: 'Documents longer than this (characters) are not checked; 0 = no limit. Default: 10000000.' }),
  })
  .meta({
    title: 'MathCritic configuration',
    description: "The embedded checker's configuration, read by the MathCritic language server and every `mathcritic` CLI command for the documents in this folder and below it.",
  });

export type MathCriticConfig = z.infer<typeof configSchema>;

/** The JSON Schema published at schemas/mathcritic.schema.json (and contributed with jsonValidation). */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
}
