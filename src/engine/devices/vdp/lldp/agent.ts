// lldpad's nearest-customer-bridge LLDP agent on one port, with the evb22 module as its only
// optional TLV (lldp/agent.c timer, lldp/tx.c run_tx_timers_sm and run_tx_sm, lldp/rx.c
// rxReceiveFrame, lldp_evb22.c). Once a second (agent.c `timer`, first run 1 s after
// start_lldp_agents): the transmit timers (802.1AB-2009 txTTR, txFast, txCredit), the
// transmit machine (a frame when txNow and credit remain), then each module's timer: evb22's
// first tick starts ECP22 and VDP22 (evb22_timer → evb22_start_modules). A received LLDPDU is
// handled at once (rxReceiveFrame runs the receive machine): evb22_rchange stores the TLV,
// runs evb22_update_tlv (which notifies ECP22 and VDP22) and sets localChange, so the answer
// leaves at the next tick. evb22_update_tlv also runs before every transmit (evb22_build_tlv).
import type { DeviceContext, Packet } from '../../../sim/device';
import { formatMac } from '../../../frame/address';
import { buildEvbLldpdu, findEvb22, type Evb22Tlv } from '../codec/evb22-tlv';
import { formatEvb22, outTlv, policyTlv, toVdp, type Evb22Policy, type Evb22ToVdp } from './evb22';
import * as say from './words';

const SEC = 1_000_000_000;
/** lldp/ports.h */
const MSG_TX_INTERVAL = 30;
const MSG_FAST_TX = 1;
const TX_FAST_INIT = 4;
const TX_CREDIT_MAX = 5;

export interface LldpAgentOwner {
  port: string;
  mac: Uint8Array;
  who: string;
  policy: Evb22Policy;
  /** The EVB TLV is enabled for transmission (evb22_conf_enabletx → ed->txmit). */
  txmit: boolean;
  /** When lldpad (or the switch's LLDP) starts, virtual ns; the first tick is 1 s later. */
  startNs: number;
  /** evb22_update_tlv's notifications, in the order it sends them (ECP22, then VDP22). */
  onUpdate(ctx: DeviceContext, v: Evb22ToVdp, why: string): void;
  /**
   * evb22_start_modules: ECP22, then VDP22 (created with evbon 0). Absent: the owner's
   * ECP and VDP run from the start (a switch's own implementation) and every update reaches them.
   */
  onStartModules?(ctx: DeviceContext): void;
}

type TimerState = 'BEGIN' | 'INITIALIZE' | 'IDLE' | 'EXPIRES' | 'TICK' | 'SIGNAL_TX' | 'FAST_START';

export class LldpAgent {
  private readonly mine: Evb22Tlv;
  private recv?: Evb22Tlv;
  private lastFrame?: Uint8Array;
  private msap?: string;
  private modulesStarted = false;
  private t = {
    state: 'BEGIN' as TimerState,
    txTTR: 0,
    txFast: 0,
    txCredit: TX_CREDIT_MAX,
    txTick: false,
    txNow: false,
    localChange: false,
    newNeighbor: false,
  };
  private stats = { framesOut: 0, framesIn: 0 };

  constructor(private readonly o: LldpAgentOwner) {
    this.mine = policyTlv(o.policy);
    this.modulesStarted = !o.onStartModules;
  }

  start(ctx: DeviceContext): void {
    this.publish(ctx);
    ctx.schedule(this.o.startNs + SEC, 'lldpad LLDP agent timer', (c) => this.tick(c));
  }

  /** agent.c timer(): tx timers, tx machine, rx timers, module timers; then again in 1 s. */
  private tick(ctx: DeviceContext): void {
    if (this.t.txTTR) this.t.txTTR--; // update_tx_timers
    this.t.txTick = true;
    this.runTxTimers();
    if (this.t.txNow && this.t.txCredit > 0) this.transmit(ctx);
    if (!this.modulesStarted) {
      this.modulesStarted = true;
      ctx.note('decide', {
        decision: say.modulesStarted(this.o.who),
        source: 'lldpad lldp_evb22.c evb22_timer → evb22_start_modules (ecp22_start, vdp22_start)',
        layer: 'control',
      });
      this.o.onStartModules!(ctx);
    }
    this.publish(ctx);
    ctx.schedule(SEC, 'lldpad LLDP agent timer', (c) => this.tick(c));
  }

  /**
   * run_tx_timers_sm, move for move: set_tx_timers_state (which on the very first call goes
   * BEGIN → INITIALIZE → IDLE in one call, so INITIALIZE's action does not run then: the
   * agent was initialised by lldp_init_agent), then the state's action, until no move.
   */
  private runTxTimers(): void {
    const t = this.t;
    const move = (): boolean => {
      if (t.state === 'BEGIN') t.state = 'INITIALIZE';
      switch (t.state) {
        case 'INITIALIZE':
          t.state = 'IDLE'; // port enabled, adminStatus rxtx
          return true;
        case 'IDLE':
          if (t.localChange) t.state = 'SIGNAL_TX';
          else if (t.txTTR === 0) t.state = 'EXPIRES';
          else if (t.newNeighbor) t.state = 'FAST_START';
          else if (t.txTick) t.state = 'TICK';
          else return false;
          return true;
        case 'EXPIRES':
          t.state = 'SIGNAL_TX';
          return true;
        case 'SIGNAL_TX':
        case 'TICK':
          t.state = 'IDLE';
          return true;
        case 'FAST_START':
          t.state = 'EXPIRES';
          return true;
      }
      return false;
    };
    move();
    do {
      switch (t.state) {
        case 'EXPIRES':
          if (t.txFast) t.txFast--;
          break;
        case 'TICK':
          t.txTick = false;
          if (t.txCredit < TX_CREDIT_MAX) t.txCredit++;
          break;
        case 'SIGNAL_TX':
          t.txNow = true;
          t.localChange = false;
          t.txTTR = t.txFast ? MSG_FAST_TX : MSG_TX_INTERVAL;
          break;
        case 'FAST_START':
          t.newNeighbor = false;
          if (t.txFast === 0) t.txFast = TX_FAST_INIT;
          break;
      }
    } while (move());
  }

  /** process_tx_info_frame: mibConstrInfoLLDPDU (evb22_gettlv → evb22_build_tlv), txFrame. */
  private transmit(ctx: DeviceContext): void {
    let evb: Evb22Tlv | undefined;
    if (this.o.txmit) {
      evb = this.update(ctx, say.updateBeforeTx());
    }
    const bytes = buildEvbLldpdu(this.o.mac, evb);
    this.t.txCredit--;
    this.t.txNow = false;
    this.stats.framesOut++;
    ctx.send(this.o.port, bytes, {
      decision: evb ? say.sendsLldpdu(this.o.who, formatEvb22(evb), this.t.txTTR) : say.sendsLldpduNoEvb(this.o.who),
      source: 'lldpad lldp/tx.c process_tx_info_frame (mibConstrInfoLLDPDU, evb22_gettlv)',
      layer: 'L2',
      detail: { lldp: { evb: evb && { ...evb }, txTTR: this.t.txTTR, txFast: this.t.txFast, credit: this.t.txCredit } },
    });
    ctx.count('lldp_tx_frames');
  }

  /** evb22_update_tlv: the TLV to send, and the notifications to ECP22 and VDP22. */
  private update(ctx: DeviceContext, why: string): Evb22Tlv {
    const out = outTlv(this.mine, this.recv);
    if (this.modulesStarted) this.o.onUpdate(ctx, toVdp(out, this.o.txmit), why);
    else
      ctx.note('decide', {
        decision: say.notifyLost(this.o.who, why),
        source: 'lldpad lldp_evb22.c evb22_update_tlv → modules_notify; qbg/vdp22.c data_from_evb (no vdp22: -ENOENT)',
        layer: 'control',
      });
    return out;
  }

  /** rxReceiveFrame → run_rx_sm → rxProcessFrame → evb22_rchange. */
  receive(ctx: DeviceContext, packet: Packet): void {
    const b = packet.bytes;
    this.stats.framesIn++;
    if (this.lastFrame && this.lastFrame.length === b.length && this.lastFrame.every((x, i) => x === b[i])) {
      ctx.deliver(packet, {
        decision: say.sameLldpdu(this.o.who),
        source: 'lldpad lldp/rx.c rxReceiveFrame (memcmp with the last frame: only rxTTL is refreshed)',
        reads: ['eth.type'],
      });
      this.publish(ctx);
      return;
    }
    this.lastFrame = b.slice();
    let tlv: Evb22Tlv | undefined;
    try {
      tlv = findEvb22(b);
    } catch (e) {
      ctx.drop(packet, {
        decision: say.badLldpdu(this.o.who, (e as Error).message),
        source: 'lldpad lldp/rx.c rxProcessFrame',
        reads: ['eth.type'],
      });
      return;
    }
    const src = formatMac(b.subarray(6, 12));
    if (this.msap !== src) {
      this.msap = src;
      this.t.newNeighbor = true; // rxProcessFrame: a new MSAP (chassis + port ID)
    }
    if (!tlv || !this.o.txmit) {
      ctx.deliver(packet, {
        decision: tlv ? say.evbRxDisabled(this.o.who) : say.noEvbTlv(this.o.who),
        source: 'lldpad lldp_evb22.c evb22_rchange',
        reads: ['eth.type'],
      });
      this.publish(ctx);
      return;
    }
    this.recv = tlv;
    ctx.deliver(packet, {
      decision: say.receivedEvb(this.o.who, formatEvb22(tlv)),
      source: 'lldpad lldp_evb22.c evb22_rchange (memcpy to ed->last)',
      reads: ['eth.type'],
      detail: { lldp: { evb: { ...tlv } } },
    });
    this.update(ctx, say.updateAfterRx());
    this.t.localChange = true; // somethingChangedLocal
    this.publish(ctx);
  }

  private publish(ctx: DeviceContext): void {
    ctx.set('lldp/ncb', {
      started: this.modulesStarted,
      received: this.recv ? { ...this.recv } : null,
      txTTR: this.t.txTTR,
      txFast: this.t.txFast,
      txCredit: this.t.txCredit,
      localChange: this.t.localChange,
      framesOut: this.stats.framesOut,
      framesIn: this.stats.framesIn,
    });
  }
}
