import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CURATED_LAYOUTS, CurateError, CuratorStore, exportCurated, journalNotice, NEUTRAL_CHOICES, replayJournal, type CuratedLayout, type NeutralAs } from '../../engine/curate';
import type { CuratorStats } from '../../engine/curate/types';
import { EXIT, UsageError } from '../errors';
import { refuseOutputOverInput } from '../inputs';

export const CURATE_HELP = `mathcritic curate export DATASET [--journal FILE] --out OUT.jsonl|OUT.parquet [--layout records|trl|prm800k] [--neutral right|wrong|stop]
mathcritic curate export --journal .mathcritic/labels.journal --out OUT.jsonl
mathcritic curate stats DATASET [--journal FILE] [--format text|json]

DATASET is JSON Lines, a JSON array or Parquet, in any record shape MathCritic reads.

The curator's labels live in an append-only journal beside the dataset (DATASET.jsonl.journal,
or --journal). "export" writes a new JSONL, atomically, with each record's labels merged in:
the original fields as written, plus human_first_wrong_step, step_ratings (+1/0/-1 per step,
null where unrated), critique_verdict, critique (edited; the original as critique_original),
human_note and curated_at. Records labelled from solution documents (the quick fixes on a
critic diagnostic, written to .mathcritic/labels.journal) are added after the dataset's; with
--journal alone, they are the whole output. The dataset itself is never rewritten.
An OUT.parquet is written whole (temporary file, renamed).

--layout trl writes only the records with step labels, as TRL stepwise supervision (the
PRMTrainer's input): prompt, completions (the steps up to and including the first wrong one)
and labels (one boolean per step). --layout prm800k writes them in PRM800K's labeller layout
(question.pre_generated_steps, label.steps[].completions[].rating +1/0/-1, finish_reason).
A person's first wrong step makes the steps before it right and it wrong; otherwise their
step ratings are used in order, up to the first incorrect or unrated step. --neutral says what
a neutral rating becomes as a TRL boolean: right (default; PRM800K's own PRM and OpenR count
0 as positive), wrong, or stop (the completions end before it). PRM800K keeps it as 0.

"stats" prints label counts, human-critic and human-checker agreement and the sources.
Lines that are not records, a torn last journal line, labels that match no record (the record
was edited or removed, or two records share its id) and labels on a step the record does not
have (rejected) are named on stderr. Labels apply in the order they were appended to the
journal; their times are kept as data and never reorder them. Exits 0, or
2 on bad usage or a file that cannot be read.`;

export async function runCurate(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    out.write(`${CURATE_HELP}\n`);
    return sub ? EXIT.ok : EXIT.usage;
  }
  if (sub !== 'export' && sub !== 'stats') throw new UsageError(`unknown subcommand "${sub}": use "curate export" or "curate stats".`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      journal: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string', default: 'text' },
      layout: { type: 'string', default: 'records' },
      neutral: { type: 'string', default: 'right' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out.write(`${CURATE_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`one dataset at a time, not ${positionals.length}.`);
  const dataset = positionals[0];
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${values.format}".`);
  if (!CURATED_LAYOUTS.includes(values.layout as CuratedLayout)) throw new UsageError(`--layout must be ${CURATED_LAYOUTS.join(', ')}, not "${values.layout}".`);
  if (!NEUTRAL_CHOICES.includes(values.neutral as NeutralAs)) throw new UsageError(`--neutral must be ${NEUTRAL_CHOICES.join(', ')}, not "${values.neutral}".`);
  const exportOptions = { layout: values.layout as CuratedLayout, neutral: values.neutral as NeutralAs };

  try {
    if (sub === 'export') {
      if (!values.out) throw new UsageError('--out is required: the new .jsonl or .parquet file to write (the dataset is never rewritten).');
      await refuseOutputOverInput(values.out, [dataset, values.journal]);
      if (!dataset) {
        if (!values.journal) throw new UsageError('name a dataset, or a --journal of labels made from solution documents.');
        if (!existsSync(values.journal)) throw new CurateError('missing', `The journal ${values.journal} does not exist: no label has been written there yet.`);
        const { book, read, notice: left } = replayJournal(values.journal);
        for (const notice of [journalNotice(values.journal, read), left]) if (notice) err.write(`mathcritic curate: ${notice}\n`);
        const { written } = await exportCurated({ book }, values.out, exportOptions);
        err.write(`${values.out}: ${written} record${written === 1 ? '' : 's'} from ${book.eventCount} label${book.eventCount === 1 ? '' : 's'} in ${values.journal}.\n`);
        return EXIT.ok;
      }
      const store = await openStore(dataset, values.journal, err);
      try {
        const { written } = await store.export(values.out, exportOptions);
        const labelled = store.stats().labelled;
        err.write(`${values.out}: ${written} record${written === 1 ? '' : 's'} written, ${labelled} with labels merged (from ${store.journal.path}).\n`);
      } finally {
        store.close();
      }
      return EXIT.ok;
    }
    if (!dataset) throw new UsageError('name the dataset: mathcritic curate stats DATASET.jsonl');
    const store = await openStore(dataset, values.journal, err);
    try {
      const stats = store.stats();
      out.write(values.format === 'json' ? `${JSON.stringify(stats, null, 2)}\n` : formatStats(stats));
    } finally {
      store.close();
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CurateError) {
      err.write(`mathcritic curate: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

async function openStore(dataset: string, journal: string | undefined, err: NodeJS.WritableStream): Promise<CuratorStore> {
  const store = await CuratorStore.openAsync(dataset, { journalPath: journal });
  const { skipped, journalNotice: notice } = store.summary();
  const unit = store.index.unit;
  for (const s of skipped.slice(0, 20)) err.write(`mathcritic curate: ${dataset}:${unit === 'record' ? 'record ' : ''}${s.line}: skipped: ${s.reason}\n`);
  if (skipped.length > 20) err.write(`mathcritic curate: … and ${skipped.length - 20} more ${unit}s skipped.\n`);
  if (skipped.length > 0) err.write(`mathcritic curate: ${skipped.length} ${unit}${skipped.length === 1 ? '' : 's'} skipped.\n`);
  if (notice) err.write(`mathcritic curate: ${notice}\n`);
  return store;
}

function percent(n: number, of: number): string {
  return of === 0 ? '—' : `${((n / of) * 100).toFixed(1)}%`;
}

export function formatStats(s: CuratorStats): string {
  const agreement = (a: { agree: number; disagree: number }) => `${a.agree} agree, ${a.disagree} disagree (${percent(a.agree, a.agree + a.disagree)} agreement)`;
  const lines = [
    `records        ${s.count}`,
    `labelled       ${s.labelled} (${percent(s.labelled, s.count)})`,
    `step ratings   ${s.ratings.correct} correct, ${s.ratings.neutral} neutral, ${s.ratings.incorrect} incorrect`,
    `critiques      ${s.critiqueVerdicts.accepted} accepted, ${s.critiqueVerdicts.rejected} rejected`,
    `human–critic   ${agreement(s.humanCritic)}`,
    `human–checker  ${agreement(s.humanChecker)}`,
  ];
  if (s.unmatchedLabels) lines.push(`unmatched      ${s.unmatchedLabels.labels} label${s.unmatchedLabels.labels === 1 ? '' : 's'} on ${s.unmatchedLabels.records} record key${s.unmatchedLabels.records === 1 ? '' : 's'} no record has (named on stderr), not counted above`);
  if (s.rejectedLabels) lines.push(`rejected       ${s.rejectedLabels} label${s.rejectedLabels === 1 ? '' : 's'} on a step that does not exist (named on stderr), not counted above`);
  const sources = Object.entries(s.sources).sort((a, b) => b[1] - a[1]);
  if (sources.length > 0) {
    lines.push('sources');
    const width = Math.max(...sources.map(([name]) => name.length));
    for (const [name, n] of sources) lines.push(`  ${name.padEnd(width)}  ${String(n).padStart(6)}`);
  }
  return `${lines.join('\n')}\n`;
}
