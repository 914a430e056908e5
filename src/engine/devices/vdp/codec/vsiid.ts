// VSIID encodings (lldpad qbg/vdp22.c check_vsiid, is_ipv4, is_mac; fact sheet §1.3.2 and
// correction W7). The netlink path always uses format 5 (UUID).
import { VSIID_FORMAT } from './constants';

export function parseUuid(text: string): Uint8Array {
  const hex = text.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`"${text}" is not a UUID (32 hex digits, dashes optional)`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function formatUuid(b: Uint8Array): string {
  const h = Array.from(b.subarray(0, 16), (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const zero = (b: Uint8Array, from: number, to: number): boolean => b.subarray(from, to).every((x) => x === 0);

/**
 * lldpad's check_vsiid. UUID: only the first 8 octets are tested for all-zero (vsi_uuid
 * is a pointer, so sizeof gives 8, W7); no RFC 4122 check. IPv4: octets 0-9 zero, at
 * least one of 10/11 = 0xff, 12-15 not all zero. MAC: 0-9 zero. IPv6: not all zero.
 */
export function checkVsiid(format: number, id: Uint8Array): string | undefined {
  switch (format) {
    case VSIID_FORMAT.UUID:
      return zero(id, 0, 8) ? 'UUID whose first 8 octets are zero' : undefined;
    case VSIID_FORMAT.IPV4:
      if (!zero(id, 0, 10) || (id[10] !== 0xff && id[11] !== 0xff) || zero(id, 12, 16))
        return 'not an IPv4-mapped address';
      return undefined;
    case VSIID_FORMAT.MAC:
      return zero(id, 0, 10) ? undefined : 'MAC VSIID must have octets 0-9 zero';
    case VSIID_FORMAT.IPV6:
      return zero(id, 0, 16) ? 'IPv6 VSIID is all zero' : undefined;
    case VSIID_FORMAT.LOCAL:
      return undefined;
    default:
      return `VSIID format ${format} is not 1..5`;
  }
}
