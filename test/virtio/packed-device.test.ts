// Golden tests of the packed virtqueue's device side (src/engine/devices/virtio/packed-device.ts),
// against QEMU hw/virtio/virtio.c and the spec's packed-ring.tex. The driver side is written by
// hand (packed-helpers.ts) as the spec's "Placing Available Buffers Into The Descriptor Ring"
// says: AVAIL = the driver's wrap counter, USED = its inverse. Ring of num = 4 at 0x1000:
// desc[i] at 0x1000 + 16 i; driver event area 0x2000, device event area 0x3000.
//
// QEMU, the functions followed:
//   is_desc_avail: avail != used && avail == wrap_counter.
//   virtqueue_packed_pop: reads desc[last_avail_idx], follows NEXT through consecutive slots
//     (virtqueue_packed_read_next_desc: ++next, == num -> 0), elem->ndescs = the descriptors
//     read, last_avail_idx += ndescs and past num: -= num, last_avail_wrap_counter ^= 1.
//   virtqueue_packed_fill_desc: head = used_idx + idx (past num: -= num, wrap ^= 1); writes id
//     and len (vring_packed_desc_write_data), then flags = AVAIL | USED if the wrap counter is
//     1, else 0 (strict order: smp_wmb between).
//   virtqueue_packed_flush: elements 1..count-1 first, element 0 last ("the first one's flags
//     written last"); used_idx += the descriptors of all, past num: -= num, wrap ^= 1,
//     signalled_used_valid = false.
//   virtio_packed_should_notify / vring_packed_need_event; virtio_queue_packed_set_notification;
//     virtqueue_packed_rewind.
import { describe, expect, it } from 'vitest';
import { AVAIL, NEXT, packedRing, USED, WRITE } from './packed-helpers';
import type { Chain } from '../../src/engine/devices/virtio/vringh';

type Ring = ReturnType<typeof packedRing>;

/** virtqueue_pop: the head, then the chain; fails the test if nothing is available. */
function pop(r: Ring): Chain {
  const head = r.dev.getHead();
  expect(typeof head).toBe('number');
  const c = r.dev.getChain(head as number);
  if (typeof c === 'string') throw new Error(c);
  return c;
}

/** One driver buffer of one descriptor in slot i of lap `wrap` (1 = first lap). */
const availOne = (r: Ring, i: number, id: number, wrap: number, write = false): void =>
  r.avail(i, {
    addr: 0x10000 * (i + 1),
    len: write ? 1526 : 100,
    id,
    flags: (wrap ? AVAIL : USED) | (write ? WRITE : 0),
  });

describe('virtqueue_packed_pop: what the device takes as available', () => {
  it('a zeroed ring has nothing available (AVAIL = USED = 0)', () => {
    const r = packedRing(4);
    expect(r.dev.getHead()).toBeUndefined();
  });

  it('takes desc[0] = {0x10000, 100, id 3, 0x0080}: the buffer id is 3, not the slot', () => {
    const r = packedRing(4);
    availOne(r, 0, 3, 1);
    expect(pop(r)).toEqual({ head: 3, riov: [{ addr: 0x10000, len: 100, write: false }], wiov: [] });
    expect([r.dev.lastAvailIdx, r.dev.lastAvailWrap]).toEqual([1, 1]);
    expect(r.dev.getHead()).toBeUndefined();
  });

  it('a chain across the end: slots 3 and 0 are one buffer; last_avail_idx 3 -> 1, wrap 1 -> 0', () => {
    const r = packedRing(4);
    for (let k = 0; k < 3; k++) {
      availOne(r, k, k, 1);
      pop(r);
    }
    r.avail(3, { addr: 0x40000, len: 12, id: 1, flags: AVAIL | NEXT });
    r.avail(0, { addr: 0x40100, len: 1500, id: 1, flags: USED | WRITE });
    const c = pop(r);
    expect(c.riov).toEqual([{ addr: 0x40000, len: 12, write: false }]);
    expect(c.wiov).toEqual([{ addr: 0x40100, len: 1500, write: true }]);
    expect([r.dev.lastAvailIdx, r.dev.lastAvailWrap]).toEqual([1, 0]);
  });

  it('second lap: 0x8000 is available for wrap 0; a leftover 0x0080 is not', () => {
    const r = packedRing(4);
    for (let k = 0; k < 4; k++) {
      availOne(r, k, k, 1);
      r.dev.complete(pop(r).head, 0);
    }
    expect([r.dev.lastAvailWrap, r.dev.usedWrap]).toEqual([0, 0]);
    r.avail(0, { addr: 0x50000, len: 100, id: 2, flags: AVAIL });
    expect(r.dev.getHead()).toBeUndefined();
    r.avail(0, { addr: 0x50000, len: 100, id: 2, flags: USED });
    expect(pop(r).head).toBe(2);
  });

  it('spec "Next Flag": the buffer id is the one in the last descriptor of the chain', () => {
    // packed-ring.tex: "Buffer ID is included in the last descriptor in the list". Linux writes the
    // same id into every descriptor, so this only shows with a hand-made chain. QEMU
    // virtqueue_packed_pop takes id = desc.id of the first descriptor (before its loop) and would
    // say 1 here; the engine follows the spec.
    const r = packedRing(4);
    r.avail(0, { addr: 0x10000, len: 12, id: 1, flags: AVAIL | NEXT });
    r.avail(1, { addr: 0x10100, len: 100, id: 2, flags: AVAIL });
    expect(pop(r).head).toBe(2);
  });
});

describe('virtqueue_packed_fill_desc / flush: the used descriptor', () => {
  it('goes to the device used cursor, not to the buffer slot: B (slot 1) completed first lands in slot 0', () => {
    const r = packedRing(4);
    availOne(r, 0, 0, 1); // A: TX
    availOne(r, 1, 1, 1, true); // B: RX, 1526 bytes
    const a = pop(r);
    const b = pop(r);
    r.dev.complete(b.head, 60);
    // id = 1, len = 60, AVAIL = USED = 1; WRITE because the device wrote (see the next test).
    expect(r.desc(0)).toEqual({ addr: 0x10000, len: 60, id: 1, flags: AVAIL | USED | WRITE });
    r.dev.complete(a.head, 0);
    // A TX buffer: len 0, flags 0x8080. The address field is the driver's (QEMU writes only id,
    // len and flags; spec: "In a used descriptor, Element Address is unused").
    expect(r.desc(1)).toEqual({ addr: 0x20000, len: 0, id: 0, flags: 0x8080 });
    expect([r.dev.usedIdx, r.dev.usedWrap]).toEqual([2, 1]);
  });

  it('WRITE on a used descriptor: set when len > 0 (spec), although QEMU leaves it clear', () => {
    // packed-ring.tex "Write Flag": "In a used descriptor, this bit is used to specify whether any
    // data has been written by the device into any parts of the buffer"; "Element Length is
    // reserved for used descriptors without the VIRTQ_DESC_F_WRITE flag, and is ignored by
    // drivers". QEMU's virtqueue_packed_fill_desc starts from flags 0 and sets only AVAIL/USED;
    // Linux's virtqueue_get_buf_ctx_packed reads len and never looks at WRITE. The engine follows
    // the spec, which both of them are compatible with.
    const r = packedRing(4);
    availOne(r, 0, 0, 1, true);
    availOne(r, 1, 1, 1, true);
    r.dev.complete(pop(r).head, 1514);
    r.dev.complete(pop(r).head, 0);
    expect(r.desc(0).flags).toBe(0x8082);
    expect(r.desc(1).flags).toBe(0x8080);
  });

  it('second lap: AVAIL = USED = 0, flags 0x0000 (0x0002 with WRITE)', () => {
    const r = packedRing(4);
    for (let k = 0; k < 4; k++) {
      availOne(r, k, k, 1);
      r.dev.complete(pop(r).head, 0);
    }
    availOne(r, 0, 3, 0);
    availOne(r, 1, 2, 0, true);
    r.dev.complete(pop(r).head, 0);
    r.dev.complete(pop(r).head, 800);
    expect(r.desc(0)).toMatchObject({ id: 3, len: 0, flags: 0x0000 });
    expect(r.desc(1)).toMatchObject({ id: 2, len: 800, flags: 0x0002 });
  });

  it('a batch: every used descriptor but the first, then the first one flags last', () => {
    const r = packedRing(4);
    availOne(r, 0, 0, 1);
    availOne(r, 1, 1, 1);
    availOne(r, 2, 2, 1);
    const ids = [pop(r).head, pop(r).head, pop(r).head];
    const from = r.stores.length;
    r.dev.completeMulti([
      [ids[2], 0],
      [ids[0], 0],
      [ids[1], 0],
    ]);
    expect([r.desc(0).id, r.desc(1).id, r.desc(2).id]).toEqual([2, 0, 1]);
    const dev = r.stores.slice(from).filter((w) => w.writer === 'device');
    const flagStores = dev.filter((w) => (w.addr - 0x1000) % 16 === 14).map((w) => (w.addr - 0x1000 - 14) / 16);
    expect(flagStores).toEqual([1, 2, 0]);
    expect(dev[dev.length - 1].addr).toBe(r.at(0) + 14);
  });

  it('chains: the next used descriptor is num descriptors further (spec "skip forward"; QEMU 2024 fix)', () => {
    // packed-ring.tex "Polling of available and used descriptors": after a used descriptor for a
    // group, "both device and driver then skip forward in the ring the number of the remaining
    // descriptors in the group". QEMU virtqueue_packed_flush passed the element number i as the
    // offset until it was changed to pass the running ndescs ("For all other element's 'ndescs'
    // is the number of descriptors chained by NEXT ... The 'idx' of this 'elem' shall be the
    // value of 'vq->used_idx' plus the 'ndescs'"); the engine does what the spec and the fix say.
    const r = packedRing(4);
    r.avail(0, { addr: 0x10000, len: 12, id: 1, flags: AVAIL | NEXT });
    r.avail(1, { addr: 0x10100, len: 100, id: 1, flags: AVAIL });
    availOne(r, 2, 0, 1);
    const two = pop(r);
    const one = pop(r);
    r.dev.completeMulti([
      [two.head, 0],
      [one.head, 0],
    ]);
    expect(r.desc(0)).toMatchObject({ id: 1, flags: 0x8080 });
    expect(r.desc(2)).toMatchObject({ id: 0, flags: 0x8080 });
    // Slot 1 keeps the driver's second descriptor of the chain.
    expect(r.desc(1)).toEqual({ addr: 0x10100, len: 100, id: 1, flags: AVAIL });
    expect([r.dev.usedIdx, r.dev.usedWrap]).toEqual([3, 1]);
  });
});

describe('virtio_packed_should_notify: the driver event area decides', () => {
  // old = signalled_used; new = signalled_used = used_idx; v = signalled_used_valid (false after
  // reset and after each wrap of used_idx); DISABLE -> false; ENABLE -> true; DESC -> !v ||
  // vring_packed_need_event(used_wrap_counter, off_wrap, new, old), where off -= num when the
  // off_wrap's wrap bit differs from used_wrap_counter.
  const completeOne = (r: Ring, i: number, wrap: number): void => {
    availOne(r, i, i, wrap);
    r.dev.complete(pop(r).head, 0);
  };

  it('DISABLE -> no interrupt, ENABLE -> interrupt', () => {
    const r = packedRing(4, true);
    completeOne(r, 0, 1);
    r.event(r.l.driverEvent, 0, 1);
    expect(r.dev.needNotify()).toBe(false);
    completeOne(r, 1, 1);
    r.event(r.l.driverEvent, 0x8003, 0);
    expect(r.dev.needNotify()).toBe(true);
  });

  it('DESC 0x8002: the first decision interrupts (not valid yet); 1 -> 2 does not; 2 -> 3 does', () => {
    const r = packedRing(4, true);
    r.event(r.l.driverEvent, 0x8002, 2);
    completeOne(r, 0, 1);
    expect(r.dev.needNotify()).toBe(true);
    completeOne(r, 1, 1);
    expect(r.dev.needNotify()).toBe(false); // (u16)(2 - 2 - 1) = 0xffff, not < 1
    completeOne(r, 2, 1);
    expect(r.dev.needNotify()).toBe(true); // (u16)(3 - 2 - 1) = 0 < 1
  });

  it('an offset from the previous lap is moved back by num: a stale event does not interrupt', () => {
    const r = packedRing(4, true);
    r.event(r.l.driverEvent, 0, 0); // ENABLE while the first lap completes
    for (let k = 0; k < 4; k++) completeOne(r, k, 1);
    expect(r.dev.needNotify()).toBe(true); // used_idx wrapped: signalled_used 0, valid again
    completeOne(r, 0, 0);
    completeOne(r, 1, 0);
    // old 0, new 2, used_wrap_counter 0. off_wrap 0x8001 is slot 1 of lap 1: 1 - 4 = 0xfffd,
    // (u16)(2 - 0xfffd - 1) = 4, not < 2: no interrupt. (Unadjusted: (2 - 1 - 1) = 0 < 2.)
    r.event(r.l.driverEvent, 0x8001, 2);
    expect(r.dev.needNotify()).toBe(false);
    completeOne(r, 2, 0);
    completeOne(r, 3, 0); // used_idx wraps again: not valid, interrupt whatever the offset
    expect(r.dev.needNotify()).toBe(true);
  });

  it('the same-lap offset interrupts where the stale one did not', () => {
    const r = packedRing(4, true);
    r.event(r.l.driverEvent, 0, 0);
    for (let k = 0; k < 4; k++) completeOne(r, k, 1);
    r.dev.needNotify();
    completeOne(r, 0, 0);
    completeOne(r, 1, 0);
    r.event(r.l.driverEvent, 0x0001, 2);
    expect(r.dev.needNotify()).toBe(true);
  });
});

describe('virtio_queue_packed_set_notification: what the device writes into its event area', () => {
  it('disable: flags = DISABLE (1), with or without EVENT_IDX', () => {
    for (const eventIdx of [false, true]) {
      const r = packedRing(4, eventIdx);
      r.dev.notifyDisable();
      expect(r.u16At(r.l.deviceEvent + 2)).toBe(1);
    }
  });

  it('enable with EVENT_IDX: off_wrap = avail index | avail wrap << 15 first, then flags = DESC', () => {
    const r = packedRing(4, true);
    for (let k = 0; k < 3; k++) {
      availOne(r, k, k, 1);
      pop(r);
    }
    availOne(r, 3, 3, 1);
    pop(r); // last_avail_idx 0, wrap 0
    const from = r.stores.length;
    expect(r.dev.notifyEnable()).toBe(true); // empty: desc[0] is 0x0080, not available for wrap 0
    expect([r.u16At(r.l.deviceEvent), r.u16At(r.l.deviceEvent + 2)]).toEqual([0x0000, 2]);
    const order = r.stores
      .slice(from)
      .filter((w) => w.writer === 'device')
      .map((w) => w.addr);
    expect(order).toEqual([r.l.deviceEvent, r.l.deviceEvent + 2]);
  });

  it('enable without EVENT_IDX: flags = ENABLE (0), no offset; the re-check sees a buffer that slipped in', () => {
    const r = packedRing(4, false);
    r.event(r.l.deviceEvent, 0x1234, 1);
    availOne(r, 0, 0, 1);
    expect(r.dev.notifyEnable()).toBe(false);
    expect([r.u16At(r.l.deviceEvent), r.u16At(r.l.deviceEvent + 2)]).toEqual([0x1234, 0]);
  });
});

describe('virtqueue_packed_rewind', () => {
  it('giving back the buffer taken from slot 3 moves last_avail_idx 0 -> 3 and the wrap 0 -> 1', () => {
    // if (last_avail_idx < num) { last_avail_idx = vring.num + last_avail_idx - num; wrap ^= 1 }
    const r = packedRing(4);
    for (let k = 0; k < 4; k++) {
      availOne(r, k, k, 1);
      pop(r);
    }
    expect([r.dev.lastAvailIdx, r.dev.lastAvailWrap]).toEqual([0, 0]);
    r.dev.abandon(1);
    expect([r.dev.lastAvailIdx, r.dev.lastAvailWrap]).toEqual([3, 1]);
    expect(pop(r).head).toBe(3);
  });
});
