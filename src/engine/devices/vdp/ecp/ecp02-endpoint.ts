// One ECP 0.2 instance on a port (lldpad qbg/ecp.c): the transmit machine builds each
// ECPDU from every profile with a pending change, the receive machine ACKs requests and
// hands their VSI TLVs up. ACK frames bypass the receive machine (ecp_rx_ReceiveFrame):
// they mark the profiles sent under that sequence number as transmitted.
import type { DeviceContext, Packet } from '../../../sim/device';
import { buildEcp02Ack, buildEcp02Request, parseEcp02Frame, ECP02_MODE } from '../codec/ecp02';
import { NEAREST_BRIDGE } from '../codec/constants';
import { toHex } from '../../../frame/bytes';
import { ecp02TxMachine } from '../machines/ecp02-tx.machine';
import { ecp02RxMachine } from '../machines/ecp02-rx.machine';
import { MachineRunner } from '../runner';
import { recordMacro } from '../record';
import { V02 } from '../timers';
import type { Behaviour } from '../machines/ecp22-tx.machine';
import * as say from './words';

export interface Ecp02Owner {
  port: string;
  mac: Uint8Array;
  who: string;
  key: string;
  behaviour: Behaviour;
  /** TLVs of every profile still waiting to be sent, and their ids. */
  pending(): { tlvs: Uint8Array; ids: string[] };
  /** vdp_ack_profiles: these profiles' TLVs reached the peer. */
  acked(ctx: DeviceContext, ids: string[]): void;
  /** RESEND_ACK: the VSI TLVs of a received request (vdp_indicate). The packet's fate is decided later by the endpoint. */
  onTlvs(ctx: DeviceContext, payload: Uint8Array): void;
}

const SRC_TX = 'ECP 0.2 transmit; lldpad ecp.c ecp_tx_run_sm';
const SRC_RX = 'ECP 0.2 receive; lldpad ecp.c ecp_rx_run_sm';

export class Ecp02Endpoint {
  readonly tx: MachineRunner<typeof ecp02TxMachine>;
  readonly rx: MachineRunner<typeof ecp02RxMachine>;
  private readonly sent = new Map<number, string[]>();
  private deferred = false;

  constructor(private readonly o: Ecp02Owner) {
    this.tx = new MachineRunner(ecp02TxMachine, (ctx, ev, name) => this.txEvent(ctx, ev, `${name} (500 ms) expired`));
    this.rx = new MachineRunner(ecp02RxMachine, () => undefined);
  }

  private get txLabel() {
    return { instance: `${this.o.key}/tx`, title: `ECP 0.2 transmit (${this.o.who})`, source: SRC_TX };
  }
  private get rxLabel() {
    return { instance: `${this.o.key}/rx`, title: `ECP 0.2 receive (${this.o.who})`, source: SRC_RX };
  }

  start(ctx: DeviceContext): void {
    recordMacro(
      ctx,
      this.tx,
      this.txLabel,
      this.tx.start(ctx, { ackTimerNs: V02.ecpAckTimer, maxTries: V02.ecpMaxTries }),
      'initialised',
    );
    this.rx.start(ctx, { behaviour: this.o.behaviour });
    recordMacro(ctx, this.rx, this.rxLabel, this.rx.send(ctx, { type: 'PORT_ENABLED' }), 'port enabled');
  }

  /** ecp_somethingChangedLocal, deferred 1 ms (ECP_LOCALCHANGE_TIMEOUT) like lldpad's event loop hop. */
  changed(ctx: DeviceContext): void {
    if (this.deferred) return;
    this.deferred = true;
    ctx.schedule(V02.localChangeDelay, 'ecp02 local change', (c) => {
      this.deferred = false;
      this.txEvent(c, { type: 'LOCAL_CHANGE' }, say.vdpProfileLocalChange());
    });
  }

  private txEvent(ctx: DeviceContext, ev: { type: string } & Record<string, unknown>, why: string): void {
    const m = this.tx.send(ctx, ev);
    recordMacro(ctx, this.tx, this.txLabel, m, why, { seq: this.tx.context.seq });
    for (const e of m.effects) {
      if (e.type === 'transmit') {
        const seq = Number(e.params.seq);
        const { tlvs, ids } = this.o.pending();
        this.sent.set(seq, ids);
        ctx.send(this.o.port, buildEcp02Request(this.o.mac, seq, tlvs), {
          decision: say.ecpSendsEcpduSeq(e, this.o.who, seq, ids.length),
          source: 'lldpad ecp_build_ECPDU, ecp_tx_Transmit',
          layer: 'L2',
          detail: { ecp: { op: 'REQ', seq, version: '0.2' } },
        });
        ctx.count(Number(e.params.retries) > 0 ? 'ecp_retransmissions' : 'ecp_tx_frames');
      } else if (e.type === 'gaveUp') {
        ctx.note('decide', {
          decision: say.ecpGivesUpAfter(this.o.who),
          source: 'lldpad ecp_set_tx_state (ECP_MAX_RETRIES)',
          layer: 'control',
        });
        ctx.count('ecp_tx_errors');
      }
    }
  }

  receive(ctx: DeviceContext, packet: Packet): void {
    let f;
    try {
      f = parseEcp02Frame(packet.bytes);
    } catch (e) {
      ctx.drop(packet, {
        decision: say.malformedEcpFrame((e as Error).message),
        source: 'lldpad ecp_rx_ReceiveFrame',
      });
      return;
    }
    if (!f.dst.every((b, i) => b === NEAREST_BRIDGE[i])) {
      ctx.drop(packet, {
        decision: say.ecpFrameSentC2(),
        source: 'lldpad ecp_rx_ReceiveFrame',
        reads: ['eth.dst'],
      });
      return;
    }
    if (f.mode === ECP02_MODE.ACK) {
      const ids = this.sent.get(f.seq);
      const m = this.tx.send(ctx, { type: 'ACK', seq: f.seq });
      recordMacro(ctx, this.tx, this.txLabel, m, `ACK seq ${f.seq} arrived`);
      if (ids) {
        this.sent.delete(f.seq);
        this.o.acked(ctx, ids);
        ctx.deliver(packet, {
          decision: say.ecpAckSeqProfiles(this.o.who, f.seq),
          source: 'lldpad vdp_ack_profiles',
          reads: ['ecp.seq'],
        });
        if (this.o.pending().ids.length) this.changed(ctx);
      } else
        ctx.drop(packet, {
          decision: say.ecpAckSeqMatches(this.o.who, f.seq),
          source: 'lldpad ecp_rx_ReceiveFrame',
          reads: ['ecp.seq'],
        });
      return;
    }
    const m = this.rx.send(ctx, { type: 'FRAME', seq: f.seq, hex: toHex(packet.bytes) });
    recordMacro(ctx, this.rx, this.rxLabel, m, `request seq ${f.seq} arrived`);
    for (const e of m.effects) {
      if (e.type === 'droppedDuplicate') {
        ctx.drop(packet, {
          decision: say.ecpByteIdenticalPrevious(this.o.who),
          source: 'lldpad ecp_rx_ReceiveFrame',
          reads: ['ecp.seq'],
        });
        ctx.count('ecp_rx_duplicates');
        return;
      }
      if (e.type === 'deliver') this.o.onTlvs(ctx, f.payload.slice());
      if (e.type === 'sendAck') {
        ctx.send(this.o.port, buildEcp02Ack(this.o.mac, packet.bytes), {
          decision: say.ecpACKsSeqFrame(this.o.who, f.seq),
          source: 'lldpad ecp_rx_SendAckFrame',
          layer: 'L2',
          detail: { ecp: { op: 'ACK', seq: f.seq, version: '0.2' } },
        });
      }
    }
    ctx.deliver(packet, {
      decision: say.ecpRequestSeqTaken(this.o.who, f.seq),
      source: 'lldpad ecp_rx_ProcessFrame',
      reads: ['ecp.mode', 'ecp.seq'],
    });
  }
}
