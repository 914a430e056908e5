// IPv6 extension headers (RFC 8200 4): hop-by-hop options (0), routing (43), fragment (44)
// and destination options (60) are walked so the upper layer after them still decodes
// (MLD reports, for one, travel behind a hop-by-hop router-alert option).
import { FrameParseError } from './errors';
import { u16, u32 } from './bytes';
import { field, num, hexField, dataField } from './decode-fields';
import type { Push } from './dissect-ip';

export const IPV6_EXT_NAMES: Record<number, string> = {
  0: 'Hop-by-hop options',
  43: 'Routing header',
  44: 'Fragment header',
  60: 'Destination options',
};

/**
 * Walk extension headers from `o` (first one of type `nh`). Returns the upper-layer protocol
 * and where it starts, or `fragment: true` when a non-first fragment leaves nothing to decode.
 */
export function walkIpv6Ext(
  b: Uint8Array,
  o: number,
  end: number,
  nh: number,
  push: Push,
  protoName: (n: number) => string,
): { nextHeader: number; offset: number; fragment: boolean } {
  let i = 0;
  while (nh in IPV6_EXT_NAMES) {
    const id = `ipv6ext[${i}]`;
    const name = IPV6_EXT_NAMES[nh];
    if (end - o < 8)
      throw new FrameParseError(
        'IPv6',
        `${id}.nextHeader`,
        Math.min(o, b.length),
        `${name.toLowerCase()} at offset ${o} needs 8 bytes but only ${Math.max(end - o, 0)} are left in the payload`,
      );
    const next = b[o];
    const len = nh === 44 ? 8 : (b[o + 1] + 1) * 8;
    if (o + len > end)
      throw new FrameParseError(
        'IPv6',
        `${id}.length`,
        o + 1,
        `${name.toLowerCase()} length ${len} bytes exceeds the ${end - o} bytes left at offset ${o}`,
      );
    const fields = [num(`${id}.nextHeader`, 'Next header', next, o, o + 1, protoName(next))];
    let fragment = false;
    if (nh === 44) {
      const fo = u16(b, o + 2);
      fields.push(
        num(`${id}.fragOffset`, 'Fragment offset', fo >> 3, o + 2, o + 4, `${(fo >> 3) * 8} bytes`, 0xfff8),
        field(`${id}.more`, 'More fragments', fo & 1 ? 'set' : 'not set', o + 2, o + 4, {
          value: (fo & 1) === 1,
          bitMask: 0x0001,
        }),
        hexField(`${id}.id`, 'Identification', u32(b, o + 4), o + 4, o + 8),
      );
      fragment = fo >> 3 !== 0;
    } else {
      fields.push(
        field(`${id}.length`, 'Header length', `${b[o + 1]} (${len} bytes)`, o + 1, o + 2, { value: b[o + 1] }),
        dataField(`${id}.data`, 'Options', b, o + 2, o + len),
      );
    }
    push({ id, name, start: o, end: o + len, fields });
    o += len;
    nh = next;
    i++;
    if (fragment) return { nextHeader: nh, offset: o, fragment };
  }
  return { nextHeader: nh, offset: o, fragment: false };
}
