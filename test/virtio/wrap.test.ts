// Fact sheet scenario 8: 16-bit wrap of the indices with N = 8, driver and device on a
// coherent memory (the ring arithmetic alone).
import { describe, expect, it } from 'vitest';
import { Ram, le16, getLe16, getLe32 } from '../../src/engine/devices/virtio/ram';
import { Cache } from '../../src/engine/devices/virtio/cache';
import { CpuMemory } from '../../src/engine/devices/virtio/cpu-memory';
import { DEFAULT_COSTS } from '../../src/engine/devices/virtio/costs';
import { NO_BREAKS } from '../../src/engine/devices/virtio/breaks';
import { vringLayout, usedRingAddr } from '../../src/engine/devices/virtio/layout';
import { SplitDriver } from '../../src/engine/devices/virtio/split-driver';
import { VringhDevice } from '../../src/engine/devices/virtio/vringh';
import { silentRec } from '../../src/engine/devices/virtio/record';

function setup(eventIdx: boolean) {
  const ram = new Ram('host', 0x100_0000);
  const cpu = (n: string) => {
    const m = new CpuMemory(n, new Cache(n, 64), DEFAULT_COSTS, true);
    m.map({ name: 'ram', base: 0, size: ram.size, ram, ramBase: 0, remote: false, cached: true });
    return m;
  };
  const l = vringLayout(8, 0x1000, 4096);
  const drv = new SplitDriver<string>(
    cpu('driver'),
    { name: 'q', layout: l, eventIdx, maintenance: false, breaks: NO_BREAKS },
    silentRec,
  );
  const dev = new VringhDevice(
    cpu('device'),
    { name: 'q', layout: l, eventIdx, maintenance: false, breaks: NO_BREAKS, toLocal: (a) => a },
    silentRec,
  );
  // State of scenario 8: every index at 0xFFFE.
  drv.availIdxShadow = 0xfffe;
  drv.lastUsedIdx = 0xfffe;
  dev.lastAvailIdx = 0xfffe;
  dev.lastUsedIdx = 0xfffe;
  ram.write(l.availIdx, le16(0xfffe));
  ram.write(l.usedIdx, le16(0xfffe));
  return { ram, l, drv, dev };
}

describe('scenario 8: indices wrap at 65536', () => {
  it('driver, device and reclaim cross 0xFFFF -> 0x0000 using slots 6, 7, 0', () => {
    const { ram, l, drv, dev } = setup(true);
    ram.write(l.availEvent, le16(0xffff));
    const heads = ['a', 'b', 'c'].map((t, i) => drv.add([{ addr: 0x10000 * (i + 1), len: 100, write: false }], t));
    expect(heads).toEqual([0, 1, 2]);
    expect([6, 7, 0].map((s) => getLe16(ram.read(l.avail + 4 + 2 * s, 2)))).toEqual([0, 1, 2]);
    expect(getLe16(ram.read(l.availIdx, 2))).toBe(0x0001);
    // kick iff avail_event in {0xFFFE, 0xFFFF, 0x0000}
    expect(drv.kickPrepare()).toBe(true);
    for (const ev of [0xfffe, 0x0000]) {
      drv.numAdded = 3;
      ram.write(l.availEvent, le16(ev));
      expect(drv.kickPrepare()).toBe(true);
    }
    drv.numAdded = 3;
    ram.write(l.availEvent, le16(0x0001));
    expect(drv.kickPrepare()).toBe(false);
    const got = [dev.getHead(), dev.getHead(), dev.getHead(), dev.getHead()];
    expect(got).toEqual([0, 1, 2, undefined]);
    expect(dev.lastAvailIdx).toBe(0x0001);
    for (const h of [0, 1, 2]) dev.complete(h, 0);
    expect([6, 7, 0].map((s) => getLe32(ram.read(usedRingAddr(l, s), 4)))).toEqual([0, 1, 2]);
    expect(getLe16(ram.read(l.usedIdx, 2))).toBe(0x0001);
    const seen: number[] = [];
    for (;;) {
      const r = drv.getBuf();
      if (r === undefined || r === 'bad') break;
      seen.push(drv.lastUsedIdx);
    }
    expect(seen).toEqual([0xffff, 0x0000, 0x0001]);
    expect(drv.numFree).toBe(8);
  });
});

describe('the whole backplane across the 16-bit wrap', () => {
  it('with every index starting at 0xFFFA, frames in both directions cross 0xFFFF -> 0 and all arrive once', async () => {
    const { run, scenario, xmit, ops } = await import('./helpers');
    const traffic = [xmit('hoststack', '20us', 1514, 10), xmit('agentstack', '40us', 300, 10)];
    const { trace, state } = run(scenario({ initialIndex: 0xfffa, eventIdx: true }, traffic));
    expect(trace.fates.length).toBe(20);
    expect(trace.fates.every((f) => f.delivered.length === 1 && f.inFlight === 0)).toBe(true);
    const end = state.at(trace.steps.length - 1);
    expect(end.get('bp/ring/host.tx/avail.idx')).toBe((0xfffa + 10) & 0xffff);
    expect(end.get('bp/ring/host.tx/used.idx')).toBe(4);
    const heads = ops(trace, 'get-head')
      .filter((s) => s.detail?.queue === 'host.tx')
      .map((s) => s.detail!.availIdx as number);
    expect(heads.some((v) => v < 0x100)).toBe(true);
    expect(ops(trace, 'clobber')).toEqual([]);
  });
});
