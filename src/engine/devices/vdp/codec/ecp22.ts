// ECP-2012 header (IEEE 802.1Qbg-2012 clause 43; lldpad include/qbg_ecp22.h): after the
// EtherType 0x8940 one 16-bit word (version 4 bits = 1, operation 2 bits: 0 request,
// 1 acknowledgement, subtype 10 bits: 1 VDP, 2 PECSP), then a 16-bit sequence number.
import { buildEthernet, parseEthernet } from '../../../frame/ethernet';
import { FrameParseError } from '../../../frame/errors';
import { ETH_P_ECP22, NEAREST_CUSTOMER_BRIDGE } from './constants';

export const ECP22_OP = { REQUEST: 0, ACK: 1 } as const;
export const ECP22_SUBTYPE = { VDP: 1, PECSP: 2 } as const;

export interface Ecp22Header {
  version: number;
  op: number;
  subtype: number;
  seq: number;
}

export interface Ecp22Frame extends Ecp22Header {
  dst: Uint8Array;
  src: Uint8Array;
  /** Offset of the ULP payload in the frame (18 for an untagged frame). */
  payloadOffset: number;
  payload: Uint8Array;
}

export function encodeEcp22Header(h: Ecp22Header): Uint8Array {
  const word = ((h.version & 0xf) << 12) | ((h.op & 3) << 10) | (h.subtype & 0x3ff);
  return new Uint8Array([word >> 8, word & 0xff, (h.seq >> 8) & 0xff, h.seq & 0xff]);
}

/**
 * A whole ECP-2012 frame. lldpad sends requests padded to 60 octets but hands ACKs to the
 * socket as 18-octet buffers (ecp22_es_send_ack); the NIC pads them on the wire.
 */
export function buildEcp22Frame(
  src: Uint8Array,
  h: { op: number; seq: number; subtype?: number },
  payload: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const hdr = encodeEcp22Header({ version: 1, op: h.op, subtype: h.subtype ?? ECP22_SUBTYPE.VDP, seq: h.seq });
  const body = new Uint8Array(hdr.length + payload.length);
  body.set(hdr, 0);
  body.set(payload, hdr.length);
  return buildEthernet({
    dst: NEAREST_CUSTOMER_BRIDGE,
    src,
    ethertype: ETH_P_ECP22,
    payload: body,
    pad: h.op === ECP22_OP.REQUEST,
  });
}

/** Parse an ECP-2012 frame; throws FrameParseError when it is not one or is cut short. */
export function parseEcp22Frame(bytes: Uint8Array): Ecp22Frame {
  const eth = parseEthernet(bytes);
  if (eth.ethertype !== ETH_P_ECP22)
    throw new FrameParseError('ECP', 'eth.type', 12, `EtherType 0x${eth.ethertype.toString(16)} is not ECP (0x8940)`);
  const o = eth.payloadOffset;
  if (bytes.length < o + 4)
    throw new FrameParseError(
      'ECP',
      'ecp.header',
      o,
      `the ECP header needs 4 octets at offset ${o}; the frame ends at ${bytes.length}`,
    );
  const word = (bytes[o] << 8) | bytes[o + 1];
  return {
    dst: eth.dst,
    src: eth.src,
    version: word >> 12,
    op: (word >> 10) & 3,
    subtype: word & 0x3ff,
    seq: (bytes[o + 2] << 8) | bytes[o + 3],
    payloadOffset: o + 4,
    payload: bytes.subarray(o + 4),
  };
}

/** lldpad inc_seqno: the next sequence number, skipping 0 when the counter wraps. */
export const nextSeq = (seq: number): number => (seq + 1) & 0xffff || 1;
