import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import { selfTalk } from '../../engine/export/self-talk';
import { appendJsonl, parseJsonl } from '../../engine/io/jsonl';
import { EXIT, UsageError } from '../errors';
import { loadJobs } from '../jobs';
import { MODEL_OPTIONS, endpointFor, intOption, modelTarget } from '../model-options';

export const SELF_TALK_HELP = `mathcritic self-talk FILE|FOLDER|DATA.jsonl … --base-url URL --model NAME --out FILE.jsonl [options]

Self-talk data via critique (paper §7): the critic's step verdicts are woven in after each step,
wrong steps are refined and re-critiqued until the critic accepts (at most --max-rounds), an
LLM smooths the chain into natural self-talk, and only chains whose final answer matches the
reference answer are written. Each record keeps the annotated chain beside the smoothed one.
Appends whole lines; rerunning resumes, skipping ids already in --out.

  --actor-model NAME   actor and smoother (default: --model)
  --max-rounds N       refinement rounds per solution (default 3)
  --concurrency N      solutions in flight (default 4)`;

export async function runSelfTalk(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...MODEL_OPTIONS,
      'actor-model': { type: 'string' },
      out: { type: 'string' },
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
  const { maxTokens } = target;
  if (!values.out) throw new UsageError('--out FILE.jsonl is required.');
  const outFile = values.out;
  const maxRounds = intOption('--max-rounds', values['max-rounds'], 1, 20);
  const concurrency = intOption('--concurrency', values.concurrency, 1, 256);
  const { jobs, problems } = await loadJobs(positionals);
  for (const p of problems) err.write(`mathcritic: ${p}\n`);
  if (jobs.length === 0) return EXIT.usage;
  let done = new Set<string>();
  try {
    done = new Set(parseJsonl(await fs.readFile(outFile, 'utf8')).records.map((r) => String((r as { id?: unknown }).id)));
  } catch {
    /* no output yet */
  }
  const todo = jobs.filter((j) => !done.has(j.id));
  const critic = { endpoint: endpointFor(target, target.model, concurrency), temperature: 0, maxTokens, samples: 1 };
  const actor = { endpoint: endpointFor(target, values['actor-model'] ?? target.model, concurrency), temperature: 0.7, maxTokens };
  let written = 0;
  let rejected = 0;
  let failed = 0;
  let writing = Promise.resolve();
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const job = todo[next++];
      try {
        const outcome = await selfTalk(job, maxRounds, actor, critic);
        if ('record' in outcome) {
          const record = outcome.record;
          writing = writing.then(() => appendJsonl(outFile, [record]));
          await writing;
          written++;
        } else {
          rejected++;
          err.write(`\n${job.id}: not written: ${outcome.rejected}\n`);
        }
      } catch (e) {
        failed++;
        err.write(`\n${job.id}: ${(e as Error).message}\n`);
      }
      err.write(`\r[${written + rejected + failed}/${todo.length}] ${written} verified chains written`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
  err.write(`\n${written} self-talk records written, ${rejected} not verified, ${failed} failed, ${jobs.length - todo.length} already done.\n`);
  return failed > 0 ? EXIT.findings : EXIT.ok;
}
