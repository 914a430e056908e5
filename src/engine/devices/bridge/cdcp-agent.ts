// The bridge's CDCP agent on an S-channel port (role B): answer a station's request with
// SCID->SVID pairs from the pool and create one virtual bridge port per new channel.
// Model per fact sheet vdp-ecp-8021qbg.md §5 ("suggested, not ground truth").
import type { DeviceContext, Packet } from '../../sim/device';
import { buildCdcpFrame, type CdcpTlv } from '../evb/cdcp-tlv';
import { describeAssignment } from '../evb/cdcp';
import type { SchannelPort } from './schannel';
import type { Bridge } from './bridge';
import * as say from './words';

const SRC = 'IEEE 802.1Qbg-2012 CDCP (role B), LLDP TLV OUI 00-80-C2 subtype 0x0E';

/** A locally administered MAC for the bridge port's LLDP frames, derived from its name. */
function portMac(bridge: string, port: string): Uint8Array {
  let h = 0;
  for (const ch of `${bridge}/${port}`) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return new Uint8Array([0x02, 0xb0, (h >>> 24) & 0xff, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff]);
}

export function handleCdcp(b: Bridge, sp: SchannelPort, tlv: CdcpTlv, packet: Packet, ctx: DeviceContext): void {
  if (tlv.role !== 'S') {
    return ctx.drop(packet, {
      decision: say.cdcpTlvRoleStation(),
      source: SRC,
      port: sp.phys,
      layer: 'control',
    });
  }
  if (!sp.cfg.cdcp) {
    return ctx.drop(packet, {
      decision: say.cdcpRequestCdcpDisabled(sp.phys),
      source: SRC,
      port: sp.phys,
      layer: 'control',
    });
  }
  const { a, added } = sp.assign(tlv);
  const cfgPort = b.cfg.ports.find((p) => p.name === sp.phys)!;
  for (const c of added) b.table.publish(b.table.addChannel(cfgPort, sp, c.svid, c.scid), ctx);
  ctx.set(`schannel/${sp.phys}`, b.channelState(sp));
  ctx.deliver(packet, {
    decision: say.cdcpRequestStationChnCap(tlv, added, sp, describeAssignment(a)),
    source: SRC,
    port: sp.phys,
    layer: 'control',
    detail: { cdcp: tlv, assigned: a.channels, refused: a.refused, operationalCap: a.operationalCap },
  });
  ctx.send(sp.phys, buildCdcpFrame(portMac(b.id, sp.phys), a.answer), {
    decision: say.cdcpAnswerRoleChnCap(a),
    source: SRC,
    layer: 'control',
    detail: { cdcp: a.answer },
  });
}
