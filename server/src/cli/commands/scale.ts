import { parseArgs } from 'node:util';
import { appendJsonl } from '../../engine/io/jsonl';
import { writeFileAtomic } from '../../engine/io/atomic-write';
import { runExport } from '../../engine/export/run-export';
import { renderSvg, scaleCurvesSpec } from '../../engine/plot';
import {
  formatScaleTable,
  parseKs,
  problemFromDocument,
  problemsFromDataset,
  readScalePredictions,
  scaleCurves,
  scaleProblem,
  settingsMismatch,
  type ScaleProblem,
  type ScaleRecord,
} from '../../engine/scale';
import { onInterrupt, EXIT_INTERRUPTED, interruptedMessage } from '../interrupt';
import { expandInputs, readInputs } from '../inputs';
import { EXIT, UsageError } from '../errors';
import { MODEL_OPTIONS, endpointFor, intOption, modelTarget } from '../model-options';

export const SCALE_HELP = `mathcritic scale PROBLEMS… --base-url URL --model ACTOR [options]

Test-time scaling as Xi et al. (2024, Fig. 1) measure it. For each problem with a reference
answer ({id, problem, answer} JSONL, the datasets and solution documents the other commands
read), the actor samples max(K) solutions once (smaller K use their prefixes) plus one greedy
solution; each sample is critiqued, and each the critic rejects is refined from the step it
names, up to L times. At each K:

  majority          the majority answer of the first K samples as written
  critic_majority   the majority of the first K after critique and refinement
  critic_filtered   the majority among those of the first K the critic accepts (none: wrong)

with the greedy sample's accuracy and the model calls per problem at each K (samples +
critiques + refinements; majority alone costs K). Answers are compared, and grouped for the
vote, by the embedded checker's equivalence; a tie goes to the answer reached first.

  --critic-model M      the critic (default: --model, on the same server)
  --profile P           the critic profile (default json)
  --k LIST              default 1,2,4,8,16
  --refinements L       refinements per rejected sample (default 1)
  --temperature T       the actor's sampling temperature (default 0.7; greedy is 0)
  --concurrency N       requests in flight (default 8)
  --predictions F.jsonl one line per problem with every sample's answer, verdict and
                        refinements; appended as problems finish, and a rerun resumes from it
  --format table|json   the curves on stdout (json: {k, n, curves, greedy, calls})
  --plot F.svg          draw the curves (log-scale K, calls per problem on a second axis)
  --max-tokens N, --timeout-ms N

Progress goes to stderr; bad problems are named and skipped. Ctrl-C stops cleanly (what is
written stays; the same command resumes). Exit 0, 1 when some problems failed, 2 on bad
input, 130 when interrupted. The API key, if needed, comes from MATHCRITIC_API_KEY.`;

export async function runScale(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...MODEL_OPTIONS,
      'critic-model': { type: 'string' },
      profile: { type: 'string', default: 'json' },
      k: { type: 'string', default: '1,2,4,8,16' },
      refinements: { type: 'string', default: '1' },
      temperature: { type: 'string', default: '0.7' },
      concurrency: { type: 'string', default: '8' },
      predictions: { type: 'string' },
      format: { type: 'string', default: 'table' },
      plot: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${SCALE_HELP}\n`);
    return EXIT.ok;
  }
  if (values.format !== 'table' && values.format !== 'json') throw new UsageError(`--format must be table or json, not "${values.format}".`);
  if (values.profile !== 'json') throw new UsageError(`--profile must be "json" (the profile this build knows), not "${values.profile}".`);
  if (values.plot !== undefined && !/\.svg$/i.test(values.plot)) throw new UsageError(`--plot writes SVG: name a .svg file, not "${values.plot}".`);
  let ks: number[];
  try {
    ks = parseKs(values.k);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const target = modelTarget(values);
  const refinements = intOption('--refinements', values.refinements, 0, 16);
  const concurrency = intOption('--concurrency', values.concurrency, 1, 256);
  const temperature = Number(values.temperature);
  if (!Number.isFinite(temperature) || temperature < 0 || temperature > 2) throw new UsageError('--temperature must be between 0 and 2.');
  if (positionals.length === 0) throw new UsageError('name the problems: {id, problem, answer} JSONL files, datasets or solution documents with an `answer:`.');

  const { problems, skipped } = await loadProblems(positionals);
  for (const s of skipped) err.write(`mathcritic scale: ${s}\n`);
  if (problems.length === 0) {
    err.write('mathcritic scale: no problem with a reference answer to run.\n');
    return EXIT.usage;
  }
  const kMax = ks[ks.length - 1];
  const actorModel = target.model;
  const criticModel = values['critic-model'] ?? target.model;
  const settings = { actor_model: actorModel, critic_model: criticModel, profile: values.profile, refinements };

  // Resume: problems already in the predictions file with this run's settings and enough samples.
  const records = new Map<string, ScaleRecord>();
  if (values.predictions) {
    const stored = await readScalePredictions(values.predictions);
    if (stored.tornTail) err.write(`mathcritic scale: ${values.predictions} ends in a torn line (an interrupted write); it is ignored and that problem is asked again.\n`);
    for (const b of stored.bad) err.write(`mathcritic scale: ${values.predictions}:${b.line}: not a scale record, ignored: ${b.reason}\n`);
    for (const r of stored.records.values()) {
      const mismatch = settingsMismatch(r, settings);
      if (mismatch) throw new UsageError(`${values.predictions} holds another run's results (${r.id}: ${mismatch}); name a new --predictions file.`);
    }
    const fewer = [...stored.records.values()].filter((r) => r.samples.length < kMax);
    if (fewer.length > 0) err.write(`mathcritic scale: ${fewer.length} problem(s) in ${values.predictions} have fewer than ${kMax} samples; they are run again.\n`);
    for (const p of problems) {
      const r = stored.records.get(p.id);
      if (r && r.samples.length >= kMax) records.set(p.id, r);
    }
    if (records.size > 0) err.write(`resuming: ${records.size} of ${problems.length} problems already in ${values.predictions}\n`);
  }

  const actorEndpoint = endpointFor(target, actorModel, concurrency);
  const criticEndpoint = criticModel === actorModel ? actorEndpoint : endpointFor(target, criticModel, concurrency);
  let calls = 0;
  const interrupt = onInterrupt(err);
  const summary = await runExport<ScaleProblem, ScaleRecord>({
    jobs: problems,
    done: new Set(records.keys()),
    concurrency,
    signal: interrupt.signal,
    run: async (p, signal) => {
      const record = await scaleProblem(p, {
        samples: kMax,
        refinements,
        profile: values.profile,
        actor: { endpoint: actorEndpoint, temperature, maxTokens: target.maxTokens, signal },
        critic: { endpoint: criticEndpoint, temperature: 0, maxTokens: target.maxTokens, samples: 1, signal },
      });
      calls += 1 + record.samples.reduce((sum, s) => sum + s.calls, 0);
      return { output: record };
    },
    write: async (batch) => {
      if (values.predictions) await appendJsonl(values.predictions, batch.map((b) => b.output));
      for (const b of batch) records.set(b.job.id, b.output);
    },
    onError: (p, e) => err.write(`\nmathcritic scale: ${p.id} (${p.source}): ${e instanceof Error ? e.message : String(e)}\n`),
    onProgress: (p) => {
      if (p.done > p.skipped) err.write(`\r[${p.done - p.skipped}/${p.total - p.skipped}] problems, ${calls} model calls${p.failed ? `, ${p.failed} failed` : ''}`);
    },
  });
  interrupt.dispose();
  if (summary.done > summary.skipped) err.write('\n');
  if (summary.fatal) err.write(`Stopped: ${summary.fatal.message}\nRun the same command again to resume${values.predictions ? '' : ' (with --predictions FILE, from where it stopped)'}.\n`);
  if (summary.cancelled) {
    err.write(interruptedMessage(summary.written));
    return EXIT_INTERRUPTED;
  }

  const scored = problems.map((p) => records.get(p.id)).filter((r): r is ScaleRecord => r !== undefined);
  if (scored.length === 0) {
    err.write('mathcritic scale: no problem finished; nothing to report.\n');
    return EXIT.findings;
  }
  const curves = scaleCurves(scored, ks);
  out.write(values.format === 'json' ? `${JSON.stringify(curves, null, 2)}\n` : formatScaleTable(curves));
  if (values.plot) {
    await writeFileAtomic(values.plot, await renderSvg(scaleCurvesSpec(curves, `Test-time scaling: ${actorModel}${criticModel === actorModel ? '' : ` with critic ${criticModel}`}`)));
    err.write(`plot written to ${values.plot}\n`);
  }
  err.write(`${scored.length} of ${problems.length} problems scored${summary.failed ? `, ${summary.failed} failed (named above; a rerun with --predictions asks them again)` : ''}${skipped.length ? `, ${skipped.length} skipped as unusable` : ''}.\n`);
  return summary.failed > 0 || summary.fatal ? EXIT.findings : EXIT.ok;
}

async function loadProblems(args: readonly string[]): Promise<{ problems: ScaleProblem[]; skipped: string[] }> {
  const { inputs, problems: unreadable } = await expandInputs(args);
  const problems: ScaleProblem[] = [];
  const skipped = unreadable;
  for await (const { input, text } of readInputs(inputs, skipped)) {
    const loaded = input.kind === 'dataset' ? problemsFromDataset(text, input.path) : problemFromDocument(text, input.path);
    problems.push(...loaded.problems);
    skipped.push(...loaded.skipped);
  }
  // Two problems with one id would share a predictions line: the later ones are named and skipped.
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    if (!seen.has(p.id)) {
      seen.add(p.id);
      return true;
    }
    skipped.push(`${p.source}: skipped a second problem with id "${p.id}"`);
    return false;
  });
  return { problems: unique, skipped };
}
