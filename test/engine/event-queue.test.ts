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

  it('runs a batch (pushMany) in the same order as pushing its events one by one, among other events', () => {
    const op = fc.oneof(
      fc.record({ one: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ many: fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 30 }) }),
    );
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 10 }),
        (ops, later) => {
          const ref = new EventQueue();
          const q = new EventQueue();
          const got: string[] = [];
          const want: string[] = [];
          ops.forEach((o, k) => {
            if ('one' in o) {
              ref.push(o.one, () => want.push(`${k}`));
              q.push(o.one, () => got.push(`${k}`));
            } else {
              o.many.forEach((t, i) => ref.push(t, () => want.push(`${k}.${i}`)));
              q.pushMany(o.many, (i) => got.push(`${k}.${i}`));
            }
          });
          // Events pushed while running land among the rest by (time, seq) in both queues.
          const drain = (queue: EventQueue, out: string[]) => {
            let n = 0;
            while (queue.size) {
              const ev = queue.pop()!;
              expect(queue.peekTime() ?? Infinity).toBeGreaterThanOrEqual(ev.time);
              ev.run();
              const m = n;
              if (m < later.length) queue.push(ev.time + later[m], () => out.push(`late${m}`));
              n++;
            }
          };
          drain(ref, want);
          drain(q, got);
          expect(got).toEqual(want);
        },
      ),
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
