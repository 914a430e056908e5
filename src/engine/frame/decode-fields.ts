// Small helpers to describe fields: each records its byte range and a display string.
import { formatMac, formatIpv4, formatIpv6, isBroadcastMac, isMulticastMac } from './address';
import { internetChecksum } from './bytes';
import type { DecodedField } from './decode-types';

export function field(
  path: string,
  name: string,
  display: string,
  start: number,
  end: number,
  more: Partial<DecodedField> = {},
): DecodedField {
  return { path, name, display, start, end, ...more };
}

export const num = (
  path: string,
  name: string,
  value: number,
  start: number,
  end: number,
  label?: string,
  bitMask?: number,
): DecodedField =>
  field(path, name, label ? `${value} (${label})` : String(value), start, end, {
    value,
    ...(bitMask !== undefined && { bitMask }),
  });

export const hexField = (
  path: string,
  name: string,
  value: number,
  start: number,
  end: number,
  label?: string,
  bitMask?: number,
): DecodedField => {
  const h = `0x${value.toString(16).padStart(2 * (end - start), '0')}`;
  return field(path, name, label ? `${h} (${label})` : h, start, end, {
    value,
    ...(bitMask !== undefined && { bitMask }),
  });
};

export function macKind(b: Uint8Array, o: number): string {
  if (isBroadcastMac(b, o)) return 'broadcast';
  if (b[o] === 0x33 && b[o + 1] === 0x33) return 'IPv6 multicast';
  if (b[o] === 0x01 && b[o + 1] === 0x80 && b[o + 2] === 0xc2) return 'IEEE 802.1 reserved multicast';
  return isMulticastMac(b, o) ? 'multicast' : 'unicast';
}

export function macField(path: string, name: string, b: Uint8Array, o: number, withKind = true): DecodedField {
  const s = formatMac(b, o);
  return field(path, name, withKind ? `${s} (${macKind(b, o)})` : s, o, o + 6, { value: s });
}

export function ipv4Field(path: string, name: string, b: Uint8Array, o: number): DecodedField {
  const s = formatIpv4(b, o);
  return field(path, name, s, o, o + 4, { value: s });
}

export function ipv6Kind(b: Uint8Array, o: number): string | undefined {
  if (b[o] === 0xff) {
    if (b[o + 1] === 0x02 && b[o + 11] === 1 && b[o + 12] === 0xff && b.subarray(o + 2, o + 11).every((x) => x === 0))
      return 'solicited-node multicast';
    return 'multicast';
  }
  if (b[o] === 0xfe && (b[o + 1] & 0xc0) === 0x80) return 'link-local';
  if (b.subarray(o, o + 16).every((x) => x === 0)) return 'unspecified';
  return undefined;
}

export function ipv6Field(path: string, name: string, b: Uint8Array, o: number): DecodedField {
  const s = formatIpv6(b, o);
  const k = ipv6Kind(b, o);
  return field(path, name, k ? `${s} (${k})` : s, o, o + 16, { value: s });
}

/** A checksum field that says whether it is right and, if not, what it should be. */
export function checksumField(
  path: string,
  b: Uint8Array,
  at: number,
  ok: boolean | undefined,
  correct?: () => number,
): DecodedField {
  const v = (b[at] << 8) | b[at + 1];
  const h = `0x${v.toString(16).padStart(4, '0')}`;
  let note = 'not verified';
  if (ok === true) note = 'correct';
  else if (ok === false) note = correct ? `wrong, should be 0x${correct().toString(16).padStart(4, '0')}` : 'wrong';
  return field(path, 'Checksum', `${h} (${note})`, at, at + 2, { value: v });
}

/** The checksum the bytes [start,end) should carry at `at`, given a pseudo-header sum. */
export function expectedChecksum(b: Uint8Array, start: number, end: number, at: number, pseudo = 0): number {
  const copy = b.slice(start, end);
  copy[at - start] = 0;
  copy[at - start + 1] = 0;
  return internetChecksum(copy, 0, copy.length, pseudo);
}

/** Payload bytes shown as text when printable, else as the first bytes in hex. */
export function dataField(path: string, name: string, b: Uint8Array, start: number, end: number): DecodedField {
  const n = end - start;
  const slice = b.subarray(start, end);
  const printable = n > 0 && slice.every((x) => x === 9 || x === 10 || x === 13 || (x >= 0x20 && x < 0x7f));
  let preview: string;
  if (n === 0) preview = '';
  else if (printable) preview = ` "${String.fromCharCode(...slice.subarray(0, 48))}${n > 48 ? '…' : ''}"`;
  else
    preview = ` ${Array.from(slice.subarray(0, 16), (x) => x.toString(16).padStart(2, '0')).join(' ')}${n > 16 ? ' …' : ''}`;
  return field(path, name, `${n} byte${n === 1 ? '' : 's'}${preview}`, start, end, { value: n });
}
