// Where the three parts of a packed virtqueue (VIRTIO_F_RING_PACKED, feature bit 34) sit, as
// Linux's vring_create_virtqueue_packed allocates them (drivers/virtio/virtio_ring.c, v5.10 to
// v5.15): the descriptor ring (16 * num bytes), the driver event suppression area and the device
// event suppression area (4 bytes each) are three separate vring_alloc_queue calls, each of
// which is a dma_alloc_coherent and so starts on its own page. Spec packed-ring.tex "Structure
// Size and Alignment": ring alignment 16, event areas alignment 4, and the ring is zeroed.
//   struct pvirtq_desc { le64 addr; le32 len; le16 id; le16 flags; }
//   struct pvirtq_event_suppress { le16 off_wrap (offset:15, wrap:1); le16 flags; }
import type { RingField } from './layout';
import * as say from './words';

export const VRING_PACKED_DESC_F_AVAIL = 1 << 7;
export const VRING_PACKED_DESC_F_USED = 1 << 15;
/** Event suppression flags (include/uapi/linux/virtio_ring.h VRING_PACKED_EVENT_FLAG_*). */
export const EVENT_FLAG_ENABLE = 0;
export const EVENT_FLAG_DISABLE = 1;
export const EVENT_FLAG_DESC = 2;
/** VRING_PACKED_EVENT_F_WRAP_CTR: bit 15 of off_wrap. */
export const EVENT_F_WRAP_CTR = 15;

export interface PackedLayout {
  readonly kind: 'packed';
  readonly num: number;
  readonly base: number;
  readonly desc: number;
  /** Driver Event Suppression: written by the driver, read by the device. */
  readonly driverEvent: number;
  /** Device Event Suppression: written by the device, read by the driver. */
  readonly deviceEvent: number;
  /** From base to the end of the device area, padding pages included. */
  readonly size: number;
}

const page = (v: number): number => Math.ceil(v / 0x1000) * 0x1000;

export function packedLayout(num: number, base: number): PackedLayout {
  // Packed rings need not be a power of 2 (spec), up to 2^15 entries.
  if (!Number.isInteger(num) || num < 1 || num > 32768) throw new RangeError(say.packedQueueSize(num));
  if (base % 16 !== 0) throw new RangeError(say.packedRingAlign(base));
  const driverEvent = base + page(16 * num);
  const deviceEvent = driverEvent + 0x1000;
  return { kind: 'packed', num, base, desc: base, driverEvent, deviceEvent, size: deviceEvent + 4 - base };
}

/** The same ring seen at another base (the host ring through the agent's window). */
export function rebasePacked(l: PackedLayout, base: number): PackedLayout {
  const d = base - l.base;
  return { ...l, base, desc: l.desc + d, driverEvent: l.driverEvent + d, deviceEvent: l.deviceEvent + d };
}

export const packedDescAddr = (l: PackedLayout, i: number): number => l.desc + 16 * i;

/**
 * Every field with its writer. Descriptors are written by both sides (the driver makes them
 * available, the device overwrites them with used descriptors): the spec's "read-write memory".
 */
export function packedRingFields(l: PackedLayout): RingField[] {
  const f: RingField[] = [];
  for (let i = 0; i < l.num; i++) {
    const d = packedDescAddr(l, i);
    f.push(
      { name: `desc[${i}].addr`, addr: d, size: 8, writer: 'driver' },
      { name: `desc[${i}].len`, addr: d + 8, size: 4, writer: 'both' },
      { name: `desc[${i}].id`, addr: d + 12, size: 2, writer: 'both' },
      { name: `desc[${i}].flags`, addr: d + 14, size: 2, writer: 'both' },
    );
  }
  f.push(
    { name: 'driver_event.off_wrap', addr: l.driverEvent, size: 2, writer: 'driver' },
    { name: 'driver_event.flags', addr: l.driverEvent + 2, size: 2, writer: 'driver' },
    { name: 'device_event.off_wrap', addr: l.deviceEvent, size: 2, writer: 'device' },
    { name: 'device_event.flags', addr: l.deviceEvent + 2, size: 2, writer: 'device' },
  );
  return f;
}

/** AVAIL and USED of a descriptor's flags as 0/1. */
export const availBit = (flags: number): number => (flags & VRING_PACKED_DESC_F_AVAIL ? 1 : 0);
export const usedBit = (flags: number): number => (flags & VRING_PACKED_DESC_F_USED ? 1 : 0);

/** QEMU is_desc_avail: AVAIL differs from USED and AVAIL equals the reader's wrap counter. */
export const isDescAvail = (flags: number, wrap: number): boolean =>
  availBit(flags) !== usedBit(flags) && availBit(flags) === wrap;

/** Linux is_used_desc_packed: AVAIL equals USED and both equal the driver's used wrap counter. */
export const isDescUsed = (flags: number, wrap: number): boolean =>
  availBit(flags) === usedBit(flags) && usedBit(flags) === wrap;

/** The AVAIL|USED pair a side writes for wrap counter `w`: driver (AVAIL=w, USED=!w), device (both w). */
export const driverAvailUsed = (w: number): number => (w ? VRING_PACKED_DESC_F_AVAIL : VRING_PACKED_DESC_F_USED);
export const deviceAvailUsed = (w: number): number => (w ? VRING_PACKED_DESC_F_AVAIL | VRING_PACKED_DESC_F_USED : 0);

export function packedFlagText(flags: number): string {
  return (
    [
      flags & 1 ? 'NEXT' : '',
      flags & 2 ? 'WRITE' : '',
      flags & 4 ? 'INDIRECT' : '',
      flags & VRING_PACKED_DESC_F_AVAIL ? 'AVAIL' : '',
      flags & VRING_PACKED_DESC_F_USED ? 'USED' : '',
    ]
      .filter(Boolean)
      .join('|') || '0'
  );
}

/** off_wrap as Linux and QEMU pack it: the offset in bits 0-14, the wrap counter in bit 15. */
export const offWrap = (off: number, wrap: number): number => (off & 0x7fff) | ((wrap & 1) << EVENT_F_WRAP_CTR);

/**
 * vring_packed_need_event (QEMU) and the same arithmetic in Linux virtqueue_kick_prepare_packed:
 * an event offset from the other lap is moved back by num before vring_need_event.
 */
export function packedEventIndex(off_wrap: number, wrap: number, num: number): number {
  const off = off_wrap & 0x7fff;
  return off_wrap >> EVENT_F_WRAP_CTR !== wrap ? (off - num) & 0xffff : off;
}
