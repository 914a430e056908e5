// MAC and IP addresses: parsed strictly from what people type, formatted canonically
// (RFC 5952 for IPv6). Bad input gets a message that says exactly what is wrong.

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** A MAC address as 6 bytes. */
export type Mac = Uint8Array & { readonly __mac?: never };

export interface IpAddress {
  readonly version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  readonly bytes: Uint8Array;
}

export function parseMac(text: string): Result<Mac> {
  const s = text.trim();
  if (s === '') return { ok: false, error: 'MAC address is empty' };
  if (s.includes(':') && s.includes('-'))
    return { ok: false, error: `MAC address "${text}" mixes ":" and "-"; use one separator` };
  const parts = s.split(/[:-]/);
  if (parts.length !== 6) {
    return {
      ok: false,
      error: `MAC address "${text}" has ${parts.length} group${parts.length === 1 ? '' : 's'}; it needs 6 pairs of hex digits separated by ":"`,
    };
  }
  const out = new Uint8Array(6);
  for (let i = 0; i < 6; i++) {
    const p = parts[i];
    if (!/^[0-9a-fA-F]{1,2}$/.test(p)) {
      return { ok: false, error: `MAC address "${text}": group ${i + 1} "${p}" is not one or two hex digits` };
    }
    out[i] = parseInt(p, 16);
  }
  return { ok: true, value: out };
}

export function mac(text: string): Mac {
  const r = parseMac(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const HEX = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const hexHi = (x: number): number => HEX[(x >> 4) & 15];
const hexLo = (x: number): number => HEX[x & 15];

/** `aa:bb:cc:dd:ee:ff` (lower case). Built in one go: bridges key their tables by it for every frame. */
export function formatMac(b: Uint8Array, offset = 0): string {
  const x0 = b[offset] ?? 0,
    x1 = b[offset + 1] ?? 0,
    x2 = b[offset + 2] ?? 0,
    x3 = b[offset + 3] ?? 0,
    x4 = b[offset + 4] ?? 0,
    x5 = b[offset + 5] ?? 0;
  return String.fromCharCode(
    hexHi(x0),
    hexLo(x0),
    58,
    hexHi(x1),
    hexLo(x1),
    58,
    hexHi(x2),
    hexLo(x2),
    58,
    hexHi(x3),
    hexLo(x3),
    58,
    hexHi(x4),
    hexLo(x4),
    58,
    hexHi(x5),
    hexLo(x5),
  );
}

export const BROADCAST_MAC: Mac = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
export const isBroadcastMac = (b: Uint8Array, o = 0): boolean =>
  b[o] === 0xff &&
  b[o + 1] === 0xff &&
  b[o + 2] === 0xff &&
  b[o + 3] === 0xff &&
  b[o + 4] === 0xff &&
  b[o + 5] === 0xff;
/** The I/G bit: set for multicast and broadcast. */
export const isMulticastMac = (b: Uint8Array, o = 0): boolean => (b[o] & 1) === 1;
export const macEquals = (a: Uint8Array, ao: number, b: Uint8Array, bo = 0): boolean => {
  for (let i = 0; i < 6; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
};

export function parseIpv4(text: string): Result<IpAddress> {
  const s = text.trim();
  if (s === '') return { ok: false, error: 'IPv4 address is empty' };
  const parts = s.split('.');
  if (parts.length !== 4)
    return {
      ok: false,
      error: `IPv4 address "${text}" has ${parts.length} part${parts.length === 1 ? '' : 's'}; it needs 4 numbers separated by "."`,
    };
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (!/^\d{1,3}$/.test(p))
      return { ok: false, error: `IPv4 address "${text}": part ${i + 1} "${p}" is not a number from 0 to 255` };
    if (p.length > 1 && p[0] === '0')
      return {
        ok: false,
        error: `IPv4 address "${text}": part ${i + 1} "${p}" has a leading zero (ambiguous: octal or decimal?)`,
      };
    const n = Number(p);
    if (n > 255) return { ok: false, error: `IPv4 address "${text}": part ${i + 1} is ${n}, more than 255` };
    bytes[i] = n;
  }
  return { ok: true, value: { version: 4, bytes } };
}

export function parseIpv6(text: string): Result<IpAddress> {
  const s = text.trim();
  if (s === '') return { ok: false, error: 'IPv6 address is empty' };
  if (!/^[0-9a-fA-F:.]+$/.test(s))
    return { ok: false, error: `IPv6 address "${text}" has characters other than hex digits, ":" and "."` };
  const dbl = s.split('::');
  if (dbl.length > 2) return { ok: false, error: `IPv6 address "${text}" uses "::" more than once` };
  // An embedded IPv4 address may only be the last 32 bits (RFC 4291 2.2 form 3).
  const groups = (part: string, isEnd: boolean): number[] | string => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i];
      if (isEnd && i === items.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (!v4.ok) return v4.error;
        out.push((v4.value.bytes[0] << 8) | v4.value.bytes[1], (v4.value.bytes[2] << 8) | v4.value.bytes[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) {
        out.push(parseInt(g, 16));
      } else {
        return g.includes('.')
          ? `IPv6 address "${text}": the IPv4 part "${g}" may only come last`
          : `IPv6 address "${text}": group "${g}" is not 1 to 4 hex digits`;
      }
    }
    return out;
  };
  const head = groups(dbl[0], dbl.length === 1);
  if (typeof head === 'string') return { ok: false, error: head };
  let all: number[];
  if (dbl.length === 2) {
    const tail = groups(dbl[1], true);
    if (typeof tail === 'string') return { ok: false, error: tail };
    const fill = 8 - head.length - tail.length;
    if (fill < 1) return { ok: false, error: `IPv6 address "${text}" has too many groups for "::"` };
    all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  } else {
    all = head;
    if (all.length !== 8)
      return {
        ok: false,
        error: `IPv6 address "${text}" has ${all.length} groups; it needs 8, or "::" to stand for zeros`,
      };
  }
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return { ok: true, value: { version: 6, bytes } };
}

export function parseIp(text: string): Result<IpAddress> {
  if (typeof text !== 'string') return { ok: false, error: 'IP address must be text' };
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

export function ip(text: string): IpAddress {
  const r = parseIp(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export function formatIpv4(b: Uint8Array, o = 0): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

/**
 * RFC 5952: lower case, longest run (>= 2) of zero groups compressed, first one on ties;
 * IPv4-mapped addresses in mixed notation, ::ffff:192.0.2.1 (RFC 5952 5).
 */
export function formatIpv6(b: Uint8Array, o = 0): string {
  let mapped = b[o + 10] === 0xff && b[o + 11] === 0xff;
  for (let i = 0; i < 10 && mapped; i++) mapped = b[o + i] === 0;
  if (mapped) return `::ffff:${formatIpv4(b, o + 12)}`;
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[o + 2 * i] << 8) | b[o + 2 * i + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (x: number[]): string => x.map((n) => n.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

export function formatIp(a: IpAddress): string {
  return a.version === 4 ? formatIpv4(a.bytes) : formatIpv6(a.bytes);
}

export function ipEquals(a: IpAddress, b: IpAddress): boolean {
  if (a.version !== b.version || a.bytes.length !== b.bytes.length) return false;
  for (let i = 0; i < a.bytes.length; i++) if (a.bytes[i] !== b.bytes[i]) return false;
  return true;
}
