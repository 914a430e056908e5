// Where the stage draws a step: the node's column and the slot its stack's matchers pick,
// or the link itself for steps recorded on a link (faults, impairment drops). Reads one
// step at a time through trace-access; per cursor move the stage asks for the cursor, the
// previous cursor and a bounded look-back for copies still in flight (broadcast fan-out).
import { placeStep } from '../../engine/devices/stack/layers';
import { stepAt } from '../../engine/sim/trace-access';
import type { Step, Trace } from '../../engine/sim/types';
import { markerAt, type Point, type StageLayout } from './layout';
import { stackOf } from './stacks';

/** Where a step is: its node's column and slot, or (slot -1) the link it was recorded on. */
export interface Spot {
  readonly step: number;
  readonly node: string;
  readonly slot: number;
}
export interface Place extends Spot {
  readonly at: Point;
}

export function spotOf(trace: Trace, i: number, s: Step | undefined = stepAt(trace, i)): Spot | undefined {
  if (!s) return undefined;
  const type = typeOf(trace).get(s.node);
  if (type !== undefined) return { step: i, node: s.node, slot: placeStep(stackOf(type), s).slot };
  return trace.topology.links.some((l) => l.id === s.node) ? { step: i, node: s.node, slot: -1 } : undefined;
}

const types = new WeakMap<Trace, ReadonlyMap<string, string>>();
function typeOf(trace: Trace): ReadonlyMap<string, string> {
  let m = types.get(trace);
  if (!m) types.set(trace, (m = new Map(trace.topology.nodes.map((n) => [n.id, n.type]))));
  return m;
}

/** The spot drawn in a layout (undefined when zoom hides it). */
export function placeIn(layout: StageLayout, spot: Spot | undefined): Place | undefined {
  if (!spot) return undefined;
  const col = layout.byId.get(spot.node);
  if (col && spot.slot >= 0) return { ...spot, at: markerAt(col, spot.slot, layout.font) };
  const link = layout.linkById.get(spot.node);
  return link ? { ...spot, at: link.mid } : undefined;
}

export const placeOf = (trace: Trace, layout: StageLayout, i: number, s?: Step): Place | undefined =>
  placeIn(layout, spotOf(trace, i, s));

/** How far back the stage looks for copies still on a link. */
export const LOOK_BACK = 16;

export interface Copy {
  readonly key: string;
  /** The transmit step that put this copy on the link. */
  readonly step: number;
  readonly at: Point;
}

/**
 * Copies of the cursor's frame sent on a link in the last LOOK_BACK steps whose packet has
 * not been seen since: they wait at the far end's port. O(LOOK_BACK²) steps read, at most.
 */
export function copiesInFlight(trace: Trace, layout: StageLayout, cursor: number): Copy[] {
  const cur = stepAt(trace, cursor);
  if (!cur?.packet) return [];
  const from = Math.max(0, cursor - LOOK_BACK);
  const window: Step[] = [];
  for (let i = from; i <= cursor; i++) window.push(stepAt(trace, i)!);
  const out: Copy[] = [];
  window.forEach((s, k) => {
    if (!s.link || !s.packet || s.packet.origin !== cur.packet!.origin) return;
    const pid = s.packet.pid;
    // Seen again (the far end took it) or replaced by its children (the far end forwarded it).
    if (window.slice(k + 1).some((t) => t.packet?.pid === pid || t.packet?.parent === pid)) return;
    if (from + k === cursor) return;
    const port = layout.byId.get(s.link.to.node)?.ports.get(s.link.to.port);
    if (port) out.push({ key: `${pid}`, step: from + k, at: { x: port.x, y: port.y - layout.font * 0.9 } });
  });
  return out;
}

/** The function a slot shows: the last call of the step's source, without arguments or notes. */
export function shortSource(source: string): string {
  // "a; b" names the code and then the clause it follows: keep the code. "a → b" is a call chain: keep the callee.
  const first = source.split('; ')[0];
  const last = first
    .split(/ → | -> /)
    .pop()!
    .trim();
  return last.replace(/\s*\(.*$/, '').replace(/\(.*$/, '') || source;
}
