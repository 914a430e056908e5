// One row per run for the side-by-side cost table: what the guests offered, what the
// uplink carried (both directions), the ratio between the two (0 in bridge mode, 2 with
// VEPA and hairpin), fates and mean end-to-end latency.
import type { Trace } from '../../../engine/sim/types';
import { vepaLayout } from '../geometry/layout';
import { costSummary } from './metrics';

export interface CostRow {
  readonly label: string;
  readonly offeredBits: number;
  readonly uplinkBits: number;
  readonly uplinkCrossings: number;
  readonly ratio: number | undefined;
  readonly delivered: number;
  readonly dropped: number;
  readonly meanLatencyNs: number | undefined;
}

export function costRow(label: string, trace: Trace): CostRow {
  const layout = vepaLayout(trace.topology);
  const uplinks = layout.links.filter((l) => l.role === 'uplink').map((l) => l.id);
  const guests = new Set([...layout.nodes.values()].filter((n) => n.role === 'guest').map((n) => n.id));
  const c = costSummary(trace, uplinks);
  const offeredBits = c.busy.filter((b) => guests.has(b.dir.split(':')[0])).reduce((n, b) => n + b.bits, 0);
  // Count guest-to-guest deliveries only: the ones that end at a guest.
  const toGuests = c.deliveries.filter((d) => guests.has(d.to));
  const lat = toGuests.map((d) => d.latency);
  return {
    label,
    offeredBits,
    uplinkBits: c.bits,
    uplinkCrossings: c.wireCrossings,
    ratio: offeredBits > 0 ? c.bits / offeredBits : undefined,
    delivered: toGuests.length,
    dropped: trace.fates.reduce((n, f) => n + f.dropped.length, 0),
    meanLatencyNs: lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length : undefined,
  };
}
