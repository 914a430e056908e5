// A packed virtqueue on one coherent RAM, for the packed golden tests: the engine's driver
// (packed-driver.ts) and device (packed-device.ts) each on its own CPU, and the other side
// written by hand, byte by byte, from the spec's structures (packed-ring.tex):
//   struct pvirtq_desc { le64 addr; le32 len; le16 id; le16 flags; }            16 bytes
//   struct pvirtq_event_suppress { le16 desc (off:15, wrap:1); le16 flags; }  4 bytes
// so a test of the driver never depends on the engine's device, and the other way round.
// Every store that reaches the RAM is logged in order, with the CPU that made it.
import { Cache } from '../../src/engine/devices/virtio/cache';
import { CpuMemory } from '../../src/engine/devices/virtio/cpu-memory';
import { DEFAULT_COSTS } from '../../src/engine/devices/virtio/costs';
import { NO_BREAKS } from '../../src/engine/devices/virtio/breaks';
import { getLe16, getLe32, getLe64, le16, le32, le64, Ram } from '../../src/engine/devices/virtio/ram';
import { packedLayout } from '../../src/engine/devices/virtio/packed-layout';
import { PackedDriver } from '../../src/engine/devices/virtio/packed-driver';
import { PackedDevice } from '../../src/engine/devices/virtio/packed-device';
import type { StepOut } from '../../src/engine/devices/virtio/record';

/** Spec packed-ring.tex "Driver and Device Ring Wrap Counters". */
export const AVAIL = 1 << 7;
export const USED = 1 << 15;
/** Spec split-ring.tex / packed-ring.tex: NEXT 1, WRITE 2. */
export const NEXT = 1;
export const WRITE = 2;

export interface Store {
  readonly addr: number;
  readonly len: number;
  readonly writer: string;
  readonly bytes: Uint8Array;
}

export function packedRing(num: number, eventIdx = false, base = 0x1000) {
  const ram = new Ram('ram', 0x100_0000);
  const cpu = (side: string): CpuMemory => {
    const m = new CpuMemory(side, new Cache(side, 64), DEFAULT_COSTS, true);
    m.map({ name: 'ram', base: 0, size: ram.size, ram, ramBase: 0, remote: false, cached: true });
    return m;
  };
  const l = packedLayout(num, base);
  const steps: StepOut[] = [];
  const rec = { step: (s: StepOut) => steps.push(s), set: () => {} };
  const drv = new PackedDriver<string>(
    cpu('driver'),
    { name: 'q', layout: l, eventIdx, maintenance: false, breaks: NO_BREAKS },
    rec,
  );
  const dev = new PackedDevice(
    cpu('device'),
    { name: 'q', layout: l, eventIdx, maintenance: false, breaks: NO_BREAKS, toLocal: (a) => a },
    rec,
  );
  const stores: Store[] = [];
  ram.listener = (addr, len, writer) => stores.push({ addr, len, writer, bytes: ram.read(addr, len) });
  const at = (i: number): number => base + 16 * i;
  /** The descriptor in slot i, as the spec's struct pvirtq_desc lays it out. */
  const desc = (i: number) => {
    const b = ram.read(at(i), 16);
    return { addr: getLe64(b, 0), len: getLe32(b, 8), id: getLe16(b, 12), flags: getLe16(b, 14) };
  };
  const u16At = (a: number): number => getLe16(ram.read(a, 2));
  /** A driver's available descriptor, written by hand (spec "Placing Available Buffers"). */
  const avail = (i: number, d: { addr: number; len: number; id: number; flags: number }): void => {
    ram.write(at(i), le64(d.addr), 'hand');
    ram.write(at(i) + 8, le32(d.len), 'hand');
    ram.write(at(i) + 12, le16(d.id), 'hand');
    ram.write(at(i) + 14, le16(d.flags), 'hand');
  };
  /** A device's used descriptor, written by hand: AVAIL = USED = the device's wrap counter. */
  const used = (i: number, id: number, len: number, wrap: number): void => {
    ram.write(at(i) + 8, le32(len), 'hand');
    ram.write(at(i) + 12, le16(id), 'hand');
    ram.write(at(i) + 14, le16(wrap ? AVAIL | USED : 0), 'hand');
  };
  /** Write one event suppression structure by hand (off_wrap at +0, flags at +2). */
  const event = (area: number, offWrap: number, flags: number): void => {
    ram.write(area, le16(offWrap), 'hand');
    ram.write(area + 2, le16(flags), 'hand');
  };
  const storesBy = (writer: string): Store[] => stores.filter((s) => s.writer === writer);
  return { ram, l, drv, dev, steps, stores, storesBy, at, desc, u16At, avail, used, event };
}

export const tx = (addr: number, len = 100) => ({ addr, len, write: false });
export const rx = (addr: number, len = 1526) => ({ addr, len, write: true });
