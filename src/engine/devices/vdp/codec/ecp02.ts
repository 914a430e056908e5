// Pre-standard ECP "0.2" (lldpad qbg/ecp.c, include/qbg_ecp.h struct ecp_hdr; Wireshark
// packet-ecp-oui.c via packet-ieee802a.c): EtherType 0x88B7, then OUI 00-1B-3F, a pad
// octet and the 16-bit subtype split across octets 17..19 (Wireshark reads 17-18 as the
// 802a PID 0x0000), mode (0 request, 1 ack) and a 16-bit sequence. 9 octets in all.
import { buildEthernet, parseEthernet } from '../../../frame/ethernet';
import { FrameParseError } from '../../../frame/errors';
import { ETH_P_ECP02, NEAREST_BRIDGE, OUI_QBG_DRAFT } from './constants';

export const ECP02_MODE = { REQUEST: 0, ACK: 1 } as const;
export const ECP02_HLEN = 9;

export interface Ecp02Frame {
  dst: Uint8Array;
  src: Uint8Array;
  oui: Uint8Array;
  subtype: number;
  mode: number;
  seq: number;
  payloadOffset: number;
  payload: Uint8Array;
}

export function encodeEcp02Header(mode: number, seq: number): Uint8Array {
  return new Uint8Array([...OUI_QBG_DRAFT, 0x00, 0x00, 0x00, mode, (seq >> 8) & 0xff, seq & 0xff]);
}

/** A request: header, VSI TLVs, End TLV, padded to 60 octets (ecp_build_ECPDU). */
export function buildEcp02Request(src: Uint8Array, seq: number, tlvs: Uint8Array): Uint8Array {
  const hdr = encodeEcp02Header(ECP02_MODE.REQUEST, seq);
  const body = new Uint8Array(hdr.length + tlvs.length + 2);
  body.set(hdr, 0);
  body.set(tlvs, hdr.length);
  return buildEthernet({ dst: NEAREST_BRIDGE, src, ethertype: ETH_P_ECP02, payload: body });
}

/** An ACK: the received frame copied, source replaced, mode 1, everything after the header zeroed (ecp_rx_SendAckFrame). */
export function buildEcp02Ack(src: Uint8Array, request: Uint8Array): Uint8Array {
  const out = request.slice();
  out.set(src, 6);
  const f = parseEcp02Frame(request);
  out[f.payloadOffset - 3] = ECP02_MODE.ACK;
  out.fill(0, f.payloadOffset);
  return out;
}

export function parseEcp02Frame(bytes: Uint8Array): Ecp02Frame {
  const eth = parseEthernet(bytes);
  if (eth.ethertype !== ETH_P_ECP02)
    throw new FrameParseError('ECP 0.2', 'eth.type', 12, `EtherType 0x${eth.ethertype.toString(16)} is not 0x88b7`);
  const o = eth.payloadOffset;
  if (bytes.length < o + ECP02_HLEN)
    throw new FrameParseError('ECP 0.2', 'ecp.header', o, `the ECP 0.2 header needs 9 octets at offset ${o}`);
  return {
    dst: eth.dst,
    src: eth.src,
    oui: bytes.slice(o, o + 3),
    subtype: (bytes[o + 4] << 8) | bytes[o + 5],
    mode: bytes[o + 6],
    seq: (bytes[o + 7] << 8) | bytes[o + 8],
    payloadOffset: o + ECP02_HLEN,
    payload: bytes.subarray(o + ECP02_HLEN),
  };
}
