import { describe, expect, it } from 'vitest';
import { changedBuckets, counterDeltas, queueChange } from '../../src/views/macvlan/changes';
import { gridFor, gridSize } from '../../src/views/macvlan/hash-view';
import { chartBoxFor } from '../../src/views/macvlan/queue-series';
import { thin } from '../../src/views/ticks';

const ch = (key: string, before: unknown, after: unknown) => [key, { key: `H/${key}`, before, after }] as const;

describe('changedBuckets', () => {
  it('names the buckets whose chain appeared, grew or emptied', () => {
    const diff = new Map([
      ch('hash/37', undefined, ['mvB']),
      ch('hash/16', ['mvC'], ['mvC', 'mvD']),
      ch('hash/58', ['mvA'], undefined),
      ch('stats/mvA', {}, { rx_packets: 1 }),
    ]);
    expect([...changedBuckets(diff)]).toEqual([
      [37, 'added'],
      [16, 'changed'],
      [58, 'removed'],
    ]);
  });
});

describe('counterDeltas', () => {
  it('gives each changed counter its signed change, per device', () => {
    const diff = new Map([
      ch('stats/mvB', { rx_packets: 2, multicast: 1, tx_packets: 0 }, { rx_packets: 3, multicast: 1, tx_packets: 0 }),
      ch('stats/eth0', { rx_dropped: 4 }, { rx_dropped: 3, stack_rx: 1 }),
      ch('hash/37', undefined, ['mvB']),
    ]);
    expect(Object.fromEntries(counterDeltas(diff))).toEqual({
      mvB: { rx_packets: 1 },
      eth0: { rx_dropped: -1, stack_rx: 1 },
    });
  });
  it('leaves out a device whose counters were rewritten unchanged', () => {
    expect(counterDeltas(new Map([ch('stats/mvA', { rx_packets: 1 }, { rx_packets: 1 })])).size).toBe(0);
  });
});

describe('queueChange', () => {
  it('says filled or drained from the occupancy before and after', () => {
    expect(queueChange('tap/mvA/0', new Map([ch('tap/mvA/0', 3, 4)]), undefined)).toBe('filled');
    expect(queueChange('tap/mvA/0', new Map([ch('tap/mvA/0', 4, 0)]), undefined)).toBe('drained');
    expect(queueChange('bcqueue', new Map([ch('port/bcqueue', { len: 1, used: 4 }, { len: 2, used: 4 })]), {})).toBe(
      'filled',
    );
    expect(queueChange('tap/mvA/1', new Map([ch('tap/mvA/0', 3, 4)]), undefined)).toBeUndefined();
  });
  it('says dropped when the cursor step overflowed that queue, and only that one', () => {
    const full = { tap: 'mvA', queue: 0, cap: 8, overflow: true };
    expect(queueChange('tap/mvA/0', new Map(), full)).toBe('dropped');
    expect(queueChange('tap/mvA/1', new Map(), full)).toBeUndefined();
    expect(queueChange('bcqueue', new Map(), { bcqueue: 4, used: 4, overflow: true })).toBe('dropped');
    expect(queueChange('bcqueue', new Map(), full)).toBeUndefined();
  });
});

describe('layout from the type size', () => {
  it('grows the hash grid with the type, so a two-digit count fits a cell', () => {
    // 16 cells of round(1.55 fs) px with 2 px gaps: 13 px -> 20 px cells, 18 px -> 28 px.
    expect(gridFor(13).cell).toBe(20);
    expect(gridSize(gridFor(13))).toBe(16 * 22 - 2);
    expect(gridSize(gridFor(18))).toBe(16 * 30 - 2);
    // Two digits of a 0.6 em wide font with 2 px either side.
    for (const fs of [12, 13, 18]) expect(gridFor(fs).cell).toBeGreaterThanOrEqual(2 * 0.6 * fs + 4);
  });
  it('keeps chart margins wide enough for tick labels at the type size', () => {
    const b = chartBoxFor(500, 18);
    expect(b.width).toBe(500);
    expect(b.left).toBeGreaterThanOrEqual(3 * 0.6 * 18 + 4); // "500" right-aligned 4 px from the axis
    expect(b.bottom).toBeGreaterThanOrEqual(18); // a line of x labels
    expect(chartBoxFor(100, 13).width).toBe(280); // never narrower than its minimum: the pane scrolls
  });
  it('thins ticks until neighbours are far enough apart', () => {
    const x = (t: number) => t * 10;
    expect(thin([0, 1, 2, 3, 4, 5, 6], x, 25)).toEqual([0, 4]);
    expect(thin([0, 1, 2, 3, 4], x, 10)).toEqual([0, 1, 2, 3, 4]);
  });
});
