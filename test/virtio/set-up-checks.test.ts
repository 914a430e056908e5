// What the backplane says and shows before anything runs: the set-up warning for a cache
// line that both sides write (fact sheet 5.5), with the lines computed here by hand from
// vring_init (include/uapi/linux/virtio_ring.h: avail = desc + 16*num, used =
// ALIGN(&avail->ring[num] + 2, align)), and the indexes every side starts from after reset.
import { describe, expect, it } from 'vitest';
import { ops, run, scenario, xmit } from './helpers';

const HOST_TX = 0x0010_0000;
const HOST_RX = 0x0010_2000;

describe('set-up warning: one cache line written by both sides', () => {
  it('legacy layout (align 4096): used starts on its own page, no warning', () => {
    const { trace } = run(scenario({}, []));
    expect(ops(trace, 'shared-lines')).toEqual([]);
  });

  it('spec-min (align 4), 8 descriptors, 64-byte lines: avail at +0x80, used at +0x98, both in line +0x80', () => {
    // avail = 0x100000 + 16*8 = 0x100080; avail.ring ends at 0x100080 + 4 + 2*8 = 0x100094,
    // used_event 0x100094..95, used = ALIGN(0x100096, 4) = 0x100098.
    const { trace } = run(scenario({ ringLayout: 'spec-min' }, []));
    const w = ops(trace, 'shared-lines');
    expect(w.map((s) => [s.detail!.queue, s.detail!.lines])).toEqual([
      ['host.tx', [HOST_TX + 0x80]],
      ['host.rx', [HOST_RX + 0x80]],
    ]);
    expect(w[0].time).toBe(0);
    expect(w[0].decision).toMatch(/avail\.flags.*used\.flags/);
  });

  it('spec-min with 16-byte lines: only the line holding avail.ring[6..7], used_event and used.flags', () => {
    // 0x100090..9f: avail.ring[6] 0x90, avail.ring[7] 0x92, used_event 0x94 (driver);
    // used.flags 0x98, used.idx 0x9a, used.ring[0].id 0x9c (device).
    const { trace } = run(scenario({ ringLayout: 'spec-min', lineSize: 16 }, []));
    expect(ops(trace, 'shared-lines').map((s) => s.detail!.lines)).toEqual([[HOST_TX + 0x90], [HOST_RX + 0x90]]);
  });

  it('modern layout (align 64) is safe with 64-byte lines but not with 128-byte ones', () => {
    // used = ALIGN(0x100096, 64) = 0x1000c0: a line of its own at 64 bytes, but the 128-byte
    // line 0x100080..0x1000ff holds the whole avail ring and the start of used.
    expect(ops(run(scenario({ ringLayout: 'modern' }, [])).trace, 'shared-lines')).toEqual([]);
    const w = ops(run(scenario({ ringLayout: 'modern', lineSize: 128 }, [])).trace, 'shared-lines');
    expect(w.map((s) => s.detail!.lines)).toEqual([[HOST_TX + 0x80], [HOST_RX + 0x80]]);
  });

  it('coherent memory has no lines to clobber: no warning', () => {
    expect(ops(run(scenario({ ringLayout: 'spec-min', coherent: true }, [])).trace, 'shared-lines')).toEqual([]);
  });

  // Ten frames 7 us apart, as virtio-false-sharing.json sends them.
  const ten = Array.from({ length: 10 }, (_, i) => xmit('hoststack', `${20 + 7 * i}us`));
  it('the warned layouts really lose writes when traffic runs (the warning is not a guess)', () => {
    for (const cfg of [{ ringLayout: 'spec-min' }, { ringLayout: 'modern', lineSize: 128 }]) {
      expect(ops(run(scenario(cfg, ten)).trace, 'clobber').length, JSON.stringify(cfg)).toBeGreaterThan(0);
    }
    expect(ops(run(scenario({ ringLayout: 'modern' }, ten)).trace, 'clobber')).toEqual([]);
  });
});

describe('initial indexes: every side starts at 0 after reset, shown from the first step', () => {
  it('last_avail_idx and last_used_idx of all four device sides and the drivers are in the state at step 0', () => {
    const { state } = run(scenario({}, []));
    const s0 = Object.fromEntries(state.at(0));
    for (const q of ['host.tx', 'host.rx', 'agent.tx', 'agent.rx']) {
      expect(s0[`bp/dev/${q}/last_avail_idx`]).toBe(0);
      expect(s0[`bp/dev/${q}/last_used_idx`]).toBe(0);
    }
  });

  it('with initialIndex the preset value is what step 0 shows', () => {
    const { state } = run(scenario({ initialIndex: 65530 }, []));
    expect(Object.fromEntries(state.at(0))['bp/dev/host.tx/last_avail_idx']).toBe(65530);
  });
});
