// Field paths name tags by position (`vlan[0]` is the outermost). On an S-channel port the
// bridge switches the frame with its S-tag removed, but a step shows the bytes as they
// were on the wire, S-tag first. So a C-tag the bridge read as `vlan[0]` is `vlan[1]` in
// those bytes; these helpers shift the paths so the inspector marks the right bytes.
import type { DeviceContext, Explain } from '../../sim/device';

export const shiftVlanReads = (reads: readonly string[] | undefined, by: number): string[] | undefined =>
  reads?.map((r) => r.replace(/^vlan\[(\d+)\]/, (_, i: string) => `vlan[${Number(i) + by}]`));

const shifted = (e: Explain, by: number): Explain => (e.reads ? { ...e, reads: shiftVlanReads(e.reads, by) } : e);

/**
 * A context whose steps that show the arriving packet (note, drop, deliver, hold) have
 * their tag paths shifted by `by`. Sends are left alone: they show the bytes sent, and
 * the caller shifts those itself when the egress port adds an S-tag.
 */
export function withShiftedReads(ctx: DeviceContext, by: number): DeviceContext {
  if (by === 0) return ctx;
  return {
    get now() {
      return ctx.now;
    },
    node: ctx.node,
    rng: ctx.rng,
    note: (kind, e, p) => ctx.note(kind, shifted(e, by), p),
    send: (port, bytes, e, parent) => ctx.send(port, bytes, e, parent),
    deliver: (p, e) => ctx.deliver(p, shifted(e, by)),
    drop: (p, e) => ctx.drop(p, shifted(e, by)),
    hold: (p, e) => ctx.hold(p, shifted(e, by)),
    clone: (p, b) => ctx.clone(p, b),
    schedule: (d, l, f) => ctx.schedule(d, l, f),
    set: (k, v) => ctx.set(k, v),
    count: (c, by2) => ctx.count(c, by2),
  };
}
