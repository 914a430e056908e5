// The bridge's forwarding database on its own: learning (new, refreshed, moved), ageing
// on lookup, flushing one port, and VLANs as independent tables. A fake context stands
// in for the simulator: a settable clock and a log of the state it is told to set.
import { describe, expect, it } from 'vitest';
import { Fdb } from '../../src/engine/devices/bridge/fdb';
import type { DeviceContext } from '../../src/engine/sim/device';

interface FakeCtx {
  now: number;
  sets: [string, unknown][];
  ctx: DeviceContext;
}

function fakeCtx(): FakeCtx {
  const f: FakeCtx = { now: 0, sets: [], ctx: undefined as unknown as DeviceContext };
  f.ctx = {
    get now() {
      return f.now;
    },
    node: 'br0',
    set: (key: string, value: unknown) => void f.sets.push([key, value]),
  } as unknown as DeviceContext;
  return f;
}

const A = '02:00:00:00:00:0a';
const B = '02:00:00:00:00:0b';
const C = '02:00:00:00:00:0c';
const AGE = 300e9;

describe('Fdb.learn', () => {
  it('learns a new entry and publishes it under fdb/<mac>@<vid>', () => {
    const f = fakeCtx();
    const fdb = new Fdb(AGE);
    expect(fdb.learn(A, 0, 'p1', f.ctx)).toEqual({ result: 'new' });
    expect(f.sets).toEqual([[`fdb/${A}@0`, 'p1']]);
    expect(fdb.lookup(A, 0, f.ctx).port).toBe('p1');
  });

  it('refreshes on the same port without publishing anything, and restarts the ageing clock', () => {
    const f = fakeCtx();
    const fdb = new Fdb(1000);
    fdb.learn(A, 0, 'p1', f.ctx);
    f.now = 900;
    expect(fdb.learn(A, 0, 'p1', f.ctx)).toEqual({ result: 'refreshed' });
    expect(f.sets).toHaveLength(1);
    // 1,500 ns after learning but 600 after the refresh: still there.
    f.now = 1500;
    expect(fdb.lookup(A, 0, f.ctx)).toMatchObject({ port: 'p1' });
    expect(fdb.lookup(A, 0, f.ctx).expired).toBeUndefined();
  });

  it('moves an entry to the port the MAC shows up on, saying where from', () => {
    const f = fakeCtx();
    const fdb = new Fdb(AGE);
    fdb.learn(A, 0, 'p1', f.ctx);
    expect(fdb.learn(A, 0, 'p2', f.ctx)).toEqual({ result: 'moved', from: 'p1' });
    expect(f.sets).toEqual([
      [`fdb/${A}@0`, 'p1'],
      [`fdb/${A}@0`, 'p2'],
    ]);
    expect(fdb.lookup(A, 0, f.ctx).port).toBe('p2');
    // Moving back reports the port it moved from this time.
    expect(fdb.learn(A, 0, 'p1', f.ctx)).toEqual({ result: 'moved', from: 'p2' });
  });

  it('learns nothing with ageing 0 (learning off)', () => {
    const f = fakeCtx();
    const fdb = new Fdb(0);
    expect(fdb.learn(A, 0, 'p1', f.ctx)).toEqual({ result: 'off' });
    expect(f.sets).toEqual([]);
    expect(fdb.lookup(A, 0, f.ctx).port).toBeUndefined();
  });
});

describe('Fdb.lookup', () => {
  it('misses an unknown MAC without touching state', () => {
    const f = fakeCtx();
    const fdb = new Fdb(AGE);
    const r = fdb.lookup(A, 0, f.ctx);
    expect(r.port).toBeUndefined();
    expect(r.expired).toBeUndefined();
    expect(f.sets).toEqual([]);
  });

  it('returns an aged entry as expired, removes it, and then misses', () => {
    const f = fakeCtx();
    const fdb = new Fdb(1000);
    f.now = 50;
    fdb.learn(A, 0, 'p3', f.ctx);
    f.now = 1049; // 999 ns old: still valid
    expect(fdb.lookup(A, 0, f.ctx).port).toBe('p3');
    f.now = 5000;
    const r = fdb.lookup(A, 0, f.ctx);
    expect(r.port).toBeUndefined();
    expect(r.expired).toMatchObject({ port: 'p3', updated: 50, key: `${A}@0` });
    expect(f.sets).toEqual([
      [`fdb/${A}@0`, 'p3'],
      [`fdb/${A}@0`, undefined],
    ]);
    const again = fdb.lookup(A, 0, f.ctx);
    expect(again.port).toBeUndefined();
    expect(again.expired).toBeUndefined();
    expect(f.sets).toHaveLength(2);
    // Learning it again afterwards is "new", not "moved" or "refreshed".
    expect(fdb.learn(A, 0, 'p1', f.ctx)).toEqual({ result: 'new' });
  });

  it('counts an entry exactly as old as the ageing time as expired (has_expired: time_before_eq)', () => {
    const f = fakeCtx();
    const fdb = new Fdb(1000);
    fdb.learn(A, 0, 'p1', f.ctx);
    f.now = 999;
    expect(fdb.lookup(A, 0, f.ctx).port).toBe('p1');
    f.now = 1000;
    expect(fdb.lookup(A, 0, f.ctx).expired).toMatchObject({ port: 'p1', updated: 0 });
  });

  it('ages only the entry looked up; others stay until they are looked up', () => {
    const f = fakeCtx();
    const fdb = new Fdb(1000);
    fdb.learn(A, 0, 'p1', f.ctx);
    f.now = 800;
    fdb.learn(B, 0, 'p2', f.ctx);
    f.now = 1500;
    expect(fdb.lookup(A, 0, f.ctx).expired).toBeDefined();
    expect(fdb.lookup(B, 0, f.ctx).port).toBe('p2');
    expect(f.sets.filter(([, v]) => v === undefined)).toEqual([[`fdb/${A}@0`, undefined]]);
  });
});

describe('Fdb.flushPort', () => {
  it("forgets only that port's entries, recording the removals in the order learned", () => {
    const f = fakeCtx();
    const fdb = new Fdb(AGE);
    fdb.learn(C, 0, 'p1', f.ctx);
    fdb.learn(A, 0, 'p2', f.ctx);
    fdb.learn(B, 5, 'p1', f.ctx);
    fdb.learn(A, 0, 'p2', f.ctx); // refresh: does not change the order
    fdb.learn(A, 7, 'p1', f.ctx);
    f.sets.length = 0;

    expect(fdb.flushPort('p1', f.ctx)).toBe(3);
    expect(f.sets).toEqual([
      [`fdb/${C}@0`, undefined],
      [`fdb/${B}@5`, undefined],
      [`fdb/${A}@7`, undefined],
    ]);
    expect(fdb.lookup(C, 0, f.ctx).port).toBeUndefined();
    expect(fdb.lookup(B, 5, f.ctx).port).toBeUndefined();
    expect(fdb.lookup(A, 7, f.ctx).port).toBeUndefined();
    expect(fdb.lookup(A, 0, f.ctx).port).toBe('p2');

    // Nothing left on p1; p2's entry goes on its own flush.
    f.sets.length = 0;
    expect(fdb.flushPort('p1', f.ctx)).toBe(0);
    expect(f.sets).toEqual([]);
    expect(fdb.flushPort('p2', f.ctx)).toBe(1);
    expect(f.sets).toEqual([[`fdb/${A}@0`, undefined]]);
  });

  it('flushes an entry that moved onto the port, and not one that moved away', () => {
    const f = fakeCtx();
    const fdb = new Fdb(AGE);
    fdb.learn(A, 0, 'p1', f.ctx);
    fdb.learn(B, 0, 'p2', f.ctx);
    fdb.learn(A, 0, 'p2', f.ctx); // A moves p1 -> p2
    fdb.learn(B, 0, 'p1', f.ctx); // B moves p2 -> p1
    f.sets.length = 0;
    expect(fdb.flushPort('p1', f.ctx)).toBe(1);
    expect(f.sets).toEqual([[`fdb/${B}@0`, undefined]]);
    expect(fdb.lookup(A, 0, f.ctx).port).toBe('p2');
  });

  it('parses keys back correctly for removal (a later lookup of a flushed entry misses)', () => {
    const f = fakeCtx();
    const fdb = new Fdb(AGE);
    fdb.learn(A, 4094, 'p9', f.ctx);
    fdb.flushPort('p9', f.ctx);
    // Relearning on another port must be "new": the per-VLAN table no longer holds it.
    expect(fdb.learn(A, 4094, 'p1', f.ctx)).toEqual({ result: 'new' });
  });
});

describe('Fdb VLANs', () => {
  it('keeps the same MAC in two VLANs as independent entries', () => {
    const f = fakeCtx();
    const fdb = new Fdb(1000);
    expect(fdb.learn(A, 10, 'p1', f.ctx)).toEqual({ result: 'new' });
    f.now = 600;
    expect(fdb.learn(A, 20, 'p2', f.ctx)).toEqual({ result: 'new' });
    expect(f.sets).toEqual([
      [`fdb/${A}@10`, 'p1'],
      [`fdb/${A}@20`, 'p2'],
    ]);
    expect(fdb.lookup(A, 10, f.ctx).port).toBe('p1');
    expect(fdb.lookup(A, 20, f.ctx).port).toBe('p2');
    expect(fdb.lookup(A, 30, f.ctx).port).toBeUndefined();

    // Learning on one VLAN neither moves nor refreshes the other.
    expect(fdb.learn(A, 10, 'p1', f.ctx)).toEqual({ result: 'refreshed' });
    f.now = 1500; // VLAN 10 refreshed at 600 (900 old); VLAN 20 learned at 600 too
    expect(fdb.lookup(A, 10, f.ctx).port).toBe('p1');
    expect(fdb.learn(A, 20, 'p3', f.ctx)).toEqual({ result: 'moved', from: 'p2' });
    expect(fdb.lookup(A, 10, f.ctx).port).toBe('p1');

    // Ageing one out leaves the other.
    f.now = 1700; // VLAN 10 is 1,100 old, VLAN 20 only 200
    expect(fdb.lookup(A, 10, f.ctx).expired).toBeDefined();
    expect(fdb.lookup(A, 20, f.ctx).port).toBe('p3');

    // Flushing a port removes only the VLAN whose entry is on it.
    fdb.learn(A, 10, 'p1', f.ctx);
    f.sets.length = 0;
    fdb.flushPort('p3', f.ctx);
    expect(f.sets).toEqual([[`fdb/${A}@20`, undefined]]);
    expect(fdb.lookup(A, 10, f.ctx).port).toBe('p1');
  });
});
