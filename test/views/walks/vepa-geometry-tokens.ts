// The walk this lookup used before it read indexes (commit f78ba54), kept as its definition:
// test/views/lookups-equal-walks.test.ts holds the indexed lookup to the same answers.
// Where every frame copy is at the cursor. Each packet copy's latest step at or before the
// cursor decides: on a wire (a transmit whose arrival is still ahead) the token sits at
// the fraction of the crossing that virtual time has covered; the cursor step's own copy
// sits at its node, marked delivered, dropped or deciding. Reflected (hairpinned) and
// sender-copy-filtered frames are flagged so the view can draw them distinctly.
import type { Step, Trace } from '../../../src/engine/sim/types';
import type { Point, VepaLayout } from '../../../src/views/vepa/geometry/layout';

export type TokenState = 'wire' | 'at-node' | 'delivered' | 'dropped';

export interface Token extends Point {
  readonly key: string;
  readonly step: number;
  readonly origin: number;
  readonly state: TokenState;
  /** Crossed the switch back out its ingress port (reflective relay). */
  readonly hairpin: boolean;
  readonly broadcast: boolean;
  readonly text: string;
}

const lerp = (a: Point, b: Point, f: number): Point => ({ x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f });

export const isHairpin = (s: Step): boolean => s.detail?.reflected === true;

function isBroadcast(trace: Trace, s: Step): boolean {
  if (s.frame === undefined) return false;
  const f = trace.frames[s.frame];
  return f.length >= 6 && (f[0] & 1) === 1;
}

export function tokensAt(trace: Trace, layout: VepaLayout, cursor: number): Token[] {
  if (cursor < 0) return [];
  const c = Math.min(cursor, trace.steps.length - 1);
  const now = trace.steps[c].time;
  const last = new Map<number, Step>();
  for (let i = 0; i <= c; i++) {
    const s = trace.steps[i];
    if (s.packet) last.set(s.packet.pid, s);
  }
  const out: Token[] = [];
  for (const [pid, s] of last) {
    const node = layout.nodes.get(s.node);
    const base = {
      key: `p${pid}`,
      step: s.index,
      origin: s.packet!.origin,
      hairpin: isHairpin(s),
      broadcast: isBroadcast(trace, s),
    };
    if (s.link && s.link.arrives > now) {
      const a = layout.nodes.get(s.link.from.node);
      const b = layout.nodes.get(s.link.to.node);
      if (!a || !b) continue;
      const span = s.link.arrives - s.time;
      const f = span > 0 ? Math.min(1, Math.max(0, (now - s.time) / span)) : 1;
      out.push({ ...base, ...lerp(a, b, 0.15 + 0.7 * f), state: 'wire', text: s.decision });
    } else if (s.index === c && node) {
      const state: TokenState = s.kind === 'deliver' ? 'delivered' : s.kind === 'drop' ? 'dropped' : 'at-node';
      out.push({ ...base, x: node.x, y: node.y - 22, state, text: s.decision });
    }
  }
  return out;
}
