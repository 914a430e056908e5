// Growable columns. A trace of a million frames has millions of steps; keeping their
// numbers in typed arrays instead of one object per step is what keeps a run's memory
// (and so its garbage collection) small. Columns grow in fixed chunks: growing never
// copies what is there, the last chunk is the only slack, and a column turns into one
// flat typed array (to send to another thread) and back into chunks that view it.

type Typed = Float64Array | Int32Array | Uint8Array;

/** `a`, or a copy at least `need` long (doubling), with the same contents. */
export function ensure<T extends Typed>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

export const CHUNK_BITS = 14;
/** Entries per chunk of a typed column (16,384: 64 to 128 KiB). */
export const CHUNK = 1 << CHUNK_BITS;
export const CHUNK_MASK = CHUNK - 1;

/** Chunk views over one flat array, `length` entries long. */
export function chunksOf<T extends Typed>(flat: T): T[] {
  const out: T[] = [];
  for (let at = 0; at < flat.length; at += CHUNK) out.push(flat.subarray(at, at + CHUNK) as T);
  return out;
}

/** The first `length` entries of chunked columns as one flat typed array. */
export function flatten<T extends Typed>(chunks: readonly T[], length: number, make: (n: number) => T): T {
  const out = make(length);
  for (let k = 0, at = 0; at < length; k++, at += CHUNK) {
    const c = chunks[k];
    out.set(length - at >= c.length ? c : (c.subarray(0, length - at) as T), at);
  }
  return out;
}

/** A growable column of numbers of one typed-array kind. */
export abstract class Column<T extends Typed> {
  chunks: T[] = [];
  length = 0;

  abstract push(v: number): void;
  protected abstract make(n: number): T;

  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }

  set(i: number, v: number): void {
    this.chunks[i >>> CHUNK_BITS][i & CHUNK_MASK] = v;
  }

  /** One flat copy of the column (its buffer can be transferred). */
  flat(): T {
    return flatten(this.chunks, this.length, (n) => this.make(n));
  }

  /** Read `flat` in place. */
  protected over(flat: T): this {
    this.chunks = chunksOf(flat);
    this.length = flat.length;
    return this;
  }
}

// One class per element type, each with its own push: a store site that sees a single
// typed-array kind stays monomorphic, which is what makes a push a handful of instructions.

export class F64Column extends Column<Float64Array> {
  private cur = new Float64Array(0);

  push(v: number): void {
    const o = this.length & CHUNK_MASK;
    if (o === 0) this.chunks.push((this.cur = new Float64Array(CHUNK)));
    this.cur[o] = v;
    this.length++;
  }

  protected make(n: number): Float64Array {
    return new Float64Array(n);
  }

  static over(flat: Float64Array): F64Column {
    return new F64Column().over(flat);
  }
}

export class I32Column extends Column<Int32Array> {
  private cur = new Int32Array(0);

  push(v: number): void {
    const o = this.length & CHUNK_MASK;
    if (o === 0) this.chunks.push((this.cur = new Int32Array(CHUNK)));
    this.cur[o] = v;
    this.length++;
  }

  protected make(n: number): Int32Array {
    return new Int32Array(n);
  }

  static over(flat: Int32Array): I32Column {
    return new I32Column().over(flat);
  }
}

export class U8Column extends Column<Uint8Array> {
  private cur = new Uint8Array(0);

  push(v: number): void {
    const o = this.length & CHUNK_MASK;
    if (o === 0) this.chunks.push((this.cur = new Uint8Array(CHUNK)));
    this.cur[o] = v;
    this.length++;
  }

  protected make(n: number): Uint8Array {
    return new Uint8Array(n);
  }

  static over(flat: Uint8Array): U8Column {
    return new U8Column().over(flat);
  }
}

export const f64 = (n: number): Float64Array => new Float64Array(n);
export const i32 = (n: number): Int32Array => new Int32Array(n);

/**
 * A column of references, in chunks of 4,096: pushing never copies what is already there,
 * and no single array grows big enough to be costly for the garbage collector to move or scan.
 */
export class Chunked<T> {
  private readonly chunks: T[][] = [[]];
  length = 0;

  push(v: T): void {
    let last = this.chunks[this.chunks.length - 1];
    if (last.length === REF_CHUNK) this.chunks.push((last = []));
    last.push(v);
    this.length++;
  }

  get(i: number): T {
    return this.chunks[i >>> REF_CHUNK_BITS][i & (REF_CHUNK - 1)];
  }

  set(i: number, v: T): void {
    this.chunks[i >>> REF_CHUNK_BITS][i & (REF_CHUNK - 1)] = v;
  }

  toArray(): T[] {
    return this.chunks.flat();
  }
}

const REF_CHUNK_BITS = 12;
const REF_CHUNK = 1 << REF_CHUNK_BITS;

/** Strings that repeat across a trace (node, port, kind, source) stored once, named by number. */
export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];

  get size(): number {
    return this.strings.length;
  }

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    return id;
  }

  /** The string for `id`; undefined for -1 (none). */
  at(id: number): string | undefined {
    return id < 0 ? undefined : this.strings[id];
  }

  list(): string[] {
    return [...this.strings];
  }

  static of(list: readonly string[]): StringTable {
    const t = new StringTable();
    for (const s of list) t.id(s);
    return t;
  }
}
