import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from '../../src/engine/sim/event-queue';

describe('EventQueue', () => {
  it('pops by time, then by the order events were pushed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const q = new EventQueue();
        const out: [number, number][] = [];
        times.forEach((t, i) => q.push(t, () => out.push([t, i])));
        while (q.size) q.pop()!.run();
        const expected = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(out).toEqual(expected);
      }),
    );
  });

  it('is empty after popping everything', () => {
    const q = new EventQueue();
    q.push(5, () => {});
    expect(q.peekTime()).toBe(5);
    q.pop();
    expect(q.pop()).toBeUndefined();
    expect(q.peekTime()).toBeUndefined();
  });
});
