// The host's protocol handlers: ARP (arp_process, arp-process.ts), IPv4 with ICMP echo and
// UDP, IPv6 with ICMPv6 echo and neighbour discovery (ndisc.ts). Echo replies leave through
// the neighbour table (neigh.ts) as in Linux, not back to the request's source MAC.
import { formatIp } from '../../frame/address';
import { parseArp, ARP_REPLY, ARP_REQUEST } from '../../frame/arp';
import { processArp } from './arp-process';
import { receiveNa, receiveNs } from './ndisc';
import { ETH_P, parseEthernet, type EthernetHeader } from '../../frame/ethernet';
import { FrameParseError } from '../../frame/errors';
import { parseIcmp, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST } from '../../frame/icmp';
import { ICMPV6, parseIcmpv6 } from '../../frame/icmpv6';
import { IPPROTO, parseIpv4 } from '../../frame/ipv4';
import { parseIpv6 } from '../../frame/ipv6';
import { icmpEcho } from '../../frame/packets';
import { parseUdp } from '../../frame/udp';
import { later, type DeviceContext, type Packet, type StepFacts } from '../../sim/device';
import type { Host } from './host';
import { forwardIpv4, isDirectedBroadcast } from './forward';

// Multicast is not forwarded by ip_forward (ip_route_input_mc; no multicast routing here).
const isMulticastIp = (d: Uint8Array): boolean => d[0] >= 224 && d[0] <= 239;
import * as say from './words';

const malformed = (e: unknown): string => (e instanceof FrameParseError ? e.message : String(e));

export function receiveArp(h: Host, eth: EthernetHeader, packet: Packet, ctx: DeviceContext): void {
  let arp;
  try {
    arp = parseArp(packet.bytes, eth.payloadOffset);
  } catch (e) {
    return ctx.drop(packet, {
      decision: say.malformedArp(malformed(e)),
      source: 'arp_rcv',
      port: 'eth0',
      layer: 'L3',
    });
  }
  if (arp.op !== ARP_REQUEST && arp.op !== ARP_REPLY)
    return ctx.drop(packet, {
      decision: say.arpOperationNeitherRequest(arp.op),
      source: 'arp_process',
      port: 'eth0',
      layer: 'L3',
      reads: ['arp.op'],
    });
  processArp(h, arp, eth, packet, ctx);
}

export function receiveIpv4(h: Host, eth: EthernetHeader, packet: Packet, ctx: DeviceContext): void {
  let ip;
  try {
    ip = parseIpv4(packet.bytes, eth.payloadOffset);
  } catch (e) {
    return ctx.drop(packet, {
      decision: say.malformedIPv4(malformed(e)),
      source: 'ip_rcv',
      port: 'eth0',
      layer: 'L3',
    });
  }
  if (!ip.checksumOk)
    return ctx.drop(packet, {
      decision: say.iPv4HeaderChecksumWrong(),
      source: 'ip_rcv_core',
      port: 'eth0',
      layer: 'L3',
      reads: ['ipv4.checksum'],
    });
  const d = ip.dst.bytes;
  const limitedBroadcast = (d[0] & d[1] & d[2] & d[3]) === 255;
  if (!h.ownsIp(ip.dst) && !limitedBroadcast) {
    // The directed broadcast of its own prefix is RTN_BROADCAST (local table): never forwarded.
    if (h.cfg.ipForward && !isMulticastIp(d) && !isDirectedBroadcast(h, ip.dst))
      return forwardIpv4(h, eth, ip, packet, ctx);
    return ctx.drop(packet, {
      decision: say.iPv4PacketHostHosts(h, formatIp(ip.dst)),
      source: 'ip_route_input',
      port: 'eth0',
      layer: 'L3',
      reads: ['ipv4.dst'],
    });
  }
  if (ip.protocol === IPPROTO.ICMP) {
    let icmp;
    try {
      icmp = parseIcmp(packet.bytes, ip.payloadOffset, ip.payloadEnd);
    } catch (e) {
      return ctx.drop(packet, {
        decision: say.malformedIcmp(malformed(e)),
        source: 'icmp_rcv',
        port: 'eth0',
        layer: 'L4',
      });
    }
    if (!icmp.checksumOk)
      return ctx.drop(packet, {
        decision: say.icmpChecksumWrongIcmp(),
        source: 'icmp_rcv (skb_checksum_simple_validate)',
        port: 'eth0',
        layer: 'L4',
        reads: ['icmp.checksum'],
      });
    if (icmp.type === ICMP_ECHO_REQUEST && h.cfg.ip) {
      ctx.deliver(packet, {
        decision: say.icmpEchoRequestId(icmp.id, icmp.seq, formatIp(ip.src)),
        source: 'icmp_echo',
        port: 'eth0',
        layer: 'L4',
        reads: ['ipv4.dst', 'icmp.type'],
      });
      const data = packet.bytes.slice(icmp.dataOffset, icmp.end);
      const to = formatIp(ip.src);
      const src4 = h.cfg.ip;
      const frameOf = (dstMac: Uint8Array): Uint8Array =>
        icmpEcho({
          srcMac: h.cfg.mac,
          dstMac,
          srcIp: src4,
          dstIp: ip.src,
          type: 'reply',
          id: icmp.id!,
          seq: icmp.seq!,
          data,
          tags: h.tags,
        });
      // icmp_reply -> ip_push_pending_frames -> ip_finish_output2 -> neigh_output: the reply is
      // addressed by the neighbour table, not by the request's source MAC.
      h.neigh.output(
        ip.src,
        {
          what: say.echoReplyWhat(icmp.id, icmp.seq),
          len: frameOf(eth.src).length,
          transmit: (c, lladdr, why) => {
            const reply = frameOf(lladdr);
            c.count('tx_packets');
            h.cpu?.charge(c, reply.length);
            c.send('eth0', reply, {
              decision: say.withNeigh(why, say.icmpEchoReplyId(icmp.id, icmp.seq, to)),
              source: 'icmp_reply',
              layer: 'L4',
            });
          },
        },
        ctx,
      );
      return;
    }
    if (icmp.type === ICMP_ECHO_REPLY)
      return echoReply(h, formatIp(ip.src), icmp.id!, icmp.seq!, packet, ctx, ['icmp.type', 'icmp.id', 'icmp.seq']);
    return ctx.deliver(packet, {
      decision: say.icmpTypeHandedIcmp(icmp.type, formatIp(ip.src)),
      source: 'icmp_rcv',
      port: 'eth0',
      layer: 'L4',
      reads: ['icmp.type'],
    });
  }
  if (ip.protocol === IPPROTO.UDP) return receiveUdp(h, packet, ip.payloadOffset, ip.payloadEnd, ip, ctx);
  ctx.drop(packet, {
    decision: say.ipProtocolHandlerHost(ip.protocol),
    source: 'ip_local_deliver_finish',
    port: 'eth0',
    layer: 'L3',
    reads: ['ipv4.protocol'],
  });
}

function receiveUdp(
  h: Host,
  packet: Packet,
  off: number,
  end: number,
  ip: { src: Parameters<typeof formatIp>[0]; dst: Parameters<typeof formatIp>[0] },
  ctx: DeviceContext,
): void {
  let udp;
  try {
    udp = parseUdp(packet.bytes, off, end, ip);
  } catch (e) {
    return ctx.drop(packet, {
      decision: say.malformedUdp(malformed(e)),
      source: 'udp_rcv',
      port: 'eth0',
      layer: 'L4',
    });
  }
  if (udp.checksumOk === false) {
    ctx.count('udp_csum_errors');
    return ctx.drop(packet, {
      decision: say.udpChecksumMatchDatagram(udp.checksum.toString(16).padStart(4, '0')),
      source:
        ip.src.version === 4
          ? '__udp4_lib_rcv (udp_lib_checksum_complete)'
          : '__udp6_lib_rcv (udp_lib_checksum_complete)',
      port: 'eth0',
      layer: 'L4',
      reads: ['udp.checksum'],
    });
  }
  ctx.count('udp_rx');
  ctx.deliver(packet, {
    decision: later(udpDelivered, undefined),
    source: 'udp_rcv',
    port: 'eth0',
    layer: 'L4',
    reads: READS_UDP_DST,
  });
}

const READS_UDP_DST: readonly string[] = ['udp.dstPort'];

/**
 * Worded when read, from the delivered bytes (parsed again: they parsed once already, and
 * a trace's frames never change): a host receives many datagrams and a long run reads few.
 */
function udpDelivered(_: undefined, at: StepFacts): string {
  const bytes = at.bytes!;
  const eth = parseEthernet(bytes);
  const ip = eth.ethertype === ETH_P.IPV6 ? parseIpv6(bytes, eth.payloadOffset) : parseIpv4(bytes, eth.payloadOffset);
  const udp = parseUdp(bytes, ip.payloadOffset, ip.payloadEnd, ip);
  return say.udpDatagramPortDelivered(formatIp(ip.src), udp.srcPort, udp.dstPort);
}

function echoReply(
  h: Host,
  from: string,
  id: number,
  seq: number,
  packet: Packet,
  ctx: DeviceContext,
  reads: string[],
): void {
  const sent = h.sentAt.get(`${id}/${seq}`);
  const rtt = sent === undefined ? undefined : ctx.now - sent;
  if (sent !== undefined) ctx.set(`ping/${id}/${seq}`, { dst: from, result: 'reply', rttNs: rtt });
  ctx.deliver(packet, {
    decision: say.echoReplyIdSeq(rtt, id, seq, from),
    source: 'ping (echo reply)',
    port: 'eth0',
    layer: 'L4',
    reads,
  });
}

export function receiveIpv6(h: Host, eth: EthernetHeader, packet: Packet, ctx: DeviceContext): void {
  let ip;
  try {
    ip = parseIpv6(packet.bytes, eth.payloadOffset);
  } catch (e) {
    return ctx.drop(packet, {
      decision: say.malformedIPv6(malformed(e)),
      source: 'ipv6_rcv',
      port: 'eth0',
      layer: 'L3',
    });
  }
  const end = ip.payloadEnd;
  const multicastDst = ip.dst.bytes[0] === 0xff;
  if (!multicastDst && !h.ownsIp(ip.dst)) {
    return ctx.drop(packet, {
      decision: say.iPv6PacketHostHosts(formatIp(ip.dst)),
      source: 'ip6_route_input',
      port: 'eth0',
      layer: 'L3',
      reads: ['ipv6.dst'],
    });
  }
  if (ip.nextHeader === IPPROTO.UDP) return receiveUdp(h, packet, ip.payloadOffset, end, ip, ctx);
  if (ip.nextHeader !== IPPROTO.ICMPV6)
    return ctx.drop(packet, {
      decision: say.iPv6NextHeaderHandler(ip.nextHeader),
      source: 'ip6_input',
      port: 'eth0',
      layer: 'L3',
      reads: ['ipv6.nextHeader'],
    });
  let m;
  try {
    m = parseIcmpv6(packet.bytes, ip.payloadOffset, end, ip);
  } catch (e) {
    return ctx.drop(packet, {
      decision: say.malformedICMPv6(malformed(e)),
      source: 'icmpv6_rcv',
      port: 'eth0',
      layer: 'L4',
    });
  }
  const src = formatIp(ip.src);
  if (m.type === ICMPV6.NEIGHBOR_SOLICITATION && m.target) return receiveNs(h, eth, ip, m, packet, ctx);
  if (m.type === ICMPV6.NEIGHBOR_ADVERTISEMENT && m.target) return receiveNa(h, m, packet, ctx);
  if (m.type === ICMPV6.ECHO_REQUEST && h.cfg.ip6 && !multicastDst) {
    ctx.deliver(packet, {
      decision: say.iCMPv6EchoRequestId(m.id, m.seq, src),
      source: 'icmpv6_echo_reply',
      port: 'eth0',
      layer: 'L4',
      reads: ['icmpv6.type'],
    });
    const src6 = h.cfg.ip6;
    const data = packet.bytes.slice(m.dataOffset, m.end);
    const frameOf = (dstMac: Uint8Array): Uint8Array =>
      icmpEcho({
        srcMac: h.cfg.mac,
        dstMac,
        srcIp: src6,
        dstIp: ip.src,
        type: 'reply',
        id: m.id!,
        seq: m.seq!,
        data,
        tags: h.tags,
      });
    // icmpv6_echo_reply -> ip6_finish_output2 -> neigh_output (nd_tbl).
    h.neigh.output(
      ip.src,
      {
        what: say.echoReplyWhat(m.id, m.seq),
        len: frameOf(eth.src).length,
        transmit: (c, lladdr, why) =>
          c.send('eth0', frameOf(lladdr), {
            decision: say.withNeigh(why, say.iCMPv6EchoReplyId(m.id, m.seq, src)),
            source: 'icmpv6_echo_reply',
            layer: 'L4',
          }),
      },
      ctx,
    );
    return;
  }
  if (m.type === ICMPV6.ECHO_REPLY) return echoReply(h, src, m.id!, m.seq!, packet, ctx, ['icmpv6.type']);
  ctx.deliver(packet, {
    decision: say.iCMPv6TypeHandedICMPv6(m.type, src),
    source: 'icmpv6_rcv',
    port: 'eth0',
    layer: 'L4',
    reads: ['icmpv6.type'],
  });
}
