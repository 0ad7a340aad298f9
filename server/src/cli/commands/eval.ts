import { parseArgs } from 'node:util';
import { appendJsonl } from '../../engine/io/jsonl';
import { runExport } from '../../engine/export/run-export';
import { predictRecord, type EvalRecord } from '../../engine/eval/predict';
import { CRITIC_KINDS, predictionKey, settingsMismatch, type CriticKind, type EvalSettings, type PredictionLine } from '../../engine/eval/prediction-line';
import { readStoredPredictions } from '../../engine/eval/read-predictions';
import { TIE_RULES, type TieRule } from '../../engine/eval/vote';
import { refuseOutputOverInput, splitFormats } from '../inputs';
import { onInterrupt, EXIT_INTERRUPTED, interruptedMessage } from '../interrupt';
import { MODEL_OPTIONS, PROFILE_HELP, PROFILE_OPTIONS, endpointFor, intOption, modelTarget, profileChoice } from '../model-options';
import { criticProfile, prmOptions } from '../../engine/critic';
import { plotCritics } from './eval-plot';
import { loadEvalRecords } from './eval-records';
import { criticLabel, formatAlone, formatTable, percent, scoreLines, unreadableSummary } from './eval-report';
import { EXIT, UsageError } from '../errors';

export const EVAL_HELP = `mathcritic eval DATASET … [--critic embedded|model|combined] [--profile P] --base-url URL --model NAME
                [--samples K] [--temperature T] [--concurrency N] [--predictions FILE.jsonl]
                [--format table|json] [--format SHAPE]
                [--plot F1.svg [--from PREDICTIONS.jsonl …] [--reference processbench]]

Scores a critic on step-labelled datasets the ProcessBench way (Zheng et al. 2024, code/run_eval.py):
each record's label is the 0-based first wrong step (-1 when every step is right); the critic's
prediction is the first step it names as wrong. Reports, per subset (meta.subset, else source,
else the file name): accuracy on erroneous samples (the exact first wrong step), accuracy on
correct samples (-1 predicted), and their harmonic mean F1; overall, the mean of the subsets'
F1 (ProcessBench's average; the pooled F1 is printed beside it).

DATASET is JSON Lines, a JSON array or Parquet, in any shape MathCritic reads (ProcessBench,
PRM800K, MR-GSM8K, MR-Ben, BIG-Bench Mistake, MathCheck, MathCritique rows, TRL stepwise,
MathCritic's own), detected from the first record's fields; --format SHAPE forces one.

  --critic embedded     the embedded checker (default): its first error-severity step
  --critic model        a critique model: every record is sent to --base-url/--model
  --critic combined     both; the prediction is the earlier of the two first errors. The
                        checker almost never flags a right step, so a step it flags is a real
                        error and the first error cannot come later; an earlier step the model
                        names stands (a reasoning error the checker cannot see). The checker
                        finding nothing is no proof of a right solution, so -1 comes only from
                        the model. Each critic alone is printed too.
${PROFILE_HELP}
  --samples K           K sampled answers per record, majority-voted as ProcessBench's maj@8:
                        -1 is a vote, an unreadable sample is none, a tie goes to the
                        earliest step (-1 after every step: a possible early error is the one
                        to look at); --ties processbench gives it to the value the earliest
                        sample gave (ProcessBench's Counter.most_common in run_eval.py)
  --temperature T       default 0, or 1 with K > 1 (ProcessBench's voting temperature)
  --concurrency N       requests in flight (default 8)
  --predictions F.jsonl one line per record: {id, subset, label, prediction, match, votes,
                        sample_predictions, unreadable, raw, critic, profile, model, samples,
                        temperature, ties} (combined: embedded_prediction, model_prediction too),
                        appended as records finish. A rerun skips the records already there and
                        scores them from the file (resume); a file of other settings is refused.
  --max-tokens N, --timeout-ms N
  --plot F1.svg         draw F1 per subset, one bar per critic
  --from FILE           (repeatable) a predictions file of an earlier eval run: its critic is
                        scored, printed and drawn beside this run's (DATA may then be omitted)
  --reference processbench
                        mark ProcessBench's published F1 (Table 3) on the subsets that are
                        ProcessBench's (gsm8k, math, olympiadbench, omnimath)

An answer the profile cannot read is no verdict, never "correct": it is counted (the
"unreadable" column) and scored as a miss on either side, as ProcessBench scores None.
Records that do not map are named (file:line, file:record N) on stderr and skipped. Progress
goes to stderr; Ctrl-C stops cleanly (what is written stays; the same command resumes).
Exit 0; 1 when records failed (endpoint errors: named, not written, asked again by a rerun);
2 on bad usage, a file that is not a dataset, or no record to evaluate; 130 when interrupted.
The API key, if needed, comes from MATHCRITIC_API_KEY.`;

export async function runEval(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...MODEL_OPTIONS,
      ...PROFILE_OPTIONS,
      format: { type: 'string', multiple: true },
      critic: { type: 'string', default: 'embedded' },
      samples: { type: 'string', default: '1' },
      temperature: { type: 'string' },
      concurrency: { type: 'string', default: '8' },
      ties: { type: 'string', default: 'earliest-step' },
      predictions: { type: 'string' },
      plot: { type: 'string' },
      from: { type: 'string', multiple: true },
      reference: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${EVAL_HELP}\n`);
    return EXIT.ok;
  }
  const format = splitFormats(values.format, ['table', 'json'], 'table');
  const critic = values.critic as CriticKind;
  if (!CRITIC_KINDS.includes(critic)) throw new UsageError(`--critic must be ${CRITIC_KINDS.join(', ')}, not "${values.critic}".`);
  const usesModel = critic !== 'embedded';
  if (!usesModel) {
    for (const flag of ['profile', 'temperature', 'base-url', 'model', 'max-tokens', 'prm-threshold', 'prm-step-tag', 'prm-right-index', 'prm-system-prompt'] as const)
      if (values[flag] !== undefined) throw new UsageError(`--${flag} goes with --critic model or combined (the embedded checker asks no model).`);
    if (values.samples !== '1') throw new UsageError('--samples goes with --critic model or combined: the embedded checker gives one answer.');
  }
  const choice = profileChoice(values);
  const profile = criticProfile(choice.profile);
  if (!(TIE_RULES as readonly string[]).includes(values.ties)) throw new UsageError(`--ties must be ${TIE_RULES.join(' or ')}, not "${values.ties}".`);
  if (values.plot !== undefined && !/\.svg$/i.test(values.plot)) throw new UsageError(`--plot writes SVG: name a .svg file, not "${values.plot}".`);
  if (values.reference !== undefined && values.reference !== 'processbench') throw new UsageError(`--reference must be "processbench", not "${values.reference}".`);
  const from = values.from ?? [];
  if ((from.length > 0 || values.reference) && !values.plot) throw new UsageError('--from and --reference go with --plot F1.svg.');
  if (positionals.length === 0 && from.length === 0) throw new UsageError('no datasets given: name one or more datasets (.jsonl, .json, .parquet) of step-labelled records.');
  if (values.predictions !== undefined && !/\.jsonl$/i.test(values.predictions)) throw new UsageError(`--predictions writes JSON Lines: name a .jsonl file, not "${values.predictions}".`);

  const samples = intOption('--samples', values.samples, 1, 64);
  // A PRM scores each step once, deterministically: there is nothing to sample or vote.
  if (profile.kind === 'pooling' && (samples > 1 || values.temperature !== undefined))
    throw new UsageError(`--samples and --temperature do not apply to profile ${profile.name}: a process reward model scores each step once.`);
  const concurrency = intOption('--concurrency', values.concurrency, 1, 256);
  const target = usesModel ? modelTarget(values) : undefined;
  const temperature = values.temperature === undefined ? (samples > 1 ? 1 : 0) : Number(values.temperature);
  if (!Number.isFinite(temperature) || temperature < 0 || temperature > 2) throw new UsageError('--temperature must be between 0 and 2.');
  const settings: EvalSettings = {
    critic,
    profile: usesModel ? profile.name : null,
    model: target?.model ?? null,
    samples,
    temperature: usesModel && profile.kind === 'chat' ? temperature : null,
    ties: values.ties as TieRule,
    prm: usesModel && profile.kind === 'pooling' ? prmOptions(choice.prm) : null,
  };
  await refuseOutputOverInput(values.predictions, [...positionals, ...from], '--predictions');

  const { records, skipped, unreadableFiles } = await loadEvalRecords(positionals, format.dataset, err);
  const jobs = uniqueJobs(records, values.predictions !== undefined, err);

  // Resume: what an earlier run of these settings wrote is scored from the file, not asked again.
  const lines = new Map<string, PredictionLine>();
  if (values.predictions) {
    const stored = await readStoredPredictions(values.predictions);
    if (stored.tornTail) err.write(`mathcritic eval: ${values.predictions} ends in a torn line (an interrupted write); it is dropped and that record is asked again.\n`);
    for (const b of stored.bad) err.write(`mathcritic eval: ${values.predictions}:${b.line}: not a prediction line, ignored: ${b.reason}\n`);
    for (const line of stored.lines.values()) {
      const mismatch = settingsMismatch(line, settings);
      if (mismatch) throw new UsageError(`${values.predictions} holds another run's predictions (${line.id}: ${mismatch}); name a new --predictions file.`);
    }
    for (const job of jobs) {
      const line = stored.lines.get(job.id);
      if (line) lines.set(job.id, { ...line, label: job.record.label, match: line.prediction === job.record.label });
    }
    if (lines.size > 0) err.write(`resuming: ${lines.size} of ${jobs.length} records already in ${values.predictions}\n`);
  }

  const endpoint = target ? endpointFor(target, target.model, concurrency) : undefined;
  const criticOptions = endpoint && target ? { endpoint, temperature, maxTokens: target.criticMaxTokens, samples, profile: choice.profile, prm: choice.prm } : undefined;
  let unreadable = 0;
  const interrupt = onInterrupt(err);
  const summary = await runExport<EvalJob, PredictionLine>({
    jobs,
    done: new Set(lines.keys()),
    // Twice as many records in flight as requests: a record whose line is being written (and
    // fsynced) holds no request slot, so the next one is already waiting for it. The endpoint's
    // own limit keeps the requests in flight at --concurrency.
    concurrency: usesModel ? 2 * concurrency : 1,
    signal: interrupt.signal,
    run: async (job, signal) => {
      const line = await predictRecord(job.record, settings, criticOptions, signal);
      if (line.prediction === null) unreadable++;
      return { output: line };
    },
    write: async (batch) => {
      if (values.predictions)
        await appendJsonl(
          values.predictions,
          batch.map((b) => b.output),
        );
      for (const b of batch) lines.set(b.job.id, b.output);
    },
    onError: (job, e) => err.write(`\nmathcritic eval: ${job.record.id} (${job.record.subset}): ${e instanceof Error ? e.message : String(e)}\n`),
    onProgress: (p) => {
      if (usesModel && p.done > p.skipped) err.write(`\r[${p.done - p.skipped}/${p.total - p.skipped}] records, ${unreadable} unreadable${p.failed ? `, ${p.failed} failed` : ''}`);
    },
  });
  interrupt.dispose();
  if (usesModel && summary.done > summary.skipped) err.write('\n');
  if (summary.fatal) err.write(`Stopped: ${summary.fatal.message}\nRun the same command again to resume${values.predictions ? '' : ' (with --predictions FILE, from where it stopped)'}.\n`);
  if (summary.cancelled) {
    err.write(values.predictions ? interruptedMessage(summary.written) : 'Interrupted: nothing was kept (no --predictions file).\n');
    return EXIT_INTERRUPTED;
  }

  const scoredLines = jobs.map((j) => lines.get(j.id)).filter((l): l is PredictionLine => l !== undefined);
  const name = criticLabel(settings);
  let plotted: number = EXIT.ok;
  if (values.plot) {
    const own = positionals.length > 0 ? { name, items: scoredLines.map((l) => ({ subset: l.subset, label: l.label, predicted: l.prediction })) } : undefined;
    plotted = await plotCritics({ plot: values.plot, from, reference: values.reference === 'processbench', own, format: format.output, out, err });
    if (positionals.length === 0) return plotted;
  }
  const scored = scoreLines(scoredLines);
  const alone = critic === 'combined' ? { embedded: scoreLines(scoredLines, 'embedded'), model: scoreLines(scoredLines, 'model') } : undefined;
  // Nothing scored prints no report: no table of dashes that could pass for a result.
  if (scoredLines.length > 0) {
    if (format.output === 'json') {
      out.write(`${JSON.stringify({ critic, profile: settings.profile, model: settings.model, samples, ...scored, skipped, ...(alone ? { alone } : {}) }, null, 2)}\n`);
    } else {
      out.write(formatTable(scored));
      if (alone) out.write(formatAlone(scored, alone.model, alone.embedded));
    }
  }
  err.write(unreadableSummary(scoredLines));
  const files = positionals.length - unreadableFiles;
  const unreadableNote = scored.overall.unreadable > 0 ? `, ${scored.overall.unreadable} unreadable answer${scored.overall.unreadable === 1 ? '' : 's'} (scored as misses)` : '';
  const failedNote = summary.failed > 0 ? `, ${summary.failed} failed (named above; not scored, a rerun${values.predictions ? '' : ' with --predictions'} asks them again)` : '';
  err.write(
    `${name}: ${scoredLines.length} record${scoredLines.length === 1 ? '' : 's'} from ${files} file${files === 1 ? '' : 's'} evaluated, ${skipped} skipped${unreadableNote}${failedNote}; overall F1 ${percent(scored.overall.f1)}.\n`,
  );
  if (scoredLines.length === 0 && unreadableFiles === 0 && summary.failed === 0) err.write('mathcritic eval: no record could be evaluated (see the skipped records above).\n');
  if (unreadableFiles > 0 || records.length === 0 || plotted !== EXIT.ok) return EXIT.usage;
  return summary.failed > 0 || summary.fatal ? EXIT.findings : EXIT.ok;
}

interface EvalJob {
  /** The resume key (`predictionKey`). */
  id: string;
  record: EvalRecord;
}

/**
 * Records as jobs. With a predictions file, two records with one id in one subset would share
 * a line: the later ones are named and skipped. Without one, every record is scored, as before.
 */
function uniqueJobs(records: readonly EvalRecord[], unique: boolean, err: NodeJS.WritableStream): EvalJob[] {
  const seen = new Set<string>();
  const jobs: EvalJob[] = [];
  records.forEach((record, i) => {
    const key = predictionKey(record);
    if (!unique) {
      jobs.push({ id: seen.has(key) ? `${key}#${i}` : key, record });
      seen.add(key);
      return;
    }
    if (seen.has(key)) {
      err.write(`mathcritic eval: skipped a second record with id "${record.id}" in subset "${record.subset}" (a predictions line is kept per id).\n`);
      return;
    }
    seen.add(key);
    jobs.push({ id: key, record });
  });
  return jobs;
}
