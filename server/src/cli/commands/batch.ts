import { parseArgs } from 'node:util';
import { BATCH_URL, critiqueBatchLines, readBatchResults, type BatchJob } from '../../engine/batch/openai-batch';
import { writeFileAtomic } from '../../engine/io/atomic-write';
import { EXIT, UsageError } from '../errors';
import { reason, refuseOutputOverInput } from '../inputs';
import { loadJobs } from '../jobs';
import { intOption, PROFILE_HELP, PROFILE_OPTIONS, profileChoice } from '../model-options';
import { readTextFile } from '../../engine/io/decode';

export const BATCH_HELP = `mathcritic batch write FILE|FOLDER|DATASET … --model NAME --out requests.jsonl [options]
mathcritic batch read  FILE|FOLDER|DATASET … --results results.jsonl --model NAME --out critiques.jsonl [options]

For critiquing at scale without a server in the loop. "write" turns the solutions into an
OpenAI Batch API input file (one chat completion request a line, custom_id = the solution's
id), which "vllm run-batch" also reads. "read" takes the same solutions and the batch output
file and writes critique records, as "mathcritic critique" does.

  --samples K          critiques per solution (n), aggregated by majority (default 1)
  --temperature T      (default 0, or 0.7 when K > 1)
  --max-tokens N       (default: the profile's, 2048 for json, 16384 for processbench)
${PROFILE_HELP.split('\n').slice(0, 2).join('\n')}
                       (a chat profile: prm scores through /pooling, not a batch file)
  --prose              (write) ask for prose critiques instead of the JSON schema
  --format NAME        force the dataset record shape (default: detected from its fields)

Give "read" the same --model, --profile, --samples, --temperature and --max-tokens as "write": they are
part of each record's critique id. "read" exits 1 when some results failed or could not be read.`;

export async function runBatch(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    out.write(`${BATCH_HELP}\n`);
    return sub ? EXIT.ok : EXIT.usage;
  }
  if (sub !== 'write' && sub !== 'read') throw new UsageError(`unknown subcommand "${sub}": use "batch write" or "batch read".`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      out: { type: 'string' },
      results: { type: 'string' },
      samples: { type: 'string', default: '1' },
      temperature: { type: 'string' },
      'max-tokens': { type: 'string' },
      ...PROFILE_OPTIONS,
      prose: { type: 'boolean', default: false },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${BATCH_HELP}\n`);
    return EXIT.ok;
  }
  if (!values.model) throw new UsageError('--model is required (the model the batch is run with).');
  if (!values.out) throw new UsageError(`--out is required (the ${sub === 'write' ? 'requests' : 'critiques'} file to write).`);
  if (sub === 'read' && !values.results) throw new UsageError('--results is required (the batch output file).');
  await refuseOutputOverInput(values.out, [...positionals, values.results]);
  const samples = intOption('--samples', values.samples, 1, 64);
  const maxTokens = values['max-tokens'] === undefined ? 0 : intOption('--max-tokens', values['max-tokens'], 16, 131_072);
  const { profile } = profileChoice(values);
  const temperature = values.temperature === undefined ? (samples > 1 ? 0.7 : 0) : Number(values.temperature);
  if (!Number.isFinite(temperature) || temperature < 0 || temperature > 2) throw new UsageError('--temperature must be between 0 and 2.');

  const { jobs, problems, skipped } = await loadJobs(positionals, { format: values.format });
  for (const p of problems) err.write(`mathcritic: ${p}\n`);
  if (skipped > 0) err.write(`mathcritic: ${skipped} dataset record${skipped === 1 ? '' : 's'} skipped (named above).\n`);
  if (jobs.length === 0) return EXIT.usage;
  const how = { model: values.model, temperature, maxTokens, samples, profile };

  if (sub === 'write') {
    let lines;
    try {
      lines = critiqueBatchLines(jobs, { ...how, json: !values.prose });
    } catch (e) {
      throw new UsageError(reason(e));
    }
    await writeFileAtomic(values.out, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    err.write(
      `${lines.length} requests written to ${values.out}.\n` +
        `Run them with vLLM:   vllm run-batch -i ${values.out} -o results.jsonl --model ${values.model}\n` +
        `or with the OpenAI Batch API: upload the file with purpose "batch", create a batch with endpoint ${BATCH_URL} and completion_window "24h", and download its output file.\n` +
        `Then: mathcritic batch read ${positionals.join(' ')} --results results.jsonl --model ${values.model} --out critiques.jsonl\n`,
    );
    return EXIT.ok;
  }

  const byId = new Map<string, BatchJob>();
  const duplicates = new Set<string>();
  for (const job of jobs) {
    if (byId.has(job.id)) duplicates.add(job.id);
    byId.set(job.id, job);
  }
  if (duplicates.size > 0) throw new UsageError(`duplicate ids: ${[...duplicates].join(', ')}; results cannot be matched to solutions.`);
  let text: string;
  try {
    text = await readTextFile(values.results!);
  } catch (e) {
    throw new UsageError(`cannot read ${values.results}: ${reason(e)}`);
  }
  const { records, failed, unknown } = readBatchResults(text, byId, how);
  await writeFileAtomic(values.out, records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : ''));
  for (const f of failed) err.write(`${f.custom_id}: ${f.reason}\n`);
  if (unknown.length > 0) err.write(`not among the solutions given, ignored: ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ', …' : ''}\n`);
  const seen = new Set([...records.map((r) => r.id), ...failed.map((f) => f.custom_id)]);
  const missing = jobs.filter((j) => !seen.has(j.id)).length;
  const wrong = records.filter((r) => r.first_wrong_step >= 0).length;
  err.write(
    `${records.length} critiques written to ${values.out} (${wrong} with a wrong step), ${failed.length} failed, ${unknown.length} unknown` +
      `${missing > 0 ? `, ${missing} solutions with no result` : ''}.\n`,
  );
  return failed.length > 0 ? EXIT.findings : EXIT.ok;
}
