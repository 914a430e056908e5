// A pcap of a trace: every frame put on a link (steps of kind inject/transmit that carry
// `link`), or only what one point of capture sees, as tcpdump on that interface would.
// A send-side record is stamped with the step's time; a receive-side record with the
// time the frame reaches that port (link.arrives). Frames lost on the link never reach
// the receiver, so they are in the sender's capture but not the receiver's.
import type { Step, Trace } from '../sim/types';
import { writePcap, type PcapRecord } from './pcap';

export interface CapturePoint {
  /** A node id, or a link id to capture both directions of one link. */
  node: string;
  port?: string;
}

/** The frames a point of capture sees, in time order (ties in step order). */
export function captureRecords(trace: Trace, point?: CapturePoint): PcapRecord[] {
  const out: { timeNs: number; bytes: Uint8Array; order: number }[] = [];
  const lost = lostOnLink(trace);
  const matches = (ref: { node: string; port: string }): boolean =>
    !!point && ref.node === point.node && (point.port === undefined || ref.port === point.port);
  for (const s of trace.steps) {
    if ((s.kind !== 'inject' && s.kind !== 'transmit') || !s.link || s.frame === undefined) continue;
    const bytes = trace.frames[s.frame];
    if (!point || s.link.id === point.node || matches(s.link.from)) {
      out.push({ timeNs: s.time, bytes, order: s.index * 2 });
    } else if (matches(s.link.to)) {
      if (s.packet && lost.has(`${s.link.id}\u0000${s.packet.pid}`)) continue;
      if (s.link.arrives > trace.endTime) continue; // still on the wire when the run stopped
      out.push({ timeNs: s.link.arrives, bytes, order: s.index * 2 + 1 });
    }
  }
  out.sort((a, b) => a.timeNs - b.timeNs || a.order - b.order);
  return out.map(({ timeNs, bytes }) => ({ timeNs, bytes }));
}

/** Packets the simulator dropped as lost on a link: a drop step recorded at the link's id. */
function lostOnLink(trace: Trace): Set<string> {
  const linkIds = new Set(trace.topology.links.map((l) => l.id));
  const lost = new Set<string>();
  for (const s of trace.steps as readonly Step[]) {
    if (s.kind === 'drop' && s.packet && linkIds.has(s.node)) lost.add(`${s.node}\u0000${s.packet.pid}`);
  }
  return lost;
}

export function tracePcap(trace: Trace, point?: CapturePoint): Uint8Array<ArrayBuffer> {
  return writePcap(captureRecords(trace, point));
}
