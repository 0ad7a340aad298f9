import { parseArgs } from 'node:util';
import { selfTalk, type SelfTalkRecord } from '../../engine/export/self-talk';
import { runExport } from '../../engine/export/run-export';
import { openTrainingOutput } from '../../engine/export/output';
import { doneIds, finishOutput } from '../outputs';
import { onInterrupt, EXIT_INTERRUPTED, interruptedMessage } from '../interrupt';
import { EXIT, UsageError } from '../errors';
import { loadJobs, type Job } from '../jobs';
import { ACTOR_PROFILE_HELP, ACTOR_PROFILE_OPTION, actorProfileChoice, MODEL_OPTIONS, PROFILE_HELP, PROFILE_OPTIONS, endpointFor, intOption, modelTarget, profileChoice } from '../model-options';
import { refuseOutputOverInput } from '../inputs';

export const SELF_TALK_HELP = `mathcritic self-talk FILE|FOLDER|DATASET … --base-url URL --model NAME --out FILE.jsonl|FILE.parquet [options]

Self-talk data via critique (paper §7): the critic's step verdicts are woven in after each step,
wrong steps are refined and re-critiqued until the critic accepts (at most --max-rounds), an
LLM smooths the chain into natural self-talk, and only chains whose final answer matches the
reference answer are written. Each record keeps the annotated chain beside the smoothed one.
Appends whole lines; rerunning resumes, skipping ids already in --out. A .parquet --out is
written whole (temporary file, renamed) when the run ends; its records are journalled beside
it (FILE.parquet.partial.jsonl) until then.

  --actor-model NAME   actor and smoother (default: --model)
${PROFILE_HELP}
${ACTOR_PROFILE_HELP}
  --max-rounds N       refinement rounds per solution (default 3)
  --concurrency N      solutions in flight (default 4)
  --format NAME        force the dataset record shape (default: detected from its fields)`;

export async function runSelfTalk(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...MODEL_OPTIONS,
      ...PROFILE_OPTIONS,
      ...ACTOR_PROFILE_OPTION,
      'actor-model': { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      'max-rounds': { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '4' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${SELF_TALK_HELP}\n`);
    return EXIT.ok;
  }
  const target = modelTarget(values);
  const { maxTokens, criticMaxTokens } = target;
  const { profile, prm } = profileChoice(values);
  const actorProfile = actorProfileChoice(values);
  if (!values.out) throw new UsageError('--out FILE.jsonl (or FILE.parquet) is required.');
  const outFile = values.out;
  const maxRounds = intOption('--max-rounds', values['max-rounds'], 1, 20);
  const concurrency = intOption('--concurrency', values.concurrency, 1, 256);
  await refuseOutputOverInput(outFile, positionals);
  const { jobs, problems, skipped } = await loadJobs(positionals, { format: values.format });
  for (const p of problems) err.write(`mathcritic: ${p}\n`);
  if (skipped > 0) err.write(`mathcritic: ${skipped} dataset record${skipped === 1 ? '' : 's'} skipped (named above).\n`);
  if (jobs.length === 0) return EXIT.usage;
  const output = await openTrainingOutput(outFile);
  const done = doneIds(output, err);
  const critic = { endpoint: endpointFor(target, target.model, concurrency), temperature: 0, maxTokens: criticMaxTokens, samples: 1, profile, prm };
  const actor = { endpoint: endpointFor(target, values['actor-model'] ?? target.model, concurrency), temperature: 0.7, maxTokens, profile: actorProfile };
  const todoCount = jobs.filter((j) => !done.has(j.id)).length;
  const interrupt = onInterrupt(err);
  const summary = await runExport<Job, SelfTalkRecord>({
    signal: interrupt.signal,
    jobs,
    done,
    concurrency,
    async run(job, signal) {
      const outcome = await selfTalk(job, maxRounds, { ...actor, signal }, { ...critic, signal });
      return 'record' in outcome ? { output: outcome.record } : { rejected: outcome.rejected };
    },
    write: (batch) => output.append(batch.map((b) => b.output)),
    // An endpoint that is down fails each solution in turn; every one is named.
    isFatal: () => false,
    onRejected: (job, reason) => err.write(`\n${job.id}: not written: ${reason}\n`),
    onError: (job, e) => err.write(`\n${job.id}: ${(e as Error).message}\n`),
    onProgress: (p) => {
      if (p.done > p.skipped) err.write(`\r[${p.done - p.skipped}/${todoCount}] ${p.written} verified chains written`);
    },
  });
  interrupt.dispose();
  await finishOutput(output, err);
  const failed = summary.failed;
  err.write(`\n${summary.written} self-talk records written, ${summary.rejected} not verified, ${failed} failed, ${summary.skipped} already done.\n`);
  if (summary.cancelled) {
    err.write(interruptedMessage(summary.written));
    return EXIT_INTERRUPTED;
  }
  return failed > 0 ? EXIT.findings : EXIT.ok;
}
