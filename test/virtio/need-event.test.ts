// Fact sheet scenario 6: the vring_need_event golden table, and the pending-count rule.
import { describe, expect, it } from 'vitest';
import { pending, vringNeedEvent } from '../../src/engine/devices/virtio/need-event';

const table: [number, number, number, boolean][] = [
  [0, 1, 0, true],
  [0, 3, 1, false],
  [1, 3, 1, true],
  [2, 3, 1, true],
  [3, 3, 1, false],
  [0xfffe, 0x0001, 0xfffe, true],
  [0xffff, 0x0001, 0xfffe, true],
  [0x0000, 0x0001, 0xfffe, true],
  [0x0001, 0x0001, 0xfffe, false],
  [0xfffd, 0x0001, 0xfffe, false],
];

describe('vring_need_event', () => {
  it.each(table)('event %i, new %i, old %i -> %s', (event, nw, old, want) => {
    expect(vringNeedEvent(event, nw, old)).toBe(want);
  });
  it('pending wraps at 16 bits: (u16)(0x0002 - 0xFFFE) = 4 (scenario 8)', () => {
    expect(pending(0x0002, 0xfffe)).toBe(4);
    expect(pending(0x0001, 0xfffe)).toBe(3);
  });
  it('with used_event = 0 the device notifies after the 1st buffer and again after the 65536th', () => {
    const notified: number[] = [];
    let used = 0;
    for (let k = 1; k <= 65537; k++) {
      const old = used;
      used = (used + 1) & 0xffff;
      if (vringNeedEvent(0, used, old)) notified.push(k);
    }
    expect(notified).toEqual([1, 65537]);
  });
});
