// The bucket functions, checked against values derived independently: the 64-bit product
// is recomputed here with 16-bit limbs in plain Number arithmetic (schoolbook
// multiplication, the way one works it by hand), never with the BigInt code under test.
import { describe, expect, it } from 'vitest';
import { mac } from '../../src/engine/frame/address';
import { hash64, macBucket, macvlanEthValue } from '../../src/engine/devices/macvlan/hash';

/** Top 8 bits of (a * b mod 2^64), a and b given as four 16-bit limbs, least significant first. */
function top8OfProduct(a: number[], b: number[]): number {
  const r = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    let carry = 0;
    for (let j = 0; i + j < 4; j++) {
      const cur = r[i + j] + a[i] * b[j] + carry;
      r[i + j] = cur % 65536;
      carry = Math.floor(cur / 65536);
    }
  }
  return r[3] >> 8;
}

/** The value macvlan_eth_hash builds on little-endian x86: bytes 0..5 at bits 16..63. */
const limbsOf = (m: string): number[] => {
  const b = mac(m);
  return [0, b[0] | (b[1] << 8), b[2] | (b[3] << 8), b[4] | (b[5] << 8)];
};
const GOLDEN_RATIO_64 = [0x83eb, 0x80b5, 0x8646, 0x61c8];
const PRIME_64 = [0x0001, 0xfffc, 0xffff, 0x9e37];

describe('macvlan_eth_hash + hash_64', () => {
  const macs = [
    '02:00:00:00:00:01',
    '02:00:00:00:00:02',
    '52:54:00:12:34:56',
    'fe:ff:ff:ff:ff:ff',
    '00:00:00:00:00:00',
  ];

  it('loads the 6 MAC bytes into bits 16..63 (little-endian u64 << 16)', () => {
    expect(macvlanEthValue(mac('02:00:00:00:00:01'))).toBe(0x0100000000020000n);
    expect(macvlanEthValue(mac('52:54:00:12:34:56'))).toBe(0x5634120054520000n);
  });

  it('v4.7+ buckets match the hand-computed product with GOLDEN_RATIO_64', () => {
    for (const m of macs) expect(macBucket(mac(m), 'current')).toBe(top8OfProduct(limbsOf(m), GOLDEN_RATIO_64));
  });

  it('pre-4.7 buckets match the product with GOLDEN_RATIO_PRIME_64', () => {
    for (const m of macs) expect(macBucket(mac(m), 'prime64')).toBe(top8OfProduct(limbsOf(m), PRIME_64));
  });

  it('a worked example: 02:00:00:00:00:01 lands in bucket 247 today', () => {
    // value = 1·2^56 + 2·2^16, so value × 0x61C8864680B583EB mod 2^64
    //       = 0xEB·2^56 + 0x61C8864680B583EB·2^17 mod 2^64 = 0xF78D016B07D60000: top byte 0xF7 = 247.
    expect(top8OfProduct(limbsOf('02:00:00:00:00:01'), GOLDEN_RATIO_64)).toBe(247);
    expect(macBucket(mac('02:00:00:00:00:01'), 'current')).toBe(247);
  });

  it('hash_64 keeps the top bits of the 64-bit product', () => {
    expect(hash64(1n, 8)).toBe(0x61);
    expect(hash64(1n << 63n, 8)).toBe(0x80);
  });

  it('the 2009 bucket is the last MAC byte', () => {
    expect(macBucket(mac('02:00:00:00:00:01'), '2009')).toBe(1);
    expect(macBucket(mac('52:54:00:12:34:56'), '2009')).toBe(0x56);
  });

  it('collisions differ: same last byte collides in 2009 but not today', () => {
    const a = mac('02:00:00:00:00:01');
    const b = mac('02:00:00:00:01:01');
    expect(macBucket(a, '2009')).toBe(macBucket(b, '2009'));
    expect(macBucket(a, 'current')).not.toBe(macBucket(b, 'current'));
  });
});

describe('explainBucket (the view shows it under each lookup)', () => {
  it('states the value, the constant and the bucket the code computes', async () => {
    const { explainBucket } = await import('../../src/engine/devices/macvlan/hash');
    expect(explainBucket(mac('02:00:00:00:00:01'), 'current')).toContain('0x0100000000020000 × 0x61C8864680B583EB');
    expect(explainBucket(mac('02:00:00:00:00:01'), 'current')).toContain('= 247');
    expect(explainBucket(mac('02:00:00:00:00:0b'), '2009')).toContain('last MAC byte 0x0b = 11');
  });
});
