/** The dataset's counts, asked for again (debounced) whenever labels may have changed them. */
import { CURATOR_STATS } from '../../../../protocol/curator';
import { state } from './state';
import { message, request } from './host-requests';
import { render } from './redraw';

let statsTimer: ReturnType<typeof setTimeout> | undefined;
let again: ReturnType<typeof setTimeout> | undefined;

/** `delayMs`: labels typed in a burst are counted once; the first count of an open is asked at once. */
export function refreshStats(delayMs = 250): void {
  clearTimeout(statsTimer);
  clearTimeout(again);
  statsTimer = setTimeout(async () => {
    try {
      state.stats = await request(CURATOR_STATS, {});
      state.statsError = undefined;
      // Counts still being completed by the server (records to index, records to check): asked for again.
      if (state.stats.indexing || state.stats.humanChecker.pending) again = setTimeout(() => refreshStats(), 1000);
    } catch (err) {
      state.statsError = message(err);
    }
    render();
  }, delayMs);
}
