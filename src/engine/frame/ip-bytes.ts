// Codecs take addresses either as an IpAddress (from address.ts) or as raw bytes.
import type { IpAddress } from './address';

export type IpLike = IpAddress | Uint8Array;

export function ipBytes(a: IpLike, version: 4 | 6, what: string): Uint8Array {
  const b = a instanceof Uint8Array ? a : a.bytes;
  if (!(a instanceof Uint8Array) && a.version !== version)
    throw new RangeError(`${what} must be an IPv${version} address, got IPv${a.version}`);
  if (b.length !== (version === 4 ? 4 : 16))
    throw new RangeError(`${what} must be ${version === 4 ? 4 : 16} bytes, got ${b.length}`);
  return b;
}

export const v4 = (bytes: Uint8Array): IpAddress => ({ version: 4, bytes });
export const v6 = (bytes: Uint8Array): IpAddress => ({ version: 6, bytes });
