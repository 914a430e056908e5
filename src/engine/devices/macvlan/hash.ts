import * as say from './words'; // The bucket a MAC address falls into in the macvlan port's 256-bucket hash table.
// Three eras of the kernel, selectable because their collisions differ:
//  * '2009'   : drivers/net/macvlan.c 2.6.23-3.x: `vlan_hash[addr[5]]`, the last MAC byte.
//  * 'prime64': macvlan_eth_hash() + hash_64() before v4.7: multiply by
//               GOLDEN_RATIO_PRIME_64 0x9e37fffffffc0001 (the old shift/add form computes
//               exactly this product modulo 2^64), keep the top 8 bits.
//  * 'current': macvlan_eth_hash() + hash_64() from v4.7 (include/linux/hash.h):
//               `val * GOLDEN_RATIO_64 >> (64 - bits)`, GOLDEN_RATIO_64 0x61C8864680B583EB.
// macvlan_eth_hash loads 8 bytes from the address as a little-endian u64 (x86, the
// common case) and shifts left by 16 so only the 6 MAC bytes remain: addr[0] lands in
// bits 16..23 and addr[5] in bits 56..63. A big-endian kernel shifts right instead and
// buckets differently; we follow little-endian and say so in the docs.

export type HashEra = '2009' | 'prime64' | 'current';

export const MACVLAN_HASH_BITS = 8;
export const MACVLAN_HASH_SIZE = 1 << MACVLAN_HASH_BITS;

const MASK64 = (1n << 64n) - 1n;
export const GOLDEN_RATIO_64 = 0x61c8864680b583ebn;
export const GOLDEN_RATIO_PRIME_64 = 0x9e37fffffffc0001n;

/** The u64 macvlan_eth_hash() multiplies, on a little-endian machine. */
export function macvlanEthValue(addr: Uint8Array, offset = 0): bigint {
  let v = 0n;
  for (let i = 0; i < 6; i++) v |= BigInt(addr[offset + i]) << BigInt(16 + 8 * i);
  return v;
}

/** hash_64(val, bits) on a 64-bit kernel: the top `bits` bits of val * constant mod 2^64. */
export function hash64(val: bigint, bits: number, constant: bigint = GOLDEN_RATIO_64): number {
  return Number(((val * constant) & MASK64) >> BigInt(64 - bits));
}

export function macBucket(addr: Uint8Array, era: HashEra, offset = 0): number {
  if (era === '2009') return addr[offset + 5];
  const constant = era === 'current' ? GOLDEN_RATIO_64 : GOLDEN_RATIO_PRIME_64;
  return hash64(macvlanEthValue(addr, offset), MACVLAN_HASH_BITS, constant);
}

/** How the bucket was computed, in words a student can check by hand. */
export function explainBucket(addr: Uint8Array, era: HashEra): string {
  const b = macBucket(addr, era);
  if (era === '2009') return say.bucketLastMacByte(addr[5].toString(16).padStart(2, '0'), b);
  const v = macvlanEthValue(addr);
  const c = era === 'current' ? '0x61C8864680B583EB' : '0x9E37FFFFFFFC0001';
  return say.bucketTopBitsMod(era, v.toString(16).padStart(16, '0'), c, b);
}

export const HASH_ERA_SOURCE: Record<HashEra, string> = {
  '2009': 'drivers/net/macvlan.c (2.6.33) vlan_hash[addr[5]]',
  prime64: 'macvlan_eth_hash, hash_64 (GOLDEN_RATIO_PRIME_64, before v4.7)',
  current: 'macvlan_eth_hash, hash_64 (GOLDEN_RATIO_64, v4.7+)',
};
