import { parseArgs } from 'node:util';
import { critiqueForActor, critiqueSolution, CritiqueCache } from '../../engine/critic';
import { toCritiqueRecord, type CritiqueRecord } from '../../engine/export/critique-record';
import { toRefinementRecord, type RefinementRecord } from '../../engine/export/refinement-record';
import { refineFromStep } from '../../engine/actor';
import { runExport } from '../../engine/export/run-export';
import { openTrainingOutput } from '../../engine/export/output';
import { doneIds, finishOutput } from '../outputs';
import { onInterrupt, EXIT_INTERRUPTED, interruptedMessage } from '../interrupt';
import { EXIT, UsageError } from '../errors';
import { ACTOR_PROFILE_HELP, ACTOR_PROFILE_OPTION, actorProfileChoice, MODEL_OPTIONS, PROFILE_HELP, PROFILE_OPTIONS, endpointFor, intOption, modelTarget, profileChoice, unreadableMessage } from '../model-options';
import { loadJobs, type Job } from '../jobs';
import { refuseOutputOverInput } from '../inputs';

export const CRITIQUE_HELP = `mathcritic critique FILE|FOLDER|DATASET … --base-url URL --model NAME [options]

Asks a critique model (any OpenAI-compatible server: vLLM, SGLang, Ollama, llama.cpp, a hosted
API) to check each solution step by step and name its first wrong step. The API key, if the
server needs one, is read from MATHCRITIC_API_KEY; the base URL may also come from
MATHCRITIC_BASE_URL.

  --out FILE.jsonl     write critique records here (appended; ids already there are skipped,
                       so an interrupted run resumes where it stopped). Default: stdout.
  --out FILE.parquet   the same as a Parquet file (Hugging Face / TRL read it directly),
                       written whole and renamed into place when the run ends
  --format NAME        force the dataset record shape (default: detected from its fields)
  --samples K          critiques per solution, aggregated by majority (default 1)
  --concurrency N      requests in flight (default 4)
  --temperature T      (default 0, or 0.7 when K > 1)
  --max-tokens N       (default: the profile's, 2048 for json, 16384 for processbench)
${PROFILE_HELP}
  --timeout-ms N       one request, reply body included (default 120000); with its two
                       retries a call gives up after 3 × this
  --refine             where the critic finds a wrong step, have the actor rewrite from it and
                       write a refinement record (problem, response, critique, refinement,
                       refinement_correct against the reference answer)
  --actor-model NAME   the actor for --refine (default: the --model, on the same server)
${ACTOR_PROFILE_HELP}

Progress and a summary go to stderr. Exit 0 when every solution was critiqued, 1 when some
could not be (endpoint errors, unreadable answers), 2 on bad input.`;

export async function runCritique(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...MODEL_OPTIONS,
      ...PROFILE_OPTIONS,
      ...ACTOR_PROFILE_OPTION,
      out: { type: 'string' },
      format: { type: 'string' },
      samples: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '4' },
      temperature: { type: 'string' },
      refine: { type: 'boolean' },
      'actor-model': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${CRITIQUE_HELP}\n`);
    return EXIT.ok;
  }
  const target = modelTarget(values);
  const { maxTokens, criticMaxTokens } = target;
  const { profile, prm } = profileChoice(values);
  const actorProfile = actorProfileChoice(values);
  const samples = intOption('--samples', values.samples, 1, 64);
  const concurrency = intOption('--concurrency', values.concurrency, 1, 256);
  const temperature = values.temperature === undefined ? (samples > 1 ? 0.7 : 0) : Number(values.temperature);
  if (!Number.isFinite(temperature) || temperature < 0 || temperature > 2) throw new UsageError('--temperature must be between 0 and 2.');

  await refuseOutputOverInput(values.out, positionals);
  const { jobs, problems, skipped } = await loadJobs(positionals, { format: values.format });
  for (const p of problems) err.write(`mathcritic: ${p}\n`);
  if (skipped > 0) err.write(`mathcritic: ${skipped} dataset record${skipped === 1 ? '' : 's'} skipped (named above).\n`);
  if (jobs.length === 0) return EXIT.usage;

  const output = values.out ? await openTrainingOutput(values.out) : undefined;
  const done = output ? doneIds(output, err) : new Set<string>();
  const todoCount = jobs.filter((j) => !done.has(j.id)).length;
  if (done.size > 0) err.write(`resuming: ${jobs.length - todoCount} of ${jobs.length} already in ${values.out}\n`);

  const endpoint = endpointFor(target, target.model, concurrency);
  const cache = new CritiqueCache();
  const actor = values['actor-model'] ? endpointFor(target, values['actor-model'], concurrency) : undefined;
  let wrong = 0;
  const interrupt = onInterrupt(err);
  const summary = await runExport<Job, CritiqueRecord | RefinementRecord>({
    jobs,
    signal: interrupt.signal,
    done,
    concurrency,
    async run(job, signal) {
      const { result } = await critiqueSolution(job, { endpoint, temperature, maxTokens: criticMaxTokens, samples, profile, prm, cache, signal });
      if (result.readable === 0) return { failed: unreadableMessage(result) };
      if (values.refine && result.firstWrongStep >= 0) {
        // Refinement records: the actor rewrites from the first wrong step with the critique.
        const refinement = await refineFromStep(job, result.firstWrongStep, critiqueForActor(result), { endpoint: actor ?? endpoint, temperature: 0.7, maxTokens, profile: actorProfile, signal });
        if (!refinement) return { failed: "the actor's answer could not be read as steps." };
        wrong++;
        return { output: toRefinementRecord(job, result, refinement) };
      }
      if (result.firstWrongStep >= 0) wrong++;
      return { output: toCritiqueRecord(job, result) };
    },
    // Each record is one whole, flushed line.
    write: (batch) => {
      const records = batch.map((b) => b.output);
      return output ? output.append(records) : new Promise<void>((r) => out.write(records.map((x) => `${JSON.stringify(x)}\n`).join(''), () => r()));
    },
    onFailed: (job, reason) => err.write(`\n${job.id}: ${reason}\n`),
    onError: (job, e) => err.write(`\n${job.id}: ${e instanceof Error ? e.message : String(e)}\n`),
    onProgress: (p) => {
      if (p.done > p.skipped) err.write(`\r[${p.done - p.skipped}/${todoCount}] ${wrong} with a wrong step, ${p.failed} failed`);
    },
  });
  interrupt.dispose();
  await finishOutput(output, err);
  err.write(`\n${summary.written} critiqued (${wrong} with a wrong step), ${summary.failed} failed, ${summary.skipped} skipped as already done.\n`);
  if (summary.fatal) err.write(`Stopped: ${summary.fatal.message}\nRun the same command again to resume.\n`);
  if (summary.cancelled) {
    err.write(interruptedMessage(summary.written));
    return EXIT_INTERRUPTED;
  }
  return summary.failed > 0 || summary.fatal ? EXIT.findings : EXIT.ok;
}
