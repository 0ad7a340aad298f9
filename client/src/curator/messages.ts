/**
 * zod schemas for everything that crosses the curator webview's boundary, in both directions.
 * Used by the extension host (messages from the page, params it forwards to the server) and by
 * the page (messages from the host, results of each request). No vscode import: the browser
 * bundle and the tests import this file too.
 *
 * The types are the contract of `protocol/curator.ts`; the `satisfies` clauses
 * make the compiler check that each schema still describes its type.
 */
import * as z from 'zod';
import {
  CURATOR_FIND,
  CURATOR_LABEL,
  CURATOR_RECORD,
  CURATOR_STATS,
  type CurationEvent,
  type CurationState,
  type CuratorOpenResult,
  type CuratorPageMethods,
  type CuratorProgressParams,
  type CuratorStats,
  type HostToWebview,
  type RecordFilter,
  type RecordView,
  type StepRating,
  type WebviewToHost,
} from '../../../protocol/curator';

/** Longest text a person may type into a critique edit or a note (a critique is a few KB). */
export const MAX_TEXT = 200_000;

/**
 * Response id 0 is never used by the page's own requests (they count from 1): the host answers
 * a failed CURATOR_OPEN (done by the host when the editor opens) with `{type:'response', id: 0,
 * error}`, so the page can show why nothing loads and offer to retry (by posting `ready` again).
 */
export const OPEN_RESPONSE_ID = 0;

const stepIndex = z.number().int().min(0).max(1_000_000);
const recordIndex = z.number().int().min(0);

export const stepRatingSchema = z.enum(['correct', 'neutral', 'incorrect']) satisfies z.ZodType<StepRating>;

export const curationEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rate-step'), step: stepIndex, rating: stepRatingSchema.nullable() }),
  z.strictObject({ kind: z.literal('first-wrong-step'), step: z.number().int().min(-1).max(1_000_000).nullable() }),
  z.strictObject({ kind: z.literal('critique-verdict'), verdict: z.enum(['accepted', 'rejected']).nullable() }),
  z.strictObject({ kind: z.literal('edit-critique'), text: z.string().max(MAX_TEXT).nullable() }),
  z.strictObject({ kind: z.literal('note'), text: z.string().max(MAX_TEXT).nullable() }),
]) satisfies z.ZodType<CurationEvent>;

export const recordFilterSchema = z.strictObject({
  unlabelled: z.boolean().optional(),
  disagreement: z.boolean().optional(),
  source: z.string().max(1000).optional(),
  verdict: z.enum(['correct', 'incorrect']).optional(),
}) satisfies z.ZodType<RecordFilter>;

/** The requests the page may ask for, with their params (without `uri`: the host adds it). */
export const pageRequestParams = {
  [CURATOR_RECORD]: z.strictObject({ index: recordIndex }),
  [CURATOR_FIND]: z.strictObject({ from: z.number().int().min(-1), direction: z.union([z.literal(1), z.literal(-1)]), filter: recordFilterSchema }),
  [CURATOR_LABEL]: z.strictObject({ index: recordIndex, event: curationEventSchema }),
  [CURATOR_STATS]: z.strictObject({}),
} as const satisfies { [M in keyof CuratorPageMethods]: z.ZodType<CuratorPageMethods[M]['params']> };
export type PageMethod = keyof typeof pageRequestParams;
export const PAGE_METHODS = Object.keys(pageRequestParams) as PageMethod[];
export type PageParams<M extends PageMethod> = z.infer<(typeof pageRequestParams)[M]>;

export const webviewToHostSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({
    type: z.literal('request'),
    id: z.number().int().min(1),
    method: z.string().max(200),
    params: z.record(z.string(), z.unknown()),
  }),
  z.strictObject({ type: z.literal('export') }),
]) satisfies z.ZodType<WebviewToHost>;

// ---- results, checked by the page before it draws anything ----

export const curationStateSchema = z.object({
  // JSON object keys are strings; the protocol's Record<number, …> arrives as "0", "1", …
  ratings: z.record(z.string().regex(/^\d+$/), stepRatingSchema),
  firstWrongStep: z.number().int().min(-1).nullable(),
  critiqueVerdict: z.enum(['accepted', 'rejected']).nullable(),
  editedCritique: z.string().nullable(),
  note: z.string().nullable(),
  updatedAt: z.string().nullable(),
}) satisfies z.ZodType<CurationState>;

const indexingSchema = z.object({ fraction: z.number().min(0).max(1) });

export const openResultSchema = z.object({
  count: z.number().int().min(0),
  skipped: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  journalNotice: z.string().optional(),
  journalPath: z.string(),
  indexing: indexingSchema.optional(),
}) satisfies z.ZodType<CuratorOpenResult>;

/** CURATOR_PROGRESS as the page gets it (without `uri`). */
export const progressSchema = z.object({
  count: z.number().int().min(0),
  fraction: z.number().min(0).max(1),
  done: z.boolean().optional(),
  summary: openResultSchema.optional(),
  failure: z.string().optional(),
}) satisfies z.ZodType<Omit<CuratorProgressParams, 'uri'>>;

export const recordViewSchema = z.object({
  index: recordIndex,
  count: z.number().int().min(0),
  key: z.string(),
  source: z.string().optional(),
  problem: z.string(),
  steps: z.array(z.string()),
  referenceAnswer: z.string().optional(),
  datasetFirstWrongStep: z.number().int().min(-1).optional(),
  critique: z.object({ text: z.string(), firstWrongStep: z.number().int().min(-1).nullable(), model: z.string().optional() }).optional(),
  findings: z.array(z.object({ step: z.number().int(), code: z.string(), severity: z.enum(['error', 'warning', 'information', 'hint']), message: z.string() })),
  curation: curationStateSchema,
}) satisfies z.ZodType<RecordView>;

const agreement = z.object({ agree: z.number().int().min(0), disagree: z.number().int().min(0) });
const checkerAgreement = agreement.extend({ pending: z.number().int().min(0).optional() });
export const statsSchema = z.object({
  count: z.number().int().min(0),
  labelled: z.number().int().min(0),
  ratings: z.object({ correct: z.number().int().min(0), neutral: z.number().int().min(0), incorrect: z.number().int().min(0) }),
  critiqueVerdicts: z.object({ accepted: z.number().int().min(0), rejected: z.number().int().min(0) }),
  humanCritic: agreement,
  humanChecker: checkerAgreement,
  sources: z.record(z.string(), z.number().int().min(0)),
  unmatchedLabels: z.object({ records: z.number().int().min(0), labels: z.number().int().min(0) }).optional(),
  rejectedLabels: z.number().int().min(0).optional(),
  indexing: indexingSchema.optional(),
}) satisfies z.ZodType<CuratorStats>;

export const pageResultSchemas = {
  [CURATOR_RECORD]: recordViewSchema,
  [CURATOR_FIND]: recordIndex.nullable(),
  [CURATOR_LABEL]: curationStateSchema,
  [CURATOR_STATS]: statsSchema,
} as const satisfies { [M in keyof CuratorPageMethods]: z.ZodType<CuratorPageMethods[M]['result']> };
export type PageResult<M extends PageMethod> = z.infer<(typeof pageResultSchemas)[M]>;

export const hostToWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('response'), id: z.number().int().min(0), result: z.unknown().optional(), error: z.string().optional() }),
  z.strictObject({ type: z.literal('open'), result: openResultSchema }),
  z.strictObject({ type: z.literal('changed') }),
  z.strictObject({ type: z.literal('progress'), progress: progressSchema }),
  z.strictObject({ type: z.literal('goto'), index: recordIndex }),
]) satisfies z.ZodType<HostToWebview>;

/** A message from the page, or why it is not one we know. */
export function parseWebviewMessage(data: unknown): { ok: true; message: WebviewToHost } | { ok: false; why: string } {
  const r = webviewToHostSchema.safeParse(data);
  return r.success ? { ok: true, message: r.data } : { ok: false, why: describe(r.error) };
}

/** A message from the host, or why it is not one we know. */
export function parseHostMessage(data: unknown): { ok: true; message: HostToWebview } | { ok: false; why: string } {
  const r = hostToWebviewSchema.safeParse(data);
  return r.success ? { ok: true, message: r.data as HostToWebview } : { ok: false, why: describe(r.error) };
}

/** The params of a page request, checked against its method; the host adds the `uri`. */
export function parsePageRequest(
  method: string,
  params: unknown,
): { ok: true; method: PageMethod; params: Record<string, unknown> } | { ok: false; why: string } {
  if (!Object.prototype.hasOwnProperty.call(pageRequestParams, method)) return { ok: false, why: `unknown method ${JSON.stringify(method.slice(0, 80))}` };
  const m = method as PageMethod;
  const r = pageRequestParams[m].safeParse(params);
  return r.success ? { ok: true, method: m, params: r.data as Record<string, unknown> } : { ok: false, why: `${m}: ${describe(r.error)}` };
}

/** The result of a request, checked against its method. */
export function parsePageResult<M extends PageMethod>(method: M, result: unknown): { ok: true; result: PageResult<M> } | { ok: false; why: string } {
  const r = pageResultSchemas[method].safeParse(result);
  return r.success ? { ok: true, result: r.data as PageResult<M> } : { ok: false, why: `${method} answered something unexpected: ${describe(r.error)}` };
}

function describe(e: z.ZodError): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(message)'}: ${i.message}`)
    .join('; ');
}
