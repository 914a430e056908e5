// The CDCP TLV (S-channel Discovery and Configuration Protocol, IEEE 802.1Qbg-2012 / 802.1Q
// clause 42.4) carried in an LLDP frame, and the small LLDP frame around it.
//
// Layout (fact sheet vdp-ecp-8021qbg.md §5; from a third-party header, NOT checked against
// the standard, and tshark does not decode the body):
//   LLDP org-specific TLV: type 127, OUI 00-80-C2, subtype 0x0E, then
//   one 32-bit word: Role (1 bit, MSB) | reserved (3) | SComp (1) | reserved (15) | ChnCap (12)
//   then N 3-octet entries {SCID (12 bits), SVID (12 bits)}.
// Role bit: 1 = station (S), 0 = bridge (B), as a QLogic firmware header stores it (unconfirmed).
// LLDP frame: TLV header = 7-bit type, 9-bit length (IEEE 802.1AB-2016 8.4); we send Chassis ID
// (MAC), Port ID (MAC), TTL, the CDCP TLV and End. The destination is the nearest non-TPMR
// bridge group address 01-80-C2-00-00-03, which the fact sheet only *hints* at for CDCP.
import { buildLldpdu, findOrgTlv } from '../../frame/lldp';
import { put16 } from '../../frame/bytes';
import { FrameParseError } from '../../frame/errors';
import * as say from './words';

export const CDCP_OUI = [0x00, 0x80, 0xc2] as const;
export const CDCP_SUBTYPE = 0x0e;
const CDCP_OUI_NUM = (CDCP_OUI[0] << 16) | (CDCP_OUI[1] << 8) | CDCP_OUI[2];
/** Nearest non-TPMR bridge (IEEE 802.1Q-2018 table 8-1); hinted for CDCP, unconfirmed. */
export const LLDP_NON_TPMR = new Uint8Array([0x01, 0x80, 0xc2, 0x00, 0x00, 0x03]);
/** The SCID range the third-party header allows. */
export const SCID_MAX = 167;

export type CdcpRole = 'S' | 'B';

export interface ChannelPair {
  /** S-channel id, 1..167; SCID 1 is the default channel. */
  readonly scid: number;
  /** S-VLAN id carrying the channel; 0 in a station's request ("please assign one"). */
  readonly svid: number;
}

export interface CdcpTlv {
  readonly role: CdcpRole;
  /** S-VLAN component present. */
  readonly sComp: boolean;
  /** Number of channels this side supports, 1..167 (MIB ...CDCPChanCap). */
  readonly chnCap: number;
  readonly pairs: readonly ChannelPair[];
}

/** Bytes of the org-specific TLV (header included). */
export function encodeCdcpTlv(t: CdcpTlv): Uint8Array {
  if (t.chnCap < 1 || t.chnCap > 0xfff) throw new RangeError(`CDCP ChnCap ${t.chnCap} is not 1..4095`);
  const infoLen = 3 + 1 + 4 + 3 * t.pairs.length;
  const out = new Uint8Array(2 + infoLen);
  put16(out, 0, (127 << 9) | infoLen);
  out.set(CDCP_OUI, 2);
  out[5] = CDCP_SUBTYPE;
  const word = ((t.role === 'S' ? 1 : 0) << 31) | ((t.sComp ? 1 : 0) << 27) | t.chnCap;
  out[6] = (word >>> 24) & 0xff;
  out[7] = (word >>> 16) & 0xff;
  out[8] = (word >>> 8) & 0xff;
  out[9] = word & 0xff;
  t.pairs.forEach((p, i) => {
    if (p.scid < 1 || p.scid > 0xfff || p.svid < 0 || p.svid > 0xfff)
      throw new RangeError(say.cdcpPairScidSvid(p.scid, p.svid));
    const o = 10 + 3 * i;
    out[o] = p.scid >> 4;
    out[o + 1] = ((p.scid & 0xf) << 4) | (p.svid >> 8);
    out[o + 2] = p.svid & 0xff;
  });
  return out;
}

/** Decode the TLV's information string (after OUI and subtype). */
export function decodeCdcpInfo(b: Uint8Array, start: number, end: number): CdcpTlv {
  if (end - start < 4 || (end - start - 4) % 3 !== 0) {
    throw new FrameParseError('CDCP', 'cdcp', start, say.cdcpBodyBytes(end - start));
  }
  const word = ((b[start] << 24) | (b[start + 1] << 16) | (b[start + 2] << 8) | b[start + 3]) >>> 0;
  const pairs: ChannelPair[] = [];
  for (let o = start + 4; o < end; o += 3) {
    pairs.push({ scid: (b[o] << 4) | (b[o + 1] >> 4), svid: ((b[o + 1] & 0xf) << 8) | b[o + 2] });
  }
  return { role: word >>> 31 ? 'S' : 'B', sComp: ((word >>> 27) & 1) === 1, chnCap: word & 0xfff, pairs };
}

/** An LLDPDU with chassis and port id = `mac`, TTL 120 s, the CDCP TLV and End. */
export const buildCdcpFrame = (mac: Uint8Array, t: CdcpTlv): Uint8Array =>
  buildLldpdu(LLDP_NON_TPMR, mac, 120, [encodeCdcpTlv(t)]);

/** The CDCP TLV of an LLDP frame, or undefined when the frame is not LLDP or has none. */
export function findCdcp(frame: Uint8Array): CdcpTlv | undefined {
  const at = findOrgTlv(frame, CDCP_OUI_NUM, CDCP_SUBTYPE);
  return at && decodeCdcpInfo(frame, at.offset + 6, at.offset + 2 + at.len);
}
