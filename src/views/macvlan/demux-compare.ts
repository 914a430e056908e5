// "Where the demux lives": the same traffic (an ARP broadcast, then two pings) through
// software macvlan, a NIC with per-MAC receive queues, and an SR-IOV eswitch in legacy and
// switchdev mode. For each frame: who took the decision, and how many copies the host
// CPU made.
import type { Step, Trace } from '../../engine/sim/types';
import { nodeAt, stepAt, stepsByOrigin } from '../../engine/sim/trace-access';
import { decodeFrame, summarize } from '../../engine/frame/decode';
import { receivers } from './receivers';

export const DEMUX_SCENARIOS = [
  { id: 'demux-software', label: 'software macvlan' },
  { id: 'demux-l2fwd', label: 'NIC per-MAC queues (L2 fwd offload)' },
  { id: 'demux-sriov-legacy', label: 'SR-IOV VFs, legacy eswitch' },
  { id: 'demux-sriov-switchdev', label: 'SR-IOV VFs + SF, switchdev + representors' },
] as const;

export interface FrameDemux {
  readonly origin: number;
  readonly summary: string;
  readonly decidedBy: string;
  readonly where: 'host CPU' | 'NIC';
  readonly softwareCopies: number;
  readonly receivers: string[];
}

function decider(steps: Step[]): { by: string; where: 'host CPU' | 'NIC' } {
  for (const s of steps) {
    const d = (s.detail ?? {}) as Record<string, unknown>;
    if (d.demux === 'nic-queue') return { by: 'the L2 forwarding station matched the MAC', where: 'NIC' };
    if (d.demux === 'eswitch-hw') return { by: 'the eswitch: (MAC, VLAN) match or hardware replication', where: 'NIC' };
    if (d.demux === 'slow-path')
      return { by: `the software switch, reached through representor ${String(d.representor)}`, where: 'host CPU' };
    if (d.lookup === 'dst') return { by: `macvlan_handle_frame, hash bucket ${String(d.bucket)}`, where: 'host CPU' };
    if (d.lookup === 'src')
      return { by: 'macvlan_handle_frame (source lookup), then the broadcast worker', where: 'host CPU' };
  }
  return { by: 'nobody (never reached the host)', where: 'host CPU' };
}

/** Frames injected on the wire side (by a node that is not a guest of the host). */
export function demuxFrames(trace: Trace, fromNode = 'ext'): FrameDemux[] {
  const hostIds = new Set(
    trace.topology.nodes.filter((n) => n.type === 'macvlan' || n.type === 'sriov-nic').map((n) => n.id),
  );
  return trace.fates
    .filter((f) => f.node === fromNode)
    .map((f) => {
      // This frame's steps only (an index made once per trace), not a walk of the trace per frame.
      const mine = [...(stepsByOrigin(trace).get(f.origin) ?? [])];
      const steps = mine.filter((i) => hostIds.has(nodeAt(trace, i))).map((i) => stepAt(trace, i)!);
      const d = decider(steps);
      const r = receivers(trace, f.origin);
      const at = mine.find((i) => stepAt(trace, i)!.frame !== undefined);
      const first = at === undefined ? undefined : stepAt(trace, at);
      const summary = first?.frame !== undefined ? summarize(decodeFrame(trace.frames[first.frame])) : f.summary;
      return {
        origin: f.origin,
        summary,
        decidedBy: d.by,
        where: d.where,
        softwareCopies: r.softwareCopies,
        receivers: r.devices,
      };
    })
    .filter((x) => x.receivers.length > 0 || x.decidedBy !== 'nobody (never reached the host)');
}
