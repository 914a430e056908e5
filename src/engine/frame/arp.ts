// ARP for Ethernet and IPv4 (RFC 826): a 28-byte payload after EtherType 0x0806.
// htype 1 (Ethernet), ptype 0x0800, hlen 6, plen 4, then op, sha, spa, tha, tpa.
import { FrameParseError, need } from './errors';
import { u16, put16 } from './bytes';
import { ipBytes, v4, type IpLike } from './ip-bytes';
import type { IpAddress } from './address';

export const ARP_REQUEST = 1;
export const ARP_REPLY = 2;
export const ARP_LEN = 28;

export interface ArpFields {
  op: number;
  sha: Uint8Array;
  spa: IpLike;
  tha: Uint8Array;
  tpa: IpLike;
}

export interface ArpPacket {
  htype: number;
  ptype: number;
  hlen: number;
  plen: number;
  op: number;
  sha: Uint8Array;
  spa: IpAddress;
  tha: Uint8Array;
  tpa: IpAddress;
}

export function buildArp(a: {
  op: 1 | 2 | number;
  sha: Uint8Array;
  spa: IpLike;
  tha: Uint8Array;
  tpa: IpLike;
}): Uint8Array {
  if (a.sha.length !== 6 || a.tha.length !== 6) throw new RangeError('ARP hardware addresses must be 6 bytes');
  const out = new Uint8Array(ARP_LEN);
  put16(out, 0, 1);
  put16(out, 2, 0x0800);
  out[4] = 6;
  out[5] = 4;
  put16(out, 6, a.op);
  out.set(a.sha, 8);
  out.set(ipBytes(a.spa, 4, 'ARP sender protocol address'), 14);
  out.set(a.tha, 18);
  out.set(ipBytes(a.tpa, 4, 'ARP target protocol address'), 24);
  return out;
}

/** Parse Ethernet/IPv4 ARP at `offset`; other hardware or protocol types are an error. */
export function parseArp(bytes: Uint8Array, offset: number): ArpPacket {
  need(bytes, offset, 8, 'ARP', 'arp.header');
  const htype = u16(bytes, offset);
  const ptype = u16(bytes, offset + 2);
  const hlen = bytes[offset + 4];
  const plen = bytes[offset + 5];
  if (htype !== 1)
    throw new FrameParseError(
      'ARP',
      'arp.htype',
      offset,
      `hardware type ${htype} at offset ${offset} is not 1 (Ethernet)`,
    );
  if (ptype !== 0x0800)
    throw new FrameParseError(
      'ARP',
      'arp.ptype',
      offset + 2,
      `protocol type 0x${ptype.toString(16)} at offset ${offset + 2} is not 0x0800 (IPv4)`,
    );
  if (hlen !== 6)
    throw new FrameParseError(
      'ARP',
      'arp.hlen',
      offset + 4,
      `hardware address length ${hlen} at offset ${offset + 4} is not 6`,
    );
  if (plen !== 4)
    throw new FrameParseError(
      'ARP',
      'arp.plen',
      offset + 5,
      `protocol address length ${plen} at offset ${offset + 5} is not 4`,
    );
  need(bytes, offset + 8, ARP_LEN - 8, 'ARP', 'arp.addresses');
  return {
    htype,
    ptype,
    hlen,
    plen,
    op: u16(bytes, offset + 6),
    sha: bytes.subarray(offset + 8, offset + 14),
    spa: v4(bytes.subarray(offset + 14, offset + 18)),
    tha: bytes.subarray(offset + 18, offset + 24),
    tpa: v4(bytes.subarray(offset + 24, offset + 28)),
  };
}
