import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import * as z from 'zod';
import { WorkDoneProgressReporter, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { refineFromStep } from '../engine/actor';
import { CritiqueCache, critiqueSolution } from '../engine/critic';
import { toCritiqueRecord } from '../engine/export/critique-record';
import { toRefinementRecord } from '../engine/export/refinement-record';
import { runExport, type ExportProgress, type JobOutcome } from '../engine/export/run-export';
import { selfTalk } from '../engine/export/self-talk';
import { jobFromDocument, jobsFromDatasetFile, jobsFromFolder, type ExportJob, type LoadedJobs } from '../engine/export/sources';
import { isParquetPath, openTrainingOutput, partialPath } from '../engine/export/output';
import { actorEndpoint, criticEndpoint } from './endpoints';
import type { ExportKind, ExportTrainingDataParams, ExportTrainingDataResult } from '../../../protocol/server';
import { criticProfileOf, type Settings } from './settings';
import { readTextFile } from '../engine/io/decode';

/**
 * "Export Training Data…" in the server: critique, refinement or self-talk records from the
 * current document, a folder of solution documents or a JSONL dataset, appended to a JSONL
 * file by the same loop as the CLI (engine/export/run-export.ts): whole lines, resumable,
 * with work-done progress ("12 / 300 · 2 failed") and Cancel, which keeps what is written.
 */
export interface ExportsHost {
  connection: Connection;
  settings(): Settings;
  trusted: boolean;
  apiKey?: string;
  /** An open document (its text with unsaved edits), if it is open. */
  document(uri: string): TextDocument | undefined;
  log(message: string): void;
}

const paramsSchema = z.object({
  kind: z.enum(['critique', 'refinement', 'self-talk']),
  source: z.discriminatedUnion('type', [
    z.object({ type: z.literal('document'), uri: z.string().min(1) }),
    z.object({ type: z.literal('folder'), path: z.string().min(1) }),
    z.object({ type: z.literal('dataset'), path: z.string().min(1) }),
  ]),
  file: z.string().min(1),
});

const TITLES: Record<ExportKind, string> = {
  critique: 'MathCritic: exporting critique records',
  refinement: 'MathCritic: exporting refinement records',
  'self-talk': 'MathCritic: exporting self-talk records',
};

/** Critiques asked by exports, kept for the server's life: a rerun after a cancel does not ask again. */
const exportCache = new CritiqueCache();

/** Files being exported to: two runs appending to one file would both miss each other's ids. */
const running = new Set<string>();

/**
 * `clientProgress` is the reporter vscode-languageserver attaches to the request's
 * `workDoneToken` (a no-op one when the client sent none); `requestToken` cancels the request.
 */
export async function exportTrainingData(host: ExportsHost, raw: unknown, requestToken?: CancellationToken, clientProgress?: WorkDoneProgressReporter): Promise<ExportTrainingDataResult> {
  const parsed = paramsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`MathCritic: bad export arguments: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; ')}`);
  const params: ExportTrainingDataParams = parsed.data;
  const { source, file } = params;
  if (!/\.(jsonl|parquet)$/i.test(file)) throw new Error('MathCritic: export to a .jsonl or .parquet file.');
  // Nothing leaves the machine unless the user trusted the workspace and named an endpoint.
  if (!host.trusted) throw new Error('MathCritic: this workspace is not trusted, so nothing is sent to a model endpoint. Trust the workspace to export training data.');
  const settings = host.settings();
  if (!settings.critic.baseUrl.trim() || !settings.critic.model.trim()) {
    throw new Error('MathCritic: no critique model is configured, so nothing was sent. Set mathcritic.critic.baseUrl and mathcritic.critic.model (see the README, "Serve a critique model").');
  }
  if (source.type === 'dataset' && path.resolve(source.path) === path.resolve(file)) throw new Error('MathCritic: the export would append to its own input; pick another output file.');

  const key = path.resolve(file);
  if (running.has(key)) throw new Error(`MathCritic: an export to ${file} is already running; wait for it or cancel it.`);
  running.add(key);
  try {
    return await exportTo(host, params, requestToken, clientProgress);
  } finally {
    running.delete(key);
  }
}

async function exportTo(host: ExportsHost, params: ExportTrainingDataParams, requestToken?: CancellationToken, clientProgress?: WorkDoneProgressReporter): Promise<ExportTrainingDataResult> {
  const { kind, file } = params;
  const settings = host.settings();
  const { jobs, problems } = await loadSource(host, params);
  for (const p of problems) host.log(`Export: ${p}`);

  const critic = criticEndpoint(settings, host.apiKey);
  const actor = actorEndpoint(settings, host.apiKey);
  const criticOptions = (signal: AbortSignal) => ({ endpoint: critic, temperature: settings.critic.temperature, maxTokens: settings.critic.maxTokens, samples: settings.critic.samples, ...criticProfileOf(settings), cache: exportCache, signal });
  const actorOptions = (signal: AbortSignal) => ({ endpoint: actor, temperature: settings.actor.temperature, maxTokens: settings.actor.maxTokens, signal });

  const run = async (job: ExportJob, signal: AbortSignal): Promise<JobOutcome<object>> => {
    if (kind === 'self-talk') {
      const outcome = await selfTalk(job, settings.actor.maxRounds, actorOptions(signal), criticOptions(signal));
      return 'record' in outcome ? { output: outcome.record } : { rejected: outcome.rejected };
    }
    const { result } = await critiqueSolution(job, criticOptions(signal));
    if (result.readable === 0) return { failed: "the critic's answer could not be read" };
    if (kind === 'critique') return { output: toCritiqueRecord(job, result) };
    // Refinement records only: a file that trains actors holds refinements, not critiques.
    if (result.firstWrongStep < 0) return { rejected: 'the critic accepts every step: nothing to refine' };
    const refinement = await refineFromStep(job, result.firstWrongStep, result.feedback, actorOptions(signal));
    if (!refinement) return { failed: "the actor's answer could not be read as steps" };
    return { output: toRefinementRecord(job, result, refinement) };
  };

  const controller = new AbortController();
  const reporter = await progressReporter(host.connection, clientProgress);
  reporter.progress.begin(TITLES[kind], 0, `0 / ${jobs.length}`, true);
  reporter.token?.onCancellationRequested(() => controller.abort());
  requestToken?.onCancellationRequested(() => controller.abort());
  if (requestToken?.isCancellationRequested) controller.abort();

  const output = await openTrainingOutput(file);
  const { ids: done, tornTail } = output.done;
  let lastReport = 0;
  if (tornTail) host.log(`Export: ${isParquetPath(file) ? partialPath(file) : file} ends in a torn line (an interrupted write); it is ignored and that record is asked again.`);
  try {
    const summary = await runExport<ExportJob, object>({
      jobs,
      done,
      concurrency: settings.critic.concurrency,
      run,
      write: (batch) => output.append(batch.map((b) => b.output)),
      signal: controller.signal,
      onProgress: (p) => {
        // At most ten reports a second on a big dataset; the first solution and the last always show.
        const now = Date.now();
        if (now - lastReport < 100 && p.done - p.skipped > 1 && p.done < p.total) return;
        lastReport = now;
        reporter.progress.report(jobs.length ? Math.floor((100 * p.done) / jobs.length) : 100, progressMessage(p, kind));
      },
      onRejected: (job, reason) => host.log(`Export: ${job.id}: not written: ${reason}`),
      onFailed: (job, reason) => host.log(`Export: ${job.id}: ${reason}`),
      onError: (job, e) => host.log(`Export: ${job.id}: ${e instanceof Error ? e.message : String(e)}`),
    });
    const stopped = summary.fatal ? `${summary.fatal.message} Run the export again to resume.` : undefined;
    // A Parquet target is written whole once the run has ended (finished, cancelled or stopped).
    if (isParquetPath(file)) {
      try {
        await output.finish();
      } catch (e) {
        host.log(`Export: ${file} could not be written (${(e as Error).message}); the new records are kept in ${partialPath(file)} and the next export writes them.`);
      }
    }
    host.log(
      `Export of ${kind} records to ${file}: ${summary.written} written, ${summary.skipped} already there, ${summary.rejected} not written, ${summary.failed} failed${summary.cancelled ? ' (cancelled; run it again to resume)' : ''}${stopped ? `; stopped: ${stopped}` : ''}.`,
    );
    return { file, kind, total: summary.total, written: summary.written, skipped: summary.skipped, rejected: summary.rejected, failed: summary.failed, cancelled: summary.cancelled, stopped, problems };
  } finally {
    reporter.progress.done();
  }
}

/** "12 / 300 · 2 failed": what the progress notification says after each solution. */
export function progressMessage(p: ExportProgress, kind: ExportKind): string {
  const parts = [`${p.done} / ${p.total}`];
  if (p.skipped) parts.push(`${p.skipped} already written`);
  if (p.rejected) parts.push(`${p.rejected} ${kind === 'self-talk' ? 'not verified' : 'accepted as is'}`);
  if (p.failed) parts.push(`${p.failed} failed`);
  return parts.join(' · ');
}

/**
 * The client's token when it sent one (VS Code's own progress UI with Cancel, cancelled
 * through the request), else a server-created progress with a Cancel button.
 */
async function progressReporter(connection: Connection, clientProgress: WorkDoneProgressReporter | undefined): Promise<{ progress: WorkDoneProgressReporter; token?: CancellationToken }> {
  // The library takes `workDoneToken` out of the params and hands a reporter on it, or a null
  // reporter when the client sent none.
  if (clientProgress && !WorkDoneProgressReporter.isNullInstance(clientProgress)) return { progress: clientProgress };
  const created = await connection.window.createWorkDoneProgress().catch(() => undefined);
  if (created) return { progress: created, token: created.token };
  return { progress: connection.window.attachWorkDoneProgress(undefined) };
}

async function loadSource(host: ExportsHost, { source }: ExportTrainingDataParams): Promise<LoadedJobs> {
  if (source.type === 'folder') {
    const stat = await fs.stat(source.path).catch(() => undefined);
    if (!stat?.isDirectory()) throw new Error(`MathCritic: ${source.path} is not a folder.`);
    const loaded = await jobsFromFolder(source.path, host.settings().solutionGlobs);
    if (loaded.jobs.length === 0) throw new Error(`MathCritic: no solution documents with steps below ${source.path}.`);
    return loaded;
  }
  if (source.type === 'dataset') {
    const loaded = await jobsFromDatasetFile(source.path);
    if (loaded.failed) throw new Error(`MathCritic: ${loaded.problems.at(-1)}`);
    if (loaded.jobs.length === 0) throw new Error(`MathCritic: ${source.path} has no records with a problem and steps to export (${loaded.skipped} skipped: ${loaded.problems[0] ?? 'none'}).`);
    return { jobs: loaded.jobs, problems: loaded.problems };
  }
  // The current document: its text in the editor, unsaved edits included; a file on disk otherwise.
  const uri = URI.parse(source.uri);
  const where = uri.scheme === 'file' ? uri.fsPath : source.uri;
  let text = host.document(source.uri)?.getText();
  if (text === undefined && uri.scheme === 'file') text = await readTextFile(uri.fsPath).catch(() => undefined);
  if (text === undefined) throw new Error(`MathCritic: ${source.uri} is not open in the editor.`);
  const { job, problem } = jobFromDocument(text, where);
  if (!job) throw new Error(`MathCritic: ${problem ?? 'the document is not a solution'}.`);
  return { jobs: [job], problems: [] };
}
