import { promises as fs } from 'node:fs';
import { parseJsonl, type BadLine } from '../io/jsonl';
import { scaleRecordSchema, type ScaleRecord } from './record';

export interface ScalePredictions {
  /** The last line per id (a rerun's line supersedes an earlier one). */
  records: Map<string, ScaleRecord>;
  /** Lines that are not scale records (other than a torn tail). */
  bad: BadLine[];
  /** The file ended in a torn line (an interrupted write): ignored, that problem is asked again. */
  tornTail: boolean;
  exists: boolean;
}

/** Reads a `scale --predictions` file; a missing file is empty. */
export async function readScalePredictions(file: string): Promise<ScalePredictions> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { records: new Map(), bad: [], tornTail: false, exists: false };
    throw e;
  }
  return { ...parseScalePredictions(text), exists: true };
}

export function parseScalePredictions(text: string): Omit<ScalePredictions, 'exists'> {
  const { records, bad, tornTail } = parseJsonl(text, (v) => scaleRecordSchema.parse(v));
  return { records: new Map(records.map((r) => [r.id, r])), bad: tornTail ? bad.slice(0, -1) : bad, tornTail };
}

/** What a run's results depend on: a predictions file holds one run's, never a mix. */
export interface RunSettings {
  actor_model: string;
  critic_model: string;
  profile: string;
  refinements: number;
}

/** The first setting on which a stored record differs from this run, said for a person; undefined when none. */
export function settingsMismatch(record: ScaleRecord, run: RunSettings): string | undefined {
  for (const key of ['actor_model', 'critic_model', 'profile', 'refinements'] as const) {
    if (record[key] !== run[key]) return `${key.replace('_', ' ')} ${JSON.stringify(record[key])} (this run: ${JSON.stringify(run[key])})`;
  }
  return undefined;
}
