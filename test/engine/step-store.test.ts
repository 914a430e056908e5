// The columnar step store: what is pushed comes back from step(i) field for field, state
// changes belong to the step pushed after them, and deferred decisions are worded only
// when read, from their argument and the step's facts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StepStore } from '../../src/engine/sim/step-store';
import { later, type Explain, type StepFacts } from '../../src/engine/sim/device';
import type { LinkSpec } from '../../src/engine/sim/links';
import type { StepKind } from '../../src/engine/sim/types';

const link = (id: string, a: string, b: string): LinkSpec => {
  const [an, ap] = a.split(':');
  const [bn, bp] = b.split(':');
  return {
    id,
    a: { node: an, port: ap },
    b: { node: bn, port: bp },
    bandwidthBps: 1e9,
    latencyNs: 1000,
    loss: 0,
    duplicate: 0,
    jitterNs: 0,
  };
};
const LINKS = [link('l1', 'h1:eth0', 'br0:p1'), link('l2', 'h2:eth0', 'br0:p2')];
const FRAMES = [Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5, 6, 7)];

/** Set a state key through the store's change log (what TraceBuilder.setState does). */
const change = (s: StepStore, key: string, after: unknown): boolean => s.log.set(s.log.keyId(key), after);

/** Push with defaults for the numbers; override what a test cares about. */
function push(
  s: StepStore,
  e: Explain,
  o: Partial<{
    time: number;
    node: string;
    port: string;
    kind: StepKind;
    pid: number;
    origin: number;
    parent: number;
    frame: number;
    link: number;
    fromA: boolean;
    arrives: number;
  }> = {},
): number {
  return s.push(
    o.time ?? 0,
    o.node ?? 'n',
    'port' in o ? o.port : 'eth0',
    o.kind ?? 'decide',
    e,
    o.pid ?? 0,
    o.origin ?? 0,
    o.parent ?? -1,
    o.frame ?? -1,
    o.link ?? -1,
    o.fromA ?? false,
    o.arrives ?? 0,
  );
}

describe('StepStore.step', () => {
  it('returns every field that was pushed', () => {
    const s = new StepStore();
    const reads = ['eth.dst', 'vlan[0].vid'];
    const readBytes = [{ start: 0, end: 6 }];
    const detail = { row: 3, why: 'match' };
    const i = s.push(
      1234.5,
      'br0',
      'p1',
      'forward',
      { decision: 'sent on', source: 'br_forward', layer: 'L3', reads, readBytes, detail },
      7,
      5,
      6,
      1,
      1,
      true,
      9999,
    );
    expect(i).toBe(0);
    expect(s.length).toBe(1);
    expect(s.step(0, FRAMES, LINKS)).toEqual({
      index: 0,
      time: 1234.5,
      node: 'br0',
      port: 'p1',
      layer: 'L3',
      kind: 'forward',
      decision: 'sent on',
      source: 'br_forward',
      packet: { pid: 7, origin: 5, parent: 6 },
      frame: 1,
      reads,
      readBytes,
      changes: undefined,
      link: { id: 'l2', from: { node: 'h2', port: 'eth0' }, to: { node: 'br0', port: 'p2' }, arrives: 9999 },
      detail,
    });
  });

  it('fills defaults: layer L2, no port, parent null, no frame, no link, empty reads as undefined', () => {
    const s = new StepStore();
    push(
      s,
      { decision: 'd', source: 's', reads: [], readBytes: [] },
      { port: undefined, pid: 3, origin: 3, parent: -1, frame: -1, link: -1 },
    );
    const st = s.step(0, FRAMES, LINKS);
    expect(st.layer).toBe('L2');
    expect(st.port).toBeUndefined();
    expect(st.packet).toEqual({ pid: 3, origin: 3, parent: null });
    expect(st.frame).toBeUndefined();
    expect(st.link).toBeUndefined();
    expect(st.reads).toBeUndefined();
    expect(st.readBytes).toBeUndefined();
    expect(st.detail).toBeUndefined();
    expect(st.changes).toBeUndefined();
  });

  it('keeps frame 0 and parent 0 (not mistaken for none); pid 0 means no packet', () => {
    const s = new StepStore();
    push(s, { decision: 'd', source: 's' }, { pid: 9, origin: 1, parent: 0, frame: 0 });
    push(s, { decision: 'd', source: 's' }, { pid: 0 });
    expect(s.step(0, FRAMES, LINKS).frame).toBe(0);
    expect(s.step(0, FRAMES, LINKS).packet).toEqual({ pid: 9, origin: 1, parent: 0 });
    expect(s.step(1, FRAMES, LINKS).packet).toBeUndefined();
  });

  it('names the link ends by direction: fromA true is a->b, false is b->a', () => {
    const s = new StepStore();
    push(s, { decision: 'tx', source: 's' }, { kind: 'transmit', link: 0, fromA: true, arrives: 100 });
    push(s, { decision: 'tx', source: 's' }, { kind: 'transmit', link: 0, fromA: false, arrives: 200 });
    expect(s.step(0, FRAMES, LINKS).link).toEqual({
      id: 'l1',
      from: { node: 'h1', port: 'eth0' },
      to: { node: 'br0', port: 'p1' },
      arrives: 100,
    });
    expect(s.step(1, FRAMES, LINKS).link).toEqual({
      id: 'l1',
      from: { node: 'br0', port: 'p1' },
      to: { node: 'h1', port: 'eth0' },
      arrives: 200,
    });
  });

  it('attaches changes to the next step pushed, in order, with before and after', () => {
    const s = new StepStore();
    change(s, 'br0/fdb/a@0', 'p1');
    change(s, 'br0/fdb/b@0', 'p2');
    expect(s.hasPending()).toBe(true);
    expect(s.pendingKeys()).toEqual(['br0/fdb/a@0', 'br0/fdb/b@0']);
    push(s, { decision: 'first', source: 's' });
    expect(s.hasPending()).toBe(false);
    expect(s.pendingKeys()).toEqual([]);
    push(s, { decision: 'second (no changes)', source: 's' });
    expect(change(s, 'br0/fdb/b@0', 'p2')).toBe(false); // the same value again: no change
    change(s, 'br0/fdb/a@0', undefined);
    expect(s.pendingKeys()).toEqual(['br0/fdb/a@0']);
    push(s, { decision: 'third', source: 's' });

    expect(s.step(0, FRAMES, LINKS).changes).toEqual([
      { key: 'br0/fdb/a@0', before: undefined, after: 'p1' },
      { key: 'br0/fdb/b@0', before: undefined, after: 'p2' },
    ]);
    expect(s.step(1, FRAMES, LINKS).changes).toBeUndefined();
    expect(s.step(2, FRAMES, LINKS).changes).toEqual([{ key: 'br0/fdb/a@0', before: 'p1', after: undefined }]);

    const cols = s.changes();
    expect(cols.steps).toBe(3);
    expect([0, 1, 2].map((i) => cols.end(i))).toEqual([2, 2, 3]);
    expect(cols.keyCount).toBe(2);
    expect([0, 1, 2].map((c) => [cols.keyName(cols.keyOf(c)), cols.after(c)])).toEqual([
      ['br0/fdb/a@0', 'p1'],
      ['br0/fdb/b@0', 'p2'],
      ['br0/fdb/a@0', undefined],
    ]);
  });

  it('keeps what the steps of one packet copy share once, and a step that differs keeps its own', () => {
    const s = new StepStore();
    push(
      s,
      { decision: 'tx', source: 's' },
      { kind: 'transmit', pid: 7, origin: 3, parent: 2, frame: 1, link: 0, fromA: true, arrives: 50 },
    );
    push(s, { decision: 'rx', source: 's' }, { kind: 'receive', pid: 7, origin: 3, parent: 2, frame: 1 });
    push(s, { decision: 'odd', source: 's' }, { kind: 'drop', pid: 7, origin: 3, parent: 2, frame: 0 });
    push(
      s,
      { decision: 'again', source: 's' },
      { kind: 'transmit', pid: 7, origin: 3, parent: 2, frame: 1, link: 1, fromA: false, arrives: 60 },
    );
    push(s, { decision: 'no packet', source: 's' }, { pid: 0, frame: 1 });
    const st = [0, 1, 2, 3, 4].map((i) => s.step(i, FRAMES, LINKS));
    expect(st.map((x) => x.packet)).toEqual([...Array(4).fill({ pid: 7, origin: 3, parent: 2 }), undefined]);
    expect(st.map((x) => x.frame)).toEqual([1, 1, 0, 1, 1]);
    expect(st.map((x) => x.link?.arrives)).toEqual([50, undefined, undefined, 60, undefined]);
    expect(s.packets.toData().own.map(([i]) => i)).toEqual([2, 3, 4]);
  });

  it('has no pending changes when empty', () => {
    const s = new StepStore();
    expect(s.hasPending()).toBe(false);
    expect(s.pendingKeys()).toEqual([]);
  });

  it('accessors agree with step()', () => {
    const s = new StepStore();
    push(
      s,
      { decision: 'd', source: 's' },
      { time: 42, node: 'h2', port: 'eth1', kind: 'receive', pid: 11, origin: 4 },
    );
    expect(s.timeAt(0)).toBe(42);
    expect(s.nodeAt(0)).toBe('h2');
    expect(s.portAt(0)).toBe('eth1');
    expect(s.kindAt(0)).toBe('receive');
    expect(s.pidAt(0)).toBe(11);
    expect(s.originAt(0)).toBe(4);
  });

  it('keeps every step and change intact across the 16,384-entry chunks of the columns', () => {
    const s = new StepStore();
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      change(s, 'k', i);
      if (i % 3 === 0) change(s, `x${i}`, { i });
      push(
        s,
        { decision: `d${i}`, source: `src${i % 7}`, layer: i % 2 ? 'L3' : undefined },
        {
          time: i * 10,
          node: `n${i % 5}`,
          port: i % 4 === 0 ? undefined : `p${i % 4}`,
          pid: i + 1,
          origin: i,
          parent: i - 1,
          frame: i % 2,
          link: i % 2,
          fromA: i % 3 === 0,
          arrives: i + 0.5,
        },
      );
    }
    expect(s.length).toBe(n);
    for (let i = 0; i < n; i++) {
      const st = s.step(i, FRAMES, LINKS);
      const want = {
        index: i,
        time: i * 10,
        node: `n${i % 5}`,
        port: i % 4 === 0 ? undefined : `p${i % 4}`,
        layer: i % 2 ? 'L3' : 'L2',
        decision: `d${i}`,
        source: `src${i % 7}`,
        packet: { pid: i + 1, origin: i, parent: i === 0 ? null : i - 1 },
        frame: i % 2,
        changes: [
          { key: 'k', before: i === 0 ? undefined : i - 1, after: i },
          ...(i % 3 === 0 ? [{ key: `x${i}`, before: undefined, after: { i } }] : []),
        ],
        link: { id: LINKS[i % 2].id, arrives: i + 0.5, from: i % 3 === 0 ? LINKS[i % 2].a : LINKS[i % 2].b },
      };
      const got = {
        index: st.index,
        time: st.time,
        node: st.node,
        port: st.port,
        layer: st.layer,
        decision: st.decision,
        source: st.source,
        packet: st.packet,
        frame: st.frame,
        changes: st.changes,
        link: st.link && { id: st.link.id, arrives: st.link.arrives, from: st.link.from },
      };
      if (JSON.stringify(got) !== JSON.stringify(want)) expect(got).toEqual(want);
    }
  });

  it('returns what was pushed for random step sequences (property)', () => {
    const stepArb = fc.record({
      time: fc.double({ min: 0, max: 1e12, noNaN: true }),
      node: fc.constantFrom('h1', 'h2', 'br0'),
      port: fc.option(fc.constantFrom('eth0', 'p1', 'p2'), { nil: undefined }),
      kind: fc.constantFrom<StepKind>('inject', 'transmit', 'arrive', 'drop', 'deliver'),
      layer: fc.option(fc.constantFrom('L2' as const, 'L3' as const, 'L4' as const), { nil: undefined }),
      decision: fc.string(),
      pid: fc.nat(1e6),
      parent: fc.integer({ min: -1, max: 1e6 }),
      frame: fc.integer({ min: -1, max: 1 }),
      changes: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.option(fc.nat(), { nil: undefined })), {
        maxLength: 3,
      }),
    });
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        const s = new StepStore();
        // What the changes should be: a key set to what it already holds changes nothing.
        const state = new Map<string, unknown>();
        const want = steps.map((x) => {
          const out: { key: string; before: unknown; after: unknown }[] = [];
          for (const [key, after] of x.changes) {
            const before = state.get(key);
            if (before === after) continue;
            out.push({ key, before, after });
            if (after === undefined) state.delete(key);
            else state.set(key, after);
          }
          return out.length ? out : undefined;
        });
        for (const x of steps) {
          for (const [k, v] of x.changes) change(s, k, v);
          push(
            s,
            { decision: x.decision, source: 'src', layer: x.layer },
            {
              time: x.time,
              node: x.node,
              port: x.port,
              kind: x.kind,
              pid: x.pid,
              origin: x.pid,
              parent: x.parent,
              frame: x.frame,
            },
          );
        }
        steps.forEach((x, i) => {
          const st = s.step(i, FRAMES, LINKS);
          expect(st.time).toBe(x.time);
          expect(st.node).toBe(x.node);
          expect(st.port).toBe(x.port);
          expect(st.kind).toBe(x.kind);
          expect(st.layer).toBe(x.layer ?? 'L2');
          expect(st.decision).toBe(x.decision);
          expect(st.packet).toEqual(
            x.pid === 0 ? undefined : { pid: x.pid, origin: x.pid, parent: x.parent === -1 ? null : x.parent },
          );
          expect(st.frame).toBe(x.frame === -1 ? undefined : x.frame);
          expect(st.changes).toEqual(want[i]);
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('deferred decisions', () => {
  it('are worded only when read, from the argument and the step facts', () => {
    const s = new StepStore();
    const calls: { arg: { n: number }; at: StepFacts }[] = [];
    const words = (arg: { n: number }, at: StepFacts): string => {
      calls.push({ arg, at });
      return `n=${arg.n} at ${at.node}:${at.port} t=${at.time} len=${at.bytes?.length}`;
    };
    const arg = { n: 5 };
    push(s, { decision: later(words, arg), source: 's' }, { time: 77, node: 'h2', port: 'eth0', frame: 1 });
    push(s, { decision: later(words, { n: 6 }), source: 's' }, { time: 78, node: 'br0', port: undefined, frame: -1 });
    expect(calls).toHaveLength(0);

    expect(s.decisionAt(0, FRAMES)).toBe('n=5 at h2:eth0 t=77 len=4');
    expect(calls).toHaveLength(1);
    expect(calls[0].arg).toBe(arg);
    expect(calls[0].at).toEqual({ time: 77, node: 'h2', port: 'eth0', bytes: FRAMES[1] });
    expect(calls[0].at.bytes).toBe(FRAMES[1]);

    expect(s.step(1, FRAMES, LINKS).decision).toBe('n=6 at br0:undefined t=78 len=undefined');
    expect(calls).toHaveLength(2);
    expect(calls[1].at.bytes).toBeUndefined();
    expect(calls[1].at.port).toBeUndefined();

    // The store keeps the facts, not the words: a later read words them again, the same.
    expect(s.step(0, FRAMES, LINKS).decision).toBe('n=5 at h2:eth0 t=77 len=4');
    expect(calls).toHaveLength(3);
    expect(calls[2].arg).toBe(arg);
  });

  it('words from the frames given at the read (the index is stored, not the bytes)', () => {
    const s = new StepStore();
    push(
      s,
      { decision: later((_: undefined, at) => `first byte ${at.bytes![0]}`, undefined), source: 's' },
      { frame: 1 },
    );
    expect(s.decisionAt(0, [Uint8Array.of(0), Uint8Array.of(99)])).toBe('first byte 99');
    expect(s.decisionAt(0, FRAMES)).toBe('first byte 4');
  });

  it('makes the detail from the same facts when the explanation gives none', () => {
    const s = new StepStore();
    const detail = (n: number) => ({ traffic: n });
    push(s, { decision: later((n: number) => `#${n}`, 7, detail), source: 's' });
    push(s, { decision: later((n: number) => `#${n}`, 8, detail), source: 's', detail: { given: true } });
    expect(s.step(0, FRAMES, LINKS)).toMatchObject({ decision: '#7', detail: { traffic: 7 } });
    expect(s.step(1, FRAMES, LINKS)).toMatchObject({ decision: '#8', detail: { given: true } });
  });

  it('does not call a deferred function when other steps are read', () => {
    const s = new StepStore();
    let n = 0;
    push(s, { decision: later(() => `x${++n}`, undefined), source: 's' });
    push(s, { decision: 'plain', source: 's' });
    expect(s.step(1, FRAMES, LINKS).decision).toBe('plain');
    expect(s.changes().steps).toBe(2);
    expect(s.kindAt(0)).toBe('decide');
    expect(n).toBe(0);
  });
});
