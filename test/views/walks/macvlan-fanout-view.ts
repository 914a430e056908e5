// The walk this lookup used before it read indexes (commit f78ba54), kept as its definition:
// test/views/lookups-equal-walks.test.ts holds the indexed lookup to the same answers.
// The broadcast fan-out at the cursor: every macvlan the worker (or a BRIDGE sender's
// local flood) considered, eligible or greyed out with the reason, and whether its copy
// has been made yet at the cursor.
import type { Trace } from '../../../src/engine/sim/types';

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
  for (let i = cursor; i >= 0; i--) {
    const s = trace.steps[i];
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
      const c = trace.steps[j];
      const cd = c.detail as { target?: string } | undefined;
      if (c.node === host && c.packet?.origin === origin && cd?.target) copied.add(cd.target);
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
