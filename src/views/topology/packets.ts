// Where packet markers go between two cursors: each link crossing in (previous, cursor]
// becomes a move from one port to the other. Pure, so tests can check it; the view only
// animates what this returns.
import type { Step, Trace } from '../../engine/sim/types';
import type { Layout } from './layout';

export interface PacketMove {
  readonly key: string;
  readonly step: number;
  readonly from: { x: number; y: number };
  readonly to: { x: number; y: number };
  readonly animate: boolean;
}

/** At most this many crossings animate at once (a long jump just shows where things are). */
const MAX_MOVES = 6;

export function packetMoves(trace: Trace, layout: Layout, previous: number, cursor: number): PacketMove[] {
  const port = (node: string, p: string | undefined) => layout.ports.find((q) => q.node === node && q.port === p);
  const centre = (node: string) => layout.nodes.find((n) => n.id === node);
  const out: PacketMove[] = [];
  const forward = cursor > previous && cursor - previous <= MAX_MOVES * 4;
  if (forward) {
    for (let i = Math.max(previous + 1, 0); i <= cursor; i++) {
      const s = trace.steps[i];
      if (!s.link) continue;
      const a = port(s.link.from.node, s.link.from.port);
      const b = port(s.link.to.node, s.link.to.port);
      if (a && b) out.push({ key: `${cursor}:${i}`, step: i, from: a, to: b, animate: true });
    }
  }
  if (out.length > MAX_MOVES) out.splice(0, out.length - MAX_MOVES);
  if (out.length === 0 && cursor >= 0) {
    const s: Step = trace.steps[cursor];
    if (s.packet || s.frame !== undefined) {
      const at = s.link
        ? port(s.link.to.node, s.link.to.port)
        : (port(s.node, s.port) ?? centre(s.node) ?? linkMid(layout, s.node));
      if (at) out.push({ key: `${cursor}:rest`, step: cursor, from: at, to: at, animate: false });
    }
  }
  return out;
}

export function linkMid(layout: Layout, id: string): { x: number; y: number } | undefined {
  const l = layout.links.find((k) => k.id === id);
  return l && { x: (l.x1 + l.x2) / 2, y: (l.y1 + l.y2) / 2 };
}

/** Drops of the current step's frame up to the cursor, where they happened. */
export function dropsSoFar(trace: Trace, cursor: number): Step[] {
  const cur = trace.steps[cursor];
  if (!cur?.packet) return cur?.kind === 'drop' ? [cur] : [];
  const origin = cur.packet.origin;
  const out: Step[] = [];
  for (let i = 0; i <= cursor; i++) {
    const s = trace.steps[i];
    if (s.kind === 'drop' && s.packet?.origin === origin) out.push(s);
  }
  return out;
}
