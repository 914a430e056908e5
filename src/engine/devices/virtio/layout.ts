// Where the three parts of a split virtqueue sit in memory, computed exactly as Linux's
// vring_init()/vring_size() do (include/uapi/linux/virtio_ring.h):
//   avail = desc + 16*num;  used = ALIGN(&avail->ring[num] + 2, align)
//   vring_size = ALIGN(16*num + 2*(3+num), align) + 2*3 + 8*num
// `used_event` is avail->ring[num] and `avail_event` is *(u16 *)&used->ring[num]
// (vring_used_event / vring_avail_event). Three alignments are offered:
//   legacy   4096 (VIRTIO_PCI_VRING_ALIGN, the legacy virtio-pci "Queue Align"),
//   modern   64   (Linux virtio_pci_modern setup_vq: vring_align = SMP_CACHE_BYTES),
//   spec-min 4    (VRING_USED_ALIGN_SIZE, the least the spec allows: avail and used share a line).
import * as say from './words';
import { packedRingFields, type PackedLayout } from './packed-layout';

export type LayoutKind = 'legacy' | 'modern' | 'spec-min';
export const ALIGN_OF: Readonly<Record<LayoutKind, number>> = { legacy: 4096, modern: 64, 'spec-min': 4 };

export const DESC_SIZE = 16;
export const VRING_DESC_F_NEXT = 1;
export const VRING_DESC_F_WRITE = 2;
export const VRING_DESC_F_INDIRECT = 4;
export const VRING_AVAIL_F_NO_INTERRUPT = 1;
export const VRING_USED_F_NO_NOTIFY = 1;

export interface VringLayout {
  readonly num: number;
  readonly align: number;
  readonly base: number;
  readonly desc: number;
  readonly avail: number;
  readonly availFlags: number;
  readonly availIdx: number;
  readonly usedEvent: number;
  readonly used: number;
  readonly usedFlags: number;
  readonly usedIdx: number;
  readonly availEvent: number;
  readonly size: number;
}

const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;

export function vringSize(num: number, align: number): number {
  return alignUp(DESC_SIZE * num + 2 * (3 + num), align) + 2 * 3 + 8 * num;
}

export function vringLayout(num: number, base: number, align: number): VringLayout {
  if (num < 1 || num > 32768 || (num & (num - 1)) !== 0) throw new RangeError(say.queueSizePowerBetween(num));
  const desc = base;
  const avail = desc + DESC_SIZE * num;
  const used = alignUp(avail + 4 + 2 * num + 2, align);
  return {
    num,
    align,
    base,
    desc,
    avail,
    availFlags: avail,
    availIdx: avail + 2,
    usedEvent: avail + 4 + 2 * num,
    used,
    usedFlags: used,
    usedIdx: used + 2,
    availEvent: used + 4 + 8 * num,
    size: vringSize(num, align),
  };
}

export const descAddr = (l: VringLayout, i: number): number => l.desc + DESC_SIZE * i;
export const availRingAddr = (l: VringLayout, slot: number): number => l.avail + 4 + 2 * slot;
export const usedRingAddr = (l: VringLayout, slot: number): number => l.used + 4 + 8 * slot;

/** Every field of the ring with its address, size and the side that writes it (spec 2.7). */
export interface RingField {
  readonly name: string;
  readonly addr: number;
  readonly size: number;
  /** Packed descriptors are written by both sides (packed-layout.ts). */
  readonly writer: 'driver' | 'device' | 'both';
}

export function ringFields(l: VringLayout | PackedLayout): RingField[] {
  if ((l as PackedLayout).kind === 'packed') return packedRingFields(l as PackedLayout);
  return splitRingFields(l as VringLayout);
}

function splitRingFields(l: VringLayout): RingField[] {
  const f: RingField[] = [];
  for (let i = 0; i < l.num; i++) {
    const d = descAddr(l, i);
    f.push(
      { name: `desc[${i}].addr`, addr: d, size: 8, writer: 'driver' },
      { name: `desc[${i}].len`, addr: d + 8, size: 4, writer: 'driver' },
      { name: `desc[${i}].flags`, addr: d + 12, size: 2, writer: 'driver' },
      { name: `desc[${i}].next`, addr: d + 14, size: 2, writer: 'driver' },
    );
  }
  f.push(
    { name: 'avail.flags', addr: l.availFlags, size: 2, writer: 'driver' },
    { name: 'avail.idx', addr: l.availIdx, size: 2, writer: 'driver' },
  );
  for (let i = 0; i < l.num; i++)
    f.push({ name: `avail.ring[${i}]`, addr: availRingAddr(l, i), size: 2, writer: 'driver' });
  f.push({ name: 'used_event', addr: l.usedEvent, size: 2, writer: 'driver' });
  f.push(
    { name: 'used.flags', addr: l.usedFlags, size: 2, writer: 'device' },
    { name: 'used.idx', addr: l.usedIdx, size: 2, writer: 'device' },
  );
  for (let i = 0; i < l.num; i++) {
    f.push(
      { name: `used.ring[${i}].id`, addr: usedRingAddr(l, i), size: 4, writer: 'device' },
      { name: `used.ring[${i}].len`, addr: usedRingAddr(l, i) + 4, size: 4, writer: 'device' },
    );
  }
  f.push({ name: 'avail_event', addr: l.availEvent, size: 2, writer: 'device' });
  return f;
}

/** Line addresses (of `lineSize`) that hold fields of both writers: the false-sharing lines. */
export function sharedLines(l: VringLayout | PackedLayout, lineSize: number): number[] {
  const writers = new Map<number, Set<string>>();
  for (const f of ringFields(l)) {
    for (let a = f.addr; a < f.addr + f.size; a++) {
      const line = a - (a % lineSize);
      const w = writers.get(line) ?? writers.set(line, new Set()).get(line)!;
      for (const x of f.writer === 'both' ? ['driver', 'device'] : [f.writer]) w.add(x);
    }
  }
  return [...writers]
    .filter(([, w]) => w.size > 1)
    .map(([line]) => line)
    .sort((a, b) => a - b);
}
