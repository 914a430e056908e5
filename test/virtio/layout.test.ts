// Golden values for ring layout (fact sheet scenario 1 and correction W5).
import { describe, expect, it } from 'vitest';
import {
  vringLayout,
  vringSize,
  sharedLines,
  ringFields,
  type VringLayout,
} from '../../src/engine/devices/virtio/layout';
import { availRingAddr, descAddr, usedRingAddr } from '../../src/engine/devices/virtio/layout';
import { placeRings } from '../../src/engine/devices/virtio/address-map';

describe('scenario 1: legacy N = 8, align 4096, base 0x0010_0000', () => {
  const l = vringLayout(8, 0x0010_0000, 4096);
  it('places every field where vring_init does', () => {
    expect(vringSize(8, 4096)).toBe(4166);
    expect(l.size).toBe(0x1046);
    expect(descAddr(l, 0)).toBe(0x0010_0000);
    expect(descAddr(l, 7) + 15).toBe(0x0010_007f);
    expect(l.availFlags).toBe(0x0010_0080);
    expect(l.availIdx).toBe(0x0010_0082);
    expect(availRingAddr(l, 0)).toBe(0x0010_0084);
    expect(availRingAddr(l, 7) + 1).toBe(0x0010_0093);
    expect(l.usedEvent).toBe(0x0010_0094);
    expect(l.usedFlags).toBe(0x0010_1000);
    expect(l.usedIdx).toBe(0x0010_1002);
    expect(usedRingAddr(l, 0)).toBe(0x0010_1004);
    expect(usedRingAddr(l, 7) + 7).toBe(0x0010_1043);
    expect(l.availEvent).toBe(0x0010_1044);
  });
  it('keeps driver-written and device-written fields on different 64-byte lines', () => {
    expect(sharedLines(l, 64)).toEqual([]);
    // used.ring[7] straddles lines 0x1000 and 0x1040.
    const r7 = usedRingAddr(l, 7);
    expect(Math.floor(r7 / 64)).not.toBe(Math.floor((r7 + 7) / 64));
  });
});

describe('other golden layouts', () => {
  it('legacy N = 256: avail +0x1000, used +0x2000, avail_event +0x2804, size 10246', () => {
    const l = vringLayout(256, 0, 4096);
    expect(l.avail).toBe(0x1000);
    expect(l.used).toBe(0x2000);
    expect(l.availEvent).toBe(0x2804);
    expect(l.size).toBe(10246);
  });
  it('Linux modern N = 8, align 64: avail +0x080, used +0x0C0, size 262', () => {
    const l = vringLayout(8, 0, 64);
    expect(l.avail).toBe(0x80);
    expect(l.used).toBe(0xc0);
    expect(l.size).toBe(262);
    expect(sharedLines(l, 64)).toEqual([]);
  });
  it('spec-minimum N = 8: used at +0x098 shares line 0x080 with avail (W5: ring[0..3] and ring[4].id)', () => {
    const l = vringLayout(8, 0, 4);
    expect(l.used).toBe(0x98);
    expect(sharedLines(l, 64)).toEqual([0x80]);
    const inLine = ringFields(l)
      .filter((f) => f.writer === 'device' && f.addr >= 0x80 && f.addr < 0xc0)
      .map((f) => f.name);
    expect(inLine).toContain('used.ring[3].len');
    expect(inLine).toContain('used.ring[4].id');
    expect(inLine).not.toContain('used.ring[4].len');
  });
  it('rejects a queue size that is not a power of 2', () => {
    expect(() => vringLayout(6, 0, 4096)).toThrow(/power of 2/);
  });
  it('places the host RX ring at 0x0010_2000 (scenario 4)', () => {
    expect(placeRings(8, 'legacy').hostRx.base).toBe(0x0010_2000);
    expect((placeRings(8, 'legacy').hostRx as VringLayout).availIdx).toBe(0x0010_2082);
    expect((placeRings(8, 'legacy').hostRx as VringLayout).usedIdx).toBe(0x0010_3002);
  });
});
