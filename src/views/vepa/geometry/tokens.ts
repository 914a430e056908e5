// Where every frame copy is at the cursor. Each packet copy's latest step at or before the
// cursor decides: on a wire (a transmit whose arrival is still ahead) the token sits at
// the fraction of the crossing that virtual time has covered; the cursor step's own copy
// sits at its node, marked delivered, dropped or deciding. Reflected (hairpinned) and
// sender-copy-filtered frames are flagged so the view can draw them distinctly.
import type { Step, Trace } from '../../../engine/sim/types';
import type { Point, VepaLayout } from './layout';
import { pidAt, stepAt, stepCount, timeAt } from '../../../engine/sim/trace-access';

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

const spans = new WeakMap<Trace, number>();

/** The longest time any frame spent on a wire (send to arrival), once per trace. */
function longestCrossing(trace: Trace): number {
  let m = spans.get(trace);
  if (m === undefined) {
    m = 0;
    for (let i = 0, n = stepCount(trace); i < n; i++) {
      const l = stepAt(trace, i)!.link;
      if (l) m = Math.max(m, l.arrives - timeAt(trace, i));
    }
    spans.set(trace, m);
  }
  return m;
}

export function tokensAt(trace: Trace, layout: VepaLayout, cursor: number): Token[] {
  if (cursor < 0 || stepCount(trace) === 0) return [];
  const c = Math.min(cursor, stepCount(trace) - 1);
  const now = timeAt(trace, c);
  // Only a copy whose latest step is the cursor's, or a crossing still under way, is drawn;
  // a crossing that started before now - longestCrossing has arrived. So the walk goes back
  // from the cursor over that window only, not over the whole trace on every move.
  const since = now - longestCrossing(trace);
  const last = new Map<number, Step>();
  for (let i = c; i >= 0 && (i === c || timeAt(trace, i) >= since); i--) {
    const pid = pidAt(trace, i);
    if (pid && !last.has(pid)) last.set(pid, stepAt(trace, i)!);
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
