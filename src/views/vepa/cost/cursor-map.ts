// Two traces, one cursor: side-by-side panes step together either by virtual time (the
// other pane shows the last step at or before the same instant) or by step ratio (the
// same fraction of the way through each run).
import type { Trace } from '../../../engine/sim/types';

export type CursorMode = 'time' | 'ratio';

export function mapCursor(from: Trace, to: Trace, cursor: number, mode: CursorMode): number {
  if (cursor < 0 || to.steps.length === 0) return -1;
  if (mode === 'ratio') {
    const f = from.steps.length <= 1 ? 1 : cursor / (from.steps.length - 1);
    return Math.round(f * (to.steps.length - 1));
  }
  const t = from.steps[Math.min(cursor, from.steps.length - 1)].time;
  // Last step of `to` with time <= t (binary search: steps are in time order).
  let lo = 0;
  let hi = to.steps.length - 1;
  if (to.steps[0].time > t) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (to.steps[mid].time <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
