// UDP (RFC 768) with its checksum over the IPv4 pseudo-header (RFC 768) or the IPv6
// pseudo-header (RFC 8200 8.1). Over IPv4 a zero checksum means "none"; a computed zero
// is sent as 0xffff.
import { FrameParseError, need } from './errors';
import { u16, put16, onesSum } from './bytes';
import { ipBytes, type IpLike } from './ip-bytes';
import { ipv4PseudoSum, IPPROTO } from './ipv4';
import { ipv6PseudoSum } from './ipv6';
import type { IpAddress } from './address';

export interface UdpDatagram {
  srcPort: number;
  dstPort: number;
  length: number;
  checksum: number;
  /** undefined when not checked (no pseudo-header given, or checksum 0 over IPv4). */
  checksumOk?: boolean;
  payloadOffset: number;
  payloadEnd: number;
}

function pseudoSum(src: IpLike, dst: IpLike, length: number, proto: number): number {
  const version = src instanceof Uint8Array ? (src.length === 4 ? 4 : 6) : src.version;
  return version === 4
    ? ipv4PseudoSum(ipBytes(src, 4, 'source'), ipBytes(dst, 4, 'destination'), proto, length)
    : ipv6PseudoSum(ipBytes(src, 6, 'source'), ipBytes(dst, 6, 'destination'), proto, length);
}

export function buildUdp(u: {
  src: IpLike;
  dst: IpLike;
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
}): Uint8Array {
  const len = 8 + u.payload.length;
  if (len > 0xffff) throw new RangeError(`UDP datagram of ${len} bytes exceeds 65535`);
  const out = new Uint8Array(len);
  put16(out, 0, u.srcPort);
  put16(out, 2, u.dstPort);
  put16(out, 4, len);
  out.set(u.payload, 8);
  const c = ~onesSum(out, 0, len, pseudoSum(u.src, u.dst, len, IPPROTO.UDP)) & 0xffff;
  put16(out, 6, c === 0 ? 0xffff : c);
  return out;
}

/** Parse UDP in [offset, end); with `ip` given, verify the checksum. */
export function parseUdp(
  bytes: Uint8Array,
  offset: number,
  end = bytes.length,
  ip?: { src: IpAddress; dst: IpAddress },
): UdpDatagram {
  if (end > bytes.length) end = bytes.length;
  need(bytes, offset, 8, 'UDP', 'udp.header', end);
  const length = u16(bytes, offset + 4);
  const left = end - offset;
  if (length < 8)
    throw new FrameParseError(
      'UDP',
      'udp.length',
      offset + 4,
      `length ${length} at offset ${offset + 4} is less than the 8-byte header`,
    );
  if (length > left)
    throw new FrameParseError(
      'UDP',
      'udp.length',
      offset + 4,
      `length ${length} exceeds the ${left} bytes left at offset ${offset}`,
    );
  const checksum = u16(bytes, offset + 6);
  let checksumOk: boolean | undefined;
  if (ip && !(checksum === 0 && ip.src.version === 4)) {
    checksumOk =
      (~onesSum(bytes, offset, offset + length, pseudoSum(ip.src, ip.dst, length, IPPROTO.UDP)) & 0xffff) === 0;
  }
  const udp: UdpDatagram = {
    srcPort: u16(bytes, offset),
    dstPort: u16(bytes, offset + 2),
    length,
    checksum,
    payloadOffset: offset + 8,
    payloadEnd: offset + length,
  };
  if (checksumOk !== undefined) udp.checksumOk = checksumOk;
  return udp;
}
