// Frames on both sides of the card. On the LAN: real Ethernet with the card's MAC. Towards
// a layer-3 guest: the Ethernet header the guest's driver makes up (qeth_l3_rebuild_skb,
// since v5.6 in qeth_core_main.c): destination = the guest's own MAC for unicast (even
// when it got the packet as a router), the mapped group MAC for multicast, ff:..:ff for
// broadcast; source = the real sender MAC only if the card supplied it in the qeth
// header (IPA_SOURCE_MAC assist, QETH_HDR_EXT_SRC_MAC_ADDR), else "FAKELL". From a
// layer-3 guest: Linux addressed every IPv4 neighbour to "FAKELL"
// (qeth_l3_neigh_setup_noarp); the driver strips that header before the card sees it.
import { buildEthernet, parseEthernet, ETH_P } from '../../frame/ethernet';
import { parseArp } from '../../frame/arp';
import { parseIpv4 } from '../../frame/ipv4';
import { parseIpv6 } from '../../frame/ipv6';
import { formatIp, formatMac, type IpAddress } from '../../frame/address';
import { ETH_P_LAB_QDIO, FAKELL, QETH_HDR } from './ipa-codes';
import { QETH_HDR_LEN, readHeader, type QethTxHdr } from './qdio-element';
import type { FrameFacts } from './demux';

export interface ParsedFrame extends FrameFacts {
  /** The IP packet (no Ethernet header), when the frame carries IP. */
  readonly ipPacket?: Uint8Array;
  /** A layer-3 guest's qeth header (qdio-element.ts): the card routes by its next_hop. */
  readonly qethHdr?: QethTxHdr;
}

export function parseFrame(bytes: Uint8Array): ParsedFrame | undefined {
  try {
    const eth = parseEthernet(bytes);
    const base = { dstMac: formatMac(eth.dst), srcMac: formatMac(eth.src), ethertype: eth.ethertype };
    if (eth.ethertype === ETH_P.ARP) {
      const a = parseArp(bytes, eth.payloadOffset);
      return { ...base, arp: { op: a.op, spa: formatIp(a.spa), tpa: formatIp(a.tpa) } };
    }
    if (eth.ethertype === ETH_P_LAB_QDIO) {
      const o = eth.payloadOffset;
      if (bytes.length < o + QETH_HDR_LEN) return undefined;
      const qethHdr = readHeader(bytes, o);
      const h = parseIpv4(bytes, o + QETH_HDR_LEN);
      return {
        ...base,
        ip: { version: 4, src: formatIp(h.src), dst: formatIp(h.dst) },
        ipPacket: bytes.slice(o + QETH_HDR_LEN, h.payloadEnd),
        qethHdr,
      };
    }
    if (eth.ethertype === ETH_P.IPV4) {
      const h = parseIpv4(bytes, eth.payloadOffset);
      return {
        ...base,
        ip: { version: 4, src: formatIp(h.src), dst: formatIp(h.dst) },
        ipPacket: bytes.slice(eth.payloadOffset, h.payloadEnd),
      };
    }
    if (eth.ethertype === ETH_P.IPV6) {
      const h = parseIpv6(bytes, eth.payloadOffset);
      return {
        ...base,
        ip: { version: 6, src: formatIp(h.src), dst: formatIp(h.dst) },
        ipPacket: bytes.slice(eth.payloadOffset, eth.payloadOffset + 40 + h.payloadLength),
      };
    }
    return base;
  } catch {
    return undefined;
  }
}

/** ip_eth_mc_map / ipv6_eth_mc_map: the group MAC of an IP multicast address. */
export function mcMac(ip: IpAddress): Uint8Array {
  const b = ip.bytes;
  if (ip.version === 4) return new Uint8Array([0x01, 0x00, 0x5e, b[1] & 0x7f, b[2], b[3]]);
  return new Uint8Array([0x33, 0x33, b[12], b[13], b[14], b[15]]);
}

export type Cast = 'unicast' | 'multicast' | 'broadcast';

/** The layer-3 qeth header the card puts in front of a packet for a guest (what the view shows). */
export interface QethHdrView {
  readonly id: number;
  readonly flags: number;
  readonly cast: Cast;
  readonly extFlags: number;
  readonly srcMac?: string;
  readonly length: number;
}

export function qethHdrFor(cast: Cast, ipv6: boolean, length: number, srcMac: string | undefined): QethHdrView {
  const c =
    cast === 'unicast'
      ? QETH_HDR.CAST_UNICAST
      : cast === 'multicast'
        ? QETH_HDR.CAST_MULTICAST
        : QETH_HDR.CAST_BROADCAST;
  return {
    id: QETH_HDR.TYPE_LAYER3,
    flags: c | (ipv6 ? QETH_HDR.IPV6 : 0),
    cast,
    extFlags: srcMac ? QETH_HDR.EXT_SRC_MAC_ADDR : 0,
    ...(srcMac && { srcMac }),
    length,
  };
}

/** What the guest's stack (and tcpdump on the guest) sees after qeth_l3_rebuild_skb. */
export function rebuildSkb(p: {
  ipPacket: Uint8Array;
  version: 4 | 6;
  cast: Cast;
  devAddr: Uint8Array;
  group?: IpAddress;
  srcMac?: Uint8Array;
}): Uint8Array {
  const dst =
    p.cast === 'broadcast'
      ? new Uint8Array(6).fill(0xff)
      : p.cast === 'multicast' && p.group
        ? mcMac(p.group)
        : p.devAddr;
  return buildEthernet({
    dst,
    src: p.srcMac ?? FAKELL,
    ethertype: p.version === 4 ? ETH_P.IPV4 : ETH_P.IPV6,
    payload: p.ipPacket,
  });
}

/** An IPv4 packet as a layer-3 guest's stack hands it to the driver: to "FAKELL", from its own MAC. */
export function guestOutboundFrame(p: {
  ipPacket: Uint8Array;
  version: 4 | 6;
  devAddr: Uint8Array;
  dstMac?: Uint8Array;
}): Uint8Array {
  return buildEthernet({
    dst: p.dstMac ?? FAKELL,
    src: p.devAddr,
    ethertype: p.version === 4 ? ETH_P.IPV4 : ETH_P.IPV6,
    payload: p.ipPacket,
  });
}

/** The card's real frame on the LAN: its own MAC as source. */
export function lanFrame(p: {
  ipPacket: Uint8Array;
  version: 4 | 6;
  cardMac: Uint8Array;
  dstMac: Uint8Array;
}): Uint8Array {
  return buildEthernet({
    dst: p.dstMac,
    src: p.cardMac,
    ethertype: p.version === 4 ? ETH_P.IPV4 : ETH_P.IPV6,
    payload: p.ipPacket,
  });
}
