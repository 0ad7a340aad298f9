import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { exploreProblem } from '../../engine/export/explore';
import { appendJsonl, parseJsonl } from '../../engine/io/jsonl';
import { readProblems } from '../../engine/datasets';
import { datasetProblem } from '../../engine/export/sources';
import { runExport } from '../../engine/export/run-export';
import { onInterrupt, EXIT_INTERRUPTED, interruptedMessage } from '../interrupt';
import { writeFileAtomic } from '../../engine/io/atomic-write';
import { EXIT, UsageError } from '../errors';
import { ACTOR_PROFILE_HELP, ACTOR_PROFILE_OPTION, actorProfileChoice, MODEL_OPTIONS, PROFILE_HELP, PROFILE_OPTIONS, endpointFor, intOption, modelTarget, profileChoice } from '../model-options';
import { refuseOutputOverInput } from '../inputs';
import { readTextFile } from '../../engine/io/decode';

export const EXPLORE_HELP = `mathcritic explore PROBLEMS … --base-url URL --model NAME --out-dir DIR [-n N] [-l L]

The exploration step of critique-in-the-loop self-improvement (Algorithm 1 of Xi et al. 2024):
for each {id, problem, answer} the actor samples N solutions; correct ones go to
DIR/d_correct.jsonl; each wrong one is critiqued and refined up to L times and the refinements
that reach the reference go to DIR/d_refine.jsonl. DIR/difficulty.json counts how many problems
had 0..N correct first tries (the tail the critic's refinements fill). Rerunning resumes:
problems already in DIR/explored.jsonl are skipped.

  --actor-model NAME   the actor (default: --model)
${PROFILE_HELP}
${ACTOR_PROFILE_HELP}
  -n N                 samples per problem (default 4)
  -l L                 critique-refine attempts per wrong sample (default 2)
  --format NAME        force the dataset record shape (default: detected from its fields)

PROBLEMS is JSON Lines, a JSON array or Parquet: rows with a problem (problem, question,
query, prompt) and an answer (answer, ground_truth_answer, final_answer, target; GSM8K's
"#### 18" gives 18), or any step-labelled shape MathCritic reads (PRM800K, MR-GSM8K, …).`;

export async function runExplore(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...MODEL_OPTIONS,
      ...PROFILE_OPTIONS,
      ...ACTOR_PROFILE_OPTION,
      'actor-model': { type: 'string' },
      'out-dir': { type: 'string' },
      format: { type: 'string' },
      n: { type: 'string', short: 'n', default: '4' },
      l: { type: 'string', short: 'l', default: '2' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${EXPLORE_HELP}\n`);
    return EXIT.ok;
  }
  const target = modelTarget(values);
  const { maxTokens, criticMaxTokens } = target;
  const { profile, prm } = profileChoice(values);
  const actorProfile = actorProfileChoice(values);
  if (!values['out-dir']) throw new UsageError('--out-dir DIR is required.');
  if (positionals.length === 0) throw new UsageError('name a PROBLEMS file (JSON Lines, JSON array or Parquet) of {id, problem, answer}.');
  const dir = values['out-dir'];
  for (const name of ['explored.jsonl', 'd_correct.jsonl', 'd_refine.jsonl']) await refuseOutputOverInput(path.join(dir, name), positionals, '--out-dir');
  const n = intOption('-n', values.n, 1, 64);
  const l = intOption('-l', values.l, 1, 16);
  const problems: Array<{ id: string; problem: string; answer: string }> = [];
  let skipped = 0;
  for (const file of positionals) {
    try {
      for await (const p of readProblems(file, { format: values.format, onSkip: (s) => (skipped++, err.write(`mathcritic: ${s.place}: skipped a problem (it needs a problem and an answer): ${s.reason}\n`)) })) {
        problems.push({ id: p.id, problem: p.problem, answer: p.answer });
      }
    } catch (e) {
      throw new UsageError(datasetProblem(file, e));
    }
  }
  if (skipped > 0) err.write(`mathcritic: ${skipped} record${skipped === 1 ? '' : 's'} skipped (named above).\n`);
  if (problems.length === 0) throw new UsageError(`no problems with a reference answer in ${positionals.join(', ')}.`);
  const progressFile = path.join(dir, 'explored.jsonl');
  let explored: Array<{ id: string; firstTryCorrect: number; samples: number }> = [];
  try {
    explored = parseJsonl(await readTextFile(progressFile)).records as typeof explored;
  } catch {
    /* a fresh run */
  }
  const seen = new Set(explored.map((e) => e.id));
  const critic = { endpoint: endpointFor(target), temperature: 0, maxTokens: criticMaxTokens, samples: 1, profile, prm };
  const actor = { endpoint: endpointFor(target, values['actor-model'] ?? target.model), temperature: 0.8, maxTokens, profile: actorProfile };
  const interrupt = onInterrupt(err);
  const summary = await runExport({
    jobs: problems,
    signal: interrupt.signal,
    done: seen,
    concurrency: 1,
    run: async (p, signal) => ({ output: await exploreProblem(p, n, l, { ...actor, signal }, { ...critic, signal }) }),
    async write(batch) {
      // The data first, then the progress lines: a crash between them repeats problems, never loses one.
      await appendJsonl(path.join(dir, 'd_correct.jsonl'), batch.flatMap((b) => b.output.correct));
      await appendJsonl(path.join(dir, 'd_refine.jsonl'), batch.flatMap((b) => b.output.refined));
      const lines = batch.map(({ output: r, job: p }) => ({ id: p.id, firstTryCorrect: r.firstTryCorrect, samples: r.samples, refined: r.refined.length }));
      await appendJsonl(progressFile, lines);
      explored.push(...lines);
    },
    isFatal: () => false,
    onError: (p, e) => err.write(`${p.id}: ${(e as Error).message}\n`),
    onProgress: (p) => {
      if (p.done > p.skipped) err.write(`\r[${explored.length}/${problems.length}] explored`);
    },
  });
  interrupt.dispose();
  const failed = summary.failed;
  const difficulty: Record<string, number> = {};
  for (let k = 0; k <= n; k++) difficulty[String(k)] = explored.filter((e) => e.firstTryCorrect === k).length;
  await writeFileAtomic(path.join(dir, 'difficulty.json'), `${JSON.stringify({ samples: n, problemsByCorrectFirstTries: difficulty }, null, 2)}\n`);
  err.write(`\n${explored.length} problems explored, ${failed} failed. Problems by correct first tries (0..${n}): ${Object.values(difficulty).join(' ')}\n`);
  if (summary.cancelled) {
    err.write(interruptedMessage(summary.written));
    return EXIT_INTERRUPTED;
  }
  return failed > 0 ? EXIT.findings : EXIT.ok;
}
