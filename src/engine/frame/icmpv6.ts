// ICMPv6 (RFC 4443) echo, and Neighbor Discovery (RFC 4861) neighbor solicitation (4.3)
// and advertisement (4.4) with source/target link-layer address options (4.6.1).
// The checksum covers the IPv6 pseudo-header (RFC 8200 8.1), so building needs the
// addresses of the IPv6 header the message will travel in.
import { FrameParseError, need } from './errors';
import { u16, put16, put32, onesSum } from './bytes';
import { ipBytes, v6, type IpLike } from './ip-bytes';
import { ipv6PseudoSum } from './ipv6';
import { IPPROTO } from './ipv4';
import type { IpAddress } from './address';
import { defaultEchoData } from './icmp';

export const ICMPV6 = {
  ECHO_REQUEST: 128,
  ECHO_REPLY: 129,
  ROUTER_SOLICITATION: 133,
  ROUTER_ADVERTISEMENT: 134,
  NEIGHBOR_SOLICITATION: 135,
  NEIGHBOR_ADVERTISEMENT: 136,
} as const;

export const ND_OPT = { SOURCE_LLA: 1, TARGET_LLA: 2 } as const;

/** NA flags, in the first byte after the checksum (RFC 4861 4.4). */
export const NA_FLAG = { ROUTER: 0x80, SOLICITED: 0x40, OVERRIDE: 0x20 } as const;

/** Write the ICMPv6 checksum into `msg` for the given IPv6 source/destination. */
export function setIcmpv6Checksum(msg: Uint8Array, src: IpLike, dst: IpLike): Uint8Array {
  put16(msg, 2, 0);
  const ps = ipv6PseudoSum(
    ipBytes(src, 6, 'IPv6 source'),
    ipBytes(dst, 6, 'IPv6 destination'),
    IPPROTO.ICMPV6,
    msg.length,
  );
  put16(msg, 2, ~onesSum(msg, 0, msg.length, ps) & 0xffff);
  return msg;
}

export function buildIcmpv6Echo(e: {
  src: IpLike;
  dst: IpLike;
  type: 'request' | 'reply';
  id: number;
  seq: number;
  data?: Uint8Array;
}): Uint8Array {
  const data = e.data ?? defaultEchoData();
  const out = new Uint8Array(8 + data.length);
  out[0] = e.type === 'request' ? ICMPV6.ECHO_REQUEST : ICMPV6.ECHO_REPLY;
  put16(out, 4, e.id);
  put16(out, 6, e.seq);
  out.set(data, 8);
  return setIcmpv6Checksum(out, e.src, e.dst);
}

function llaOption(type: number, mac: Uint8Array): Uint8Array {
  if (mac.length !== 6) throw new RangeError('link-layer address option needs a 6-byte MAC');
  const o = new Uint8Array(8);
  o[0] = type;
  o[1] = 1; // length in units of 8 bytes
  o.set(mac, 2);
  return o;
}

/**
 * Neighbor solicitation for `target`. `sourceLla` must be left out when the source is the
 * unspecified address :: (duplicate address detection, RFC 4861 4.3).
 */
export function buildNeighborSolicitation(n: {
  src: IpLike;
  dst: IpLike;
  target: IpLike;
  sourceLla?: Uint8Array;
}): Uint8Array {
  const out = new Uint8Array(24 + (n.sourceLla ? 8 : 0));
  out[0] = ICMPV6.NEIGHBOR_SOLICITATION;
  out.set(ipBytes(n.target, 6, 'NS target'), 8);
  if (n.sourceLla) out.set(llaOption(ND_OPT.SOURCE_LLA, n.sourceLla), 24);
  return setIcmpv6Checksum(out, n.src, n.dst);
}

export function buildNeighborAdvertisement(n: {
  src: IpLike;
  dst: IpLike;
  target: IpLike;
  router?: boolean;
  solicited?: boolean;
  override?: boolean;
  targetLla?: Uint8Array;
}): Uint8Array {
  const out = new Uint8Array(24 + (n.targetLla ? 8 : 0));
  out[0] = ICMPV6.NEIGHBOR_ADVERTISEMENT;
  put32(out, 4, 0);
  out[4] =
    (n.router ? NA_FLAG.ROUTER : 0) | (n.solicited ? NA_FLAG.SOLICITED : 0) | (n.override ? NA_FLAG.OVERRIDE : 0);
  out.set(ipBytes(n.target, 6, 'NA target'), 8);
  if (n.targetLla) out.set(llaOption(ND_OPT.TARGET_LLA, n.targetLla), 24);
  return setIcmpv6Checksum(out, n.src, n.dst);
}

export interface NdOption {
  type: number;
  /** In units of 8 bytes, as on the wire. */
  length: number;
  offset: number;
  /** For link-layer address options (types 1 and 2). */
  lla?: Uint8Array;
}

export interface Icmpv6Message {
  type: number;
  code: number;
  checksum: number;
  /** undefined when no IPv6 addresses were given to check it against. */
  checksumOk?: boolean;
  id?: number;
  seq?: number;
  /** NS/NA target address. */
  target?: IpAddress;
  /** NA flags byte (R S O in the top three bits). */
  flags?: number;
  options: NdOption[];
  dataOffset: number;
  end: number;
}

/** Parse ICMPv6 in [offset, end); with `ip` given, verify the checksum. */
export function parseIcmpv6(
  bytes: Uint8Array,
  offset: number,
  end = bytes.length,
  ip?: { src: IpAddress; dst: IpAddress },
): Icmpv6Message {
  if (end > bytes.length) end = bytes.length;
  const view = bytes.subarray(0, end);
  need(view, offset, 4, 'ICMPv6', 'icmpv6.header');
  const type = bytes[offset];
  const msg: Icmpv6Message = {
    type,
    code: bytes[offset + 1],
    checksum: u16(bytes, offset + 2),
    options: [],
    dataOffset: offset + 4,
    end,
  };
  if (ip) {
    const ps = ipv6PseudoSum(ip.src.bytes, ip.dst.bytes, IPPROTO.ICMPV6, end - offset);
    msg.checksumOk = (~onesSum(bytes, offset, end, ps) & 0xffff) === 0;
  }
  if (type === ICMPV6.ECHO_REQUEST || type === ICMPV6.ECHO_REPLY) {
    need(view, offset + 4, 4, 'ICMPv6', 'icmpv6.id');
    msg.id = u16(bytes, offset + 4);
    msg.seq = u16(bytes, offset + 6);
    msg.dataOffset = offset + 8;
  } else if (type === ICMPV6.NEIGHBOR_SOLICITATION || type === ICMPV6.NEIGHBOR_ADVERTISEMENT) {
    need(view, offset + 4, 4, 'ICMPv6', type === ICMPV6.NEIGHBOR_ADVERTISEMENT ? 'icmpv6.flags' : 'icmpv6.reserved');
    need(view, offset + 8, 16, 'ICMPv6', 'icmpv6.target');
    if (type === ICMPV6.NEIGHBOR_ADVERTISEMENT) msg.flags = bytes[offset + 4];
    msg.target = v6(bytes.subarray(offset + 8, offset + 24));
    msg.dataOffset = offset + 24;
    msg.options = parseNdOptions(bytes, offset + 24, end);
  }
  return msg;
}

/** ND options (RFC 4861 4.6): a zero length is invalid and would loop forever. */
export function parseNdOptions(bytes: Uint8Array, offset: number, end: number): NdOption[] {
  const out: NdOption[] = [];
  let o = offset;
  while (o < end) {
    const i = out.length;
    if (end - o < 2)
      throw new FrameParseError(
        'ICMPv6',
        `icmpv6.opt[${i}].type`,
        o,
        `option at offset ${o} needs 2 bytes (type, length) but only ${end - o} ${end - o === 1 ? 'is' : 'are'} left`,
      );
    const type = bytes[o];
    const length = bytes[o + 1];
    if (length === 0)
      throw new FrameParseError(
        'ICMPv6',
        `icmpv6.opt[${i}].length`,
        o + 1,
        `option length at offset ${o + 1} is 0, which RFC 4861 4.6 forbids`,
      );
    if (o + 8 * length > end)
      throw new FrameParseError(
        'ICMPv6',
        `icmpv6.opt[${i}].length`,
        o + 1,
        `option length ${length} (${8 * length} bytes) exceeds the ${end - o} bytes left at offset ${o}`,
      );
    const opt: NdOption = { type, length, offset: o };
    if ((type === ND_OPT.SOURCE_LLA || type === ND_OPT.TARGET_LLA) && length === 1)
      opt.lla = bytes.subarray(o + 2, o + 8);
    out.push(opt);
    o += 8 * length;
  }
  return out;
}

/** Solicited-node multicast address ff02::1:ffXX:XXXX for `addr` (RFC 4291 2.7.1). */
export function solicitedNodeAddress(addr: IpLike): IpAddress {
  const b = ipBytes(addr, 6, 'address');
  const out = new Uint8Array(16);
  out.set([0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff], 0);
  out.set(b.subarray(13, 16), 13);
  return { version: 6, bytes: out };
}

/** Ethernet MAC for an IPv6 multicast address: 33:33 + its last 32 bits (RFC 2464 7). */
export function ipv6MulticastMac(addr: IpLike): Uint8Array {
  const b = ipBytes(addr, 6, 'address');
  return Uint8Array.of(0x33, 0x33, b[12], b[13], b[14], b[15]);
}

/** The 33:33:ff:xx:xx:xx MAC a neighbor solicitation for `target` is sent to. */
export const solicitedNodeMac = (target: IpLike): Uint8Array => ipv6MulticastMac(solicitedNodeAddress(target));

export const isUnspecifiedIpv6 = (a: IpLike): boolean => ipBytes(a, 6, 'address').every((x) => x === 0);
