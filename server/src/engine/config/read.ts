import * as fs from 'node:fs';
import type * as z from 'zod';
import { decodeText } from '../io/decode';
import { configSchema, type MathCriticConfig } from './schema';

/** A `.mathcritic.json` that cannot be used: the message names the file and what is wrong in it. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses a config file's text; throws ConfigError naming `file`, the place and the problem. */
export function parseConfig(text: string, file: string): MathCriticConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, `${file}${jsonErrorPlace(text, (err as Error).message)}: not valid JSON: ${(err as Error).message.replace(/ in JSON at position \d+.*$/, '')}.`);
  }
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ConfigError(file, `${file}: ${parsed.error.issues.map(describeIssue).join('; ')}.`);
  return parsed.data;
}

/** Reads and parses a config file (any encoding the documents may have). */
export function readConfigFile(file: string): MathCriticConfig {
  let text: string;
  try {
    text = decodeText(fs.readFileSync(file), file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ConfigError(file, e.code ? `${file}: cannot be read (${e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'is a folder' : e.message}).` : (e as Error).message);
  }
  return parseConfig(text, file);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `"${issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('')}"` : 'the file';
  const was = issue.input === undefined ? '' : ` is ${JSON.stringify(issue.input)?.slice(0, 60)}:`;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return issue.path.length === 0
      ? `unknown key ${keys} (keys: severity, disable, solutionGlobs, maxDocumentLength)`
      : `${where} has an unknown key ${keys}${issue.path[0] === 'severity' ? ' (not a finding code)' : ''}`;
  }
  if (issue.code === 'invalid_value') return `${where}${was} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'invalid_type')
    return `${where}${was} must be ${issue.path.length === 0 ? 'an object such as {"disable": ["no-steps"]}' : issue.expected === 'int' ? 'a whole number' : `a${/^[aeiou]/.test(issue.expected) ? 'n' : ''} ${issue.expected}`}`;
  return `${where}${was} ${issue.message.replace(/^Too (small|big): expected number to be /, 'must be ')}`;
}

/** ":line:column" for a JSON.parse error, when the engine says where (position N). */
function jsonErrorPlace(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (!at) return '';
  const pos = Math.min(Number(at[1]), text.length);
  const before = text.slice(0, pos);
  const line = before.split(/\r\n|\n|\r/).length;
  const column = pos - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return `:${line}:${column}`;
}
