// The growable columns the step store is built on: typed arrays that grow without losing
// what they hold, chunked reference columns that index across chunk boundaries, and a
// string table that names each distinct string by one stable number.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CHUNK,
  Chunked,
  chunksOf,
  ensure,
  F64Column,
  I32Column,
  StringTable,
  U8Column,
} from '../../src/engine/sim/columns';

describe('ensure', () => {
  it('returns the same array when it is already long enough', () => {
    const a = new Int32Array([1, 2, 3]);
    expect(ensure(a, 0)).toBe(a);
    expect(ensure(a, 3)).toBe(a);
  });

  it('grows to at least the need (doubling), keeping the type and the contents', () => {
    const a = Float64Array.from([1.5, -2, 3e9, Number.MAX_SAFE_INTEGER]);
    const b = ensure(a, 5);
    expect(b).not.toBe(a);
    expect(b).toBeInstanceOf(Float64Array);
    expect(b.length).toBe(8);
    expect(Array.from(b.subarray(0, 4))).toEqual([1.5, -2, 3e9, Number.MAX_SAFE_INTEGER]);
    expect(Array.from(b.subarray(4))).toEqual([0, 0, 0, 0]);

    const c = ensure(new Uint8Array([7, 255]), 100);
    expect(c).toBeInstanceOf(Uint8Array);
    expect(c.length).toBe(100);
    expect(c[0]).toBe(7);
    expect(c[1]).toBe(255);
  });

  it('grows an empty array', () => {
    const b = ensure(new Int32Array(0), 3);
    expect(b).toBeInstanceOf(Int32Array);
    expect(b.length).toBeGreaterThanOrEqual(3);
  });

  it('keeps every element over many successive growths (Int32 sign kept)', () => {
    let a = new Int32Array(1);
    for (let i = 0; i < 5000; i++) {
      a = ensure(a, i + 1);
      a[i] = i % 2 === 0 ? -i - 1 : i;
    }
    expect(a.length).toBeGreaterThanOrEqual(5000);
    for (let i = 0; i < 5000; i++) expect(a[i]).toBe(i % 2 === 0 ? -i - 1 : i);
  });
});

describe('Chunked', () => {
  it('returns every one of 10,000 pushed values, across the 4,096 chunk boundaries', () => {
    const c = new Chunked<{ n: number }>();
    const values = Array.from({ length: 10_000 }, (_, n) => ({ n }));
    for (const v of values) c.push(v);
    expect(c.length).toBe(10_000);
    for (let i = 0; i < values.length; i++) {
      if (c.get(i) !== values[i]) expect.fail(`get(${i}) returned ${JSON.stringify(c.get(i))}`);
    }
    // Right at the boundaries.
    for (const i of [4095, 4096, 4097, 8191, 8192, 9999]) expect(c.get(i)).toBe(values[i]);
  });

  it('set(i) replaces exactly one value, in any chunk', () => {
    const c = new Chunked<number>();
    for (let i = 0; i < 10_000; i++) c.push(i);
    for (const i of [0, 4095, 4096, 8191, 8192, 9999]) c.set(i, -i - 1);
    expect(c.length).toBe(10_000);
    for (let i = 0; i < 10_000; i++) {
      const want = [0, 4095, 4096, 8191, 8192, 9999].includes(i) ? -i - 1 : i;
      if (c.get(i) !== want) expect.fail(`get(${i}) is ${c.get(i)}, want ${want}`);
    }
  });

  it('keeps undefined and null as values (they count in length)', () => {
    const c = new Chunked<string | undefined | null>();
    c.push(undefined);
    c.push(null);
    c.push('x');
    expect(c.length).toBe(3);
    expect(c.get(0)).toBeUndefined();
    expect(c.get(1)).toBeNull();
    expect(c.get(2)).toBe('x');
  });

  it('behaves like a plain array for any sequence of pushes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(undefined)), { maxLength: 9000, size: 'max' }),
        (vs) => {
          const c = new Chunked<unknown>();
          const plain: unknown[] = [];
          for (const v of vs) {
            c.push(v);
            plain.push(v);
            expect(c.length).toBe(plain.length);
          }
          for (let i = 0; i < plain.length; i++) if (!Object.is(c.get(i), plain[i])) return false;
          return true;
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('StringTable', () => {
  it('gives the same id for the same string and distinct ids for distinct strings', () => {
    const t = new StringTable();
    const a = t.id('br0');
    const b = t.id('h1');
    expect(t.id('br0')).toBe(a);
    expect(t.id('h1')).toBe(b);
    expect(a).not.toBe(b);
    expect(t.id('')).not.toBe(a);
    expect(t.id('')).toBe(t.id(''));
  });

  it('at(id) returns the string, at(-1) undefined', () => {
    const t = new StringTable();
    const words = ['L2', 'eth0', '', 'br_forward', 'L2 ', 'eth0'];
    const ids = words.map((w) => t.id(w));
    words.forEach((w, i) => expect(t.at(ids[i])).toBe(w));
    expect(t.at(-1)).toBeUndefined();
    // Ids are non-negative, so none collides with "none".
    for (const id of ids) expect(id).toBeGreaterThanOrEqual(0);
  });

  it('round-trips any strings (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 200 }), (ss) => {
        const t = new StringTable();
        const ids = ss.map((s) => t.id(s));
        ss.forEach((s, i) => expect(t.at(ids[i])).toBe(s));
        expect(new Set(ids).size).toBe(new Set(ss).size);
      }),
      { numRuns: 100 },
    );
  });
});

describe('typed columns', () => {
  it('keep every value across chunk boundaries, flatten to one array and read it back in place', () => {
    const n = 2 * CHUNK + 5;
    const f = new F64Column();
    const i = new I32Column();
    const u = new U8Column();
    for (let k = 0; k < n; k++) {
      f.push(k + 0.5);
      i.push(-k - 1);
      u.push(k & 0xff);
    }
    expect([f.length, i.length, u.length]).toEqual([n, n, n]);
    expect(f.chunks).toHaveLength(3);
    for (const k of [0, CHUNK - 1, CHUNK, 2 * CHUNK, n - 1]) {
      expect([f.get(k), i.get(k), u.get(k)]).toEqual([k + 0.5, -k - 1, k & 0xff]);
    }
    const flat = i.flat();
    expect(flat).toBeInstanceOf(Int32Array);
    expect(flat.length).toBe(n);
    expect(flat[n - 1]).toBe(-n);
    const back = I32Column.over(flat);
    expect(back.length).toBe(n);
    for (let k = 0; k < n; k++) if (back.get(k) !== -k - 1) expect.fail(`over: get(${k}) is ${back.get(k)}`);
    back.set(CHUNK, 7);
    expect(flat[CHUNK]).toBe(7); // in place: a view, not a copy
    expect(F64Column.over(f.flat()).get(n - 1)).toBe(n - 0.5);
    expect(U8Column.over(u.flat()).get(CHUNK + 1)).toBe((CHUNK + 1) & 0xff);
  });

  it('empty columns flatten to empty arrays', () => {
    expect(new F64Column().flat()).toEqual(new Float64Array(0));
    expect(chunksOf(new Int32Array(0))).toEqual([]);
  });
});
