// The broadcast fan-out at the cursor: every macvlan the worker (or a BRIDGE sender's
// local flood) considered, eligible or greyed out with the reason, and whether its copy
// has been made yet at the cursor.
import type { Trace } from '../../engine/sim/types';
import { nodeAt, stepAt } from '../../engine/sim/trace-access';

export interface FanoutRow {
  readonly name: string;
  readonly mode: string;
  readonly bucket: number | null;
  readonly eligible: boolean;
  readonly why: string;
  /** Its copy was handed on at or before the cursor. */
  readonly done: boolean;
  /** Its copy was handed on by the cursor step itself. */
  readonly now: boolean;
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

/** How far back a fan-out is looked for: a worker run's copies follow its decision closely. */
const REACH = 400;

export function fanoutAt(trace: Trace, cursor: number, host: string): FanoutView | undefined {
  for (let i = cursor; i >= 0 && cursor - i <= REACH; i--) {
    if (nodeAt(trace, i) !== host) continue;
    const s = stepAt(trace, i)!;
    const d = s.detail as
      | {
          fanout?: Omit<FanoutRow, 'done' | 'now'>[];
          maskNames?: string;
          src?: string | null;
          local?: boolean;
          how?: FanoutView['how'];
        }
      | undefined;
    if (s.node !== host || !d?.fanout) continue;
    const origin = s.packet?.origin;
    const copied = new Set<string>();
    let now: string | undefined;
    for (let j = i + 1; j <= cursor; j++) {
      if (nodeAt(trace, j) !== host) continue;
      const c = stepAt(trace, j)!;
      const cd = c.detail as { target?: string } | undefined;
      if (c.packet?.origin === origin && cd?.target) {
        copied.add(cd.target);
        if (j === cursor) now = cd.target;
      }
    }
    return {
      step: i,
      mask: d.maskNames ?? '',
      src: d.src ?? null,
      local: !!d.local,
      how: d.how ?? (d.local ? 'local' : 'worker'),
      rows: d.fanout.map((r) => ({ ...r, done: copied.has(r.name), now: r.name === now })),
    };
  }
  return undefined;
}
