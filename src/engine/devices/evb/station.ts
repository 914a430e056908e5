// The station's port-mapping S-VLAN component for multichannel EVB (IEEE 802.1Qbg-2012,
// fact sheets l2-qeth-macvlan-vepa.md §3.6 and vdp-ecp-8021qbg.md §5): one physical uplink
// carries several S-channels, each an 802.1ad S-VLAN (TPID 0x88a8). Each channel port of
// this device faces one edge relay (a macvlan lower device in VEPA or bridge mode, or a
// single guest). Going up, the frame gets its channel's S-tag; coming down, the S-tag
// names the channel and is removed. SVIDs come from the bridge through CDCP, except the
// default channel SCID 1 = SVID 1, which always exists.
import type { Device, DeviceContext, Packet } from '../../sim/device';
import { ETH_P, outerTag, sTag, stripOuterTag, withTags } from '../../frame/ethernet';
import { u16 } from '../../frame/bytes';
import { buildCdcpFrame, findCdcp } from './cdcp-tlv';
import { stationRequest } from './cdcp';
import * as say from './words';

export interface StationChannel {
  readonly scid: number;
  readonly port: string;
  /** Fixed SVID (no CDCP needed for this channel). */
  readonly svid?: number;
}

export interface StationConfig {
  readonly mac: Uint8Array;
  readonly chnCap: number;
  /** Send a CDCP request at start. Without CDCP only SCID 1 and channels with a fixed SVID work. */
  readonly cdcp: boolean;
  readonly channels: readonly StationChannel[];
}

const UP = 'uplink';
const SRC = 'IEEE 802.1Qbg-2012 multichannel (S-VLAN component, 802.1ad S-tag)';

export class EvbStation implements Device {
  readonly ports: readonly string[];
  /** SCID -> SVID, once known. */
  private readonly svidOf = new Map<number, number>();

  constructor(
    readonly id: string,
    private readonly cfg: StationConfig,
  ) {
    this.ports = [UP, ...cfg.channels.map((c) => c.port)];
    for (const c of cfg.channels) {
      if (c.scid === 1) this.svidOf.set(1, 1);
      else if (c.svid !== undefined) this.svidOf.set(c.scid, c.svid);
    }
  }

  start(ctx: DeviceContext): void {
    this.publish(ctx);
    if (this.cfg.cdcp) this.sendRequest(ctx);
  }

  command(name: string, _args: Record<string, unknown>, ctx: DeviceContext): void {
    if (name === 'cdcp-request') this.sendRequest(ctx);
  }

  receive(port: string, packet: Packet, ctx: DeviceContext): void {
    // A runt has no EtherType to read nor a header to put an S-tag into (eth_type_trans pulls 14 bytes).
    if (packet.bytes.length < 14)
      return ctx.drop(packet, {
        decision: say.byteRuntShorterEthernet(packet.bytes.length, port),
        source: 'eth_type_trans (rx_length_errors)',
        port,
      });
    if (port === UP) this.fromUplink(packet, ctx);
    else this.fromChannel(port, packet, ctx);
  }

  private sendRequest(ctx: DeviceContext): void {
    const req = stationRequest(
      this.cfg.chnCap,
      this.cfg.channels.map((c) => c.scid),
    );
    ctx.send(UP, buildCdcpFrame(this.cfg.mac, req), {
      decision: say.cdcpRequestRoleChnCap(req),
      source: 'IEEE 802.1Qbg-2012 CDCP (LLDP TLV OUI 00-80-C2 subtype 0x0E)',
      layer: 'control',
      detail: { cdcp: req },
    });
  }

  private fromUplink(packet: Packet, ctx: DeviceContext): void {
    const b = packet.bytes;
    const type = u16(b, 12);
    if (type === ETH_P.LLDP) {
      const t = findCdcp(b);
      if (!t || t.role !== 'B') {
        ctx.drop(packet, {
          decision: say.lldpFrameWithoutBridge(),
          source: SRC,
          layer: 'control',
          reads: ['eth.type'],
        });
        return;
      }
      for (const p of t.pairs) if (this.cfg.channels.some((c) => c.scid === p.scid)) this.svidOf.set(p.scid, p.svid);
      this.publish(ctx);
      ctx.deliver(packet, {
        decision: say.cdcpAnswerBridgeRole(t),
        source: 'IEEE 802.1Qbg-2012 CDCP',
        layer: 'control',
        detail: { cdcp: t },
      });
      return;
    }
    const tag = outerTag(b);
    // Untagged frames belong to the port's PVID, S-VLAN 1 = the default channel (802.1Q 6.9).
    const svid = tag && tag.tpid === ETH_P.QINQ ? tag.vid : 1;
    const ch = this.cfg.channels.find((c) => this.svidOf.get(c.scid) === svid);
    if (!ch) {
      ctx.drop(packet, {
        decision: say.tagSvidStationChannels(svid, this.channelList()),
        source: SRC,
        reads: ['vlan[0].vid'],
      });
      return;
    }
    const sTagged = tag !== undefined && tag.tpid === ETH_P.QINQ;
    // The decision reads the arriving frame's S-tag; the send step then shows the bytes
    // handed to the channel, which no longer carry it.
    ctx.note(
      'decide',
      {
        decision: say.channelScid(sTagged, svid, ch.scid, ch.port),
        source: SRC,
        port: UP,
        reads: sTagged ? ['vlan[0].tpid', 'vlan[0].vid'] : ['eth.type'],
        detail: { scid: ch.scid, svid },
      },
      packet,
    );
    ctx.send(
      ch.port,
      sTagged ? stripOuterTag(b) : b,
      {
        decision: say.framePortChannelScid(sTagged, ch.port, ch.scid),
        source: SRC,
        detail: { scid: ch.scid, svid },
      },
      packet,
    );
  }

  private fromChannel(port: string, packet: Packet, ctx: DeviceContext): void {
    const ch = this.cfg.channels.find((c) => c.port === port)!;
    const svid = this.svidOf.get(ch.scid);
    if (svid === undefined) {
      ctx.drop(packet, {
        decision: say.channelScidSvidYet(ch.scid),
        source: SRC,
        port,
      });
      return;
    }
    ctx.send(
      UP,
      withTags(packet.bytes, [sTag(svid)]),
      {
        decision: say.channelScidPushAd(ch.scid, port, svid),
        source: SRC,
        detail: { scid: ch.scid, svid },
      },
      packet,
    );
  }

  private publish(ctx: DeviceContext): void {
    for (const c of this.cfg.channels)
      ctx.set(`schannel/${c.scid}`, { port: c.port, svid: this.svidOf.get(c.scid) ?? null });
  }

  private channelList(): string {
    return [...this.svidOf].map(([scid, svid]) => `SCID ${scid}=SVID ${svid}`).join(', ') || 'none';
  }
}
