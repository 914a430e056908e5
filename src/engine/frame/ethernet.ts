// Ethernet II with stacked VLAN tags (IEEE 802.3 clause 3, IEEE 802.1Q-2018 9.5).
// Tags sit between the source MAC and the EtherType, outermost first: an 802.1ad S-tag
// (TPID 0x88a8) then an 802.1Q C-tag (TPID 0x8100). Each tag is TPID(16) then
// TCI = PCP(3) DEI(1) VID(12). Frames here carry no FCS (as Linux hands them to
// AF_PACKET and as pcap stores them), so the 64-byte minimum is 60 bytes here.
import { FrameParseError, need } from './errors';
import { u16, put16 } from './bytes';

export const ETH_P = {
  IPV4: 0x0800,
  ARP: 0x0806,
  IPV6: 0x86dd,
  VLAN: 0x8100,
  QINQ: 0x88a8,
  LLDP: 0x88cc,
  /** ECP-2012 (IEEE 802.1Qbg-2012 clause 43), Linux/lldpad ETH_P_ECP22. */
  ECP: 0x8940,
} as const;

/** Minimum frame length without the 4-byte FCS. */
export const ETH_ZLEN = 60;
export const ETH_HLEN = 14;

export interface VlanTag {
  /** 0x8100 for a C-tag, 0x88a8 for an S-tag. */
  tpid: number;
  /** Priority code point, 0..7. */
  pcp: number;
  /** Drop eligible indicator, 0 or 1. */
  dei: number;
  /** VLAN id, 0..4095 (0: priority tag only; 4095 reserved). */
  vid: number;
}

export interface EthernetHeader {
  readonly dst: Uint8Array;
  readonly src: Uint8Array;
  /** Outermost first. */
  readonly tags: VlanTag[];
  /** The EtherType after all tags (the one that names the payload). */
  readonly ethertype: number;
  readonly payloadOffset: number;
}

export const isTagTpid = (t: number): boolean => t === ETH_P.VLAN || t === ETH_P.QINQ;

export const cTag = (vid: number, pcp = 0, dei = 0): VlanTag => ({ tpid: ETH_P.VLAN, pcp, dei, vid });
export const sTag = (vid: number, pcp = 0, dei = 0): VlanTag => ({ tpid: ETH_P.QINQ, pcp, dei, vid });

function checkTag(t: VlanTag): void {
  if (!isTagTpid(t.tpid))
    throw new RangeError(`VLAN tag TPID 0x${t.tpid.toString(16)} is neither 0x8100 (C-tag) nor 0x88a8 (S-tag)`);
  if (!(t.vid >= 0 && t.vid <= 4095 && Number.isInteger(t.vid)))
    throw new RangeError(`VLAN id ${t.vid} is not a whole number from 0 to 4095`);
  if (!(t.pcp >= 0 && t.pcp <= 7 && Number.isInteger(t.pcp)))
    throw new RangeError(`VLAN priority (PCP) ${t.pcp} is not a whole number from 0 to 7`);
  if (t.dei !== 0 && t.dei !== 1) throw new RangeError(`VLAN DEI ${t.dei} is not 0 or 1`);
}

function writeTag(out: Uint8Array, o: number, t: VlanTag): void {
  put16(out, o, t.tpid);
  put16(out, o + 2, (t.pcp << 13) | (t.dei << 12) | t.vid);
}

export function buildEthernet(h: {
  dst: Uint8Array;
  src: Uint8Array;
  tags?: readonly VlanTag[];
  ethertype: number;
  payload: Uint8Array;
  /** Pad with zeros to the 60-byte minimum (default true). */
  pad?: boolean;
}): Uint8Array {
  const tags = h.tags ?? [];
  tags.forEach(checkTag);
  if (h.dst.length !== 6 || h.src.length !== 6) throw new RangeError('Ethernet addresses must be 6 bytes');
  const hdr = ETH_HLEN + 4 * tags.length;
  const len = hdr + h.payload.length;
  const out = new Uint8Array(h.pad === false ? len : Math.max(len, ETH_ZLEN));
  out.set(h.dst, 0);
  out.set(h.src, 6);
  tags.forEach((t, i) => writeTag(out, 12 + 4 * i, t));
  put16(out, hdr - 2, h.ethertype);
  out.set(h.payload, hdr);
  return out;
}

/**
 * A parsed Ethernet header. `dst` and `src` are views into the frame made on first read:
 * the engine parses every frame at every hop, and most hops read the MACs from the bytes
 * by offset instead (0 and 6).
 */
class ParsedEthernet implements EthernetHeader {
  #dst?: Uint8Array;
  #src?: Uint8Array;

  constructor(
    private readonly bytes: Uint8Array,
    readonly tags: VlanTag[],
    readonly ethertype: number,
    readonly payloadOffset: number,
  ) {}

  get dst(): Uint8Array {
    return (this.#dst ??= this.bytes.subarray(0, 6));
  }

  get src(): Uint8Array {
    return (this.#src ??= this.bytes.subarray(6, 12));
  }
}

/** Parse the MACs, every tag and the EtherType. Returns views into `bytes`, no copies. */
export function parseEthernet(bytes: Uint8Array): EthernetHeader {
  need(bytes, 0, ETH_HLEN, 'Ethernet', 'eth.header');
  let o = 12;
  let type = u16(bytes, o);
  if (!isTagTpid(type)) return new ParsedEthernet(bytes, [], type, o + 2);
  const tags: VlanTag[] = [];
  while (isTagTpid(type)) {
    const name = type === ETH_P.QINQ ? '802.1ad' : '802.1Q';
    if (bytes.length - o < 4) {
      throw new FrameParseError(
        name,
        `vlan[${tags.length}].tci`,
        o + 2,
        `the tag whose TPID is at offset ${o} has no TCI: the frame ends at ${bytes.length}`,
      );
    }
    if (bytes.length - o < 6) {
      throw new FrameParseError(
        name,
        'eth.type',
        o + 4,
        `no EtherType after the tag at offset ${o}: the frame ends at ${bytes.length}`,
      );
    }
    const tci = u16(bytes, o + 2);
    tags.push({ tpid: type, pcp: tci >> 13, dei: (tci >> 12) & 1, vid: tci & 0xfff });
    o += 4;
    type = u16(bytes, o);
  }
  return new ParsedEthernet(bytes, tags, type, o + 2);
}

/** Insert tags as the new outermost ones (the first of `tags` ends up outermost). */
export function withTags(frame: Uint8Array, tags: readonly VlanTag[]): Uint8Array {
  tags.forEach(checkTag);
  need(frame, 0, ETH_HLEN, 'Ethernet', 'eth.header');
  const out = new Uint8Array(frame.length + 4 * tags.length);
  out.set(frame.subarray(0, 12), 0);
  tags.forEach((t, i) => writeTag(out, 12 + 4 * i, t));
  out.set(frame.subarray(12), 12 + 4 * tags.length);
  return out;
}

/**
 * Remove the outermost tag. The frame comes back unchanged when it has none. By default
 * the result is padded back to 60 bytes, as a switch port does when a tag comes off a
 * minimum-size frame.
 */
export function stripOuterTag(frame: Uint8Array, pad = true): Uint8Array {
  need(frame, 0, ETH_HLEN, 'Ethernet', 'eth.header');
  if (!isTagTpid(u16(frame, 12))) return frame;
  need(frame, 12, 6, frame[12] === 0x88 ? '802.1ad' : '802.1Q', 'vlan[0].tci');
  const len = frame.length - 4;
  const out = new Uint8Array(pad ? Math.max(len, ETH_ZLEN) : len);
  out.set(frame.subarray(0, 12), 0);
  out.set(frame.subarray(16), 12);
  return out;
}

/** The outermost tag, or undefined; cheap (reads 4 bytes). */
export function outerTag(frame: Uint8Array): VlanTag | undefined {
  if (frame.length < 18 || !isTagTpid(u16(frame, 12))) return undefined;
  const tci = u16(frame, 14);
  return { tpid: u16(frame, 12), pcp: tci >> 13, dei: (tci >> 12) & 1, vid: tci & 0xfff };
}
