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
import * as say from './words';

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

/** ECP statistics as the state key `<key>/stats` shows them (same shape as ECP 0.2's). */
export interface Ecp22Stats {
  /** Requests and ACKs sent. */
  framesOut: number;
  /** ECP frames taken off the wire (version 1, VDP or PECSP subtype). */
  framesIn: number;
  /** Retransmissions (ECP-2012 re-sends the same sequence number). */
  retries: number;
  /** ECPDUs given up after maxRetries (ecp22 countErrors). */
  txErrors: number;
  /** Frames dropped as malformed or of another version or subtype. */
  rxErrors: number;
}

export class Ecp22Endpoint {
  readonly stats: Ecp22Stats = { framesOut: 0, framesIn: 0, retries: 0, txErrors: 0, rxErrors: 0 };

  private bump(ctx: DeviceContext, k: keyof Ecp22Stats): void {
    this.stats[k]++;
    ctx.set(`${this.o.key}/stats`, { ...this.stats });
  }

  readonly tx: MachineRunner<typeof ecp22TxMachine>;
  readonly rx: MachineRunner<typeof ecp22RxMachine>;

  constructor(private o: Ecp22Owner) {
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

  /** ecp22_data_from_evb: the negotiated R and RTE from evb22 (EVB TLV exchange). */
  retune(ctx: DeviceContext, maxRetries: number, ackTimerNs: number, why: string): void {
    if (this.o.maxRetries === maxRetries && this.o.ackTimerNs === ackTimerNs) return;
    this.o = { ...this.o, maxRetries, ackTimerNs };
    this.txEvent(ctx, { type: 'EVB', maxRetries, ackTimerNs }, why);
  }

  /** VDP hands a payload down (lldpad ecp22_req2send: appended to the FIFO). */
  queue(ctx: DeviceContext, payload: Uint8Array, why: string): void {
    this.txEvent(
      ctx,
      { type: 'DATA', payload: payload as Uint8Array<ArrayBuffer> },
      say.vdpQueuedOctetPayload(payload.length, why),
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
          tries > 1 ? say.retransmissionSameSequenceNumber(tries - 1, this.o.maxRetries) : 'first transmission';
        ctx.send(this.o.port, bytes, {
          decision: say.ecpSendsEcpduSeq2(this.o.who, seq, again, fmtNs(this.o.ackTimerNs)),
          source: 'lldpad ecp22_txframe; IEEE 802.1Qbg-2012 43.3.6.1 ackTimer',
          layer: 'L2',
          detail: { ecp: { op: 'REQ', seq, try: tries } },
        });
        ctx.count(tries > 1 ? 'ecp_retransmissions' : 'ecp_tx_frames');
        if (tries > 1) this.stats.retries++;
        this.bump(ctx, 'framesOut');
      } else if (e.type === 'txError') {
        ctx.count('ecp_tx_errors');
        this.bump(ctx, 'txErrors');
        ctx.note('decide', {
          decision: say.ecpGivesUpSeq(this.o.who, String(e.params.seq), this.o.maxRetries + 1, this.tx.context.errors),
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
        decision: say.malformedEcpFrame2((e as Error).message),
        source: 'lldpad ecp22_rx_receiveframe',
        reads: ['eth.type'],
      });
      this.bump(ctx, 'rxErrors');
      return;
    }
    if (f.version !== 1 || (f.subtype !== ECP22_SUBTYPE.VDP && f.subtype !== ECP22_SUBTYPE.PECSP)) {
      ctx.drop(packet, {
        decision: say.ecpVersionSubtypeVersion(f.version, f.subtype),
        source: 'lldpad ecp22_rx_receiveframe',
        reads: ['ecp.version', 'ecp.subtype'],
      });
      this.bump(ctx, 'rxErrors');
      return;
    }
    this.bump(ctx, 'framesIn');
    if (f.op === ECP22_OP.ACK) {
      const before = this.tx.value;
      const outstanding = before === 'TXMIT_ECPDU' ? this.tx.context.seq : undefined;
      const m = this.tx.send(ctx, { type: 'ACK', seq: f.seq });
      recordMacro(ctx, this.tx, this.txLabel, m, `ACK for seq ${f.seq} arrived`);
      if (outstanding === f.seq) {
        const how = this.o.behaviour === 'lldpad' ? say.ackReceivedSetLldpad() : say.pduDoneNextMay();
        ctx.deliver(packet, {
          decision: say.ecpAckSeqMatches2(this.o.who, f.seq, how),
          source: 'lldpad ecp22_recack_frame',
          reads: ['ecp.op', 'ecp.seq'],
        });
      } else {
        ctx.drop(packet, {
          decision: say.ecpAckSeqIgnored(outstanding, this.o.who, f.seq),
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
          decision: say.ecpACKsSeqOctets(this.o.who, String(e.params.seq)),
          source: 'lldpad ecp22_es_send_ack',
          layer: 'L2',
          detail: { ecp: { op: 'ACK', seq: Number(e.params.seq) } },
        });
        this.bump(ctx, 'framesOut');
      }
    }
    if (!delivered) {
      ctx.drop(packet, {
        decision: say.ecpSeqEqualsLastSeq(this.o.who, f.seq),
        source: 'lldpad ecp22_rx_run_sm (REC_ECPDU)',
        reads: ['ecp.seq'],
      });
      return;
    }
    if (f.subtype === ECP22_SUBTYPE.PECSP) {
      ctx.drop(packet, {
        decision: say.pecspSubtypeEcpduACKed(),
        source: 'lldpad ecp22 (O7)',
        reads: ['ecp.subtype'],
      });
      return;
    }
    this.o.onPayload(ctx, f.payload, { seq: f.seq, frame: packet });
  }
}
