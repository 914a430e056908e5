// Golden tests of the packed virtqueue's driver side (src/engine/devices/virtio/packed-driver.ts),
// every expected value worked out by hand from Linux drivers/virtio/virtio_ring.c (v5.15) and
// the spec's packed-ring.tex "Packed Virtqueues". The device side is written by hand here
// (packed-helpers.ts), never by the engine's device. Ring of num = 4 at 0x1000 unless said:
// desc[i] at 0x1000 + 16 i, flags at + 14.
//
// vring_create_virtqueue_packed: next_avail_idx 0, avail_wrap_counter 1, used_wrap_counter 1,
//   avail_used_flags = 1 << VRING_PACKED_DESC_F_AVAIL, free_head 0, and vring_alloc_desc_extra
//   links desc_extra[i].next = i + 1 for i < num - 1 (the last one stays 0 from the memset).
// virtqueue_add_packed: id = vq->free_head; every descriptor gets flags = avail_used_flags
//   | (++c == total_sg ? 0 : NEXT) | (n < out_sgs ? 0 : WRITE) and desc[i].id = id; the head's
//   flags are kept in head_flags and stored only after virtio_wmb ("A driver MUST NOT make the
//   first descriptor in the list available before all subsequent descriptors comprising the list
//   are made available"); when ++i reaches num, i = 0 and avail_used_flags ^= AVAIL | USED;
//   free_head = curr (the id after the chain's last), desc_state[id].num = descs_used,
//   desc_state[id].last = prev.
// detach_buf_packed: desc_extra[state->last].next = free_head; free_head = id (LIFO).
// virtqueue_get_buf_ctx_packed: id and len from desc[last_used_idx]; last_used_idx +=
//   desc_state[id].num, and past num: -= num, used_wrap_counter ^= 1; then, only while
//   event_flags_shadow == DESC, driver->off_wrap = last_used_idx | used_wrap_counter << 15.
// The callbacks (packed-callbacks.ts) against virtqueue_disable_cb_packed,
// virtqueue_enable_cb_prepare_packed, virtqueue_poll_packed, virtqueue_enable_cb_delayed_packed.
import { describe, expect, it } from 'vitest';
import { AVAIL, NEXT, packedRing, rx, tx, USED, WRITE } from './packed-helpers';
import {
  disableCbPacked,
  enableCbDelayedPacked,
  enableCbPreparePacked,
  pollUsedPacked,
} from '../../src/engine/devices/virtio/packed-callbacks';

describe('virtqueue_add_packed: the flags a made-available descriptor carries', () => {
  it('first lap: TX buffer 0x0080 (AVAIL set, USED clear), RX buffer 0x0082 (plus WRITE)', () => {
    const { drv, desc } = packedRing(4);
    expect(drv.add([tx(0x10000, 100)], 'a')).toBe(0);
    expect(drv.add([rx(0x20000, 1526)], 'b')).toBe(1);
    expect(desc(0)).toEqual({ addr: 0x10000, len: 100, id: 0, flags: AVAIL });
    expect(desc(0).flags).toBe(0x0080);
    expect(desc(1)).toEqual({ addr: 0x20000, len: 1526, id: 1, flags: AVAIL | WRITE });
    expect(desc(1).flags).toBe(0x0082);
  });

  it('second lap (after the ring wraps): AVAIL clear, USED set: TX 0x8000, RX 0x8002', () => {
    const { drv, desc, used } = packedRing(4);
    for (let k = 0; k < 4; k++) drv.add([tx(0x10000 * (k + 1))], `t${k}`);
    // The 4th add ends at i = 0 < head = 3: avail_wrap_counter flips to 0.
    expect(drv.nextAvailIdx).toBe(0);
    expect(drv.availWrapCounter).toBe(0);
    for (let k = 0; k < 4; k++) used(k, k, 0, 1);
    for (let k = 0; k < 4; k++) expect(drv.getBuf()).toMatchObject({ token: `t${k}`, id: k });
    expect(drv.add([tx(0x50000)], 'lap2-tx')).toBe(0);
    expect(drv.add([rx(0x60000)], 'lap2-rx')).toBe(1);
    expect(desc(0).flags).toBe(USED);
    expect(desc(0).flags).toBe(0x8000);
    expect(desc(1).flags).toBe(USED | WRITE);
    expect(desc(1).flags).toBe(0x8002);
  });

  it("a chain's head flags are the last store, after every other descriptor of the chain (virtio_wmb)", () => {
    const { drv, desc, storesBy, at } = packedRing(4);
    drv.add([tx(0x10000, 12), tx(0x10100, 100)], 'chain');
    // Both descriptors carry the buffer id 0; NEXT on all but the last.
    expect(desc(0)).toEqual({ addr: 0x10000, len: 12, id: 0, flags: AVAIL | NEXT });
    expect(desc(1)).toEqual({ addr: 0x10100, len: 100, id: 0, flags: AVAIL });
    const s = storesBy('driver');
    const last = s[s.length - 1];
    expect([last.addr, last.len, [...last.bytes]]).toEqual([at(0) + 14, 2, [0x81, 0x00]]);
    // Nothing before it wrote the head's flags word; desc[1] (flags included) is already in memory.
    const before = s.slice(0, -1);
    expect(before.some((w) => w.addr <= at(0) + 14 && w.addr + w.len > at(0) + 14)).toBe(false);
    expect(before.some((w) => w.addr <= at(1) + 14 && w.addr + w.len >= at(1) + 16)).toBe(true);
  });

  it('a chain across the end: descriptors after the wrap already carry the flipped flags', () => {
    const { drv, desc, used } = packedRing(4);
    for (let k = 0; k < 3; k++) drv.add([tx(0x10000 * (k + 1))], `t${k}`);
    for (let k = 0; k < 3; k++) used(k, k, 0, 1);
    for (let k = 0; k < 3; k++) drv.getBuf();
    // Two device-writable pieces from slot 3: slot 3 in lap 1, slot 0 in lap 2.
    expect(drv.add([rx(0x40000, 64), rx(0x40100, 1462)], 'rx-chain')).toBe(3);
    expect(desc(3).flags).toBe(AVAIL | NEXT | WRITE); // 0x0083
    expect(desc(0).flags).toBe(USED | WRITE); // 0x8002
    // i = 1 < head = 3: the driver's wrap counter flips; the next buffer goes to slot 1.
    expect(drv.availWrapCounter).toBe(0);
    expect(drv.nextAvailIdx).toBe(1);
  });

  it('a chain of exactly num descriptors flips the wrap counter (i <= head, upstream 1acfe2c12258)', () => {
    // v5.15 still tests i < head; the fix "virtio_ring: fix avail_wrap_counter in
    // virtqueue_add_packed" (1acfe2c12258, in 5.10.y stable) flips it when the chain ends where it
    // started: num 4, next_avail_idx 1, four descriptors -> next_avail_idx 1, wrap 1 -> 0.
    const { drv, desc, used } = packedRing(4);
    drv.add([tx(0x10000)], 'one');
    used(0, 0, 0, 1);
    drv.getBuf();
    expect(drv.add([tx(0x20000), tx(0x20100), rx(0x20200), rx(0x20300)], 'four')).toBe(1);
    expect([drv.nextAvailIdx, drv.availWrapCounter]).toEqual([1, 0]);
    expect([1, 2, 3, 0].map((i) => desc(i).flags)).toEqual([
      AVAIL | NEXT,
      AVAIL | NEXT,
      AVAIL | NEXT | WRITE,
      USED | WRITE,
    ]);
  });
});

describe('buffer ids come from the free list, not from the slot', () => {
  it('detach_buf_packed pushes freed ids on the front: after 0,1,2,3 come back, slot 0 carries id 3', () => {
    const { drv, desc, used } = packedRing(4);
    for (let k = 0; k < 4; k++) drv.add([tx(0x10000 * (k + 1))], `t${k}`);
    for (let k = 0; k < 4; k++) used(k, k, 0, 1);
    for (let k = 0; k < 4; k++) drv.getBuf();
    // Freed in the order 0, 1, 2, 3, each pushed on the front: free list 3 -> 2 -> 1 -> 0.
    expect(drv.freeHead).toBe(3);
    drv.add([tx(0x50000)], 'x');
    drv.add([tx(0x60000)], 'y');
    expect([desc(0).id, desc(1).id]).toEqual([3, 2]);
  });

  it('out-of-order completion: slot 3 carries id 0 and slot 0 (next lap) carries id 2', () => {
    const { drv, desc, used } = packedRing(4);
    drv.add([tx(0x10000)], 'A'); // slot 0, id 0
    drv.add([tx(0x20000)], 'B'); // slot 1, id 1
    drv.add([tx(0x30000)], 'C'); // slot 2, id 2; free_head 3
    // The device finishes C, then A: used descriptors at its own cursor, slots 0 and 1.
    used(0, 2, 0, 1);
    used(1, 0, 0, 1);
    expect(drv.getBuf()).toMatchObject({ token: 'C', id: 2 }); // next[2] = 3, free_head 2
    expect(drv.getBuf()).toMatchObject({ token: 'A', id: 0 }); // next[0] = 2, free_head 0
    expect(drv.add([tx(0x40000)], 'D')).toBe(3);
    expect(drv.add([tx(0x50000)], 'E')).toBe(0);
    expect(desc(3).id).toBe(0);
    expect(desc(0).id).toBe(2);
    expect(desc(0).flags).toBe(USED); // E is in the second lap
    // B is still out: the device's next used descriptor (slot 2) names id 1.
    used(2, 1, 0, 1);
    expect(drv.getBuf()).toMatchObject({ token: 'B', id: 1 });
  });
});

describe('virtqueue_get_buf_ctx_packed: last_used_idx moves by the chain length', () => {
  it('a 3-descriptor buffer moves it 0 -> 3; a 2-descriptor one 3 -> 5 - 4 = 1 and flips used_wrap_counter', () => {
    const { drv, desc, used } = packedRing(4);
    drv.add([tx(0x10000, 12), tx(0x10100, 50), rx(0x10200, 60)], 'three');
    used(0, 0, 60, 1);
    expect(drv.getBuf()).toEqual({ token: 'three', len: 60, id: 0 });
    expect([drv.lastUsedIdx, drv.usedWrapCounter, drv.numFree]).toEqual([3, 1, 4]);
    // desc_state[0].last = 2: next[2] = free_head (3), free_head = 0. The chain takes ids 0 and 1.
    expect(drv.add([tx(0x20000, 12), tx(0x20100, 100)], 'two')).toBe(3);
    expect([desc(3).id, desc(0).id]).toEqual([0, 0]);
    used(3, 0, 0, 1); // the device's cursor is at slot 3, still lap 1
    expect(drv.getBuf()).toMatchObject({ token: 'two', id: 0 });
    expect([drv.lastUsedIdx, drv.usedWrapCounter]).toEqual([1, 0]);
  });

  it('is_used_desc_packed: a used descriptor of the previous lap is not used now', () => {
    const { drv, used } = packedRing(4);
    for (let k = 0; k < 4; k++) drv.add([tx(0x10000 * (k + 1))], `t${k}`);
    for (let k = 0; k < 4; k++) used(k, k, 0, 1);
    for (let k = 0; k < 4; k++) drv.getBuf();
    expect(drv.usedWrapCounter).toBe(0);
    // Slot 0 still holds the lap-1 used descriptor (AVAIL = USED = 1): not used for wrap 0.
    expect(drv.getBuf()).toBeUndefined();
    drv.add([tx(0x50000)], 'n');
    used(0, 3, 0, 0); // lap-2 used descriptor: AVAIL = USED = 0
    expect(drv.getBuf()).toMatchObject({ token: 'n', id: 3 });
  });
});

describe('virtqueue_kick_prepare_packed: the device event area decides', () => {
  // snapshot = *(u32 *)device; old = next_avail_idx - num_added; new = next_avail_idx;
  // flags != DESC: needs_kick = flags != DISABLE; DESC: event_idx = off_wrap & ~(1 << 15),
  // minus num when off_wrap >> 15 != avail_wrap_counter; vring_need_event(event_idx, new, old).
  const oneAdded = (offWrap: number, flags: number): boolean => {
    const r = packedRing(4);
    r.drv.add([tx(0x10000)], 'a');
    r.event(r.l.deviceEvent, offWrap, flags);
    return r.drv.kickPrepare();
  };

  it('ENABLE (0) -> kick; DISABLE (1) -> no kick; the offset is not looked at', () => {
    expect(oneAdded(0x8005, 0)).toBe(true);
    expect(oneAdded(0x8000, 1)).toBe(false);
  });

  it('DESC (2): old 0, new 1: event 0 (wrap 1) -> kick; event 1 -> no kick', () => {
    expect(oneAdded(0x8000, 2)).toBe(true); // (u16)(1 - 0 - 1) = 0 < 1
    expect(oneAdded(0x8001, 2)).toBe(false); // 0xffff < 1 is false
  });

  it('an event index from the other lap is moved back by num before vring_need_event', () => {
    const { drv, used, event, l } = packedRing(4);
    for (let k = 0; k < 3; k++) drv.add([tx(0x10000 * (k + 1))], `t${k}`);
    drv.kickPrepare();
    for (let k = 0; k < 3; k++) used(k, k, 0, 1);
    for (let k = 0; k < 3; k++) drv.getBuf();
    // Two buffers at slot 3 (lap 1) and slot 0 (lap 2): old = (u16)(1 - 2) = 0xffff, new = 1,
    // avail_wrap_counter now 0.
    drv.add([tx(0x40000)], 'x');
    drv.add([tx(0x50000)], 'y');
    expect([drv.nextAvailIdx, drv.availWrapCounter, drv.numAdded]).toEqual([1, 0, 2]);
    // "Notify me at slot 3 of lap 1": 3 - 4 = 0xffff lies in [0xffff, 1): kick. (Unadjusted,
    // event 3 would give (u16)(1 - 3 - 1) = 0xfffd < 2, false: the notification would be lost.)
    event(l.deviceEvent, 0x8003, 2);
    expect(drv.kickPrepare()).toBe(true);
    // Same lap (wrap 0), offset 1: (u16)(1 - 1 - 1) = 0xffff, not < 2: no kick.
    drv.numAdded = 2;
    event(l.deviceEvent, 0x0001, 2);
    expect(drv.kickPrepare()).toBe(false);
    // Same lap, offset 0: (u16)(1 - 0 - 1) = 0 < 2: kick.
    drv.numAdded = 2;
    event(l.deviceEvent, 0x0000, 2);
    expect(drv.kickPrepare()).toBe(true);
  });
});

describe('callbacks: what the driver writes into the driver event area (off_wrap at +0, flags at +2)', () => {
  // include/uapi/linux/virtio_ring.h: VRING_PACKED_EVENT_FLAG_ENABLE 0, DISABLE 1, DESC 2;
  // VRING_PACKED_EVENT_F_WRAP_CTR 15. The ring is allocated zeroed and event_flags_shadow
  // starts at 0 (ENABLE) when the queue has a callback.
  it('disable_cb writes flags = DISABLE once and never the offset; a second call writes nothing', () => {
    const { drv, l, u16At, storesBy } = packedRing(8);
    disableCbPacked(drv);
    expect(u16At(l.driverEvent + 2)).toBe(1);
    expect(storesBy('driver').map((w) => w.addr)).toEqual([l.driverEvent + 2]);
    disableCbPacked(drv); // shadow already DISABLE: no store
    expect(storesBy('driver')).toHaveLength(1);
  });

  it('enable_cb_prepare without EVENT_IDX: flags = ENABLE, off_wrap never written; returns last_used_idx | wrap << 15', () => {
    const { drv, l, u16At, storesBy } = packedRing(8, false);
    disableCbPacked(drv);
    expect(enableCbPreparePacked(drv)).toBe(0x8000);
    expect(u16At(l.driverEvent + 2)).toBe(0);
    expect(storesBy('driver').some((w) => w.addr === l.driverEvent)).toBe(false);
  });

  it('enable_cb_prepare with EVENT_IDX: off_wrap = last_used_idx | used_wrap_counter << 15 first, then flags = DESC', () => {
    const { drv, l, u16At, used, storesBy } = packedRing(8, true);
    for (let k = 0; k < 3; k++) drv.add([tx(0x10000 * (k + 1))], `t${k}`);
    for (let k = 0; k < 3; k++) used(k, k, 0, 1);
    for (let k = 0; k < 3; k++) drv.getBuf(); // shadow ENABLE: get_buf writes no off_wrap
    expect(storesBy('driver').some((w) => w.addr === l.driverEvent)).toBe(false);
    disableCbPacked(drv);
    const before = storesBy('driver').length;
    expect(enableCbPreparePacked(drv)).toBe(0x8003);
    expect([u16At(l.driverEvent), u16At(l.driverEvent + 2)]).toEqual([0x8003, 2]);
    expect(
      storesBy('driver')
        .slice(before)
        .map((w) => w.addr),
    ).toEqual([l.driverEvent, l.driverEvent + 2]);
  });

  it('virtqueue_poll_packed tests the slot and wrap of the returned value; get_buf then moves off_wrap (shadow DESC)', () => {
    const { drv, l, u16At, used } = packedRing(8, true);
    for (let k = 0; k < 3; k++) drv.add([tx(0x10000 * (k + 1))], `t${k}`);
    for (let k = 0; k < 3; k++) used(k, k, 0, 1);
    for (let k = 0; k < 3; k++) drv.getBuf();
    disableCbPacked(drv);
    const opaque = enableCbPreparePacked(drv);
    // Slot 3, flags 0x0080: available, not used. Its id is 2: ids 0, 1, 2 came back in that
    // order and the last one freed is the first one taken.
    drv.add([tx(0x40000)], 'd');
    expect(pollUsedPacked(drv, opaque)).toBe(false);
    used(3, 2, 0, 1);
    expect(pollUsedPacked(drv, opaque)).toBe(true);
    expect(drv.getBuf()).toMatchObject({ token: 'd', id: 2 });
    expect(u16At(l.driverEvent)).toBe(0x8004);
    // Callbacks off: get_buf leaves off_wrap alone.
    disableCbPacked(drv);
    drv.add([tx(0x50000)], 'e');
    used(4, 2, 0, 1);
    expect(drv.getBuf()).toMatchObject({ token: 'e', id: 2 });
    expect(u16At(l.driverEvent)).toBe(0x8004);
  });
});

describe('enable_cb_delayed: three quarters of the buffers in flight, then a re-check', () => {
  // bufs = (num - num_free) * 3 / 4 (u16); used_idx = last_used_idx + bufs, past num: -= num
  // and the wrap counter flips; off_wrap first, virtio_wmb, flags = DESC only if the shadow was
  // DISABLE; virtio_mb; false if is_used_desc_packed(last_used_idx, used_wrap_counter).
  it('8 in flight from slot 0: off_wrap 0x8006, flags DESC; true until slot 0 is used, then false', () => {
    const { drv, l, u16At, used } = packedRing(8, true);
    for (let k = 0; k < 8; k++) drv.add([tx(0x10000 * (k + 1))], `t${k}`);
    disableCbPacked(drv);
    expect(enableCbDelayedPacked(drv)).toBe(true);
    expect([u16At(l.driverEvent), u16At(l.driverEvent + 2)]).toEqual([0x8006, 2]);
    used(0, 0, 0, 1);
    disableCbPacked(drv);
    expect(enableCbDelayedPacked(drv)).toBe(false);
  });

  it('3 in flight: bufs = floor(9 / 4) = 2, off_wrap 0x8002', () => {
    const { drv, l, u16At } = packedRing(8, true);
    for (let k = 0; k < 3; k++) drv.add([tx(0x10000 * (k + 1))], `t${k}`);
    disableCbPacked(drv);
    enableCbDelayedPacked(drv);
    expect(u16At(l.driverEvent)).toBe(0x8002);
  });

  it('from last_used_idx 6 with 8 in flight: 6 + 6 = 12 -> slot 4 of the next lap, off_wrap 0x0004', () => {
    const { drv, l, u16At, used } = packedRing(8, true);
    for (let k = 0; k < 6; k++) drv.add([tx(0x10000 * (k + 1))], `t${k}`);
    for (let k = 0; k < 6; k++) used(k, k, 0, 1);
    for (let k = 0; k < 6; k++) drv.getBuf();
    for (let k = 0; k < 8; k++) drv.add([tx(0x10000 * (k + 1))], `u${k}`);
    expect([drv.lastUsedIdx, drv.numFree]).toEqual([6, 0]);
    disableCbPacked(drv);
    expect(enableCbDelayedPacked(drv)).toBe(true);
    expect(u16At(l.driverEvent)).toBe(0x0004);
  });

  it('without EVENT_IDX: no offset, flags = ENABLE', () => {
    const { drv, l, u16At, storesBy } = packedRing(8, false);
    drv.add([tx(0x10000)], 'a');
    disableCbPacked(drv);
    expect(enableCbDelayedPacked(drv)).toBe(true);
    expect(u16At(l.driverEvent + 2)).toBe(0);
    expect(storesBy('driver').some((w) => w.addr === l.driverEvent)).toBe(false);
  });
});
