// Where every frame copy is at the cursor. Each packet copy's latest step at or before the
// cursor decides: on a wire (a transmit whose arrival is still ahead) the token sits at
// the fraction of the crossing that virtual time has covered; the cursor step's own copy
// sits at its node, marked delivered, dropped or deciding. Reflected (hairpinned) and
// sender-copy-filtered frames are flagged so the view can draw them distinctly.
import type { Step, Trace } from '../../../engine/sim/types';
import { copiesAt } from '../../../engine/sim/copy-index';
import { stepAt, stepCount, timeAt } from '../../../engine/sim/trace-access';
import type { Point, VepaLayout } from './layout';

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
  const c = Math.min(cursor, stepCount(trace) - 1);
  const now = timeAt(trace, c);
  // Each copy's latest step up to the cursor, only for the copies on a wire or at the cursor (an index made once per trace).
  const out: Token[] = [];
  for (const i of copiesAt(trace, c)) {
    const s = stepAt(trace, i)!;
    const pid = s.packet!.pid;
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
