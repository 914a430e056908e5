// The bridge's CDCP agent on an S-channel port (role B): answer a station's request with
// SCID->SVID pairs from the pool and create one virtual bridge port per new channel.
// Model per fact sheet vdp-ecp-8021qbg.md §5 ("suggested, not ground truth").
import type { DeviceContext, Packet } from '../../sim/device';
import { buildCdcpFrame, type CdcpTlv } from '../evb/cdcp-tlv';
import { describeAssignment } from '../evb/cdcp';
import { vportName, type SchannelPort } from './schannel';
import type { Bridge } from './bridge';

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
      decision: 'CDCP TLV with role B from the station side: two bridges facing each other; ignored.',
      source: SRC,
      port: sp.phys,
      layer: 'control',
    });
  }
  if (!sp.cfg.cdcp) {
    return ctx.drop(packet, {
      decision: `CDCP request on ${sp.phys}, but CDCP is disabled here (UAPSchCdcpAdminEnable = disable): only the configured channels exist.`,
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
    decision: `CDCP request from the station (ChnCap ${tlv.chnCap}, SCIDs ${tlv.pairs.map((p) => p.scid).join(', ')}): ${describeAssignment(a)}. ${added.length ? `New virtual ports: ${added.map((c) => vportName(sp.phys, c.svid)).join(', ')}.` : 'No new channel.'}`,
    source: SRC,
    port: sp.phys,
    layer: 'control',
    detail: { cdcp: tlv, assigned: a.channels, refused: a.refused, operationalCap: a.operationalCap },
  });
  ctx.send(sp.phys, buildCdcpFrame(portMac(b.id, sp.phys), a.answer), {
    decision: `CDCP answer (role B, ChnCap ${a.answer.chnCap}): ${a.channels.map((c) => `SCID ${c.scid}->SVID ${c.svid}`).join(', ')}.`,
    source: SRC,
    layer: 'control',
    detail: { cdcp: a.answer },
  });
}
