import { describe, expect, it } from 'vitest';
import { rootPrng } from '../../src/engine/sim/prng';

describe('PRNG', () => {
  it('gives the same sequence for the same seed and name', () => {
    const a = rootPrng(42).fork('link:l1');
    const b = rootPrng(42).fork('link:l1');
    expect(Array.from({ length: 50 }, () => a.nextU32())).toEqual(Array.from({ length: 50 }, () => b.nextU32()));
  });

  it('gives different sequences for different names or seeds', () => {
    const x = rootPrng(42).fork('link:l1').nextU32();
    expect(rootPrng(42).fork('link:l2').nextU32()).not.toBe(x);
    expect(rootPrng(43).fork('link:l1').nextU32()).not.toBe(x);
  });

  it('is roughly uniform in [0, 1)', () => {
    const r = rootPrng(1).fork('u');
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 20000; i++) {
      const v = r.next();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      buckets[Math.floor(v * 10)]++;
    }
    for (const b of buckets) expect(Math.abs(b - 2000)).toBeLessThan(200);
  });

  it('int stays within its bounds', () => {
    const r = rootPrng(9).fork('i');
    for (let i = 0; i < 1000; i++) {
      const v = r.int(3, 7);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(7);
    }
  });
});
