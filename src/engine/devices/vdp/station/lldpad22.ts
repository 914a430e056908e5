// lldpad's VDP-2012 station role on one interface (qbg/vdp22.c vdp22_request,
// qbg/vdp22sm.c vdp22_addreq/vdp22_modvsi/vdp22_bridge_info, qbg/vdpnl.c getlink): the
// netlink command checks, one VDP22 station machine per VSI, response matching, the
// GETLINK status read and its side effects, and the unsolicited netlink notification.
import type { DeviceContext, Packet } from '../../../sim/device';
import { STATUS, VDP22, hex2, PORT_REQUEST_NAMES } from '../codec/constants';
import { parseVdp22Payload, type Vdp22Vsi } from '../codec/vdp22-tlv';
import { formatUuid } from '../codec/vsiid';
import { vdp22StationMachine } from '../machines/vdp22-station.machine';
import type { Behaviour } from '../machines/ecp22-tx.machine';
import { MachineRunner, type Macrostep } from '../runner';
import { recordMacro, publish } from '../record';
import { checkFilter, guestFif, guestMgrid, guestPayload22, modeName22, type GuestSpec } from '../guest';
import { parseUuid } from '../codec/vsiid';
import { FIF } from '../codec/constants';
import type { Vdp22Timers } from '../timers';
import type { Ecp22Endpoint } from '../ecp/ecp22-endpoint';
import { Vdp22Input, type PayloadFate } from '../ecp/vdp22-input';
import { lldpadReply, type PortStatus } from './getlink';
import * as say from './words';
import * as lsay from '../lldp/words';

const SRC = 'IEEE 802.1Qbg-2012 clause 41 (VDP station); lldpad vdp22sm.c';

interface Vsi22 {
  guest: GuestSpec;
  runner: MachineRunner<typeof vdp22StationMachine>;
  nlcmd: boolean;
  deleteMe: boolean;
  /** Instance counter: a re-associate after END creates a new VSI (new statechart instance). */
  n: number;
}

export interface Lldpad22Owner {
  behaviour: Behaviour;
  timers: Vdp22Timers;
  evbOn: boolean;
  /** With the EVB TLV exchange: VDP22 exists on the interface (started at the LLDP agent's first tick). */
  started?: boolean;
  /** lldpad's VDP22 role on the interface (evbmode): a bridge-role port refuses requests. */
  role: 'station' | 'bridge';
  /** Group IDs agreed in the EVB exchange (BGID and SGID): filter formats 3 and 4 allowed. */
  groupIds: boolean;
  ecp: Ecp22Endpoint;
  /** vdpnl_send: unsolicited RTM_SETLINK (request DISASSOCIATE) to the requester. */
  notify(ctx: DeviceContext, guest: GuestSpec): void;
}

export class Lldpad22 {
  private readonly vsis = new Map<string, Vsi22>();
  private readonly input = new Vdp22Input('the station');
  private created = 0;
  /** Injected ECP refusals (`ecp-refuse`): the next `left` hand-offs return `errno`. */
  private refusals = { errno: 0, left: 0 };

  constructor(private readonly o: Lldpad22Owner) {}

  /**
   * vdp22_request: from netlink (vdpnl_setlink) the request is a PORT_REQUEST value and
   * lldpad adds 1; from vdptool/clif (`clif`) it is already the VDP-2012 mode and may carry
   * migration hints. Returns 0 or a negative errno.
   */
  request(
    ctx: DeviceContext,
    g: GuestSpec,
    nlRequest: number,
    hints = 0,
    clif = false,
  ): { errno: number; why: string } {
    // vdp22_request's order: evbon, the role, then check_vsinl and filter_ok in
    // vdp22_alloc_vsi_int, then vdp22_addreq.
    // vdpnl_setlink: no VDP22 on the interface (vdp22_query false) → vdp_request (VDP 0.2),
    // which has no data for it: -ENXIO; vdptool's clif path reaches vdp22_request: -ENODEV.
    if (this.o.started === false) return { errno: clif ? -19 : -6, why: clif ? say.noVdp22Clif() : lsay.noVdp22Yet() };
    if (!this.o.evbOn) return { errno: -93, why: this.o.started ? lsay.evbNotYet() : say.evbTlvTransmitEnabled2() };
    if (this.o.role === 'bridge') return { errno: -95, why: say.bridgeRoleEopnotsupp2() };
    const mode = clif ? nlRequest : nlRequest + 1; // lldpad adds 1 on the way in from netlink (vdp22_request)
    // check_vsiid: is_zeroes(vsi_uuid, sizeof(vsi_uuid)) on a pointer parameter tests 8 octets
    if (
      parseUuid(g.uuid)
        .subarray(0, 8)
        .every((b) => b === 0)
    )
      return { errno: -22, why: say.uuidZeroEinval2() };
    if (mode < 1 || mode > 4) return { errno: -22, why: say.modeOutsideEinval2(mode) };
    const bad = checkFilter(g, this.o.groupIds);
    if (bad) return { errno: -22, why: `${bad}: -EINVAL` };
    const v = this.vsis.get(g.name);
    if (!v) {
      if (mode === VDP22.DEASSOC) return { errno: -22, why: say.deassocVsiLldpadKnow2() };
      this.create(ctx, g, mode, hints);
      return { errno: 0, why: say.newVsiModeBegin2(modeName22(mode)) };
    }
    const c = v.runner.context;
    if (v.deleteMe)
      return {
        errno: -19,
        why: say.vsiKeyEndedFlagged2(),
      };
    if (c.busy) return { errno: -16, why: say.vsiStillBusyEbusy2(v.runner.value) };
    if (mode < c.vsiMode)
      return {
        errno: -22,
        why: say.numericallyLowerCurrentEinval2(modeName22(mode), modeName22(c.vsiMode)),
      };
    v.nlcmd = true;
    this.step(
      ctx,
      v,
      { type: 'CMD', mode },
      say.netlinkVsiModeLocalchg2(
        clif ? `vdptool ${modeName22(mode)}` : `netlink ${PORT_REQUEST_NAMES[nlRequest]}`,
        modeName22(mode),
      ),
    );
    return { errno: 0, why: say.knownVsiVsiMode2(modeName22(mode)) };
  }

  private create(ctx: DeviceContext, g: GuestSpec, mode: number, hints: number): void {
    const n = ++this.created;
    const v: Vsi22 = {
      guest: g,
      runner: new MachineRunner(vdp22StationMachine, (c, ev, name) => this.step(c, v, ev, `${name} expired`)),
      nlcmd: true,
      deleteMe: false,
      n,
    };
    // vdp22 LIST_INSERT_HEAD: the newest VSI is first in the list (status walks it reversed).
    this.vsis.delete(g.name);
    this.vsis.set(g.name, v);
    const m = v.runner.start(ctx, {
      behaviour: this.o.behaviour,
      respWaitDelay: this.o.timers.respWaitDelay,
      reinitKeepAlive: this.o.timers.reinitKeepAlive,
      mode,
      hints,
    });
    this.after(ctx, v, m, say.netlinkRequestCreatedNew2(g.name, g.uuid));
  }

  private label(v: Vsi22) {
    return { instance: `vsi/${v.guest.name}`, title: `VDP station, VSI of ${v.guest.name}`, source: SRC };
  }

  private step(ctx: DeviceContext, v: Vsi22, ev: { type: string } & Record<string, unknown>, why: string): void {
    this.after(ctx, v, v.runner.send(ctx, ev), why);
  }

  private after(ctx: DeviceContext, v: Vsi22, m: Macrostep, why: string): void {
    this.publishVsi(ctx, v);
    recordMacro(ctx, v.runner as never, this.label(v), m, why, { guest: v.guest.name, vsiInstance: v.n });
    for (const e of m.effects) {
      if (e.type === 'sendTlv') {
        const mode = Number(e.params.mode);
        const payload = guestPayload22(v.guest, mode, Number(e.params.hints));
        ctx.note('decide', {
          decision: say.lldpadBuildsManagerId2(
            v.guest.managerId,
            modeName22(mode),
            mode,
            v.guest.typeId.toString(16),
            v.guest.typeVersion,
            v.guest.uuid,
            v.guest.vlan,
            String(e.params.why),
          ),
          source: 'lldpad vdp22st_process, vsi22_2tlv',
          layer: 'control',
        });
        if (this.refusals.left > 0) {
          // modules_notify → ecp22_req2send returned non-zero: vdp22st_process keeps it in
          // txmit_error and starts no ack timer; the next state sees it and ends the VSI.
          this.refusals.left--;
          const errno = this.refusals.errno;
          ctx.note('decide', {
            decision: say.ecpRefusedPayload(errno, modeName22(mode), v.guest.name),
            source: 'lldpad ecp22_req2send → vdp22st_process (txmit_error)',
            layer: 'control',
            detail: { txmitError: errno, guest: v.guest.name },
          });
          this.step(ctx, v, { type: 'TXMIT_ERROR' }, say.txmitErrorSet(errno));
          continue;
        }
        this.o.ecp.queue(ctx, payload, `${modeName22(mode)} for ${v.guest.name}`);
      } else if (e.type === 'ended') {
        v.deleteMe = true;
        const notify = Boolean(e.params.notify);
        const status = Number(e.params.status);
        ctx.note('decide', {
          decision: say.vsiEndedFlaggedDelete2(e, status, notify, v.guest.name),
          source: 'lldpad vdp22st_end',
          layer: 'control',
          // NOTIFY was decided in vdp22_bridge_info from NLCMD; both are kept for checks.
          detail: { vsi: { guest: v.guest.name, status, notify, nlcmd: v.nlcmd } },
        });
        this.publishVsi(ctx, v);
        if (notify) {
          // vdp22_back sends (vdpnl_send) and deletes (vdp22_listdel_vsi) in one call, so the
          // step carries both; libvirt's answer is another process's message, which lldpad reads
          // in a later event-loop pass (the owner queues it).
          this.remove(ctx, v);
          this.o.notify(ctx, v.guest);
        }
      }
    }
  }

  private publishVsi(ctx: DeviceContext, v: Vsi22): void {
    const c = v.runner.context;
    ctx.set(`vsi/${v.guest.name}`, {
      state: v.runner.value,
      vsiMode: modeName22(c.vsiMode),
      confirmed: modeName22(c.ccVsiMode),
      status: c.status,
      busy: c.busy,
      nlcmd: v.nlcmd,
      notify: c.notify,
      deleteMe: v.deleteMe,
      keepaliveAt: v.runner.dueAt('reinitKeepAlive') ?? null,
      instance: v.n,
    });
  }

  private remove(ctx: DeviceContext, v: Vsi22): void {
    if (this.vsis.get(v.guest.name) === v) this.vsis.delete(v.guest.name);
    ctx.set(`vsi/${v.guest.name}`, undefined);
    ctx.set(`sm/vsi/${v.guest.name}`, undefined);
  }

  /**
   * vdpnl_getlink over vdp22_status: the VSIs newest first; each listed one loses NLCMD
   * (copy_vsi) and a finished DELETE_ME one leaves the list, so the next one is skipped.
   */
  status(ctx: DeviceContext, g: GuestSpec): PortStatus {
    // Read before the walk clears flags: the asked VSI's status predates its current request
    // while that request is unanswered (BUSY) and an earlier answer is stored (not 255).
    const mine = this.vsis.get(g.name);
    const stale = !!mine && mine.runner.context.busy && mine.runner.context.status !== 255;
    const reply = lldpadReply([...this.vsis.values()].reverse(), g.uuid, (v) => {
      v.nlcmd = false;
      const answer = v.runner.context.status;
      const removed = v.deleteMe && answer !== 255;
      if (removed) this.remove(ctx, v);
      else this.publishVsi(ctx, v);
      return { uuid: v.guest.uuid, answer, removed };
    });
    return reply.response !== undefined && stale ? { ...reply, stale } : reply;
  }

  /** ECP delivered a VDP payload from the bridge: VDP parses it 2 ms later (vdp22-input.ts). */
  onPayload(ctx: DeviceContext, payload: Uint8Array, info: { seq: number; frame: Packet }): void {
    this.input.handOff(ctx, payload, info, (c, p, fate) => this.fromBridge(c, p, fate));
  }

  /** vdp22_ecp22in → vdp22_bridge_info: the payload's fate is decided here. */
  private fromBridge(ctx: DeviceContext, payload: Uint8Array, fate: PayloadFate): void {
    const p = parseVdp22Payload(payload);
    if (!p.ok) {
      fate.drop({
        decision: say.vdpPayloadDropped2(p.reason),
        source: 'lldpad vdp22_ecp22in',
        reads: ['vdp.tlv'],
      });
      return;
    }
    const r = p.payload.vsi;
    const v = this.find(p.payload.managerId, r);
    const ack = (r.status & STATUS.ACK) !== 0;
    if (!ack && r.mode !== VDP22.DEASSOC) {
      fate.drop({
        decision: say.vdpTlvWithoutAck2(hex2(r.status)),
        source: 'lldpad vdp22sm.c response_ok',
        reads: ['vdp.vsi.status'],
      });
      return;
    }
    if (!v) {
      fate.drop({
        decision: say.vdpResponseVsiLldpad2(modeName22(r.mode), formatUuid(r.vsiid)),
        source: 'lldpad vdp22_bridge_info (vdp22_findvsi)',
        reads: ['vdp.vsi.vsiid'],
      });
      return;
    }
    const ok = this.filterMatches(v.guest, r);
    const c = v.runner.context;
    const err = r.status & STATUS.ERROR;
    const bad = err !== 0 && (r.status & STATUS.KEEP) === 0;
    const notify = ok && c.ccVsiMode !== VDP22.DEASSOC && (r.mode === VDP22.DEASSOC || bad) && !v.nlcmd;
    const what = !ack ? say.unsolicitedDeassocAckBit2() : say.responseStatus2(err, r);
    fate.deliver({
      decision: say.vdpStation(ok, what, v.guest.name),
      source: 'lldpad vdp22_ecp22in, vdp22_bridge_info',
      reads: ['vdp.vsi.type', 'vdp.vsi.status', 'vdp.vsi.vsiid'],
      layer: 'control',
    });
    this.step(
      ctx,
      v,
      { type: 'RESPONSE', mode: r.mode, octet: r.status, respOk: ok, notify },
      `the bridge sent ${what}`,
    );
  }

  private find(mgr: Uint8Array, r: Vdp22Vsi): Vsi22 | undefined {
    for (const v of this.vsis.values()) {
      const g = v.guest;
      const m = guestMgrid(g);
      if (
        mgr.every((b, i) => b === m[i]) &&
        r.typeId === g.typeId &&
        r.typeVersion === g.typeVersion &&
        r.vsiidFormat === 5 &&
        formatUuid(r.vsiid) === g.uuid.toLowerCase() &&
        r.fif === guestFif(g)
      )
        return v;
    }
    return undefined;
  }

  /** vdp22_cmp_fdata / cmp_fdata1: same entry count; MAC, group ID per format; VID unless the stored one is 0. */
  private filterMatches(g: GuestSpec, r: Vdp22Vsi): boolean {
    if (r.entries.length !== 1) return false;
    const e = r.entries[0];
    const fif = guestFif(g);
    if (fif === FIF.MACVID || fif === FIF.GROUPMACVID)
      if (!e.mac || !e.mac.every((b, i) => b === g.mac[i])) return false;
    if (fif === FIF.GROUPVID || fif === FIF.GROUPMACVID) if (e.groupId !== (g.clif?.groupId ?? 0)) return false;
    return g.vlan === 0 || e.vid === g.vlan;
  }

  /** `ecp-refuse`: the next `count` payloads VDP hands to ECP are refused with `errno` (negative). */
  refuseNext(ctx: DeviceContext, errno: number, count: number): void {
    this.refusals = { errno, left: count };
    ctx.set('ecp/refuse', { errno, left: count });
  }

  /** The guest spec of the VSI held under `name` (vdptool compares identities with it). */
  vsiOf(name: string): GuestSpec | undefined {
    return this.vsis.get(name)?.guest;
  }

  /** For views and tests: the machine state of a guest's VSI. */
  stateOf(name: string): string | undefined {
    return this.vsis.get(name)?.runner.value;
  }

  publishAll(ctx: DeviceContext): void {
    for (const v of this.vsis.values()) publish(ctx, v.runner as never, this.label(v));
  }
}
