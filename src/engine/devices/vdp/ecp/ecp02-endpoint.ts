// One ECP 0.2 instance on a port (lldpad qbg/ecp.c): the transmit machine builds each
// ECPDU from every profile with a pending change, the receive machine ACKs requests and
// hands their VSI TLVs up. ACK frames bypass the receive machine (ecp_rx_ReceiveFrame):
// they mark the profiles sent under that sequence number as transmitted.
// Timing as lldpad's event loop runs it (eloop.c): ecp_somethingChangedLocal sets
// vd->ecp.tx.localChange at once and registers a 1 ms timeout (ECP_LOCALCHANGE_TIMEOUT)
// on EVERY call; each timeout runs the transmit machine only if localChange is still set
// then (ecp_localchange_handler). An ACK and the ackTimer run the machine at once. Timeouts
// with equal deadlines fire in registration order (eloop_register_timeout inserts after
// equal ones), which the simulator's event queue also does (event-queue.ts: FIFO on ties).
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
  /** vdp_vsis_pending: a profile still has a change no ACKed ECPDU carried. */
  pendingAfterAck(): boolean;
  /** lldpad's ecp_init start-up change: send the empty start-up ECPDU (seq 1) 1 ms after start. */
  startup?: boolean;
  /**
   * lldpad's single-threaded loop is blocked (vdp_trigger's sleep(1)): queue `fn` to run when it
   * wakes and return true; false when it is not blocked.
   */
  gate?(ctx: DeviceContext, fn: (ctx: DeviceContext) => void): boolean;
}

/** lldpad's struct ecp_stats, as the state key `<key>/stats` shows it. */
export interface Ecp02Stats {
  /** statsFramesOutTotal: every ecp_txFrame, requests and ACKs. */
  framesOut: number;
  /** statsFramesInTotal: every frame to 01-80-C2-00-00-0E with the ECP type, duplicates too. */
  framesIn: number;
  /** Retransmissions (a retry is a new ECPDU with a new sequence number). */
  retries: number;
  /** ECPDUs given up after ECP_MAX_RETRIES transmissions. */
  txErrors: number;
  /** Frames dropped as malformed or not sent to the nearest-bridge address. */
  rxErrors: number;
}

const SRC_TX = 'ECP 0.2 transmit; lldpad ecp.c ecp_tx_run_sm';
const SRC_RX = 'ECP 0.2 receive; lldpad ecp.c ecp_rx_run_sm';

export class Ecp02Endpoint {
  readonly tx: MachineRunner<typeof ecp02TxMachine>;
  readonly rx: MachineRunner<typeof ecp02RxMachine>;
  private readonly sent = new Map<number, string[]>();
  /** vd->ecp.tx.localChange: set at once by changed(), read by the machine only when it runs. */
  private localChange = false;
  readonly stats: Ecp02Stats = { framesOut: 0, framesIn: 0, retries: 0, txErrors: 0, rxErrors: 0 };

  constructor(private readonly o: Ecp02Owner) {
    // ecp_ack_timeout_handler runs the machine at once, with the localChange flag as it is now.
    this.tx = new MachineRunner(ecp02TxMachine, (ctx, ev, name) =>
      this.run(ctx, (c) => {
        this.syncLocalChange(c);
        this.txEvent(c, ev, `${name} (500 ms) expired`);
      }),
    );
    this.rx = new MachineRunner(ecp02RxMachine, () => undefined);
  }

  /** Run fn now, or when lldpad wakes if it is blocked. */
  private run(ctx: DeviceContext, fn: (c: DeviceContext) => void): void {
    if (!this.o.gate?.(ctx, fn)) fn(ctx);
  }

  /**
   * Bring the machine's localChange up to lldpad's flag before a run that reads it (an ACK or
   * the ackTimer): in REQUEST_PDU that run sends at once, without waiting for the 1 ms timeout.
   */
  private syncLocalChange(ctx: DeviceContext): void {
    if (this.localChange && !this.tx.context.localChange)
      this.txEvent(ctx, { type: 'LOCAL_CHANGE' }, say.vdpProfileLocalChange());
  }

  private publishStats(ctx: DeviceContext): void {
    ctx.set(`${this.o.key}/stats`, { ...this.stats });
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
    this.publishStats(ctx);
    // ecp_init ends with ecp_somethingChangedLocal(vd, true): 1 ms later the handler finds the
    // machine in INIT_TRANSMIT, ecp_tx_Initialize sets lastSequence := 0, and the start-up
    // ECPDU leaves with sequence number 1 and no VSI TLV unless a profile changed meanwhile.
    if (this.o.startup) this.changed(ctx, say.ecpStartupChange());
  }

  /**
   * ecp_somethingChangedLocal(vd, true): the flag at once, a 1 ms timeout (ECP_LOCALCHANGE_TIMEOUT)
   * per call; ecp_localchange_handler runs the machine only if the flag is still set.
   */
  changed(ctx: DeviceContext, why = say.vdpProfileLocalChange()): void {
    this.localChange = true;
    ctx.schedule(V02.localChangeDelay, 'ecp_localchange_handler', (c) =>
      this.run(c, (cc) => {
        if (this.localChange) this.txEvent(cc, { type: 'LOCAL_CHANGE' }, why);
      }),
    );
  }

  private txEvent(ctx: DeviceContext, ev: { type: string } & Record<string, unknown>, why: string): void {
    const m = this.tx.send(ctx, ev);
    recordMacro(ctx, this.tx, this.txLabel, m, why, { seq: this.tx.context.seq });
    for (const e of m.effects) {
      if (e.type === 'transmit') {
        const seq = Number(e.params.seq);
        // ecp_tx_create_frame ends with ecp_somethingChangedLocal(vd, false).
        this.localChange = false;
        const { tlvs, ids } = this.o.pending();
        this.sent.set(seq, ids);
        ctx.send(this.o.port, buildEcp02Request(this.o.mac, seq, tlvs), {
          decision: say.ecpSendsEcpduSeq(e, this.o.who, seq, ids.length),
          source: 'lldpad ecp_build_ECPDU, ecp_tx_Transmit',
          layer: 'L2',
          detail: { ecp: { op: 'REQ', seq, version: '0.2' } },
        });
        const retry = Number(e.params.retries) > 0;
        ctx.count(retry ? 'ecp_retransmissions' : 'ecp_tx_frames');
        this.stats.framesOut++;
        if (retry) this.stats.retries++;
        this.publishStats(ctx);
      } else if (e.type === 'gaveUp') {
        ctx.note('decide', {
          decision: say.ecpGivesUpAfter(this.o.who),
          source: 'lldpad ecp_set_tx_state (ECP_MAX_RETRIES)',
          layer: 'control',
        });
        ctx.count('ecp_tx_errors');
        this.stats.txErrors++;
        this.publishStats(ctx);
      }
    }
  }

  /** A frame from the wire: handled now, or after lldpad wakes, in arrival order. */
  receive(ctx: DeviceContext, packet: Packet): void {
    if (this.o.gate?.(ctx, (c) => this.handle(c, packet)))
      ctx.hold(packet, {
        decision: say.ecpFrameWaitsForLldpad(this.o.who),
        source: 'lldpad vdp_trigger sleep(1); eloop_run',
        layer: 'control',
      });
    else this.handle(ctx, packet);
  }

  private handle(ctx: DeviceContext, packet: Packet): void {
    let f;
    try {
      f = parseEcp02Frame(packet.bytes);
    } catch (e) {
      ctx.drop(packet, {
        decision: say.malformedEcpFrame((e as Error).message),
        source: 'lldpad ecp_rx_ReceiveFrame',
      });
      this.stats.rxErrors++;
      this.publishStats(ctx);
      return;
    }
    if (!f.dst.every((b, i) => b === NEAREST_BRIDGE[i])) {
      ctx.drop(packet, {
        decision: say.ecpFrameSentC2(),
        source: 'lldpad ecp_rx_ReceiveFrame',
        reads: ['eth.dst'],
      });
      this.stats.rxErrors++;
      this.publishStats(ctx);
      return;
    }
    this.stats.framesIn++;
    this.publishStats(ctx);
    if (f.mode === ECP02_MODE.ACK) {
      // ecp_rx_ReceiveFrame: vdp_ack_profiles first (txmit := true for that seq), then the
      // transmit machine runs at once; VSIs still pending go out in this same run.
      const ids = this.sent.get(f.seq);
      if (ids) {
        this.sent.delete(f.seq);
        this.o.acked(ctx, ids);
      }
      // Outside WAIT_FOR_ACK the run sends at once if localChange is set (REQUEST_PDU).
      if (this.tx.value !== 'WAIT_FOR_ACK') this.syncLocalChange(ctx);
      const pending = this.o.pendingAfterAck();
      if (f.seq === this.tx.context.seq && this.tx.value === 'WAIT_FOR_ACK') this.localChange = pending;
      this.txEvent(ctx, { type: 'ACK', seq: f.seq, pending }, `ACK seq ${f.seq} arrived`);
      if (ids) {
        ctx.deliver(packet, {
          decision: say.ecpAckSeqProfiles(this.o.who, f.seq),
          source: 'lldpad vdp_ack_profiles',
          reads: ['ecp.seq'],
        });
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
        const bytes = packet.bytes;
        const seq = f.seq;
        // RESEND_ACK sends the ACK after ecp_rx_ProcessFrame returns: if VDP blocked lldpad
        // there (vdp_trigger's sleep(1)), the ACK leaves when it wakes, after the notification.
        this.run(ctx, (c) => {
          c.send(this.o.port, buildEcp02Ack(this.o.mac, bytes), {
            decision: say.ecpACKsSeqFrame(this.o.who, seq),
            source: 'lldpad ecp_rx_SendAckFrame',
            layer: 'L2',
            detail: { ecp: { op: 'ACK', seq, version: '0.2' } },
          });
          this.stats.framesOut++;
          this.publishStats(c);
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
