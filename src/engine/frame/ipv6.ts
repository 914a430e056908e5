// IPv6 fixed header (RFC 8200 3): version(4) traffic class(8) flow label(20), payload
// length, next header, hop limit, source, destination. Extension headers are not
// followed: the labs only carry ICMPv6 and UDP directly after the fixed header.
import { FrameParseError, need } from './errors';
import { u16, put16 } from './bytes';
import { ipBytes, v6, type IpLike } from './ip-bytes';
import type { IpAddress } from './address';

export const IPV6_HLEN = 40;

export interface Ipv6Header {
  version: number;
  trafficClass: number;
  flowLabel: number;
  payloadLength: number;
  nextHeader: number;
  hopLimit: number;
  src: IpAddress;
  dst: IpAddress;
  payloadOffset: number;
  payloadEnd: number;
}

export function buildIpv6(h: {
  src: IpLike;
  dst: IpLike;
  nextHeader: number;
  hopLimit?: number;
  trafficClass?: number;
  flowLabel?: number;
  payload: Uint8Array;
}): Uint8Array {
  if (h.payload.length > 0xffff)
    throw new RangeError(`IPv6 payload of ${h.payload.length} bytes exceeds 65535 (jumbograms are not supported)`);
  const out = new Uint8Array(IPV6_HLEN + h.payload.length);
  const tc = h.trafficClass ?? 0;
  const fl = h.flowLabel ?? 0;
  out[0] = 0x60 | (tc >> 4);
  out[1] = ((tc & 0xf) << 4) | ((fl >> 16) & 0xf);
  put16(out, 2, fl & 0xffff);
  put16(out, 4, h.payload.length);
  out[6] = h.nextHeader;
  out[7] = h.hopLimit ?? 64;
  out.set(ipBytes(h.src, 6, 'IPv6 source'), 8);
  out.set(ipBytes(h.dst, 6, 'IPv6 destination'), 24);
  out.set(h.payload, IPV6_HLEN);
  return out;
}

export function parseIpv6(bytes: Uint8Array, offset: number): Ipv6Header {
  need(bytes, offset, IPV6_HLEN, 'IPv6', 'ipv6.header');
  const version = bytes[offset] >> 4;
  if (version !== 6)
    throw new FrameParseError('IPv6', 'ipv6.version', offset, `version ${version} at offset ${offset} is not 6`);
  const payloadLength = u16(bytes, offset + 4);
  const left = bytes.length - offset - IPV6_HLEN;
  if (payloadLength > left)
    throw new FrameParseError(
      'IPv6',
      'ipv6.payloadLength',
      offset + 4,
      `payload length ${payloadLength} exceeds the ${left} bytes left after the header at offset ${offset + IPV6_HLEN}`,
    );
  return {
    version,
    trafficClass: ((bytes[offset] & 0xf) << 4) | (bytes[offset + 1] >> 4),
    flowLabel: ((bytes[offset + 1] & 0xf) << 16) | u16(bytes, offset + 2),
    payloadLength,
    nextHeader: bytes[offset + 6],
    hopLimit: bytes[offset + 7],
    src: v6(bytes.subarray(offset + 8, offset + 24)),
    dst: v6(bytes.subarray(offset + 24, offset + 40)),
    payloadOffset: offset + IPV6_HLEN,
    payloadEnd: offset + IPV6_HLEN + payloadLength,
  };
}

/** Pseudo-header sum (RFC 8200 8.1): addresses, 32-bit upper-layer length, next header. */
export function ipv6PseudoSum(src: Uint8Array, dst: Uint8Array, nextHeader: number, length: number): number {
  let s = 0;
  for (let i = 0; i < 16; i += 2) s += ((src[i] << 8) | src[i + 1]) + ((dst[i] << 8) | dst[i + 1]);
  s += (length >>> 16) + (length & 0xffff) + nextHeader;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}
