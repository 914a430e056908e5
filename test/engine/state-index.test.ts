// Seeking: state at any step equals replaying every change from the start, whatever the
// snapshot spacing, so jumping around a long trace is exact as well as fast.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StateIndex } from '../../src/engine/sim/state-index';
import { run, star } from '../helpers/run';
import type { Trace } from '../../src/engine/sim/types';

function replay(t: Trace, upTo: number): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (let i = 0; i <= upTo; i++)
    for (const c of t.steps[i].changes ?? []) c.after === undefined ? m.delete(c.key) : m.set(c.key, c.after);
  return m;
}

describe('StateIndex', () => {
  const trace = run(
    star(
      5,
      {
        traffic: [1, 2, 3, 4, 5].map((i) => ({
          at: i * 1000,
          node: `h${i}`,
          command: 'ping',
          args: { dst: `10.0.0.${(i % 5) + 1}`, count: 3, interval: '10us' },
        })),
        faults: [{ at: '40us', link: 'l3', action: 'down' }],
      },
      { ageing: '30us' },
    ),
  );

  it('matches a full replay at every step, for several snapshot spacings', () => {
    expect(trace.steps.length).toBeGreaterThan(50);
    for (const every of [1, 7, 64, 512]) {
      const idx = new StateIndex(trace, every);
      fc.assert(
        fc.property(fc.integer({ min: -1, max: trace.steps.length - 1 }), (i) => {
          expect(idx.at(i)).toEqual(i < 0 ? new Map() : replay(trace, i));
        }),
        { numRuns: 200 },
      );
    }
  });

  it('clamps out-of-range cursors and filters by prefix', () => {
    const idx = new StateIndex(trace, 16);
    expect(idx.at(10_000_000)).toEqual(replay(trace, trace.steps.length - 1));
    expect(idx.at(-5)).toEqual(new Map());
    const fdb = idx.under(trace.steps.length - 1, 'br0/fdb/');
    for (const k of Object.keys(fdb)) expect(k).toMatch(/^02:00:00:00:00:0\d@0$/);
  });

  it('sees an entry removed when its port goes down', () => {
    const idx = new StateIndex(trace, 32);
    const down = trace.steps.findIndex((s) => s.kind === 'fault');
    expect(down).toBeGreaterThan(0);
    const after = idx.under(trace.steps.length - 1, 'br0/fdb/');
    expect(Object.values(after)).not.toContain('p3');
  });
});
