// Cost maths: busy intervals rebuilt from the trace must agree with the engine's own
// link counters and with the link formula (serialisation at bandwidth + latency).
import { describe, expect, it } from 'vitest';
import type { DeviceType } from '../../src/engine/sim/device';
import { loadScenarioOrThrow } from '../../src/engine/scenario/load';
import { runScenario } from '../../src/engine/sim/simulator';
import { wireBytes } from '../../src/engine/sim/links';
import { bitsPerDirection, busyIntervals } from '../../src/views/vepa/cost/link-busy';
import { utilisation } from '../../src/views/vepa/cost/utilisation';
import { costSummary } from '../../src/views/vepa/cost/metrics';
import { mapCursor } from '../../src/views/vepa/cost/cursor-map';
import { bars } from '../../src/views/vepa/cost/chart-geometry';

// A sender that originates `n` frames of `len` bytes at once, and a sink that delivers.
const blaster: DeviceType<{ fwd: boolean }> = {
  type: 'test-blaster',
  summary: 'test',
  readConfig: (r) => ({ fwd: r.at('fwd').boolean({ default: false }) ?? false }),
  ports: () => ['a', 'b'],
  create: (id, c) => ({
    id,
    ports: ['a', 'b'],
    command(_n, args, ctx) {
      for (let i = 0; i < (args.n as number); i++)
        ctx.send('a', new Uint8Array(args.len as number), { decision: 'send', source: 'test' });
    },
    receive(port, p, ctx) {
      if (c.fwd) ctx.send(port === 'a' ? 'b' : 'a', p.bytes, { decision: 'fwd', source: 'test' }, p);
      else ctx.deliver(p, { decision: 'got it', source: 'test' });
    },
  }),
  commands: { send: () => {} },
};
const types = new Map<string, DeviceType>([[blaster.type, blaster as DeviceType]]);

function run(n: number, len: number, bandwidth = '100Mbit', latency = '10us') {
  const s = loadScenarioOrThrow(
    {
      name: 't',
      nodes: [
        { id: 'h', type: 'test-blaster' },
        { id: 'sw', type: 'test-blaster', config: { fwd: true } },
        { id: 'k', type: 'test-blaster' },
      ],
      links: [
        { id: 'up', a: 'h:a', b: 'sw:a', bandwidth, latency },
        { id: 'down', a: 'sw:b', b: 'k:a', bandwidth: '1Gbit', latency: '1us' },
      ],
      traffic: [{ at: 0, node: 'h', command: 'send', args: { n, len } }],
    },
    types,
  );
  return runScenario(s, types);
}

describe('link busy intervals', () => {
  it('equal the engine link counters bit for bit', () => {
    const t = run(5, 200);
    const bits = bitsPerDirection(busyIntervals(t));
    expect(bits.get('up|h:a')).toBe(t.counters['link:up']['bits h:a']);
    expect(bits.get('down|sw:b')).toBe(t.counters['link:down']['bits sw:b']);
    expect(bits.get('up|h:a')).toBe(5 * wireBytes(200) * 8);
  });
  it('serialise back to back at the link bandwidth', () => {
    const busy = busyIntervals(run(3, 100)).filter((b) => b.link === 'up');
    const ser = (wireBytes(100) * 8 * 1e9) / 100e6; // 9920 ns at 100 Mbit/s
    expect(busy.map((b) => [b.start, b.end])).toEqual([
      [0, ser],
      [ser, 2 * ser],
      [2 * ser, 3 * ser],
    ]);
  });
});

describe('utilisation', () => {
  it('is 1 while the link is saturated and the busy time is conserved', () => {
    const t = run(10, 1000);
    const ser = Math.round((wireBytes(1000) * 8 * 1e9) / 100e6);
    const series = utilisation(busyIntervals(t), 20 * ser, 20);
    const up = series.find((s) => s.key === 'up|h:a')!;
    expect(up.points.slice(0, 10).every((p) => Math.abs(p.util - 1) < 1e-9)).toBe(true);
    expect(up.points.slice(10).every((p) => p.util === 0)).toBe(true);
    expect(up.mean).toBeCloseTo(0.5, 9);
  });
});

describe('cost summary', () => {
  it('latency = serialisation + propagation on each link; two crossings per frame', () => {
    const t = run(1, 60);
    const c = costSummary(t);
    const ser = (bw: number) => Math.round((wireBytes(60) * 8 * 1e9) / bw);
    expect(c.deliveries).toHaveLength(1);
    expect(c.deliveries[0].latency).toBe(ser(100e6) + 10_000 + ser(1e9) + 1_000);
    expect(c.deliveries[0].crossings).toBe(2);
    expect(costSummary(t, ['up']).wireCrossings).toBe(1);
  });
});

describe('cursor mapping', () => {
  it('maps by time to the last step at or before, and by ratio proportionally', () => {
    const a = run(2, 60);
    const b = run(4, 60);
    const i = a.steps.length - 1;
    const j = mapCursor(a, b, i, 'time');
    expect(b.steps[j].time).toBeLessThanOrEqual(a.steps[i].time);
    if (j + 1 < b.steps.length) expect(b.steps[j + 1].time).toBeGreaterThan(a.steps[i].time);
    expect(mapCursor(a, b, i, 'ratio')).toBe(b.steps.length - 1);
    expect(mapCursor(a, b, -1, 'time')).toBe(-1);
  });
});

describe('cost bars', () => {
  it('scale each value to the longest bar and keep the order', () => {
    const b = bars([
      { label: 'bridge', value: 0 },
      { label: 'vepa', value: 2 },
      { label: 'none', value: 1 },
    ]);
    expect(b.map((x) => x.label)).toEqual(['bridge', 'vepa', 'none']);
    expect(b[0].w).toBe(0);
    expect(b[2].w).toBeCloseTo(b[1].w / 2, 9);
    expect(b[0].y).toBeLessThan(b[1].y);
  });
});

describe('cost bars with a missing value', () => {
  it('draw no bar for NaN (a run with nothing to measure)', () => {
    const b = bars([
      { label: 'a', value: NaN },
      { label: 'b', value: 3 },
    ]);
    expect(b[0].w).toBe(0);
    expect(b[1].w).toBeGreaterThan(0);
  });
});
