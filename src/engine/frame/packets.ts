// One-call builders for the whole frames the labs send: ARP request/reply, ICMP echo
// (IPv4 or IPv6 by the address version), UDP, and IPv6 neighbor solicitation and
// advertisement. Every frame is padded to the 60-byte Ethernet minimum.
import { BROADCAST_MAC, type IpAddress } from './address';
import { buildEthernet, ETH_P, type VlanTag } from './ethernet';
import { buildArp, ARP_REPLY, ARP_REQUEST } from './arp';
import { buildIpv4, IPPROTO } from './ipv4';
import { buildIpv6 } from './ipv6';
import { buildIcmpEcho } from './icmp';
import { buildUdp } from './udp';
import {
  buildIcmpv6Echo,
  buildNeighborAdvertisement,
  buildNeighborSolicitation,
  isUnspecifiedIpv6,
  solicitedNodeAddress,
  solicitedNodeMac,
} from './icmpv6';

const ZERO_MAC = new Uint8Array(6);

interface L2 {
  tags?: readonly VlanTag[];
}

/** "Who has targetIp? Tell srcIp", broadcast. */
export function arpRequest(
  a: L2 & { srcMac: Uint8Array; srcIp: IpAddress; targetIp: IpAddress; dstMac?: Uint8Array },
): Uint8Array {
  const payload = buildArp({ op: ARP_REQUEST, sha: a.srcMac, spa: a.srcIp, tha: ZERO_MAC, tpa: a.targetIp });
  return buildEthernet({ dst: a.dstMac ?? BROADCAST_MAC, src: a.srcMac, tags: a.tags, ethertype: ETH_P.ARP, payload });
}

/** Gratuitous ARP: a request for one's own address (RFC 5227 3), announcing srcMac. */
export const gratuitousArp = (a: L2 & { srcMac: Uint8Array; srcIp: IpAddress }): Uint8Array =>
  arpRequest({ ...a, targetIp: a.srcIp });

/** "srcIp is at srcMac", unicast to the asker. */
export function arpReply(
  a: L2 & { srcMac: Uint8Array; srcIp: IpAddress; dstMac: Uint8Array; dstIp: IpAddress },
): Uint8Array {
  const payload = buildArp({ op: ARP_REPLY, sha: a.srcMac, spa: a.srcIp, tha: a.dstMac, tpa: a.dstIp });
  return buildEthernet({ dst: a.dstMac, src: a.srcMac, tags: a.tags, ethertype: ETH_P.ARP, payload });
}

interface IpCommon extends L2 {
  srcMac: Uint8Array;
  dstMac: Uint8Array;
  srcIp: IpAddress;
  dstIp: IpAddress;
  /** TTL (IPv4) or hop limit (IPv6); default 64. */
  ttl?: number;
  /** IPv4 identification; default 0. */
  ipId?: number;
}

function sameVersion(a: IpAddress, b: IpAddress): 4 | 6 {
  if (a.version !== b.version) throw new RangeError(`source is IPv${a.version} but destination is IPv${b.version}`);
  return a.version;
}

function ipFrame(p: IpCommon, protocol: number, l4: Uint8Array): Uint8Array {
  const version = sameVersion(p.srcIp, p.dstIp);
  const packet =
    version === 4
      ? buildIpv4({ src: p.srcIp, dst: p.dstIp, protocol, ttl: p.ttl, id: p.ipId, payload: l4 })
      : buildIpv6({ src: p.srcIp, dst: p.dstIp, nextHeader: protocol, hopLimit: p.ttl, payload: l4 });
  return buildEthernet({
    dst: p.dstMac,
    src: p.srcMac,
    tags: p.tags,
    ethertype: version === 4 ? ETH_P.IPV4 : ETH_P.IPV6,
    payload: packet,
  });
}

/** ICMP echo (IPv4) or ICMPv6 echo (IPv6), by the addresses' version. */
export function icmpEcho(
  p: IpCommon & { type: 'request' | 'reply'; id: number; seq: number; data?: Uint8Array },
): Uint8Array {
  if (sameVersion(p.srcIp, p.dstIp) === 4) return ipFrame(p, IPPROTO.ICMP, buildIcmpEcho(p));
  return ipFrame(p, IPPROTO.ICMPV6, buildIcmpv6Echo({ ...p, src: p.srcIp, dst: p.dstIp }));
}

export function udpFrame(p: IpCommon & { srcPort: number; dstPort: number; payload: Uint8Array }): Uint8Array {
  sameVersion(p.srcIp, p.dstIp);
  return ipFrame(
    p,
    IPPROTO.UDP,
    buildUdp({ src: p.srcIp, dst: p.dstIp, srcPort: p.srcPort, dstPort: p.dstPort, payload: p.payload }),
  );
}

/**
 * Neighbor solicitation for targetIp, sent to its solicited-node multicast group and
 * 33:33:ff:xx:xx:xx MAC unless dstIp/dstMac say otherwise (unicast NUD). Hop limit is
 * 255 (RFC 4861 7.1.1). With srcIp :: (DAD) the source LLA option is left out.
 */
export function neighborSolicitation(
  p: L2 & { srcMac: Uint8Array; srcIp: IpAddress; targetIp: IpAddress; dstIp?: IpAddress; dstMac?: Uint8Array },
): Uint8Array {
  const dstIp = p.dstIp ?? solicitedNodeAddress(p.targetIp);
  const dstMac = p.dstMac ?? solicitedNodeMac(p.targetIp);
  const icmp = buildNeighborSolicitation({
    src: p.srcIp,
    dst: dstIp,
    target: p.targetIp,
    sourceLla: isUnspecifiedIpv6(p.srcIp) ? undefined : p.srcMac,
  });
  return ipFrame({ ...p, dstIp, dstMac, ttl: 255 }, IPPROTO.ICMPV6, icmp);
}

/**
 * Neighbor advertisement: "targetIp (default srcIp) is at srcMac", with the target LLA
 * option. Solicited and override default to true, as a reply to an NS for one's own address.
 */
export function neighborAdvertisement(
  p: L2 & {
    srcMac: Uint8Array;
    srcIp: IpAddress;
    dstMac: Uint8Array;
    dstIp: IpAddress;
    targetIp?: IpAddress;
    solicited?: boolean;
    override?: boolean;
    router?: boolean;
  },
): Uint8Array {
  const icmp = buildNeighborAdvertisement({
    src: p.srcIp,
    dst: p.dstIp,
    target: p.targetIp ?? p.srcIp,
    router: p.router ?? false,
    solicited: p.solicited ?? true,
    override: p.override ?? true,
    targetLla: p.srcMac,
  });
  return ipFrame({ ...p, ttl: 255 }, IPPROTO.ICMPV6, icmp);
}
