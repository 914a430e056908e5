// Geometry of a circular ring view: N slots around a circle, the slot an index points at
// (idx & (N-1)), and markers for the free-running 16-bit indexes. d3-shape draws the arcs.
import { arc } from 'd3-shape';

export interface Slot {
  readonly i: number;
  readonly path: string;
  readonly labelX: number;
  readonly labelY: number;
}

export interface Marker {
  readonly name: string;
  readonly value: number;
  readonly slot: number;
  readonly x: number;
  readonly y: number;
  readonly angle: number;
}

const TAU = Math.PI * 2;

export function slotAngle(slot: number, n: number): number {
  return (slot / n) * TAU;
}

// A dial's slots depend on its size only; a 256-slot ring is 256 d3 arcs, too many to
// draw again on every step or every time the view is rebuilt.
const slotCache = new Map<string, readonly Slot[]>();

export function dialSlots(n: number, inner: number, outer: number): readonly Slot[] {
  const key = `${n}/${inner}/${outer}`;
  let slots = slotCache.get(key);
  if (!slots) slotCache.set(key, (slots = drawSlots(n, inner, outer)));
  return slots;
}

function drawSlots(n: number, inner: number, outer: number): Slot[] {
  const a = arc<{ s: number }>()
    .innerRadius(inner)
    .outerRadius(outer)
    .startAngle((d) => slotAngle(d.s, n))
    .endAngle((d) => slotAngle(d.s + 1, n))
    .padAngle(n > 64 ? 0 : 0.02);
  const mid = (inner + outer) / 2;
  return Array.from({ length: n }, (_, s) => {
    const m = slotAngle(s + 0.5, n);
    return { i: s, path: a({ s }) ?? '', labelX: Math.sin(m) * mid, labelY: -Math.cos(m) * mid };
  });
}

/** A marker at the start of the slot an index points at (idx mod N), just outside the ring. */
export function indexMarker(name: string, value: number, n: number, radius: number): Marker {
  const slot = value & (n - 1);
  const angle = slotAngle(slot, n);
  return { name, value, slot, angle, x: Math.sin(angle) * radius, y: -Math.cos(angle) * radius };
}

/**
 * Slots holding entries the other side has not consumed: [from, to) modulo `period`, mapped to
 * slots. Split rings count with free-running 16-bit indexes (period 2^16); a packed ring's
 * positions are a slot and a wrap counter, which packedPosition turns into [0, 2n).
 */
export function pendingSlots(from: number, to: number, n: number, period = 0x10000): number[] {
  const count = Math.min(n, pendingCount(from, to, period));
  return Array.from({ length: count }, (_, k) => (from + k) % n);
}

export const pendingCount = (from: number, to: number, period = 0x10000): number =>
  (((to - from) % period) + period) % period;

/** A packed ring cursor (slot, wrap counter) as a position modulo 2n: wrap 1 is the first lap. */
export const packedPosition = (slot: number, wrap: number, n: number): number => slot + (wrap ? 0 : n);
