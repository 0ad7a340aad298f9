/** The last records read from the server, so walking back and forth (and j after a prefetch) is instant. */
import { CURATOR_RECORD, type RecordView } from '../../../../protocol/curator';
import { request } from './host-requests';

export const cache = new Map<number, RecordView>();

export async function fetchRecord(index: number): Promise<RecordView> {
  const hit = cache.get(index);
  if (hit) return hit;
  const r = await request(CURATOR_RECORD, { index });
  remember(r);
  return r;
}

export function remember(r: RecordView): void {
  cache.set(r.index, r);
  if (cache.size > 40) cache.delete(cache.keys().next().value as number);
}
