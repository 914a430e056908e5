// The IEEE 802.1Qbg-2012 EVB TLV and the LLDPDU lldpad sends it in.
//
// TLV (lldpad include/lldp_evb22.h struct evb22_tlv and its bit helpers): LLDP type 127,
// length 9, OUI 00-80-C2, subtype 0x0D, then five octets:
//   bridge status   0x04 BGID, 0x02 RRCAP, 0x01 RRCTR
//   station status  0x08 SGID, 0x04 RRREQ, 0x03 RRSTAT (0 no, 1 yes, 3 don't know)
//   R | RTE         bits 7-5 retries, bits 4-0 RTE
//   mode | ROL | RWD bits 7-6 EVB mode (1 bridge, 2 station), bit 5 r/l, bits 4-0 RWD
//   ROL | RKA       bit 5 r/l, bits 4-0 RKA
// The LLDPDU (lldp/tx.c mibConstrInfoLLDPDU): Chassis ID (subtype 4, the port's MAC:
// lldp_mand.c mand_bld_mac_chassis by default), Port ID (subtype 3, the MAC), TTL
// DEFAULT_TX_HOLD x DEFAULT_TX_INTERVAL = 120 s (tx.c get_ttl_init_val), the EVB TLV, End,
// zero-padded to ETH_ZLEN (60) when shorter. lldpad sends EVB TLVs only on the nearest
// customer bridge agent (lldp_evb22.c evb22_gettlv), group address 01-80-C2-00-00-00.
import { buildLldpdu, findOrgTlv, orgTlv } from '../../../frame/lldp';
import { FrameParseError } from '../../../frame/errors';
import { NEAREST_CUSTOMER_BRIDGE } from './constants';

export const EVB22_OUI = 0x0080c2;
export const EVB22_SUBTYPE = 0x0d;
/** include/lldp_evb22.h enum of bit definitions. */
export const EVB = {
  BGID: 0x04,
  RRCAP: 0x02,
  RRCTR: 0x01,
  SGID: 0x08,
  RRREQ: 0x04,
  RRSTAT_NO: 0,
  RRSTAT_YES: 1,
  RRSTAT_DONT: 3,
  ROL: 0x20,
  BRIDGE: 1,
  STATION: 2,
} as const;
/** lldp/ports.h DEFAULT_TX_HOLD (4) x DEFAULT_TX_INTERVAL (30 s). */
export const LLDP_TTL = 120;

/** The five octets after OUI and subtype, as struct evb22_tlv holds them. */
export interface Evb22Tlv {
  bridgeS: number;
  stationS: number;
  rRte: number;
  evbMode: number;
  rlRka: number;
}

/** The fields of an EVB TLV, read with lldp_evb22.h's evb_ex_* helpers. */
export interface Evb22Fields {
  bgid: boolean;
  rrcap: boolean;
  rrctr: boolean;
  sgid: boolean;
  rrreq: boolean;
  rrstat: number;
  r: number;
  rte: number;
  mode: number;
  rwdRemote: boolean;
  rwd: number;
  rkaRemote: boolean;
  rka: number;
}

export function evb22Fields(t: Evb22Tlv): Evb22Fields {
  return {
    bgid: (t.bridgeS & EVB.BGID) !== 0,
    rrcap: (t.bridgeS & EVB.RRCAP) !== 0,
    rrctr: (t.bridgeS & EVB.RRCTR) !== 0,
    sgid: (t.stationS & EVB.SGID) !== 0,
    rrreq: (t.stationS & EVB.RRREQ) !== 0,
    rrstat: t.stationS & 3,
    r: (t.rRte >> 5) & 7,
    rte: t.rRte & 0x1f,
    mode: (t.evbMode >> 6) & 3,
    rwdRemote: ((t.evbMode >> 5) & 1) === 1,
    rwd: t.evbMode & 0x1f,
    rkaRemote: ((t.rlRka >> 5) & 1) === 1,
    rka: t.rlRka & 0x1f,
  };
}

export const evb22Body = (t: Evb22Tlv): Uint8Array =>
  new Uint8Array([t.bridgeS, t.stationS, t.rRte, t.evbMode, t.rlRka]);

/** The whole org TLV: header fe 09, OUI, subtype, body (lldpad's test `evbhead fe:09:00:80:c2:0d`). */
export const encodeEvb22Tlv = (t: Evb22Tlv): Uint8Array => orgTlv(EVB22_OUI, EVB22_SUBTYPE, evb22Body(t));

/** An LLDPDU from `mac` to the nearest customer bridge; `evb` undefined sends none (EVB tx off). */
export const buildEvbLldpdu = (mac: Uint8Array, evb: Evb22Tlv | undefined): Uint8Array =>
  buildLldpdu(NEAREST_CUSTOMER_BRIDGE, mac, LLDP_TTL, evb ? [encodeEvb22Tlv(evb)] : []);

/** The EVB-2012 TLV of an LLDP frame, or undefined when the frame carries none. */
export function findEvb22(frame: Uint8Array): Evb22Tlv | undefined {
  const at = findOrgTlv(frame, EVB22_OUI, EVB22_SUBTYPE);
  if (!at) return undefined;
  if (at.len !== 9) throw new FrameParseError('LLDP', 'evb.length', at.offset, `EVB TLV length ${at.len}, expected 9`);
  const b = frame.subarray(at.offset + 6, at.offset + 11);
  return { bridgeS: b[0], stationS: b[1], rRte: b[2], evbMode: b[3], rlRka: b[4] };
}
