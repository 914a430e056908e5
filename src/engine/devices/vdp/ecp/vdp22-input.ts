// How lldpad hands a received ECPDU's payload from ECP to VDP (qbg/vdp22.c): data_from_ecp
// copies it into the interface's single input buffer (vdp->input) and vdp22_from_ecp22
// registers a 2 ms event-loop timeout, "to allow the ECP module to return its
// acknowledgement before data is processed". Parsing happens only in that timeout
// (vdp22_ecp22in), on the station and on lldpad's bridge role alike, so a malformed payload
// is dropped 2 ms late too. Two consequences of the one buffer are kept: a payload that
// arrives before the timeout fires overwrites the earlier one, and every registered timeout
// parses whatever the buffer holds when it fires (eloop_register_timeout adds a timeout; it
// does not replace one with the same handler), so the later payload is processed twice.
import type { DeviceContext, Explain, Packet } from '../../../sim/device';

export const VDP22_FROM_ECP_NS = 2_000_000;

/** Where a parsed payload's outcome goes: the frame's fate, or only a note when it was already decided. */
export interface PayloadFate {
  deliver(e: Explain): void;
  drop(e: Explain): void;
}

interface Held {
  payload: Uint8Array;
  frame: Packet;
  seq: number;
  /** The frame's fate was given by an earlier timeout. */
  done: boolean;
}

const SRC = 'lldpad vdp22_from_ecp22 / data_from_ecp (qbg/vdp22.c)';

export class Vdp22Input {
  private held?: Held;

  /** @param who "the station" or "switch port p1", for the step text. */
  constructor(private readonly who: string) {}

  handOff(
    ctx: DeviceContext,
    payload: Uint8Array,
    info: { seq: number; frame: Packet },
    process: (ctx: DeviceContext, payload: Uint8Array, fate: PayloadFate) => void,
  ): void {
    const prev = this.held;
    if (prev && !prev.done) {
      prev.done = true;
      ctx.drop(prev.frame, {
        decision: `VDP payload of ECP seq ${prev.seq} overwritten before VDP read it: lldpad keeps one input buffer per interface, and seq ${info.seq} arrived within the 2 ms hand-off.`,
        source: SRC,
        layer: 'control',
      });
    }
    this.held = { payload: payload.slice(), frame: info.frame, seq: info.seq, done: false };
    ctx.hold(info.frame, {
      decision: `ECP at ${this.who} hands seq ${info.seq}'s VDP payload (${payload.length} octets) to VDP: lldpad copies it into the interface's input buffer and parses it after a 2 ms event-loop timeout, so the ECP ACK leaves first.`,
      source: SRC,
      layer: 'control',
    });
    ctx.schedule(VDP22_FROM_ECP_NS, 'vdp22_ecp22in', (c) => {
      const h = this.held!;
      if (!h.done) {
        h.done = true;
        process(c, h.payload, { deliver: (e) => c.deliver(h.frame, e), drop: (e) => c.drop(h.frame, e) });
        return;
      }
      // An earlier timeout already parsed this buffer: lldpad parses it again.
      const again = (e: Explain): void =>
        c.note('decide', {
          ...e,
          decision: `A second vdp22_ecp22in timeout parses the same input buffer (seq ${h.seq}) again: ${e.decision}`,
        });
      process(c, h.payload, { deliver: again, drop: again });
    });
  }
}
