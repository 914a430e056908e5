// The 802.1Qbh path: libvirt sends the port profile to the kernel, and Cisco's enic driver
// hands it to the NIC firmware (drivers/net/ethernet/cisco/enic/enic_pp.c). The firmware
// then talks to the switch itself; no ECP/VDP frames are visible to the host (fact sheet
// §4.6). That firmware-to-switch protocol (Cisco VIC) is not public, so this lab puts a
// clearly labelled STAND-IN on the wire: EtherType 0x88B5 (IEEE 802 local experimental 1),
// "VIC" + op + status + MAC + instance UUID + profile name. Only its effect is real:
// the switch applies the named port profile.
import type { DeviceContext, Packet } from '../../../sim/device';
import { buildEthernet } from '../../../frame/ethernet';
import { formatMac } from '../../../frame/address';
import { PORT_REQUEST } from '../codec/constants';
import { parseUuid } from '../codec/vsiid';
import { PROFILE_RESPONSE, type PortProfileBackend } from './libvirt';
import type { GuestSpec } from '../guest';
import type { PortStatus } from './getlink';
import * as say from './words';

export const VIC_ETHERTYPE = 0x88b5;
export const VIC_OP = { PROVISION: 1, ACTIVATE: 2, DEINIT: 3, REPLY: 0x80 } as const;
const DST = new Uint8Array([0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e]);

export function buildVic(
  src: Uint8Array,
  op: number,
  status: number,
  mac: Uint8Array,
  uuid: string,
  profile: string,
): Uint8Array {
  const name = new TextEncoder().encode(profile.slice(0, 40));
  const body = new Uint8Array([0x56, 0x49, 0x43, op, status, ...mac, ...parseUuid(uuid), name.length, ...name]);
  return buildEthernet({ dst: DST, src, ethertype: VIC_ETHERTYPE, payload: body });
}

export function parseVic(
  b: Uint8Array,
): { op: number; status: number; mac: Uint8Array; uuid: Uint8Array; profile: string } | undefined {
  const o = 14;
  if (b.length < o + 28 || b[o] !== 0x56 || b[o + 1] !== 0x49 || b[o + 2] !== 0x43) return undefined;
  const n = b[o + 27];
  return {
    op: b[o + 3],
    status: b[o + 4],
    mac: b.slice(o + 5, o + 11),
    uuid: b.slice(o + 11, o + 27),
    profile: new TextDecoder().decode(b.slice(o + 28, o + 28 + n)),
  };
}

interface PortProfile {
  request: number;
  response: number;
  profile: string;
}

export class Enic implements PortProfileBackend {
  readonly kind = '802.1Qbh' as const;
  readonly target = 'the kernel (rtnetlink do_setlink → enic_set_vf_port)';
  private readonly pp = new Map<string, PortProfile>();

  constructor(private readonly o: { port: string; mac: Uint8Array; node: string }) {}

  setlink(ctx: DeviceContext, g: GuestSpec, request: number): { errno: number; why: string } {
    if (request === PORT_REQUEST.PREASSOCIATE) return { errno: -95, why: say.enicPreassociateHandlerEopnotsupp() };
    const prev = this.pp.get(g.name);
    if (request === PORT_REQUEST.DISASSOCIATE) {
      this.pp.set(g.name, { request, response: PROFILE_RESPONSE.INPROGRESS, profile: prev?.profile ?? '' });
      this.fw(ctx, g, VIC_OP.DEINIT, prev?.profile ?? '', say.deleteMacVnicDev());
      return { errno: 0, why: say.enicDisassociateHandlerDeinit() };
    }
    if (!g.profile) return { errno: -22, why: say.iflaPortProfileEnic() };
    const same = prev?.request === PORT_REQUEST.PREASSOCIATE_RR && prev.profile === g.profile;
    this.pp.set(g.name, { request, response: PROFILE_RESPONSE.INPROGRESS, profile: g.profile });
    if (request === PORT_REQUEST.ASSOCIATE) {
      this.fw(ctx, g, VIC_OP.ACTIVATE, g.profile, say.provisionProfileTLVsName(same));
      return { errno: 0, why: say.enicAssociateHandlerProvisioning() };
    }
    this.fw(ctx, g, VIC_OP.PROVISION, g.profile, say.provisionProfileTLVsVnic());
    return { errno: 0, why: say.enicPreassociateRrHandler() };
  }

  private fw(ctx: DeviceContext, g: GuestSpec, op: number, profile: string, what: string): void {
    ctx.note('decide', {
      decision: say.enicDriverNicFirmware(what),
      source: 'enic_pp.c enic_pp_handlers',
      layer: 'control',
    });
    ctx.send(this.o.port, buildVic(this.o.mac, op, 0, g.mac, g.uuid, profile), {
      decision: say.nicFirmwareSwitchPort(profile, g.name, op),
      source: 'Cisco VIC firmware (stand-in, EtherType 0x88B5)',
      layer: 'L2',
      // What the firmware names to the switch came from libvirt's request: the guest's MAC and
      // instance UUID are the hypervisor's data, not the NIC's (the NIC's own MAC is the source).
      detail: { vic: { op, profile, mac: formatMac(g.mac), uuid: g.uuid } },
    });
  }

  /** enic_get_vf_port: -ENODATA until a request was applied; then request, response, profile. */
  getlink(_ctx: DeviceContext, g: GuestSpec): PortStatus {
    const p = this.pp.get(g.name);
    if (!p) return { listed: false };
    return { listed: true, response: p.response };
  }

  receive(ctx: DeviceContext, packet: Packet): void {
    const v = parseVic(packet.bytes);
    const entry = v && [...this.pp.entries()].find(([, p]) => p.profile === v.profile);
    if (!v || !(v.op & VIC_OP.REPLY) || !entry) {
      ctx.drop(packet, {
        decision: say.standVicFrameFirmware(),
        source: 'Cisco VIC firmware (stand-in)',
      });
      return;
    }
    const [name, p] = entry;
    p.response =
      v.status === 0 ? PROFILE_RESPONSE.SUCCESS : v.status === 1 ? PROFILE_RESPONSE.INVALID : PROFILE_RESPONSE.ERROR;
    ctx.set(`portprofile/${name}`, {
      profile: p.profile,
      request: p.request,
      response: `0x${p.response.toString(16)}`,
    });
    ctx.deliver(packet, {
      decision: say.nicFirmwareSwitchAnswered(v, p.response.toString(16)),
      source: 'enic_process_get_pp_request',
      layer: 'L2',
    });
  }
}
