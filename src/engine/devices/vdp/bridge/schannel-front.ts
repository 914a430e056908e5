// The S-VLAN component in front of a vdp-switch station port that runs CDCP (IEEE
// 802.1Qbg-2012 clause 41 multichannel; the fact sheet's §5 model, shared with the VEPA
// lab's bridge through devices/evb/cdcp.ts). The station's CDCP request (an LLDP TLV)
// is answered here with SCID→S-VID pairs; SCID 1 is the default channel on S-VID 1 and
// needs no negotiation. A frame S-tagged with S-VID 1, or untagged (the port's PVID is 1),
// belongs to the default channel: the S-tag comes off and the frame goes on to the port's
// VDP (ECP) or its VSI gate and bridge. Frames answered on the default channel leave
// untagged, which the station's S-component also maps to SCID 1.
// By default only the default channel carries VDP and data: other channels are assigned and
// listed, and their frames are refused with that reason. With `perChannel`, each assigned
// channel is a port of the bridge's S-VLAN component with its own VDP/ECP instance and VSI
// policy (802.1Qbg-2012 clause 41: an S-channel is a separate port on both sides), named
// `<port>.ch<SCID>`; the switch tags that port's frames with the channel's S-VID on the way out.
import type { DeviceContext, Packet } from '../../../sim/device';
import { ETH_P, outerTag, stripOuterTag } from '../../../frame/ethernet';
import { u16 } from '../../../frame/bytes';
import { bridgeAssign, describeAssignment, DEFAULT_CHANNEL } from '../../evb/cdcp';
import { buildCdcpFrame, findCdcp } from '../../evb/cdcp-tlv';
import * as say from './words';

export interface PortCdcp {
  chnCap: number;
  poolLow: number;
  poolHigh: number;
  perChannel?: boolean;
}

/** Channel ports a per-channel port gets (SCID 2 up to this many). */
export const MAX_CHANNEL_PORTS = 16;

/** The bridge port name of channel `scid` on `port`; SCID 1 is the physical port itself. */
export const channelPort = (port: string, scid: number): string => (scid === 1 ? port : `${port}.ch${scid}`);

/** A frame the S-component let in, and the channel it belongs to. */
export interface Admitted {
  readonly packet: Packet;
  readonly scid: number;
}

const SRC = 'IEEE 802.1Qbg-2012 CDCP (role B), LLDP TLV OUI 00-80-C2 subtype 0x0E';
const SCOMP = 'IEEE 802.1Qbg-2012 port-mapping S-VLAN component';

export class SchannelFront {
  /** SCID → S-VID, as last assigned. */
  private readonly svidOf = new Map<number, number>([[DEFAULT_CHANNEL.scid, DEFAULT_CHANNEL.svid]]);

  constructor(
    private readonly port: string,
    private readonly mac: Uint8Array,
    private readonly cfg: PortCdcp,
    /** Told which SCIDs have an S-VID after each CDCP exchange (their channel ports come up). */
    private readonly onAssigned?: (ctx: DeviceContext, scids: number[]) => void,
  ) {}

  start(ctx: DeviceContext): void {
    this.publish(ctx);
  }

  private publish(ctx: DeviceContext): void {
    ctx.set(
      `port/${this.port}/schannel`,
      [...this.svidOf].map(([scid, svid]) => ({ scid, svid })),
    );
  }

  /**
   * Take a frame arriving on the port: answer CDCP, or return the default channel's frame
   * (S-tag removed) for the VDP side and the bridge; undefined when it was handled here.
   */
  ingress(ctx: DeviceContext, packet: Packet): Admitted | undefined {
    const b = packet.bytes;
    if (b.length >= 14 && u16(b, 12) === ETH_P.LLDP) {
      this.cdcp(ctx, packet);
      return undefined;
    }
    const tag = outerTag(b);
    if (!tag || tag.tpid !== ETH_P.QINQ) return { packet, scid: DEFAULT_CHANNEL.scid }; // untagged: the PVID's channel
    const scid = [...this.svidOf].find(([, v]) => v === tag.vid)?.[0];
    if (scid === undefined) {
      ctx.drop(packet, {
        decision: say.sTagNoChannel(tag.vid, this.port),
        source: SCOMP,
        port: this.port,
        reads: ['vlan[0].vid'],
      });
      return undefined;
    }
    const served = scid === DEFAULT_CHANNEL.scid || this.cfg.perChannel;
    if (!served) {
      ctx.drop(packet, {
        decision: say.channelNotServed(scid, tag.vid, this.port),
        source: SCOMP,
        port: this.port,
        reads: ['vlan[0].vid'],
      });
      return undefined;
    }
    ctx.note(
      'decide',
      {
        decision:
          scid === DEFAULT_CHANNEL.scid
            ? say.defaultChannelStrip(tag.vid, this.port)
            : say.channelStrip(scid, tag.vid, this.port, channelPort(this.port, scid)),
        source: SCOMP,
        port: this.port,
        reads: ['vlan[0].tpid', 'vlan[0].vid'],
        detail: { scid, svid: tag.vid },
      },
      packet,
    );
    return { packet: { ref: packet.ref, bytes: stripOuterTag(b) }, scid };
  }

  /** The S-VID CDCP gave channel `scid`, if it has one now. */
  svid(scid: number): number | undefined {
    return this.svidOf.get(scid);
  }

  private cdcp(ctx: DeviceContext, packet: Packet): void {
    let tlv;
    try {
      tlv = findCdcp(packet.bytes);
    } catch (e) {
      ctx.drop(packet, { decision: say.malformedFrame((e as Error).message), source: SRC, port: this.port });
      return;
    }
    if (!tlv || tlv.role !== 'S') {
      ctx.deliver(packet, {
        decision: say.lldpWithoutStationCdcp(this.port),
        source: SRC,
        port: this.port,
        layer: 'control',
        reads: ['eth.type'],
      });
      return;
    }
    const current = new Map([...this.svidOf].filter(([s]) => s !== DEFAULT_CHANNEL.scid));
    const a = bridgeAssign(tlv, this.cfg, current);
    for (const c of a.channels) this.svidOf.set(c.scid, c.svid);
    this.publish(ctx);
    this.onAssigned?.(ctx, [...this.svidOf.keys()]);
    ctx.deliver(packet, {
      decision: say.cdcpAssigned(this.port, tlv.chnCap, describeAssignment(a)),
      source: SRC,
      port: this.port,
      layer: 'control',
      detail: { cdcp: tlv, assigned: a.channels, refused: a.refused, operationalCap: a.operationalCap },
    });
    ctx.send(this.port, buildCdcpFrame(this.mac, a.answer), {
      decision: say.cdcpAnswer(this.port, a.channels.map((c) => `SCID ${c.scid}→S-VID ${c.svid}`).join(', ')),
      source: SRC,
      layer: 'control',
      detail: { cdcp: a.answer },
    });
  }
}
