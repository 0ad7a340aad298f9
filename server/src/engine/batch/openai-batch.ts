/**
 * Critique requests as an OpenAI Batch API input file, and its output file read back.
 *
 * The input is JSONL, one request a line: `{custom_id, method: "POST", url:
 * "/v1/chat/completions", body}`; the same file is read by `vllm run-batch`, so one file serves
 * a local GPU server and the hosted Batch API alike. The output is JSONL too, one line a
 * request, in any order: `{id, custom_id, response: {status_code, request_id, body}, error}`.
 */
import { critiqueKeyParts, resultFromAnswers, type CritiqueInput } from '../critic/critique';
import { criticProfile, DEFAULT_PROFILE, type ChatAnswer, type CriticProfileName } from '../critic/profiles';
import { CRITIQUE_JSON_SCHEMA, critiqueMessages, type ChatMessage } from '../critic/prompt';
import { toCritiqueRecord, type CritiqueRecord } from '../export/critique-record';
import { parseJsonl } from '../io/jsonl';

export const BATCH_URL = '/v1/chat/completions';
/** Stands in for the base URL in critique ids: batch results do not come from one server. */
export const BATCH_BASE_URL = 'openai-batch';

export interface BatchJob extends CritiqueInput {
  id: string;
  source?: string;
  steps: string[];
}

export interface BatchOptions {
  model: string;
  temperature: number;
  maxTokens: number;
  samples: number;
  /** Ask for the critique JSON schema (response_format); the prose format otherwise (profile json). */
  json: boolean;
  /** A chat profile (default json); `prm` asks through /pooling, which batch files do not carry. */
  profile?: CriticProfileName;
}

export interface BatchRequest {
  custom_id: string;
  method: 'POST';
  url: typeof BATCH_URL;
  body: {
    model: string;
    messages: ChatMessage[];
    temperature: number;
    max_tokens: number;
    n?: number;
    response_format?: { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown>; strict?: boolean } };
  };
}

/** One request per job; the job id is the custom_id, so it must be unique within the file. */
export function critiqueBatchLines(jobs: readonly BatchJob[], options: BatchOptions): BatchRequest[] {
  const seen = new Set<string>();
  const samples = Math.max(1, options.samples);
  const profile = criticProfile(options.profile ?? DEFAULT_PROFILE);
  if (profile.kind !== 'chat') throw new Error(`profile ${profile.name} scores through POST /pooling, which batch files do not carry: run "mathcritic critique --profile ${profile.name}" against the server instead.`);
  const ownJson = profile.name === 'json';
  const maxTokens = options.maxTokens > 0 ? options.maxTokens : profile.defaultMaxTokens;
  return jobs.map((job) => {
    if (seen.has(job.id)) throw new Error(`duplicate id "${job.id}": each solution needs its own id, because it is the batch request's custom_id.`);
    seen.add(job.id);
    const body: BatchRequest['body'] = {
      model: options.model,
      messages: ownJson ? critiqueMessages({ problem: job.problem, steps: job.steps.map((text) => ({ text })) }, { json: options.json }) : profile.messages(job),
      temperature: options.temperature,
      max_tokens: maxTokens,
    };
    if (samples > 1) body.n = samples;
    if (ownJson && options.json) body.response_format = { type: 'json_schema', json_schema: { name: 'critique', schema: CRITIQUE_JSON_SCHEMA, strict: false } };
    return { custom_id: job.id, method: 'POST', url: BATCH_URL, body };
  });
}

export interface BatchResults {
  records: CritiqueRecord[];
  failed: Array<{ custom_id: string; reason: string }>;
  /** custom_ids of result lines that match none of the jobs. */
  unknown: string[];
}

interface OutputLine {
  custom_id?: unknown;
  response?: {
    status_code?: unknown;
    body?: { choices?: Array<{ message?: { content?: unknown; reasoning_content?: unknown }; finish_reason?: unknown }>; error?: { message?: unknown } };
  } | null;
  error?: { code?: unknown; message?: unknown } | null;
}

/**
 * Reads a batch output file into critique records. A line that is not JSON, has no custom_id,
 * reports an error or a non-200 status, or whose answers cannot be read as a critique, goes to
 * `failed` with the reason (a line without custom_id is named `line N`).
 */
export function readBatchResults(
  text: string,
  jobsById: ReadonlyMap<string, BatchJob>,
  how: Omit<BatchOptions, 'json'> & { baseUrl?: string },
): BatchResults {
  const out: BatchResults = { records: [], failed: [], unknown: [] };
  const { records, lines, bad } = parseJsonl(text);
  for (const b of bad) out.failed.push({ custom_id: `line ${b.line}`, reason: `not JSON: ${b.reason}` });
  records.forEach((value, i) => {
    const line = (value ?? {}) as OutputLine;
    if (typeof line !== 'object' || typeof line.custom_id !== 'string') {
      out.failed.push({ custom_id: `line ${lines[i]}`, reason: 'no custom_id' });
      return;
    }
    const id = line.custom_id;
    const job = jobsById.get(id);
    if (!job) {
      out.unknown.push(id);
      return;
    }
    const fail = (reason: string) => out.failed.push({ custom_id: id, reason });
    if (line.error) {
      const code = line.error.code ? ` ${String(line.error.code)}` : '';
      fail(`error${code}: ${String(line.error.message ?? 'no message')}`);
      return;
    }
    const response = line.response;
    if (!response || typeof response !== 'object') {
      fail('no response');
      return;
    }
    if (response.status_code !== 200) {
      const message = response.body?.error?.message;
      fail(`status ${String(response.status_code)}${typeof message === 'string' ? `: ${message}` : ''}`);
      return;
    }
    const choices = Array.isArray(response.body?.choices) ? response.body.choices : [];
    const answers: ChatAnswer[] = choices
      .filter((c) => typeof c?.message?.content === 'string')
      .map((c) => ({
        content: c.message!.content as string,
        ...(typeof c.message?.reasoning_content === 'string' ? { reasoningContent: c.message.reasoning_content } : {}),
        ...(typeof c.finish_reason === 'string' ? { finishReason: c.finish_reason } : {}),
      }));
    if (answers.length === 0) {
      fail('no answer in response.body.choices');
      return;
    }
    const parts = critiqueKeyParts(job, { ...how, baseUrl: how.baseUrl ?? BATCH_BASE_URL });
    const result = resultFromAnswers(answers, job, parts);
    if (result.readable === 0) {
      fail(`the critic's answer could not be read (${[...new Set(result.unreadableReasons)].join('; ')}): ${result.unreadable.join(' | ').replace(/\s+/g, ' ').slice(0, 300)}`);
      return;
    }
    out.records.push(toCritiqueRecord(job, result));
  });
  return out;
}
