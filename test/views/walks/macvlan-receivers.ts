// The walk this lookup used before it read indexes (commit f78ba54), kept as its definition:
// test/views/lookups-equal-walks.test.ts holds the indexed lookup to the same answers.
// Who got one injected frame, read from a trace as a student would say it: which macvlans
// (or VFs) received a copy, whether the lower device's own stack got it, how often it
// went on the wire. Shared by the five-modes table and the demux comparison.
import type { Step, Trace } from '../../../src/engine/sim/types';

export interface Receivers {
  readonly devices: string[];
  readonly lowerStack: boolean;
  readonly wire: number;
  /** Copies the host CPU made to reach guests (broadcast fan-out, representor flood). */
  readonly softwareCopies: number;
  /** Why each device got it or not, from the fan-out decision (macvlan hosts). */
  readonly excluded: { name: string; why: string }[];
}

/** The origin of traffic item `i` (the frame it injected, not frames that answer it). */
export function originOf(t: Trace, i: number): number | undefined {
  return t.fates.find((x) => x.traffic === i && (x as { cause?: number }).cause === undefined)?.origin;
}

const det = (s: Step): Record<string, unknown> => (s.detail ?? {}) as Record<string, unknown>;

export function receivers(t: Trace, origin: number): Receivers {
  const hosts = new Map(t.topology.nodes.map((n) => [n.id, n.type]));
  const devices = new Set<string>();
  const excluded: { name: string; why: string }[] = [];
  let lowerStack = false;
  let wire = 0;
  let softwareCopies = 0;
  for (const s of t.steps) {
    if (s.packet?.origin !== origin) continue;
    const type = hosts.get(s.node);
    const d = det(s);
    if (type === 'macvlan') {
      const lower = t.topology.nodes.find((n) => n.id === s.node)!.ports[0];
      if (s.kind === 'transmit' && s.port === lower) wire++;
      else if (s.kind === 'transmit' && s.port && !d.read) devices.add(s.port);
      if ((s.kind === 'decide' || s.kind === 'deliver') && typeof d.tap === 'string' && !d.read && !d.overflow)
        devices.add(d.tap);
      if (s.kind === 'deliver' && d.rx === 'lower-stack') lowerStack = true;
      if (Array.isArray(d.fanout)) {
        for (const f of d.fanout as { name: string; eligible: boolean; why: string }[]) {
          if (f.eligible) softwareCopies++;
          else excluded.push({ name: f.name, why: f.why });
        }
      }
    } else if (type === 'sriov-nic') {
      if (s.kind === 'transmit' && s.port === t.topology.nodes.find((n) => n.id === s.node)!.ports[0]) wire++;
      else if (s.kind === 'transmit' && s.port) devices.add(s.port);
      if (s.kind === 'deliver' && d.to === 'pf') lowerStack = true;
      if (typeof d.softwareCopies === 'number') softwareCopies += d.softwareCopies;
    }
  }
  return { devices: [...devices].sort(), lowerStack, wire, softwareCopies, excluded };
}
