// The bridge device itself (br0) as a receiving interface: br_handle_frame_finish sets
// local_rcv for every broadcast, for every multicast (no IGMP/MLD snooping here: no mdb
// entry, so the else branch, which also does DEV_STATS_INC(br->dev, multicast)), and for a
// unicast to br0's own MAC (its is_local FDB entry; then nothing is forwarded). After the
// flood (deliver_clone), br_pass_frame_up counts the frame on br0 with
// dev_sw_netstats_rx_add(brdev, skb->len): the port's eth_type_trans has already pulled the
// 14-byte header, so a 60-byte broadcast counts 46 bytes on br0. Then netif_receive_skb on
// br0: a protocol handler takes it, or it is br0's rx_dropped (__netif_receive_skb_core).
// With vlan_filtering br0 is a member of the default PVID 1 only (br_allowed_egress of
// br0's own VLAN group in br_pass_frame_up).
import type { DeviceContext, Packet } from '../../sim/device';
import { hexType, protocolOf, ptypeHandler } from '../stack/protocols';
import * as say from './words';

export interface BrDevStats {
  rx_packets: number;
  rx_bytes: number;
  multicast: number;
  rx_dropped: number;
}

const ETH_HLEN = 14;

export class BridgeLocal {
  readonly stats: BrDevStats = { rx_packets: 0, rx_bytes: 0, multicast: 0, rx_dropped: 0 };

  constructor(
    /** The bridge device's name (the node id, br0 in the labs). */
    readonly name: string,
    /** br0's own MAC, if unicast to it is modelled. */
    readonly mac: string | undefined,
  ) {}

  publish(ctx: DeviceContext): void {
    ctx.set('brdev', { name: this.name, mac: this.mac ?? null, ...this.stats });
  }

  /** Does br_handle_frame_finish set local_rcv for this frame? */
  wants(kind: 'broadcast' | 'multicast' | 'unicast', dst: string, vid: number, vlanFiltering: boolean): boolean {
    if (vlanFiltering && vid !== 1) return false;
    return kind !== 'unicast' || (this.mac !== undefined && dst === this.mac);
  }

  private bump(ctx: DeviceContext, field: keyof BrDevStats, by = 1): void {
    this.stats[field] += by;
    ctx.count(`${this.name} ${field}`, by);
  }

  /** br_pass_frame_up: count on br0, then br0's own protocol stack. */
  passUp(ctx: DeviceContext, pkt: Packet, kind: 'broadcast' | 'multicast' | 'unicast', port: string): void {
    const len = pkt.bytes.length - ETH_HLEN;
    if (kind === 'multicast') this.bump(ctx, 'multicast');
    this.bump(ctx, 'rx_packets');
    this.bump(ctx, 'rx_bytes', len);
    const handler = ptypeHandler(pkt.bytes);
    if (!handler) this.bump(ctx, 'rx_dropped');
    this.publish(ctx);
    const counted = say.brPassFrameUp(this.name, kind, len, pkt.bytes.length);
    if (!handler) {
      ctx.drop(pkt, {
        decision: `${counted} ${say.brNoHandler(this.name, hexType(protocolOf(pkt.bytes)), this.stats.rx_dropped)}`,
        source: 'br_pass_frame_up → netif_receive_skb → __netif_receive_skb_core (no packet_type)',
        port,
        layer: 'L2',
        reads: ['eth.dst', 'eth.type'],
        detail: { local: this.name },
      });
      return;
    }
    ctx.deliver(pkt, {
      decision: `${counted} ${say.brHandlerTakes(this.name, handler)}`,
      source: 'br_handle_frame_finish (local_rcv) → br_pass_frame_up',
      port,
      layer: 'L2',
      reads: ['eth.dst'],
      detail: { local: this.name },
    });
  }
}
