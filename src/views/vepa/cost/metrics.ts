// The cost of a run in numbers a student can compare side by side: how many times frames
// crossed a wire, how many bits each link carried, and how long each delivered frame took
// from injection to delivery (end-to-end latency).
import type { Trace } from '../../../engine/sim/types';
import { stepCount, timeAt } from '../../../engine/sim/trace-access';
import { busyIntervals, type Busy } from './link-busy';

export interface Delivery {
  readonly origin: number;
  readonly traffic?: number;
  readonly from: string;
  readonly to: string;
  readonly injectedAt: number;
  readonly deliveredAt: number;
  readonly latency: number;
  /** Link crossings on the way (all copies of this frame). */
  readonly crossings: number;
}

export interface CostSummary {
  readonly crossings: number;
  /** Crossings of the links named in `wires` (the uplink), or of all links when not given. */
  readonly wireCrossings: number;
  readonly bits: number;
  readonly deliveries: readonly Delivery[];
  readonly meanLatency: number | undefined;
  readonly busy: readonly Busy[];
}

export function costSummary(trace: Trace, wires?: readonly string[]): CostSummary {
  const busy = busyIntervals(trace);
  const perOrigin = new Map<number, number>();
  for (const b of busy) if (b.origin !== undefined) perOrigin.set(b.origin, (perOrigin.get(b.origin) ?? 0) + 1);
  const deliveries: Delivery[] = [];
  for (const f of trace.fates) {
    for (const d of f.delivered) {
      const t = d.step < stepCount(trace) ? timeAt(trace, d.step) : f.injectedAt;
      deliveries.push({
        origin: f.origin,
        ...(f.traffic !== undefined && { traffic: f.traffic }),
        from: f.node,
        to: d.node,
        injectedAt: f.injectedAt,
        deliveredAt: t,
        latency: t - f.injectedAt,
        crossings: perOrigin.get(f.origin) ?? 0,
      });
    }
  }
  const onWire = wires ? busy.filter((b) => wires.includes(b.link)) : busy;
  const lat = deliveries.map((d) => d.latency);
  return {
    crossings: busy.length,
    wireCrossings: onWire.length,
    bits: onWire.reduce((n, b) => n + b.bits, 0),
    deliveries,
    meanLatency: lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length : undefined,
    busy,
  };
}
