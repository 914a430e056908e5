// Two traces, one cursor: side-by-side panes step together either by virtual time (the
// other pane shows the last step at or before the same instant) or by step ratio (the
// same fraction of the way through each run).
import type { Trace } from '../../../engine/sim/types';
import { stepCount, timeAt } from '../../../engine/sim/trace-access';

export type CursorMode = 'time' | 'ratio';

export function mapCursor(from: Trace, to: Trace, cursor: number, mode: CursorMode): number {
  const nTo = stepCount(to);
  const nFrom = stepCount(from);
  if (cursor < 0 || nTo === 0) return -1;
  if (mode === 'ratio') {
    const f = nFrom <= 1 ? 1 : cursor / (nFrom - 1);
    return Math.round(f * (nTo - 1));
  }
  const t = timeAt(from, Math.min(cursor, nFrom - 1));
  // Last step of `to` with time <= t (binary search: steps are in time order).
  let lo = 0;
  let hi = nTo - 1;
  if (timeAt(to, 0) > t) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (timeAt(to, mid) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
