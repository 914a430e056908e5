// Linux's callback control on a split ring, checked field by field against
// drivers/virtio/virtio_ring.c (v5.15):
//   virtqueue_disable_cb_split: shadow |= NO_INTERRUPT; EVENT_IDX: used_event = 0 (the "hack"),
//     else avail->flags = shadow.
//   virtqueue_enable_cb_prepare_split: shadow &= ~NO_INTERRUPT (avail->flags written only
//     without EVENT_IDX), then used_event = last_used_idx always ("Always do both").
//   virtqueue_enable_cb_delayed_split: bufs = (u16)(avail_idx_shadow - last_used_idx) * 3 / 4,
//     used_event = last_used_idx + bufs, false if (u16)(used->idx - last_used_idx) > bufs.
//   virtqueue_get_buf_ctx_split: used_event = last_used_idx whenever the shadow has no
//     NO_INTERRUPT, EVENT_IDX or not.
// And virtio_net's NAPI refill threshold: num_free > min(budget, ring size) / 2 (virtnet_receive).
import { describe, expect, it } from 'vitest';
import { Cache } from '../../src/engine/devices/virtio/cache';
import { CpuMemory } from '../../src/engine/devices/virtio/cpu-memory';
import { DEFAULT_COSTS } from '../../src/engine/devices/virtio/costs';
import { NO_BREAKS } from '../../src/engine/devices/virtio/breaks';
import { getLe16, le16, Ram } from '../../src/engine/devices/virtio/ram';
import { vringLayout } from '../../src/engine/devices/virtio/layout';
import { SplitDriver } from '../../src/engine/devices/virtio/split-driver';
import { disableCb, enableCbDelayed, enableCbPrepare, pollUsed } from '../../src/engine/devices/virtio/callbacks';
import type { StepOut } from '../../src/engine/devices/virtio/record';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ops, run, scenario } from './helpers';

function ring(eventIdx: boolean) {
  const ram = new Ram('host', 1 << 24);
  const mem = new CpuMemory('host', new Cache('host', 64), DEFAULT_COSTS, true);
  mem.map({ name: 'dram', base: 0, size: 1 << 24, ram, ramBase: 0, remote: false, cached: false });
  const l = vringLayout(8, 0x10_0000, 4096);
  const steps: StepOut[] = [];
  const d = new SplitDriver<number>(
    mem,
    { name: 'q', layout: l, eventIdx, maintenance: false, breaks: NO_BREAKS },
    { step: (s) => steps.push(s), set: () => {} },
  );
  const field = (addr: number): number => getLe16(ram.read(addr, 2));
  /** The device's side, written straight into memory: complete `n` more buffers. */
  const deviceUses = (ids: number[]): void => {
    const used = getLe16(ram.read(l.usedIdx, 2));
    ids.forEach((id, k) => {
      const slot = (used + k) & 7;
      ram.write(l.used + 4 + 8 * slot, new Uint8Array([id, 0, 0, 0, 0, 0, 0, 0]));
    });
    ram.write(l.usedIdx, le16(used + ids.length));
  };
  return { d, l, ram, steps, field, deviceUses };
}

const addOne = (d: SplitDriver<number>, i: number): void => {
  d.add([{ addr: 0x20_0000 + 0x800 * i, len: 100, write: false }], i);
};

describe('disable / enable without EVENT_IDX: avail.flags carries NO_INTERRUPT', () => {
  it('disable sets avail.flags = 1 and leaves used_event; enable_cb_prepare clears it and writes used_event', () => {
    const { d, l, field } = ring(false);
    disableCb(d);
    expect(field(l.availFlags)).toBe(1);
    expect(field(l.usedEvent)).toBe(0);
    disableCb(d); // already off: nothing more is written
    expect(field(l.availFlags)).toBe(1);
    d.lastUsedIdx = 5;
    expect(enableCbPrepare(d)).toBe(5);
    expect(field(l.availFlags)).toBe(0);
    expect(field(l.usedEvent)).toBe(5);
  });
});

describe('disable / enable with EVENT_IDX: used_event does it all', () => {
  it('disable writes used_event = 0 and never touches avail.flags; enable writes used_event = last_used_idx', () => {
    const { d, l, field, ram } = ring(true);
    ram.write(l.usedEvent, le16(3));
    disableCb(d);
    expect(field(l.usedEvent)).toBe(0);
    expect(field(l.availFlags)).toBe(0);
    d.lastUsedIdx = 3;
    enableCbPrepare(d);
    expect(field(l.usedEvent)).toBe(3);
    expect(field(l.availFlags)).toBe(0);
  });
});

describe('virtqueue_poll after enabling', () => {
  it('reports a completion that slipped in after enable_cb_prepare', () => {
    const { d, deviceUses } = ring(true);
    addOne(d, 0);
    const opaque = enableCbPrepare(d);
    expect(pollUsed(d, opaque)).toBe(false);
    deviceUses([0]);
    expect(pollUsed(d, opaque)).toBe(true);
  });
});

describe('enable_cb_delayed: three quarters of what is outstanding', () => {
  it('8 outstanding: bufs 6, used_event = last + 6; true while at most 6 are used, false past that', () => {
    const { d, l, field, deviceUses } = ring(true);
    for (let i = 0; i < 8; i++) addOne(d, i);
    disableCb(d);
    expect(enableCbDelayed(d)).toBe(true);
    expect(field(l.usedEvent)).toBe(6);
    deviceUses([0, 1, 2, 3, 4, 5, 6]); // 7 > 6
    disableCb(d);
    expect(enableCbDelayed(d)).toBe(false);
  });
  it('3 outstanding after reclaiming 5: bufs = floor(3 * 3 / 4) = 2', () => {
    const { d, l, field, deviceUses } = ring(true);
    for (let i = 0; i < 8; i++) addOne(d, i);
    deviceUses([0, 1, 2, 3, 4]);
    for (let i = 0; i < 5; i++) d.getBuf();
    disableCb(d);
    expect(enableCbDelayed(d)).toBe(true);
    expect(field(l.usedEvent)).toBe(5 + 2);
  });
});

describe('get_buf writes used_event only while callbacks are on, EVENT_IDX or not', () => {
  for (const eventIdx of [false, true]) {
    it(`EVENT_IDX ${eventIdx}: on -> used_event follows last_used_idx; off -> left alone`, () => {
      const { d, l, field, deviceUses } = ring(eventIdx);
      addOne(d, 0);
      addOne(d, 1);
      deviceUses([0, 1]);
      d.getBuf();
      expect(field(l.usedEvent)).toBe(1);
      disableCb(d);
      const before = field(l.usedEvent);
      d.getBuf();
      expect(field(l.usedEvent)).toBe(before);
    });
  }
});

describe('virtio_net NAPI on the host (hostNapi)', () => {
  const burst = [{ at: '20us', node: 'agentstack', command: 'xmit', args: { len: 1514, count: 6 } }];

  it('the interrupt turns callbacks off and schedules the poll; the poll ends by enabling and polling once more', () => {
    const { trace } = run(scenario({ hostNapi: true }, burst, { until: '2ms' }));
    const sched = ops(trace, 'napi-schedule').filter((s) => s.detail?.queue === 'host.rx');
    expect(sched.length).toBeGreaterThan(0);
    expect(ops(trace, 'cb-poll').filter((s) => s.detail?.queue === 'host.rx').length).toBeGreaterThan(0);
    expect(trace.fates.filter((f) => f.delivered.length === 1)).toHaveLength(6);
  });

  it('refill only past min(budget, ring size) / 2: with 8 descriptors and budget 64 that is more than 4 free', () => {
    const { trace } = run(scenario({ hostNapi: true }, burst, { until: '2ms' }));
    for (const p of ops(trace, 'napi-poll').filter((s) => s.detail?.queue === 'host.rx'))
      expect(p.detail!.refill).toBe((p.detail!.numFree as number) > 4);
    const small = run(scenario({ hostNapi: true, napiBudget: 2 }, burst, { until: '2ms' })).trace;
    for (const p of ops(small, 'napi-poll').filter((s) => s.detail?.queue === 'host.rx')) {
      expect(p.detail!.received as number).toBeLessThanOrEqual(2);
      expect(p.detail!.refill).toBe((p.detail!.numFree as number) > 1);
    }
  });

  it('TX: start_xmit turns callbacks off and re-arms them three quarters ahead: the 32-frame burst interrupts less', () => {
    const file = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../src/scenarios/virtio/virtio-batch-burst.json'), 'utf8'),
    );
    const txIrqs = (napi: boolean): number => {
      const s = structuredClone(file);
      s.nodes.find((n: { type: string }) => n.type === 'virtio-backplane').config.hostNapi = napi;
      const { trace } = run(s);
      expect(trace.fates.filter((f) => f.delivered.length === 1)).toHaveLength(32);
      return ops(trace, 'intx').filter((x) => x.detail?.queue === 'host.tx').length;
    };
    const plain = txIrqs(false);
    const napi = txIrqs(true);
    expect(napi).toBeLessThan(plain);
  });
});
