/**
 * The shapes of the params the server's handlers read, checked before any handler sees a
 * message. A notification that does not fit is logged and dropped (a `didOpen` whose text is
 * null used to end the process: the exception came out of a promise nobody caught); a request
 * gets an InvalidParams error. Only what handlers rely on is required; extra fields pass.
 * Methods not listed here go through (the library answers unknown ones itself).
 */
import * as z from 'zod';
import {
  CURATOR_CLOSE,
  CURATOR_EXPORT,
  CURATOR_FIND,
  CURATOR_LABEL,
  CURATOR_OPEN,
  CURATOR_RECORD,
  CURATOR_STATS,
} from '../../../protocol/curator';

const uint = z.number().int().nonnegative();
const position = z.looseObject({ line: uint, character: uint });
const range = z.looseObject({ start: position, end: position });
const documentId = z.looseObject({ uri: z.string() });
const withDocument = z.looseObject({ textDocument: documentId });
const withUri = z.looseObject({ uri: z.string() });
const index = z.number().int();

const PARAMS: Record<string, z.ZodType> = {
  initialize: z.looseObject({
    processId: z.number().int().nullable().optional(),
    rootUri: z.string().nullable().optional(),
    capabilities: z.looseObject({}),
    workspaceFolders: z.array(z.looseObject({ uri: z.string(), name: z.string() })).nullable().optional(),
  }),
  'textDocument/didOpen': z.looseObject({ textDocument: z.looseObject({ uri: z.string(), languageId: z.string(), version: z.number().int(), text: z.string() }) }),
  'textDocument/didChange': z.looseObject({
    textDocument: z.looseObject({ uri: z.string(), version: z.number().int() }),
    contentChanges: z.array(z.union([z.looseObject({ range, rangeLength: uint.optional(), text: z.string() }), z.looseObject({ text: z.string(), range: z.undefined().optional() })])),
  }),
  'textDocument/didClose': withDocument,
  'textDocument/didSave': z.looseObject({ textDocument: documentId, text: z.string().optional() }),
  'textDocument/hover': z.looseObject({ textDocument: documentId, position }),
  'textDocument/codeAction': z.looseObject({
    textDocument: documentId,
    range,
    context: z.looseObject({ diagnostics: z.array(z.looseObject({ range, message: z.unknown() })) }),
  }),
  'workspace/executeCommand': z.looseObject({ command: z.string(), arguments: z.array(z.unknown()).optional() }),
  'workspace/didChangeConfiguration': z.looseObject({ settings: z.unknown() }),
  'textDocument/diagnostic': z.looseObject({ textDocument: documentId, previousResultId: z.string().optional() }),
  'workspace/diagnostic': z.looseObject({ previousResultIds: z.array(z.looseObject({ uri: z.string(), value: z.string() })) }),
  'textDocument/inlayHint': z.looseObject({ textDocument: documentId, range }),
  'workspace/didChangeWorkspaceFolders': z.looseObject({
    event: z.looseObject({ added: z.array(z.looseObject({ uri: z.string(), name: z.string() })), removed: z.array(z.looseObject({ uri: z.string(), name: z.string() })) }),
  }),
  // vscode-jsonrpc itself reads these two.
  '$/cancelRequest': z.looseObject({ id: z.union([z.number().int(), z.string()]) }),
  '$/setTrace': z.looseObject({ value: z.enum(['off', 'messages', 'verbose']) }),
  'window/workDoneProgress/cancel': z.looseObject({ token: z.union([z.number().int(), z.string()]) }),
  [CURATOR_OPEN]: withUri,
  [CURATOR_RECORD]: z.looseObject({ uri: z.string(), index }),
  [CURATOR_FIND]: z.looseObject({ uri: z.string(), from: index, direction: z.union([z.literal(1), z.literal(-1)]), filter: z.looseObject({}).optional() }),
  [CURATOR_LABEL]: z.looseObject({ uri: z.string(), index, event: z.looseObject({ kind: z.string() }) }),
  [CURATOR_STATS]: withUri,
  [CURATOR_EXPORT]: z.looseObject({ uri: z.string(), target: z.string() }),
  [CURATOR_CLOSE]: withUri,
};

export type Verdict = { ok: true } | { ok: false; method: string; why: string; id?: number | string | null };

/** Whether `msg`'s params fit what its handler reads; responses and unknown methods always do. */
export function checkMessage(msg: unknown): Verdict {
  if (!msg || typeof msg !== 'object') return { ok: true };
  const { method, params, id } = msg as { method?: unknown; params?: unknown; id?: unknown };
  if (typeof method !== 'string') return { ok: true };
  const schema = PARAMS[method];
  if (!schema) return { ok: true };
  const parsed = schema.safeParse(params);
  if (parsed.success) return { ok: true };
  const why = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : 'params'}: ${i.message}`)
    .join('; ');
  return { ok: false, method, why, id: typeof id === 'number' || typeof id === 'string' ? id : id === null ? null : undefined };
}
