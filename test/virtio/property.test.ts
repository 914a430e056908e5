// Property: with coherence respected, no buffer is lost or delivered twice, and every
// frame arrives byte-identical, over long random runs in both directions and across the
// configuration space (queue size, layout, EVENT_IDX, indirect, coherent or not, cached
// or uncached window, mergeable receive buffers). And: each break switch does produce its failure on traffic that
// the unbroken model carries in full.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ops, run, scenario } from './helpers';

const frameItem = fc.record({
  node: fc.constantFrom('hoststack', 'agentstack'),
  at: fc.integer({ min: 15_000, max: 400_000 }),
  len: fc.integer({ min: 60, max: 1514 }),
  count: fc.integer({ min: 1, max: 6 }),
});

const config = fc.record({
  queueSize: fc.constantFrom(8, 16, 256),
  ringLayout: fc.constantFrom('legacy', 'modern'),
  eventIdx: fc.boolean(),
  indirect: fc.boolean(),
  coherent: fc.boolean(),
  agentWindow: fc.constantFrom('cached', 'uncached'),
  mrgRxbuf: fc.boolean(),
  hostRxBufLen: fc.constantFrom(256, 512, 1526),
  hostBuffersAt: fc.constantFrom(0x0020_0000, 0x5000_0000),
  initialIndex: fc.constantFrom(0, 0xfff0, 0xffff),
});

describe('accounting over random runs', () => {
  it('every frame is delivered exactly once and intact; nothing is garbage or clobbered', () => {
    fc.assert(
      fc.property(config, fc.array(frameItem, { minLength: 1, maxLength: 8 }), (cfg, items) => {
        const traffic = items.map((t) => ({
          at: t.at,
          node: t.node,
          command: 'xmit',
          args: { len: t.len, count: t.count },
        }));
        const { trace } = run(scenario(cfg, traffic));
        const total = items.reduce((s, t) => s + t.count, 0);
        expect(trace.fates.length).toBe(total);
        for (const f of trace.fates) {
          expect(f.delivered.length).toBe(1);
          expect(f.inFlight).toBe(0);
          expect(f.dropped).toEqual([]);
          expect(f.delivered[0].node).toBe(f.node === 'hoststack' ? 'agentstack' : 'hoststack');
        }
        expect(ops(trace, 'up').every((s) => s.detail!.intact === true)).toBe(true);
        expect(ops(trace, 'clobber')).toEqual([]);
        expect(ops(trace, 'garbage')).toEqual([]);
      }),
      { numRuns: 25, seed: 8 },
    );
  });
});

describe('each break produces its failure on random traffic', () => {
  const busy = fc
    .array(fc.integer({ min: 20_000, max: 200_000 }), { minLength: 6, maxLength: 12 })
    .map((ts) =>
      ts
        .sort((a, b) => a - b)
        .map((at, i) => ({ at: at + 7000 * i, node: 'hoststack', command: 'xmit', args: { len: 1514, count: 1 } })),
    );
  const cases: [string, Record<string, unknown>][] = [
    ['noCleanAvail', { eventIdx: true, breaks: { noCleanAvail: true } }],
    ['noCleanDesc', { breaks: { noCleanDesc: true } }],
    ['noInvalidateUsed', { breaks: { noInvalidateUsed: true } }],
    ['noInvalidateAvail', { eventIdx: true, breaks: { noInvalidateAvail: true } }],
  ];
  it.each(cases)('%s loses frames that the unbroken model delivers', (_name, cfg) => {
    fc.assert(
      fc.property(busy, (traffic) => {
        const ok = run(scenario({ eventIdx: cfg.eventIdx === true }, traffic)).trace;
        expect(ok.fates.every((f) => f.delivered.length === 1)).toBe(true);
        const broken = run(scenario(cfg, traffic)).trace;
        expect(broken.fates.some((f) => f.delivered.length !== 1)).toBe(true);
      }),
      { numRuns: 8, seed: 3 },
    );
  });
});

describe('regressions found by the property', () => {
  it('an RX ring that runs dry under EVENT_IDX re-arms avail_event, so the refill kicks the device (vhost_enable_notify)', () => {
    const cfg = { queueSize: 8, eventIdx: true, mrgRxbuf: true, hostRxBufLen: 256 };
    const { trace } = run(
      scenario(cfg, [{ at: 15000, node: 'agentstack', command: 'xmit', args: { len: 1013, count: 2 } }]),
    );
    expect(trace.fates.map((f) => f.delivered.length)).toEqual([1, 1]);
    expect(ops(trace, 'wait-rx').length).toBeGreaterThan(0);
    expect(ops(trace, 'notify-enable').some((s) => s.detail?.queue === 'host.rx')).toBe(true);
  });
});
