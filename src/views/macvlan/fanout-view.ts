// The broadcast fan-out at the cursor: every macvlan the worker (or a BRIDGE sender's
// local flood) considered, eligible or greyed out with the reason, and whether its copy
// has been made yet at the cursor.
import type { Trace } from '../../engine/sim/types';
import { countUpTo, detailAt, nodeAt, originAt, stepAt, stepsWithDetail } from '../../engine/sim/trace-access';

export interface FanoutRow {
  readonly name: string;
  readonly mode: string;
  readonly bucket: number | null;
  readonly eligible: boolean;
  readonly why: string;
  /** Its copy was handed on at or before the cursor. */
  readonly done: boolean;
}

export interface FanoutView {
  readonly step: number;
  readonly mask: string;
  readonly src: string | null;
  readonly local: boolean;
  /** worker (queued), inline (v6.4+ single-subscriber multicast) or local (BRIDGE transmit). */
  readonly how: 'worker' | 'inline' | 'local' | 'old';
  readonly rows: readonly FanoutRow[];
}

export function fanoutAt(trace: Trace, cursor: number, host: string): FanoutView | undefined {
  const withFanout = stepsWithDetail(trace, host, 'fanout');
  for (let k = countUpTo(withFanout, cursor) - 1; k >= 0; k--) {
    const i = withFanout[k];
    const s = stepAt(trace, i)!;
    const d = s.detail as
      | {
          fanout?: Omit<FanoutRow, 'done'>[];
          maskNames?: string;
          src?: string | null;
          local?: boolean;
          how?: FanoutView['how'];
        }
      | undefined;
    if (s.node !== host || !d?.fanout) continue;
    const origin = s.packet?.origin;
    const copied = new Set<string>();
    for (let j = i + 1; j <= cursor; j++) {
      if (nodeAt(trace, j) !== host || originAt(trace, j) !== (origin ?? -1)) continue;
      const cd = detailAt(trace, j) as { target?: string } | undefined;
      if (cd?.target) copied.add(cd.target);
    }
    return {
      step: i,
      mask: d.maskNames ?? '',
      src: d.src ?? null,
      local: !!d.local,
      how: d.how ?? (d.local ? 'local' : 'worker'),
      rows: d.fanout.map((r) => ({ ...r, done: copied.has(r.name) })),
    };
  }
  return undefined;
}
