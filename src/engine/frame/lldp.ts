// LLDPDUs (IEEE 802.1AB-2016 clause 8) as the labs' LLDP agents send them: Chassis ID and
// Port ID by MAC address, a TTL, the organizationally specific TLVs each protocol adds, and
// End; and the walk that finds one organizationally specific TLV (type 127, OUI, subtype)
// in a received frame. A TLV header is a 7-bit type and a 9-bit length (8.4).
import { buildEthernet, parseEthernet, ETH_P } from './ethernet';
import { concat, put16, u16 } from './bytes';
import { FrameParseError } from './errors';

export function lldpTlv(type: number, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + value.length);
  put16(out, 0, (type << 9) | value.length);
  out.set(value, 2);
  return out;
}

/** An organizationally specific TLV: type 127, the 3-octet OUI, the subtype, the body. */
export const orgTlv = (oui: number, subtype: number, body: Uint8Array): Uint8Array =>
  lldpTlv(127, new Uint8Array([(oui >> 16) & 0xff, (oui >> 8) & 0xff, oui & 0xff, subtype, ...body]));

/** An LLDPDU from `mac` to `dst`: chassis id and port id = `mac` (subtypes 4 and 3), TTL, `tlvs`, End. */
export function buildLldpdu(dst: Uint8Array, mac: Uint8Array, ttl: number, tlvs: readonly Uint8Array[]): Uint8Array {
  const payload = concat(
    lldpTlv(1, new Uint8Array([4, ...mac])),
    lldpTlv(2, new Uint8Array([3, ...mac])),
    lldpTlv(3, new Uint8Array([(ttl >> 8) & 0xff, ttl & 0xff])),
    ...tlvs,
    new Uint8Array([0, 0]),
  );
  // buildEthernet pads to 60 octets, like lldpad's mibConstrInfoLLDPDU memset to ETH_ZLEN.
  return buildEthernet({ dst, src: mac, ethertype: ETH_P.LLDP, payload });
}

/**
 * The first organizationally specific TLV with `oui` and `subtype` in an LLDP frame: the
 * offset of its header and its length; undefined when the frame is not LLDP or has none
 * before End. A TLV longer than the frame is a parse error at its offset.
 */
export function findOrgTlv(
  frame: Uint8Array,
  oui: number,
  subtype: number,
): { readonly offset: number; readonly len: number } | undefined {
  const eth = parseEthernet(frame);
  if (eth.ethertype !== ETH_P.LLDP) return undefined;
  let o = eth.payloadOffset;
  while (o + 2 <= frame.length) {
    const h = u16(frame, o);
    const type = h >> 9;
    const len = h & 0x1ff;
    if (type === 0) return undefined;
    if (o + 2 + len > frame.length)
      throw new FrameParseError(
        'LLDP',
        'lldp.tlv',
        o,
        `TLV type ${type} says ${len} octets but only ${frame.length - o - 2} remain`,
      );
    const v = o + 2;
    if (
      type === 127 &&
      len >= 4 &&
      ((frame[v] << 16) | (frame[v + 1] << 8) | frame[v + 2]) === oui &&
      frame[v + 3] === subtype
    )
      return { offset: o, len };
    o = v + len;
  }
  return undefined;
}
