// A plain Linux end host with one interface: the NIC's destination filter
// (eth_type_trans sets PACKET_OTHERHOST), ARP (arp_process), IPv6 neighbour discovery
// (ndisc_rcv), ICMP echo (icmp_echo), and UDP delivery to a socket. Every IP packet it
// originates (ping, echo replies, UDP) leaves through its neighbour table (neigh.ts), which
// resolves, queues, retries (3 probes, 1 s apart) and fails as net/core/neighbour.c does.
import {
  formatIp,
  formatMac,
  ip,
  ipEquals,
  isBroadcastMac,
  isMulticastMac,
  mac,
  macEquals,
  type IpAddress,
} from '../../frame/address';
import { parseDuration } from '../../scenario/units';
import { cTag, ETH_P, parseEthernet, type EthernetHeader } from '../../frame/ethernet';
import { FrameParseError } from '../../frame/errors';
import { arpRequest, gratuitousArp, icmpEcho, neighborSolicitation, udpFrame } from '../../frame/packets';
import { ipv6MulticastMac, solicitedNodeAddress } from '../../frame/icmpv6';
import type { Device, DeviceContext, Packet } from '../../sim/device';
import { cpuMeter, type CpuMeter } from '../stack/cpu-cost';
import { ARP_LOCKTIME_NS, NeighTable, type Solicitor } from './neigh';
import { neighAdd } from './neigh-command';
import type { HostConfig } from './config';
import { receiveArp, receiveIpv4, receiveIpv6 } from './receive';
import * as say from './words';

export interface PendingPing {
  readonly dst: IpAddress;
  readonly id: number;
  readonly seq: number;
  readonly size: number;
}

const ALL_NODES_MAC = ipv6MulticastMac(new Uint8Array([0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]));

export class Host implements Device, Solicitor {
  readonly ports = ['eth0'] as const;
  /** The neighbour table (ARP and ND entries, by IP) every packet the host originates goes through. */
  readonly neigh: NeighTable;
  readonly sentAt = new Map<string, number>();
  /** ICMP redirects sent, per sender (struct inet_peer: rate_last, n_redirects), when forwarding. */
  readonly redirectPeers = new Map<string, { last: number; n: number }>();
  /** CPU accounting, when the scenario gives the host a `cpu` cost (stack/cpu-cost.ts). */
  readonly cpu: CpuMeter | undefined;

  constructor(
    readonly id: string,
    readonly cfg: HostConfig,
  ) {
    this.cpu = cpuMeter(cfg.cpu);
    this.neigh = new NeighTable(this, {
      mcastProbes: cfg.arpRetries,
      retransNs: cfg.arpRetransNs,
      queueLenBytes: cfg.unresQlenBytes,
      locktimeNs: ARP_LOCKTIME_NS,
    });
  }

  get tags() {
    return this.cfg.vlan !== undefined ? [cTag(this.cfg.vlan)] : undefined;
  }

  start(ctx: DeviceContext): void {
    ctx.set('addr', {
      mac: formatMac(this.cfg.mac),
      ip: this.cfg.ip && formatIp(this.cfg.ip),
      ip6: this.cfg.ip6 && formatIp(this.cfg.ip6),
      vlan: this.cfg.vlan,
    });
  }

  receive(port: string, packet: Packet, ctx: DeviceContext): void {
    let eth: EthernetHeader;
    try {
      eth = parseEthernet(packet.bytes);
    } catch (e) {
      const why = e instanceof FrameParseError ? e.message : String(e);
      ctx.drop(packet, { decision: say.malformedFrame(why), source: 'eth_type_trans', port, layer: 'L2' });
      return;
    }
    if (!this.acceptsVlan(eth, packet, port, ctx)) return;
    // The destination read in place (offset 0): this runs for every frame a host sees.
    const b = packet.bytes;
    const toMe = macEquals(b, 0, this.cfg.mac);
    const bcast = isBroadcastMac(b, 0);
    const mcast = !bcast && isMulticastMac(b, 0);
    if (!toMe && !bcast && !(mcast && this.joined(eth.dst))) {
      const why = mcast
        ? say.multicastGroupHostJoined(formatMac(eth.dst))
        : say.destinationHostMac(formatMac(eth.dst), formatMac(this.cfg.mac));
      ctx.count('rx_otherhost');
      ctx.drop(packet, {
        decision: say.nicFilterDiscardsFrame(this.cfg.promiscuous, why),
        source: 'eth_type_trans (PACKET_OTHERHOST)',
        port,
        layer: 'L2',
        reads: ['eth.dst'],
      });
      return;
    }
    ctx.count('rx_packets');
    this.cpu?.charge(ctx, b.length);
    if (eth.ethertype === ETH_P.ARP) receiveArp(this, eth, packet, ctx);
    else if (eth.ethertype === ETH_P.IPV4) receiveIpv4(this, eth, packet, ctx);
    else if (eth.ethertype === ETH_P.IPV6) receiveIpv6(this, eth, packet, ctx);
    else {
      // No packet_type takes it: dev_core_stats_rx_dropped_inc(skb->dev) (issue 15 item 3).
      ctx.count('rx_dropped');
      ctx.drop(packet, {
        decision: say.protocolHandlerEtherTypeHost(eth.ethertype.toString(16).padStart(4, '0'), port),
        source: '__netif_receive_skb_core (no packet_type: dev_core_stats_rx_dropped_inc)',
        port,
        layer: 'L2',
        reads: ['eth.type'],
      });
    }
  }

  private acceptsVlan(eth: EthernetHeader, packet: Packet, port: string, ctx: DeviceContext): boolean {
    const vid = eth.tags[0]?.vid;
    const want = this.cfg.vlan;
    if (want === undefined && eth.tags.length > 0 && vid !== 0) {
      ctx.drop(packet, {
        decision: say.taggedFrameVlanHost(vid),
        source: 'vlan_do_receive',
        port,
        layer: 'L2',
        reads: ['vlan[0].vid'],
      });
      return false;
    }
    if (want !== undefined && vid !== want) {
      ctx.drop(packet, {
        decision: say.untaggedFrameHostInterface(vid, want),
        source: 'vlan_do_receive',
        port,
        layer: 'L2',
        reads: vid === undefined ? ['eth.type'] : ['vlan[0].vid'],
      });
      return false;
    }
    return true;
  }

  /** Multicast groups: IPv6 all-nodes and the solicited-node group of our address. */
  private joined(dst: Uint8Array): boolean {
    if (macEquals(dst, 0, ALL_NODES_MAC)) return this.cfg.ip6 !== undefined;
    if (!this.cfg.ip6) return false;
    return macEquals(dst, 0, ipv6MulticastMac(solicitedNodeAddress(this.cfg.ip6)));
  }

  ownsIp(a: IpAddress): boolean {
    return (
      (this.cfg.ip !== undefined && ipEquals(a, this.cfg.ip)) ||
      (this.cfg.ip6 !== undefined && ipEquals(a, this.cfg.ip6))
    );
  }

  command(name: string, args: Record<string, unknown>, ctx: DeviceContext): void {
    if (name === 'ping') {
      const dst = parseIpArg(args.dst);
      const count = (args.count as number | undefined) ?? 1;
      const interval = parseDurationArg(args.interval) ?? 1e6;
      const id = (args.id as number | undefined) ?? 1;
      const size = (args.size as number | undefined) ?? 56;
      for (let seq = 1; seq <= count; seq++) {
        const p: PendingPing = { dst, id, seq, size };
        if (seq === 1) this.ping(p, ctx);
        else ctx.schedule((seq - 1) * interval, `ping ${seq}`, (c) => this.ping(p, c));
      }
    } else if (name === 'arp') {
      if (args.gratuitous === true) {
        if (!this.cfg.ip)
          return ctx.note('decide', {
            decision: say.iPv4AddressAnnounce(this.id),
            source: 'arp_send',
            layer: 'L3',
          });
        ctx.send('eth0', gratuitousArp({ srcMac: this.cfg.mac, srcIp: this.cfg.ip, tags: this.tags }), {
          decision: say.announcesGratuitousArpRequest(this.id, formatIp(this.cfg.ip), formatMac(this.cfg.mac)),
          source: 'arp_send (RFC 5227)',
          layer: 'L3',
        });
      } else {
        // The kernel resolves with nothing queued: neigh_event_send(n, NULL), as neigh_add does for NTF_USE.
        // (arping would not do: it sends from a packet socket, and the reply then finds no entry.)
        const dst = parseIpArg(args.ip);
        if (this.srcFor(dst)) this.neigh.probe(dst, ctx);
      }
    } else if (name === 'udp') {
      this.sendUdp(args, ctx);
    } else if (name === 'neigh-add') {
      neighAdd(this, args, ctx);
    }
  }

  /** The source address for a destination of this family, if the host has one. */
  srcFor(dst: IpAddress): IpAddress | undefined {
    return dst.version === 4 ? this.cfg.ip : this.cfg.ip6;
  }

  private ping(p: PendingPing, ctx: DeviceContext): void {
    const key = formatIp(p.dst);
    const src = this.srcFor(p.dst);
    if (!src) {
      ctx.note('decide', {
        decision: say.pingIPvAddressCannot(key, this.id, p.dst.version),
        source: 'ip_route_output',
        layer: 'L3',
      });
      return;
    }
    const data = echoData(p.size);
    const frameOf = (dstMac: Uint8Array): Uint8Array =>
      icmpEcho({
        srcMac: this.cfg.mac,
        dstMac,
        srcIp: src,
        dstIp: p.dst,
        type: 'request',
        id: p.id,
        seq: p.seq,
        data,
        tags: this.tags,
      });
    this.neigh.output(
      p.dst,
      {
        what: say.echoRequestWhat(p.seq),
        len: frameOf(ZERO_MAC).length,
        transmit: (c, lladdr, why) => {
          const frame = frameOf(lladdr);
          this.sentAt.set(`${p.id}/${p.seq}`, c.now);
          c.set(`ping/${p.id}/${p.seq}`, { dst: key, result: 'sent' });
          c.count('tx_packets');
          this.cpu?.charge(c, frame.length);
          c.send('eth0', frame, {
            decision: say.sendsIcmpEchoRequest(say.pingWhy(key, p.seq, why), this.id, p.id, p.seq, key),
            source: p.dst.version === 4 ? 'ping (raw ICMP socket)' : 'ping (ICMPv6 socket)',
            layer: 'L3',
          });
        },
        // arp_error_report -> dst_link_failure: ping hears "Destination Host Unreachable".
        failed: (c) => c.set(`ping/${p.id}/${p.seq}`, { dst: key, result: 'unreachable' }),
      },
      ctx,
    );
  }

  /** arp_solicit / ndisc_solicit: one broadcast (or solicited-node) probe for `dst`. */
  solicit(dst: IpAddress, ctx: DeviceContext, attempt: number, of: number, queued?: string): void {
    const key = formatIp(dst);
    const src = this.srcFor(dst)!;
    const frame =
      dst.version === 4
        ? arpRequest({ srcMac: this.cfg.mac, srcIp: src, targetIp: dst, tags: this.tags })
        : neighborSolicitation({ srcMac: this.cfg.mac, srcIp: src, targetIp: dst, tags: this.tags });
    const what =
      dst.version === 4 ? say.arpTellBroadcast(key, formatIp(src)) : say.neighbourSolicitationSolicitedNode(key);
    ctx.send('eth0', frame, {
      decision: say.knowMacAttempt(this.id, key, what, attempt, of, queued),
      source: dst.version === 4 ? 'arp_solicit' : 'ndisc_solicit',
      layer: 'L3',
    });
  }

  private sendUdp(args: Record<string, unknown>, ctx: DeviceContext): void {
    const dst = parseIpArg(args.dst);
    const key = formatIp(dst);
    const src = this.srcFor(dst);
    if (!src) {
      ctx.note('decide', { decision: say.udpNothingSent(this.id, dst, key), source: 'udp_sendmsg', layer: 'L4' });
      return;
    }
    const payload = new TextEncoder().encode(String(args.payload ?? ''));
    const dstPort = args.dstPort as number;
    const frameOf = (dstMac: Uint8Array): Uint8Array =>
      udpFrame({
        srcMac: this.cfg.mac,
        dstMac,
        srcIp: src,
        dstIp: dst,
        srcPort: (args.srcPort as number | undefined) ?? 40000,
        dstPort,
        payload,
        tags: this.tags,
      });
    const transmit = (c: DeviceContext, lladdr: Uint8Array, why: string): void => {
      const frame = frameOf(lladdr);
      c.count('tx_packets');
      this.cpu?.charge(c, frame.length);
      c.send('eth0', frame, {
        decision: say.sendsUdpDatagramBytes(why, this.id, key, String(dstPort), payload.length),
        source: 'udp_sendmsg',
        layer: 'L4',
      });
    };
    // An explicit destination MAC bypasses the table (a packet socket would, too).
    if (typeof args.dstMac === 'string') return transmit(ctx, mac(args.dstMac), say.udpGivenMac(args.dstMac));
    this.neigh.output(dst, { what: say.udpWhat(String(dstPort)), len: frameOf(ZERO_MAC).length, transmit }, ctx);
  }
}

const ZERO_MAC = new Uint8Array(6);

const echoData = (size: number): Uint8Array => Uint8Array.from({ length: size }, (_, i) => i & 0xff);

// Arguments were validated when the scenario loaded; these only convert.
const parseIpArg = (v: unknown): IpAddress => ip(String(v));
function parseDurationArg(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const r = parseDuration(v);
  return r.ok ? r.value : undefined;
}
