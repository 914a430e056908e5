// What a layer-3 guest's driver puts into its QDIO output queue for an IPv4 packet: the
// 32-byte layer-3 qeth header, then the IP packet. qeth_l3_xmit pulls the Ethernet header
// the stack built (to "FAKELL") and qeth_l3_fill_header fills `struct qeth_hdr_layer3`
// (drivers/s390/net/qeth_core.h), big-endian as s390 is:
//   0 id (QETH_HEADER_TYPE_LAYER3 = 1)   1 flags (cast type, QETH_HDR_IPV6, PASSTHRU)
//   2 inbound_checksum   4 token   8 length (of the packet)   10 vlan_prio   11 ext_flags
//   12 vlan_id   14 frame_offset   16 next_hop: in6_addr, IPv4 in s6_addr32[3] (bytes 28-31)
// next_hop is qeth_next_hop_v4_rcu(): rt_nexthop(rt, daddr), the route's gateway when it
// has one, else the destination. The card reads it, not the IP header, to decide where a
// packet goes. The lab carries the element on the guest's channel link inside an Ethernet
// envelope so captures stay valid Ethernet: the addresses of the header the stack built
// (what tcpdump on the guest shows), the IEEE local experimental EtherType 1 (0x88b5) to
// say a qeth header follows, then the element.
import { buildEthernet } from '../../frame/ethernet';
import { formatIp, type IpAddress } from '../../frame/address';
import { put16, toHex, u16 } from '../../frame/bytes';
import { ETH_P_LAB_QDIO, QETH_HDR } from './ipa-codes';
import type { Cast } from './frames';

export const QETH_HDR_LEN = 32;

export interface QethTxHdr {
  readonly id: number;
  readonly flags: number;
  readonly cast: Cast;
  readonly length: number;
  readonly extFlags: number;
  readonly nextHop: string;
}

export const castFlag = (cast: Cast): number =>
  cast === 'unicast' ? QETH_HDR.CAST_UNICAST : cast === 'multicast' ? QETH_HDR.CAST_MULTICAST : QETH_HDR.CAST_BROADCAST;

/** qeth_l3_fill_header for an IPv4 packet that was not offloaded (no TSO, no checksum request). */
export function fillHeader(cast: Cast, length: number, nextHop: IpAddress): Uint8Array {
  const h = new Uint8Array(QETH_HDR_LEN);
  h[0] = QETH_HDR.TYPE_LAYER3;
  h[1] = castFlag(cast);
  put16(h, 8, length);
  h.set(nextHop.bytes, 28);
  return h;
}

export function readHeader(h: Uint8Array, o = 0): QethTxHdr {
  const flags = h[o + 1];
  const c = flags & 0x07;
  return {
    id: h[o],
    flags,
    cast: c === QETH_HDR.CAST_MULTICAST ? 'multicast' : c === QETH_HDR.CAST_BROADCAST ? 'broadcast' : 'unicast',
    length: u16(h, o + 8),
    extFlags: h[o + 11],
    nextHop: formatIp({ version: 4, bytes: h.subarray(o + 28, o + 32) } as IpAddress),
  };
}

/** The step detail of a header: its fields and its 32 bytes in hex. */
export const headerDetail = (h: Uint8Array): QethTxHdr & { bytes: string } => ({ ...readHeader(h), bytes: toHex(h) });

/** The element in the lab's envelope (see the head of this file). */
export function qdioElement(p: { hdr: Uint8Array; ipPacket: Uint8Array; stackDst: Uint8Array; stackSrc: Uint8Array }) {
  const payload = new Uint8Array(QETH_HDR_LEN + p.ipPacket.length);
  payload.set(p.hdr, 0);
  payload.set(p.ipPacket, QETH_HDR_LEN);
  return buildEthernet({ dst: p.stackDst, src: p.stackSrc, ethertype: ETH_P_LAB_QDIO, payload });
}
