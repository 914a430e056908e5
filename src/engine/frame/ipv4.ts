// IPv4 header (RFC 791 3.1) with the header checksum of RFC 1071. Parsing checks what a
// receiver must (version, IHL, total length against the bytes present) and reports the
// checksum's validity without throwing: Linux ip_rcv_core drops a bad checksum, and
// that decision belongs to the device, with the reason in the trace.
import { FrameParseError, need } from './errors';
import { u16, put16, internetChecksum } from './bytes';
import { ipBytes, v4, type IpLike } from './ip-bytes';
import type { IpAddress } from './address';

export const IPPROTO = { ICMP: 1, TCP: 6, UDP: 17, ICMPV6: 58 } as const;

export interface Ipv4Build {
  src: IpLike;
  dst: IpLike;
  protocol: number;
  ttl?: number;
  id?: number;
  dscp?: number;
  ecn?: number;
  /** Don't Fragment (default true, as Linux sets it with path-MTU discovery). */
  df?: boolean;
  payload: Uint8Array;
}

export interface Ipv4Header {
  version: number;
  ihl: number;
  dscp: number;
  ecn: number;
  totalLength: number;
  id: number;
  flags: number;
  fragOffset: number;
  ttl: number;
  protocol: number;
  checksum: number;
  checksumOk: boolean;
  src: IpAddress;
  dst: IpAddress;
  headerLength: number;
  /** Start of the payload in the frame. */
  payloadOffset: number;
  /** End of the IPv4 datagram (offset + total length); bytes after it are link padding. */
  payloadEnd: number;
}

export function buildIpv4(h: Ipv4Build): Uint8Array {
  const total = 20 + h.payload.length;
  if (total > 0xffff) throw new RangeError(`IPv4 datagram of ${total} bytes exceeds 65535`);
  const out = new Uint8Array(total);
  out[0] = 0x45;
  out[1] = ((h.dscp ?? 0) << 2) | ((h.ecn ?? 0) & 3);
  put16(out, 2, total);
  put16(out, 4, h.id ?? 0);
  put16(out, 6, h.df === false ? 0 : 0x4000);
  out[8] = h.ttl ?? 64;
  out[9] = h.protocol;
  out.set(ipBytes(h.src, 4, 'IPv4 source'), 12);
  out.set(ipBytes(h.dst, 4, 'IPv4 destination'), 16);
  put16(out, 10, internetChecksum(out, 0, 20));
  out.set(h.payload, 20);
  return out;
}

export function parseIpv4(bytes: Uint8Array, offset: number): Ipv4Header {
  need(bytes, offset, 20, 'IPv4', 'ipv4.header');
  const version = bytes[offset] >> 4;
  const ihl = bytes[offset] & 0xf;
  if (version !== 4)
    throw new FrameParseError('IPv4', 'ipv4.version', offset, `version ${version} at offset ${offset} is not 4`);
  if (ihl < 5)
    throw new FrameParseError(
      'IPv4',
      'ipv4.ihl',
      offset,
      `header length (IHL) ${ihl} at offset ${offset} is less than 5 words (20 bytes)`,
    );
  const headerLength = ihl * 4;
  const left = bytes.length - offset;
  if (headerLength > left)
    throw new FrameParseError(
      'IPv4',
      'ipv4.ihl',
      offset,
      `header length ${headerLength} (IHL ${ihl}) exceeds the ${left} bytes left at offset ${offset}`,
    );
  const totalLength = u16(bytes, offset + 2);
  if (totalLength < headerLength)
    throw new FrameParseError(
      'IPv4',
      'ipv4.totalLength',
      offset + 2,
      `total length ${totalLength} at offset ${offset + 2} is less than the header length ${headerLength}`,
    );
  if (totalLength > left)
    throw new FrameParseError(
      'IPv4',
      'ipv4.totalLength',
      offset + 2,
      `total length ${totalLength} exceeds the ${left} bytes left at offset ${offset}`,
    );
  const checksum = u16(bytes, offset + 10);
  const fl = u16(bytes, offset + 6);
  return {
    version,
    ihl,
    dscp: bytes[offset + 1] >> 2,
    ecn: bytes[offset + 1] & 3,
    totalLength,
    id: u16(bytes, offset + 4),
    flags: fl >> 13,
    fragOffset: fl & 0x1fff,
    ttl: bytes[offset + 8],
    protocol: bytes[offset + 9],
    checksum,
    checksumOk: internetChecksum(bytes, offset, offset + headerLength) === 0,
    src: v4(bytes.subarray(offset + 12, offset + 16)),
    dst: v4(bytes.subarray(offset + 16, offset + 20)),
    headerLength,
    payloadOffset: offset + headerLength,
    payloadEnd: offset + totalLength,
  };
}

/** The 12-byte pseudo-header sum for UDP/TCP checksums over IPv4 (RFC 768). */
export function ipv4PseudoSum(src: Uint8Array, dst: Uint8Array, protocol: number, length: number): number {
  let s = ((src[0] << 8) | src[1]) + ((src[2] << 8) | src[3]) + ((dst[0] << 8) | dst[1]) + ((dst[2] << 8) | dst[3]);
  s += protocol + length;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}
