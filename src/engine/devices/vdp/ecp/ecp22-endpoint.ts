// One ECP-2012 instance on a port (station uplink or bridge port): the transmit and
// receive machines, the frames they put on the wire and the frames they take off it.
// lldpad runs one per nearest-customer-bridge agent (qbg/ecp22.c). The upper layer (VDP)
// queues payloads with queue() and gets received payloads through onPayload.
import type { DeviceContext, Packet } from '../../../sim/device';
import { buildEcp22Frame, parseEcp22Frame, ECP22_OP, ECP22_SUBTYPE } from '../codec/ecp22';
import { ecp22TxMachine } from '../machines/ecp22-tx.machine';
import { ecp22RxMachine } from '../machines/ecp22-rx.machine';
import { MachineRunner } from '../runner';
import { recordMacro, fmtNs } from '../record';
import type { Behaviour } from '../machines/ecp22-tx.machine';

export interface Ecp22Owner {
  port: string;
  mac: Uint8Array;
  /** Who: "station", "bridge port p1". */
  who: string;
  /** State key prefix, e.g. "ecp" or "p1/ecp". */
  key: string;
  behaviour: Behaviour;
  maxRetries: number;
  ackTimerNs: number;
  onPayload(ctx: DeviceContext, payload: Uint8Array, info: { seq: number; frame: Packet }): void;
}

const SRC_TX = 'IEEE 802.1Qbg-2012 43.3.7 (ECP transmit); lldpad ecp22_tx_run_sm';
const SRC_RX = 'IEEE 802.1Qbg-2012 43.3.8 (ECP receive); lldpad ecp22_rx_run_sm';

export class Ecp22Endpoint {
  readonly tx: MachineRunner<typeof ecp22TxMachine>;
  readonly rx: MachineRunner<typeof ecp22RxMachine>;

  constructor(private readonly o: Ecp22Owner) {
    this.tx = new MachineRunner(ecp22TxMachine, (ctx, ev, name) => this.txEvent(ctx, ev, `${name} expired`));
    this.rx = new MachineRunner(ecp22RxMachine, () => undefined);
  }

  private get txLabel() {
    return { instance: `${this.o.key}/tx`, title: `ECP transmit (${this.o.who})`, source: SRC_TX };
  }
  private get rxLabel() {
    return { instance: `${this.o.key}/rx`, title: `ECP receive (${this.o.who})`, source: SRC_RX };
  }

  start(ctx: DeviceContext): void {
    const t = this.tx.start(ctx, {
      behaviour: this.o.behaviour,
      maxRetries: this.o.maxRetries,
      ackTimerNs: this.o.ackTimerNs,
    });
    recordMacro(ctx, this.tx, this.txLabel, t, 'initialised');
    const r = this.rx.start(ctx);
    recordMacro(ctx, this.rx, this.rxLabel, r, 'initialised');
  }

  /** VDP hands a payload down (lldpad ecp22_req2send: appended to the FIFO). */
  queue(ctx: DeviceContext, payload: Uint8Array, why: string): void {
    this.txEvent(
      ctx,
      { type: 'DATA', payload: payload as Uint8Array<ArrayBuffer> },
      `VDP queued a ${payload.length}-octet payload (${why})`,
    );
  }

  private txEvent(ctx: DeviceContext, ev: { type: string } & Record<string, unknown>, why: string): void {
    const m = this.tx.send(ctx, ev);
    recordMacro(ctx, this.tx, this.txLabel, m, why, { seq: this.tx.context.seq });
    for (const e of m.effects) {
      if (e.type === 'transmit') {
        const seq = Number(e.params.seq);
        const tries = Number(e.params.retries);
        const bytes = buildEcp22Frame(this.o.mac, { op: ECP22_OP.REQUEST, seq }, e.params.payload as Uint8Array);
        const again =
          tries > 1
            ? `retransmission ${tries - 1} of ${this.o.maxRetries}, same sequence number`
            : 'first transmission';
        ctx.send(this.o.port, bytes, {
          decision: `ECP (${this.o.who}) sends ECPDU seq ${seq}: ${again}; ackTimer ${fmtNs(this.o.ackTimerNs)} starts.`,
          source: 'lldpad ecp22_txframe; IEEE 802.1Qbg-2012 43.3.6.1 ackTimer',
          layer: 'L2',
          detail: { ecp: { op: 'REQ', seq, try: tries } },
        });
        ctx.count(tries > 1 ? 'ecp_retransmissions' : 'ecp_tx_frames');
      } else if (e.type === 'txError') {
        ctx.count('ecp_tx_errors');
        ctx.note('decide', {
          decision: `ECP (${this.o.who}) gives up on seq ${String(e.params.seq)} after ${this.o.maxRetries + 1} transmissions with no ACK; txErrors = ${this.tx.context.errors}. VDP is not told: its own respWaitDelay will notice.`,
          source: 'lldpad ecp22_tx_run_sm (ECP22_TX_ERROR, countErrors)',
          layer: 'control',
        });
      }
    }
  }

  /** A frame with EtherType 0x8940 arrived on the port. A delivered payload's packet fate is left to onPayload. */
  receive(ctx: DeviceContext, packet: Packet): void {
    let f;
    try {
      f = parseEcp22Frame(packet.bytes);
    } catch (e) {
      ctx.drop(packet, {
        decision: `Malformed ECP frame: ${(e as Error).message}`,
        source: 'lldpad ecp22_rx_receiveframe',
        reads: ['eth.type'],
      });
      return;
    }
    if (f.version !== 1 || (f.subtype !== ECP22_SUBTYPE.VDP && f.subtype !== ECP22_SUBTYPE.PECSP)) {
      ctx.drop(packet, {
        decision: `ECP version ${f.version}, subtype ${f.subtype}: only version 1 with subtype 1 (VDP) or 2 (PECSP) is accepted; dropped without an ACK.`,
        source: 'lldpad ecp22_rx_receiveframe',
        reads: ['ecp.version', 'ecp.subtype'],
      });
      return;
    }
    if (f.op === ECP22_OP.ACK) {
      const before = this.tx.value;
      const outstanding = before === 'TXMIT_ECPDU' ? this.tx.context.seq : undefined;
      const m = this.tx.send(ctx, { type: 'ACK', seq: f.seq });
      recordMacro(ctx, this.tx, this.txLabel, m, `ACK for seq ${f.seq} arrived`);
      if (outstanding === f.seq) {
        const how =
          this.o.behaviour === 'lldpad'
            ? 'ack_received is set; lldpad moves on only when the ackTimer next expires (lldpad quirk)'
            : 'the PDU is done; the next one may go';
        ctx.deliver(packet, {
          decision: `ECP (${this.o.who}): ACK seq ${f.seq} matches the outstanding ECPDU: ${how}.`,
          source: 'lldpad ecp22_recack_frame',
          reads: ['ecp.op', 'ecp.seq'],
        });
      } else {
        ctx.drop(packet, {
          decision: `ECP (${this.o.who}): ACK seq ${f.seq} ignored: ${outstanding === undefined ? 'no ECPDU is outstanding' : `the outstanding ECPDU is seq ${outstanding}`}.`,
          source: 'lldpad ecp22_recack_frame',
          reads: ['ecp.op', 'ecp.seq'],
        });
      }
      return;
    }
    const m = this.rx.send(ctx, { type: 'ECPDU', seq: f.seq, payload: f.payload.slice() });
    recordMacro(ctx, this.rx, this.rxLabel, m, `ECPDU seq ${f.seq} arrived`, { seq: f.seq });
    let delivered = false;
    for (const e of m.effects) {
      if (e.type === 'deliver') delivered = true;
      if (e.type === 'sendAck') {
        ctx.send(this.o.port, buildEcp22Frame(this.o.mac, { op: ECP22_OP.ACK, seq: Number(e.params.seq) }), {
          decision: `ECP (${this.o.who}) ACKs seq ${String(e.params.seq)} (18 octets, echoed sequence number).`,
          source: 'lldpad ecp22_es_send_ack',
          layer: 'L2',
          detail: { ecp: { op: 'ACK', seq: Number(e.params.seq) } },
        });
      }
    }
    if (!delivered) {
      ctx.drop(packet, {
        decision: `ECP (${this.o.who}): seq ${f.seq} equals lastSeq: a duplicate, re-ACKed but not handed to VDP again.`,
        source: 'lldpad ecp22_rx_run_sm (REC_ECPDU)',
        reads: ['ecp.seq'],
      });
      return;
    }
    if (f.subtype === ECP22_SUBTYPE.PECSP) {
      ctx.drop(packet, {
        decision: 'PECSP (subtype 2) ECPDU: ACKed but not delivered; this lab runs no 802.1BR port extender.',
        source: 'lldpad ecp22 (O7)',
        reads: ['ecp.subtype'],
      });
      return;
    }
    this.o.onPayload(ctx, f.payload, { seq: f.seq, frame: packet });
  }
}
