import type { CurationState, RecordFilter } from './types';
import { disagree, isLabelled } from './opinions';

/** What a filter may ask about record i; the checker is asked last, as it reads and checks the record. */
export interface FilterFacts {
  state(i: number): CurationState;
  source(i: number): string | undefined;
  critic(i: number): number | undefined;
  dataset(i: number): number | undefined;
  checker(i: number): number;
}

/** Every condition of the filter holds (an empty filter matches every record). */
export function matchesFilter(i: number, filter: RecordFilter, facts: FilterFacts): boolean {
  if (filter.source !== undefined && facts.source(i) !== filter.source) return false;
  if (filter.verdict !== undefined) {
    const critic = facts.critic(i);
    if (critic === undefined || (filter.verdict === 'correct') !== (critic === -1)) return false;
  }
  if (filter.unlabelled && isLabelled(facts.state(i))) return false;
  if (filter.disagreement && !disagrees(i, facts)) return false;
  return true;
}

/** Human, critic, dataset label and checker do not all agree on the first wrong step (opinions.ts `disagree`). */
export function disagrees(i: number, facts: FilterFacts): boolean {
  const known: number[] = [];
  const human = facts.state(i).firstWrongStep;
  if (human !== null) known.push(human);
  const critic = facts.critic(i);
  if (critic !== undefined) known.push(critic);
  const dataset = facts.dataset(i);
  if (dataset !== undefined) known.push(dataset);
  return disagree(known, () => facts.checker(i));
}

/** The next (or previous) record after `from` that matches, or null. `from` may be -1 or `count`. */
export function findRecord(count: number, from: number, direction: 1 | -1, filter: RecordFilter, facts: FilterFacts): number | null {
  for (let i = from + direction; i >= 0 && i < count; i += direction) if (matchesFilter(i, filter, facts)) return i;
  return null;
}

/**
 * `findRecord` that gives the event loop back every `sliceMs`: a filter that needs the checker
 * (disagreement) can cost half a millisecond a record, and a server answering other requests
 * must not freeze for a search through 76,000 of them. `cancelled` is asked between slices;
 * when it says yes the search stops and resolves undefined.
 */
export async function findRecordAsync(
  count: number,
  from: number,
  direction: 1 | -1,
  filter: RecordFilter,
  facts: FilterFacts,
  cancelled: () => boolean = () => false,
  sliceMs = 20,
): Promise<number | null | undefined> {
  let i = from + direction;
  while (i >= 0 && i < count) {
    const sliceEnd = performance.now() + sliceMs;
    for (; i >= 0 && i < count; i += direction) {
      if (matchesFilter(i, filter, facts)) return i;
      if ((i & 63) === 0 && performance.now() > sliceEnd) {
        i += direction;
        break;
      }
    }
    if (i < 0 || i >= count) break;
    await new Promise((resolve) => setImmediate(resolve));
    if (cancelled()) return undefined;
  }
  return null;
}
