// lldpad's VDP 0.2 station role (qbg/vdp.c vdp_request, vdp_add_profile, vdp_indicate,
// vdp_status; fact sheet §1.5): one VDP 0.2 machine per profile, ECP 0.2 underneath.
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
import type { PortStatus } from './lldpad22';
import * as say from './words';

const SRC = 'VDP 0.2 station; lldpad vdp.c vdp_vsi_sm_station';

interface Profile {
  guest: GuestSpec;
  runner?: MachineRunner<typeof vdp02StationMachine>;
  /** Stored without a machine: a DEASSOC of an unknown profile (O9). */
  response: number;
  pending: boolean;
  exited: boolean;
}

export interface Lldpad02Owner {
  port: string;
  mac: Uint8Array;
  who: string;
  behaviour: Behaviour;
  notify(ctx: DeviceContext, g: GuestSpec): void;
}

export class Lldpad02 {
  private readonly profiles = new Map<string, Profile>();
  readonly ecp: Ecp02Endpoint;

  constructor(private readonly o: Lldpad02Owner) {
    this.ecp = new Ecp02Endpoint({
      port: o.port,
      mac: o.mac,
      who: o.who,
      key: 'ecp02',
      behaviour: o.behaviour,
      pending: () => {
        const ps = [...this.profiles.values()].filter((p) => p.pending && p.runner);
        const parts = ps.map((p) => this.tlv(p.guest, p.runner!.context.mode));
        const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
        let off = 0;
        for (const x of parts) {
          out.set(x, off);
          off += x.length;
        }
        return { tlvs: out, ids: ps.map((p) => p.guest.name) };
      },
      acked: (_ctx, ids) =>
        ids.forEach((id) => {
          const p = this.profiles.get(id);
          if (p) p.pending = false;
        }),
      onTlvs: (ctx, payload) => this.indicate(ctx, payload),
    });
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
    const p = this.profiles.get(g.name);
    if (p?.runner && !p.exited) {
      const m = p.runner.send(ctx, { type: 'REQUEST', mode });
      this.after(ctx, p, m, `netlink ${VDP02_MODE_NAMES[mode]}`);
      return { errno: 0, why: say.knownProfileModeResponse(VDP02_MODE_NAMES[mode]) };
    }
    if (mode === VDP02.DEASSOC) {
      this.profiles.set(g.name, { guest: g, response: 0, pending: false, exited: false });
      ctx.set(`vsi/${g.name}`, { state: 'UNASSOCIATED', response: 0 });
      return { errno: 0, why: say.deassocUnknownProfileStored() };
    }
    const np: Profile = { guest: g, response: 255, pending: false, exited: false };
    np.runner = new MachineRunner(vdp02StationMachine, (c, ev, name) =>
      this.after(c, np, np.runner!.send(c, ev), `${name} expired`),
    );
    this.profiles.set(g.name, np);
    this.after(
      ctx,
      np,
      np.runner.start(ctx, { ackTimerNs: V02.vdpAckTimer, keepaliveNs: V02.keepaliveTimer, mode }),
      `netlink ${VDP02_MODE_NAMES[mode]} for a new profile`,
    );
    return { errno: 0, why: `new profile, mode ${VDP02_MODE_NAMES[mode]}` };
  }

  private after(ctx: DeviceContext, p: Profile, m: Macrostep, why: string): void {
    recordMacro(ctx, p.runner as never, this.label(p.guest), m, why, { guest: p.guest.name });
    for (const e of m.effects) {
      if (e.type === 'send' && e.params.localChange) {
        p.pending = true;
        this.ecp.changed(ctx);
      } else if (e.type === 'exited') {
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
          ctx.schedule(1_000_000_000, 'vdp_trigger', (c) => {
            this.profiles.delete(p.guest.name);
            c.set(`vsi/${p.guest.name}`, undefined);
            this.o.notify(c, p.guest);
          });
        }
      }
    }
    if (p.runner)
      ctx.set(`vsi/${p.guest.name}`, {
        state: p.runner.value,
        mode: VDP02_MODE_NAMES[p.runner.context.mode],
        response: p.runner.context.response,
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

  /** vdp_status: IFLA_PORT_RESPONSE once the profile has an answer; EXIT profiles are deleted when reported. */
  status(ctx: DeviceContext, g: GuestSpec): PortStatus {
    const p = this.profiles.get(g.name);
    if (!p) return { listed: false };
    const resp = p.runner ? p.runner.context.response : p.response;
    if (p.exited && resp !== 255) {
      this.profiles.delete(g.name);
      ctx.set(`vsi/${g.name}`, undefined);
      ctx.set(`sm/vsi/${g.name}`, undefined);
    }
    return { listed: true, ...(resp !== 255 && { response: resp }) };
  }
}
