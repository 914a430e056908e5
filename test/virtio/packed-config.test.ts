// Packed virtqueues on the backplane: the `ringFormat` option and its refusals, the layout of
// the three parts (spec packed-ring.tex "Structure Size and Alignment" and "The Virtqueue
// Descriptor Format" / "Event Suppression Structure Format"), the board's BAR0 words for the
// event areas, and the two bundled scenarios end to end.
//
// Layout, by hand: Linux vring_create_virtqueue_packed (drivers/virtio/virtio_ring.c, v5.15)
// makes three vring_alloc_queue calls (ring num * sizeof(struct vring_packed_desc), then the
// driver event area, then the device event area, sizeof(struct vring_packed_desc_event) = 4
// each); each is dma_alloc_coherent or alloc_pages_exact(PAGE_ALIGN(size)), so each starts on a
// page of its own. With 8 descriptors at the host's ring address 0x0010_0000 (address-map.ts
// HOST_TX_RING), transmitq: ring 0x0010_0000 (128 bytes), driver area 0x0010_1000, device area
// 0x0010_2000; receiveq after it on the next page: 0x0010_3000, 0x0010_4000, 0x0010_5000.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/engine/scenario/load';
import {
  isDescAvail,
  isDescUsed,
  packedEventIndex,
  packedLayout,
  packedRingFields,
} from '../../src/engine/devices/virtio/packed-layout';
import { ops, run, scenario, types, xmit } from './helpers';
import type { Step, Trace } from '../../src/engine/sim/types';

const PACKED = { ringFormat: 'packed', version1: true };

describe('ringFormat: packed, and what it refuses', () => {
  const issues = (config: Record<string, unknown>): string[] => {
    const r = loadScenario(scenario(config, []), types);
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };

  it('packed with version1 loads; split is the default', () => {
    expect(issues(PACKED)).toEqual([]);
    expect(issues({})).toEqual([]);
  });

  it('packed without version1 is refused at ringFormat: bit 34 does not fit the legacy 32-bit feature word', () => {
    // VIRTIO_F_RING_PACKED is 34 (include/uapi/linux/virtio_config.h); the legacy transport's
    // feature register is 32 bits (vp_legacy_get_features / vp_finalize_features: "We only
    // support 32 feature bits").
    expect(issues({ ringFormat: 'packed' })).toEqual([
      '$.nodes[1].config.ringFormat: packed rings need "version1": true',
    ]);
    expect(issues({ ringFormat: 'packed', version1: false })).toHaveLength(1);
  });

  it('packed with ringLayout or a non-zero initialIndex is refused where they are written', () => {
    expect(issues({ ...PACKED, ringLayout: 'modern' })).toEqual([
      "$.nodes[1].config.ringLayout: ringLayout places the split ring's three areas; a packed ring has its own placement",
    ]);
    expect(issues({ ...PACKED, initialIndex: 5 })).toEqual([
      "$.nodes[1].config.initialIndex: initialIndex presets the split ring's 16-bit indexes; a packed ring has none",
    ]);
  });

  it('an unknown format names the choices', () => {
    expect(issues({ ringFormat: 'ring' }).join()).toMatch(/config\.ringFormat: "ring" is not one of/);
  });

  it('a queue size that is not a power of 2: refused for split (spec 2.7), allowed for packed', () => {
    // packed-ring.tex "Structure Size and Alignment": "The Queue Size value does not have to be a power of 2".
    expect(issues({ queueSize: 6 }).join()).toMatch(/queueSize: 6 is not a power of 2/);
    expect(issues({ ...PACKED, queueSize: 6 })).toEqual([]);
  });

  it('the negotiated features carry VERSION_1 (bit 32) and RING_PACKED (bit 34)', () => {
    const { trace } = run(scenario(PACKED, []));
    const f = ops(trace, 'bar-write').find((s) => s.detail?.field === 'config')!.detail!.features as number;
    expect(Math.floor(f / 2 ** 32)).toBe(0b101);
    expect(f % 2 ** 32).toBe(1 << 5); // MAC
  });
});

describe('packed layout against the spec structures', () => {
  it('desc ring 16 * n bytes, driver and device event areas 4 bytes each, on pages of their own', () => {
    const l = packedLayout(8, 0x0010_0000);
    expect([l.desc, l.driverEvent, l.deviceEvent]).toEqual([0x0010_0000, 0x0010_1000, 0x0010_2000]);
    expect(l.size).toBe(0x2000 + 4);
    const f = new Map(packedRingFields(l).map((x) => [x.name, x]));
    // struct pvirtq_desc { le64 addr; le32 len; le16 id; le16 flags; }
    expect(
      ['addr', 'len', 'id', 'flags'].map((k) => [
        f.get(`desc[1].${k}`)!.addr - 0x0010_0010,
        f.get(`desc[1].${k}`)!.size,
      ]),
    ).toEqual([
      [0, 8],
      [8, 4],
      [12, 2],
      [14, 2],
    ]);
    const last = f.get('desc[7].flags')!;
    expect(last.addr + last.size - l.desc).toBe(16 * 8);
    // struct pvirtq_event_suppress { le16 desc (off_wrap); le16 flags; }
    expect(
      [f.get('driver_event.off_wrap'), f.get('driver_event.flags')].map((x) => [x!.addr - l.driverEvent, x!.size]),
    ).toEqual([
      [0, 2],
      [2, 2],
    ]);
    expect(
      [f.get('device_event.off_wrap'), f.get('device_event.flags')].map((x) => [x!.addr - l.deviceEvent, x!.size]),
    ).toEqual([
      [0, 2],
      [2, 2],
    ]);
    // "The Device Event Suppression data structure is write-only by the device"; the driver's
    // is read-only by the device.
    expect([f.get('driver_event.flags')!.writer, f.get('device_event.flags')!.writer]).toEqual(['driver', 'device']);
  });

  it('the ring needs 16-byte alignment and 1 to 32768 entries, any number in between', () => {
    expect(() => packedLayout(8, 0x0010_0008)).toThrow(/16-byte aligned/);
    expect(() => packedLayout(0, 0)).toThrow(/1 to 32768/);
    expect(() => packedLayout(32769, 0)).toThrow(/1 to 32768/);
    expect(packedLayout(6, 0).driverEvent).toBe(0x1000);
  });

  it('is_desc_avail (QEMU) and is_used_desc_packed (Linux) over all four AVAIL/USED pairs', () => {
    const flags = [0x0000, 0x0080, 0x8000, 0x8080];
    expect(flags.map((v) => isDescAvail(v, 1))).toEqual([false, true, false, false]);
    expect(flags.map((v) => isDescAvail(v, 0))).toEqual([false, false, true, false]);
    expect(flags.map((v) => isDescUsed(v, 1))).toEqual([false, false, false, true]);
    expect(flags.map((v) => isDescUsed(v, 0))).toEqual([true, false, false, false]);
  });

  it('the event index of an off_wrap: same lap as is, other lap minus num (u16)', () => {
    expect(packedEventIndex(0x8003, 1, 8)).toBe(3);
    expect(packedEventIndex(0x8003, 0, 8)).toBe(0xfffb);
    expect(packedEventIndex(0x0005, 1, 8)).toBe(0xfffd);
  });
});

describe("BAR0: the board's DRIVER_PFN and DEVICE_PFN words", () => {
  const { trace } = run(scenario(PACKED, [xmit('hoststack', '20us')], { until: '200us' }));

  it('the host writes each queue page numbers: receiveq 0x104/0x105, transmitq 0x101/0x102', () => {
    const cfg = ops(trace, 'bar-write').find((s) => s.detail?.field === 'config')!;
    expect(cfg.detail!.pfn).toEqual([0x103, 0x100]);
    expect(cfg.detail!.areaPfn).toEqual([
      [0x104, 0x105],
      [0x101, 0x102],
    ]);
    expect(cfg.decision).toContain('receiveq 0x00104/0x00105, transmitq 0x00101/0x00102');
  });

  it('split rings have no such words', () => {
    const split = ops(run(scenario({ version1: true }, [])).trace, 'bar-write').find(
      (s) => s.detail?.field === 'config',
    )!;
    expect(split.detail!.areaPfn).toBeUndefined();
  });

  it('the agent reads them after the set-up doorbell, and its device reads the areas they name', () => {
    const found = ops(trace, 'bar-read').find((s) => s.detail?.ringsFound === true)!;
    expect(found.decision).toContain('event areas at 0x00104000/0x00105000 and 0x00101000/0x00102000');
    // The agent reaches host memory through its outbound window at 0x8000_0000 (windowBase 0).
    const notify = ops(trace, 'need-notify').find((s) => s.detail?.queue === 'host.tx')!;
    expect(notify.readBytes).toEqual([{ start: 0x8010_1000, end: 0x8010_1004 }]);
    // And the host's driver reads its device area for kick_prepare.
    const kick = ops(trace, 'kick-prepare').find((s) => s.detail?.queue === 'host.tx')!;
    expect(kick.readBytes).toEqual([{ start: 0x0010_2000, end: 0x0010_2004 }]);
  });
});

const DIR = join(import.meta.dirname, '../../src/scenarios/virtio');
const load = (f: string): unknown => JSON.parse(readFileSync(join(DIR, f), 'utf8'));
const onQueue = (t: Trace, q: string, pred: (s: Step) => boolean): Step[] =>
  ops(t, 'write').filter((s) => s.detail?.queue === q && pred(s));

describe('virtio-packed-ring.json end to end', () => {
  const { trace } = run(load('virtio-packed-ring.json'));

  it('delivers all twelve frames once', () => {
    expect(trace.fates).toHaveLength(12);
    expect(trace.fates.every((f) => f.delivered.length === 1 && f.inFlight === 0)).toBe(true);
  });

  it('host TX heads: slots 0..7 with 0x0080, then 0 and 1 with 0x8000 (one descriptor each, VERSION_1)', () => {
    const heads = onQueue(trace, 'host.tx', (s) => /^desc\[\d+\]\.flags$/.test(String(s.detail!.field)));
    expect(heads.map((s) => s.detail!.slot)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 0, 1]);
    expect(heads.map((s) => s.detail!.value)).toEqual([...Array(8).fill(0x0080), 0x8000, 0x8000]);
  });

  it("the agent's used descriptors on host TX: in slot order, 0x8080 then 0x0000, len 0", () => {
    const usedW = onQueue(
      trace,
      'host.tx',
      (s) => s.detail!.side === 'agent' && /^desc\[\d+\]$/.test(String(s.detail!.field)),
    );
    expect(usedW.map((s) => s.detail!.field)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 0, 1].map((i) => `desc[${i}]`));
    const v = usedW.map((s) => s.detail!.value as { len: number; flags: number });
    expect(v.map((x) => x.flags)).toEqual([...Array(8).fill(0x8080), 0x0000, 0x0000]);
    expect(v.every((x) => x.len === 0)).toBe(true);
  });

  it('host RX: the eight posted buffers are 0x0082; the two refills after the answers 0x8002', () => {
    const heads = onQueue(trace, 'host.rx', (s) => /^desc\[\d+\]\.flags$/.test(String(s.detail!.field)));
    expect(heads.map((s) => s.detail!.value)).toEqual([...Array(8).fill(0x0082), 0x8002, 0x8002]);
  });
});

describe('virtio-split-vs-packed.json: the same frames on both backplanes', () => {
  const { trace } = run(load('virtio-split-vs-packed.json'));
  const deliveredAt = (node: string): number[][] =>
    trace.steps.filter((s) => s.node === node && s.kind === 'deliver').map((s) => [...trace.frames[s.frame!]]);

  it('every frame arrives once, nine on each side', () => {
    expect(trace.fates).toHaveLength(18);
    expect(trace.fates.every((f) => f.delivered.length === 1 && f.inFlight === 0)).toBe(true);
    expect(trace.fates.filter((f) => f.delivered[0].node === 'as')).toHaveLength(9);
    expect(trace.fates.filter((f) => f.delivered[0].node === 'ap')).toHaveLength(9);
  });

  it('byte for byte the same frames in the same order, but for the MAC addresses', () => {
    const split = deliveredAt('as');
    const packed = deliveredAt('ap');
    expect(split).toHaveLength(9);
    expect(packed.map((f) => f.length)).toEqual(split.map((f) => f.length));
    expect(packed.map((f) => f.slice(12))).toEqual(split.map((f) => f.slice(12)));
    expect(packed.every((f) => f[5] === 0x12 && f[11] === 0x11)).toBe(true);
    expect(split.every((f) => f[5] === 0x02 && f[11] === 0x01)).toBe(true);
  });

  it('only the packed side writes descriptor flags as its publication; only the split side writes avail.idx', () => {
    const fields = (node: string): string[] =>
      ops(trace, 'write', node).map((s) => String(s.detail!.field).replace(/\d+/g, 'N'));
    expect(fields('packed')).toContain('desc[N].flags');
    expect(fields('packed')).not.toContain('avail.idx');
    expect(fields('split')).toContain('avail.idx');
    expect(fields('split')).not.toContain('desc[N].flags');
  });
});
