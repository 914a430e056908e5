// Each break switch produces the failure the fact sheet describes (section 5), and the
// same traffic with the switch off is delivered in full.
import { describe, expect, it } from 'vitest';
import { ops, run, scenario, xmit } from './helpers';
import type { Trace } from '../../src/engine/sim/types';

const delivered = (t: Trace): number => t.fates.filter((f) => f.delivered.length === 1).length;
const stuck = (t: Trace): number => t.fates.filter((f) => f.inFlight > 0).length;

describe('noCleanAvail (EVENT_IDX): stale avail.idx and a lost wakeup (5.2)', () => {
  const traffic = [xmit('hoststack', '20us'), xmit('hoststack', '80us')];
  it('works with the clean', () => {
    expect(delivered(run(scenario({ eventIdx: true }, traffic)).trace)).toBe(2);
  });
  it('without it: the agent reads avail.idx 0 after the kick, re-arms avail_event 0, and the second add does not kick', () => {
    const { trace } = run(scenario({ eventIdx: true, breaks: { noCleanAvail: true } }, traffic));
    // The agent looks at the host's TX ring once its doorbell handler has found transmitq's notify word changed.
    const arrive = ops(trace, 'bar-read').find((s) => (s.detail?.changed as number[]).includes(1))!;
    const empty = ops(trace, 'read').find(
      (s) => s.index > arrive.index && s.detail?.queue === 'host.tx' && s.detail?.field === 'avail.idx',
    )!;
    expect(empty.detail).toMatchObject({ value: 0, lastAvailIdx: 0 });
    const en = ops(trace, 'notify-enable').find((s) => s.detail?.queue === 'host.tx' && s.index > arrive.index)!;
    expect(en.detail).toMatchObject({ availIdx: 0, empty: true });
    const kicks = ops(trace, 'kick-prepare').filter((s) => s.detail?.queue === 'host.tx');
    expect(kicks.map((s) => [s.detail!.old, s.detail!.new, s.detail!.needs])).toEqual([
      [0, 1, true],
      [1, 2, false],
    ]);
    expect(delivered(trace)).toBe(0);
    expect(stuck(trace)).toBe(2);
  });
});

describe('noCleanDesc: the index is published before its descriptor (5.3)', () => {
  it('the agent reads an all-zero descriptor, a chain with no room for the header; the frame never arrives', () => {
    const { trace } = run(scenario({ breaks: { noCleanDesc: true } }, [xmit('hoststack', '20us')]));
    const d = ops(trace, 'read-desc').find((s) => s.detail?.queue === 'host.tx')!;
    expect(d.detail).toMatchObject({ addr: 0, len: 0, flags: 0 });
    // 0 readable bytes < the 10-byte legacy header: refused (default policy: used.len 0), no DMA.
    expect(ops(trace, 'bad-chain')[0].detail).toMatchObject({ readable: 0, policy: 'complete-zero' });
    expect(ops(trace, 'dma')).toEqual([]);
    expect(trace.counters.bp.tx_bad_chains).toBe(1);
    expect(delivered(trace)).toBe(0);
    expect(ops(trace, 'unsent')).toHaveLength(1);
  });
});

describe('noWmb: the write buffer makes avail.idx visible first (coherent memory, polling agent)', () => {
  const cfg = { coherent: true, agentPollNs: 300 };
  const traffic = [{ at: '20us', node: 'hoststack', command: 'xmit', args: { len: 1514, count: 4 } }];
  it('works with the barrier', () => {
    expect(delivered(run(scenario(cfg, traffic, { until: '400us' })).trace)).toBe(4);
  });
  it('without it the polling agent reads a descriptor that is not in memory yet', () => {
    const { trace } = run(scenario({ ...cfg, breaks: { noWmb: true } }, traffic, { until: '400us' }));
    const bad = ops(trace, 'read-desc').filter((s) => s.detail?.queue === 'host.tx' && s.detail?.len === 0);
    expect(bad.length).toBeGreaterThan(0);
    expect(delivered(trace)).toBeLessThan(4);
  });
});

describe('noInvalidateUsed: the host reads a stale used.idx (5.4)', () => {
  it('"virtqueue interrupt with no work"; descriptors are never reclaimed and TX fills up after 4 frames', () => {
    const traffic = Array.from({ length: 6 }, (_, i) => xmit('hoststack', 20000 + 60000 * i));
    const { trace, state } = run(scenario({ breaks: { noInvalidateUsed: true } }, traffic));
    const vi = ops(trace, 'vring-interrupt').filter((s) => s.detail?.queue === 'host.tx');
    expect(vi.length).toBeGreaterThan(0);
    expect(vi.every((s) => s.detail!.more === false)).toBe(true);
    expect(state.at(trace.steps.length - 1).get('bp/vq/host.tx/num_free')).toBe(0);
    expect(delivered(trace)).toBe(4);
    expect(stuck(trace)).toBe(2);
    expect(run(scenario({}, traffic)).trace.fates.every((f) => f.delivered.length === 1)).toBe(true);
  });
});

describe('noInvalidateAvail: the agent trusts its cached copy of the host ring (5.2, agent side)', () => {
  it('the first frame goes; later kicks find the cached avail.idx and the wakeup is lost', () => {
    const traffic = [xmit('hoststack', '20us'), xmit('hoststack', '100us'), xmit('hoststack', '180us')];
    const { trace } = run(scenario({ eventIdx: true, breaks: { noInvalidateAvail: true } }, traffic));
    expect(trace.fates[0].delivered.length).toBe(1);
    expect(stuck(trace)).toBe(2);
    expect(ops(trace, 'skip-invalidate').length).toBeGreaterThan(0);
    expect(delivered(run(scenario({ eventIdx: true }, traffic)).trace)).toBe(3);
  });
});

describe('spec-min layout: false sharing of the avail/used line (5.5)', () => {
  const traffic = Array.from({ length: 10 }, (_, i) => xmit('hoststack', 20000 + 7000 * i));
  it("whole-line write-backs clobber the other side's fields and buffers are lost", () => {
    const { trace } = run(scenario({ ringLayout: 'spec-min' }, traffic));
    const clob = ops(trace, 'clobber');
    expect(clob.length).toBeGreaterThan(0);
    expect(clob[0].decision).toContain('FALSE SHARING');
    expect(trace.fates.some((f) => f.delivered.length !== 1)).toBe(true);
  });
  it('the legacy and modern layouts keep the writers apart: no clobber, all delivered', () => {
    for (const ringLayout of ['legacy', 'modern']) {
      const { trace } = run(scenario({ ringLayout }, traffic));
      expect(ops(trace, 'clobber')).toEqual([]);
      expect(delivered(trace)).toBe(10);
    }
  });
});

describe('noCleanUsed: the agent invalidates but never cleans (invalidate-only still stalls)', () => {
  // Ten frames 30 us apart, each well finished before the next with all maintenance on.
  const traffic = Array.from({ length: 10 }, (_, i) => xmit('hoststack', `${20 + 30 * i}us`));
  it('all ten arrive with the cleans', () => {
    expect(delivered(run(scenario({}, traffic, { until: '1ms' })).trace)).toBe(10);
  });
  it('without them the used entries stay in the agent cache: the host reclaims nothing and TX stops after 4 frames', () => {
    // 8 descriptors, 2 per frame (10-byte header + data, split header) = 4 frames before the
    // driver stops the queue; the agent still delivers those 4, it just never tells the host.
    const { trace } = run(scenario({ breaks: { noCleanUsed: true } }, traffic, { until: '1ms' }));
    expect(delivered(trace)).toBe(4);
    expect(stuck(trace)).toBe(6);
    const skipped = ops(trace, 'skip-clean').map((s) => s.detail!.queue);
    expect(new Set(skipped)).toEqual(new Set(['host.tx']));
    // The host's view: used.idx in its DRAM never moves from 0.
    const irq = ops(trace, 'vring-interrupt').filter((s) => s.detail?.queue === 'host.tx');
    expect(irq.length).toBeGreaterThan(0);
    expect(irq.every((s) => s.detail!.usedIdx === 0)).toBe(true);
  });
  it('with noInvalidateAvail as well the window has no maintenance at all: the agent sees only the first frame', () => {
    // Its first read of the avail.idx line misses and fills from DRAM; every later read hits that stale line (5.2).
    const { trace } = run(
      scenario({ breaks: { noCleanUsed: true, noInvalidateAvail: true } }, traffic, { until: '1ms' }),
    );
    expect(delivered(trace)).toBe(1);
    expect(ops(trace, 'skip-clean').length).toBeGreaterThan(0);
    expect(ops(trace, 'skip-invalidate').length).toBeGreaterThan(0);
  });
});
