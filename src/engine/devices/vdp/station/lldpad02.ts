// lldpad's VDP 0.2 station role (qbg/vdp.c vdp_request, vdp_add_profile, vdp_indicate,
// vdp_status; fact sheet §1.5): one VDP 0.2 machine per profile, ECP 0.2 underneath.
// Timing as lldpad's single-threaded event loop (eloop.c eloop_run) gives it: a netlink
// request only changes the profile; its machine runs 1 ms later (VDP_LOCALCHANGE_TIMEOUT,
// vdp_localchange_handler), whose *_PROCESSING entry asks ECP to send 1 ms after that
// (ECP_LOCALCHANGE_TIMEOUT), so the request's ECPDU leaves 2 ms after the request. When the
// bridge de-associates, vdp_trigger's sleep(1) blocks the whole loop for 1 s inside
// ecp_rx_ProcessFrame: then the RTM_SETLINK notification, the profile delete, the ECP ACK,
// and whatever frames and timeouts came due meanwhile, in order.
import type { DeviceContext, Packet } from '../../../sim/device';
import { VDP02, VDP02_MODE_NAMES, VDP02_RESPONSES } from '../codec/constants';
import { encodeVdp02Tlv, parseVdp02Tlvs } from '../codec/vdp02-tlv';
import { formatUuid, parseUuid } from '../codec/vsiid';
import { vdp02StationMachine } from '../machines/vdp02-station.machine';
import { MachineRunner, type Macrostep } from '../runner';
import { recordMacro } from '../record';
import { V02 } from '../timers';
import { Ecp02Endpoint } from '../ecp/ecp02-endpoint';
import type { Behaviour } from '../machines/ecp22-tx.machine';
import type { GuestSpec } from '../guest';
import { lldpadReply, type PortStatus } from './getlink';
import * as say from './words';

const SRC = 'VDP 0.2 station; lldpad vdp.c vdp_vsi_sm_station';

interface Profile {
  guest: GuestSpec;
  runner?: MachineRunner<typeof vdp02StationMachine>;
  /** Stored without a machine: a DEASSOC of an unknown profile (O9). */
  response: number;
  /** p->txmit: an ACKed ECPDU carried this profile's current change (vdp_ack_profiles). */
  txmit: boolean;
  exited: boolean;
}

const PROCESSING = new Set(['ASSOC_PROCESSING', 'PREASSOC_PROCESSING', 'DEASSOC_PROCESSING']);

export interface Lldpad02Owner {
  port: string;
  mac: Uint8Array;
  who: string;
  behaviour: Behaviour;
  /** vdpbit_on: the EVB 0.2 exchange enabled VDP on this port (ccap & LLDP_EVB_CAPABILITY_PROTOCOL_VDP). */
  vdpOn: boolean;
  notify(ctx: DeviceContext, g: GuestSpec): void;
}

export class Lldpad02 {
  private readonly profiles = new Map<string, Profile>();
  readonly ecp: Ecp02Endpoint;
  /** vdp_trigger's sleep(1): lldpad handles nothing until it wakes. */
  private asleep = false;
  private readonly queued: ((ctx: DeviceContext) => void)[] = [];

  constructor(private readonly o: Lldpad02Owner) {
    this.ecp = new Ecp02Endpoint({
      port: o.port,
      mac: o.mac,
      who: o.who,
      key: 'ecp02',
      behaviour: o.behaviour,
      // ecp_build_ECPDU: every profile whose localChange is set, acknowledged or not.
      pending: () => {
        const ps = [...this.profiles.values()].filter((p) => p.runner?.context.localChange);
        const parts = ps.map((p) => this.tlv(p.guest, p.runner!.context.mode));
        const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
        let off = 0;
        for (const x of parts) {
          out.set(x, off);
          off += x.length;
        }
        return { tlvs: out, ids: ps.map((p) => p.guest.name) };
      },
      acked: (ctx, ids) =>
        ids.forEach((id) => {
          const p = this.profiles.get(id);
          if (p) {
            p.txmit = true;
            this.publish(ctx, p);
          }
        }),
      onTlvs: (ctx, payload) => this.indicate(ctx, payload),
      // vdp_vsis_pending: localChange && !txmit.
      pendingAfterAck: () => [...this.profiles.values()].some((p) => p.runner?.context.localChange && !p.txmit),
      startup: true,
      gate: (ctx, fn) => this.gate(ctx, fn),
    });
  }

  /** Queue fn while lldpad sleeps; false when it is awake. */
  gate(_ctx: DeviceContext, fn: (ctx: DeviceContext) => void): boolean {
    if (!this.asleep) return false;
    this.queued.push(fn);
    return true;
  }

  /** vdp_trigger's sleep(1) inside the frame handler: block, then `then`, then the queue in order. */
  private sleep(ctx: DeviceContext, then: (ctx: DeviceContext) => void): void {
    this.asleep = true;
    ctx.set('lldpad', { asleep: true });
    ctx.schedule(1_000_000_000, 'vdp_trigger sleep(1)', (c) => {
      this.asleep = false;
      c.set('lldpad', { asleep: false });
      then(c);
      while (this.queued.length && !this.asleep) this.queued.shift()!(c);
    });
  }

  /** vdp_start_localchange_timer: vdp_localchange_handler 1 ms later (VDP_LOCALCHANGE_TIMEOUT). */
  private startLocalChange(ctx: DeviceContext, p: Profile): void {
    ctx.schedule(V02.localChangeDelay, 'vdp_localchange_handler', (c) => {
      if (!this.gate(c, (cc) => this.localChangeRun(cc, p))) this.localChangeRun(c, p);
    });
  }

  /** vdp_localchange_handler: run the machine if ackReceived or localChange is set. */
  private localChangeRun(ctx: DeviceContext, p: Profile): void {
    const r = p.runner;
    if (!r || p.exited || this.profiles.get(p.guest.name) !== p) return;
    if (!r.context.ackReceived && !r.context.localChange) return;
    const before = r.value;
    const m = r.send(ctx, { type: 'RUN' });
    this.after(ctx, p, m, 'vdp_localchange_handler (1 ms)');
    // No move: lldpad runs the current state's action again; a *_PROCESSING state with
    // localChange asks ECP once more (another 1 ms ECP timeout) and restarts its ackTimer,
    // which leaves the expiry of the first one registered unchanged (it counts down to 0).
    if (m.took.length === 0 && r.value === before && PROCESSING.has(before) && r.context.localChange)
      this.ecp.changed(ctx);
  }

  start(ctx: DeviceContext): void {
    this.ecp.start(ctx);
  }

  receive(ctx: DeviceContext, packet: Packet): void {
    this.ecp.receive(ctx, packet);
  }

  private tlv(g: GuestSpec, mode: number): Uint8Array {
    return encodeVdp02Tlv({
      mode,
      response: 0,
      managerId: g.managerId,
      typeId: g.typeId,
      typeVersion: g.typeVersion,
      instance: parseUuid(g.uuid),
      fif: 2,
      entries: [{ mac: g.mac, vid: g.vlan }],
    });
  }

  private label(g: GuestSpec) {
    return { instance: `vsi/${g.name}`, title: `VDP 0.2 station, profile of ${g.name}`, source: SRC };
  }

  request(ctx: DeviceContext, g: GuestSpec, mode: number): { errno: number; why: string } {
    // vdp_request refuses before it looks at the profile, whatever the mode: "has VDP disabled"
    if (!this.o.vdpOn) return { errno: -6, why: say.vdpDisabledEnxio() };
    const p = this.profiles.get(g.name);
    if (p?.runner && !p.exited) {
      const had = p.runner.context.localChange;
      const m = p.runner.send(ctx, { type: 'REQUEST', mode });
      p.txmit = false;
      this.after(ctx, p, m, `netlink ${VDP02_MODE_NAMES[mode]}`);
      // vdp_add_profile: vdp_somethingChangedLocal(profile, true) when the response is not 0.
      if (p.runner.context.response !== 0) this.startLocalChange(ctx, p);
      return {
        errno: 0,
        why:
          p.runner.context.response !== 0 || had
            ? say.knownProfileModeResponse(VDP02_MODE_NAMES[mode])
            : say.knownProfileSameModeAfterSuccess(VDP02_MODE_NAMES[mode]),
      };
    }
    if (mode === VDP02.DEASSOC) {
      this.profiles.delete(g.name); // LIST_INSERT_HEAD: a new profile goes first
      this.profiles.set(g.name, { guest: g, response: 0, txmit: false, exited: false });
      ctx.set(`vsi/${g.name}`, { state: 'UNASSOCIATED', response: 0 });
      return { errno: 0, why: say.deassocUnknownProfileStored() };
    }
    const np: Profile = { guest: g, response: 255, txmit: false, exited: false };
    np.runner = new MachineRunner(vdp02StationMachine, (c, ev, name) => {
      const fire = (cc: DeviceContext): void => {
        if (this.profiles.get(g.name) === np && !np.exited)
          this.after(cc, np, np.runner!.send(cc, ev), `${name} expired`);
      };
      if (!this.gate(c, fire)) fire(c);
    });
    this.profiles.delete(g.name); // LIST_INSERT_HEAD: a new profile goes first
    this.profiles.set(g.name, np);
    this.after(
      ctx,
      np,
      np.runner.start(ctx, { ackTimerNs: V02.vdpAckTimer, keepaliveNs: V02.keepaliveTimer, mode }),
      `netlink ${VDP02_MODE_NAMES[mode]} for a new profile`,
    );
    this.startLocalChange(ctx, np);
    return { errno: 0, why: say.newProfileRunsIn1ms(VDP02_MODE_NAMES[mode]) };
  }

  private after(ctx: DeviceContext, p: Profile, m: Macrostep, why: string): void {
    recordMacro(ctx, p.runner as never, this.label(p.guest), m, why, { guest: p.guest.name });
    for (const e of m.effects) {
      if (e.type === 'changedLocal') this.startLocalChange(ctx, p);
      else if (e.type === 'send' && e.params.localChange) this.ecp.changed(ctx);
      else if (e.type === 'exited') {
        p.exited = true;
        const { noNlmsg, ackReceived, timedOut } = e.params as {
          noNlmsg: boolean;
          ackReceived: boolean;
          timedOut: boolean;
        };
        if (noNlmsg && !ackReceived && timedOut) {
          ctx.note('decide', {
            decision: say.profileBridgeAnswerWithin(p.guest.name),
            source: 'lldpad vdp_vsi_sm_station (VSI_EXIT)',
            layer: 'control',
          });
          this.profiles.delete(p.guest.name);
          ctx.set(`vsi/${p.guest.name}`, undefined);
          ctx.set(`sm/vsi/${p.guest.name}`, undefined);
          return;
        }
        if (!noNlmsg) {
          ctx.note('decide', {
            decision: say.profileBridgeDeAssociated(p.guest.name),
            source: 'lldpad vdp_trigger',
            layer: 'control',
          });
          // vdp_trigger: sleep(1), vdpnl_send (the RTM_SETLINK notification), then
          // vdp_remove_profile; the ECP ACK of the frame that carried the DEASSOC follows.
          // The profile leaves the list before libvirt's answer to the notification can reach
          // lldpad (here libvirt reacts within the same call, so the list is updated first).
          this.sleep(ctx, (c) => {
            if (this.profiles.get(p.guest.name) === p) this.profiles.delete(p.guest.name);
            this.o.notify(c, p.guest);
            c.note('decide', {
              decision: say.profileDeletedAfterNotify(p.guest.name),
              source: 'lldpad vdp_trigger (vdp_remove_profile)',
              layer: 'control',
            });
            if (!this.profiles.has(p.guest.name)) {
              c.set(`vsi/${p.guest.name}`, undefined);
              c.set(`sm/vsi/${p.guest.name}`, undefined);
            }
          });
        }
      }
    }
    this.publish(ctx, p);
  }

  /** vsi/<name>: the machine's state, and the profile flags lessons ask about. */
  private publish(ctx: DeviceContext, p: Profile): void {
    const r = p.runner;
    if (!r || this.profiles.get(p.guest.name) !== p) return;
    const c = r.context;
    ctx.set(`vsi/${p.guest.name}`, {
      state: r.value,
      mode: VDP02_MODE_NAMES[c.mode],
      response: c.response,
      localChange: c.localChange,
      ackReceived: c.ackReceived,
      txmit: p.txmit,
      noNlmsg: c.noNlmsg,
      ackTimerAt: r.dueAt('ackTimer') ?? null,
      keepaliveAt: r.dueAt('keepaliveTimer') ?? null,
    });
  }

  /** vdp_indicate for every VSI TLV in a received request. */
  private indicate(ctx: DeviceContext, payload: Uint8Array): void {
    for (const t of parseVdp02Tlvs(payload)) {
      if (!t.ok) {
        ctx.note('decide', {
          decision: say.vdpTlvRejected(t.reason),
          source: 'lldpad vdp_validate_tlv',
          layer: 'control',
        });
        continue;
      }
      const v = t.vsi;
      const p = [...this.profiles.values()].find(
        (x) =>
          x.guest.managerId === v.managerId &&
          x.guest.typeId === v.typeId &&
          x.guest.typeVersion === v.typeVersion &&
          formatUuid(v.instance) === x.guest.uuid,
      );
      if (!p?.runner || p.exited) {
        ctx.note('decide', {
          decision: say.vdpTlvUnknownProfile(formatUuid(v.instance)),
          source: 'lldpad vdp_indicate',
          layer: 'control',
        });
        continue;
      }
      const c = p.runner.context;
      if (v.mode === VDP02.DEASSOC && c.mode === VDP02.PREASSOC && (c.response === 255 || c.response === 0)) {
        ctx.note('decide', {
          decision: say.bridgeDeassocWhilePre(),
          source: 'lldpad vdp_indicate',
          layer: 'control',
        });
        continue;
      }
      ctx.note('decide', {
        decision: say.vdpStationBridgeTlv(
          VDP02_MODE_NAMES[v.mode],
          v.response,
          VDP02_RESPONSES[v.response] ?? '?',
          p.guest.name,
        ),
        source: 'lldpad vdp_indicate',
        layer: 'control',
      });
      this.after(
        ctx,
        p,
        p.runner.send(ctx, { type: 'BRIDGE_TLV', mode: v.mode, response: v.response }),
        `bridge TLV (${VDP02_MODE_NAMES[v.mode]}, response ${v.response})`,
      );
    }
  }

  /**
   * vdpnl_getlink over vdp_status: every profile on the interface, newest first (vdp_add_profile
   * LIST_INSERT_HEAD); an EXIT profile with an answer is removed as it is reported
   * (vdp_remove_profile), so the profile after it is skipped in this reply.
   */
  status(ctx: DeviceContext, g: GuestSpec): PortStatus {
    return lldpadReply([...this.profiles.values()].reverse(), g.uuid, (p) => {
      const answer = p.runner ? p.runner.context.response : p.response;
      const removed = p.exited && answer !== 255;
      if (removed) {
        this.profiles.delete(p.guest.name);
        ctx.set(`vsi/${p.guest.name}`, undefined);
        ctx.set(`sm/vsi/${p.guest.name}`, undefined);
      }
      return { uuid: p.guest.uuid, answer, removed };
    });
  }
}
