// Growable typed columns. A trace of 100,000 frames has hundreds of thousands of steps;
// keeping their numbers in typed arrays instead of one object per step is what keeps a
// run's memory (and so its garbage collection) small.

type Typed = Float64Array | Int32Array | Uint8Array;

/** `a`, or a copy at least `need` long (doubling), with the same contents. */
export function ensure<T extends Typed>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * A column of references, in chunks of 4,096: pushing never copies what is already there,
 * and no single array grows big enough to be costly for the garbage collector to move or scan.
 */
export class Chunked<T> {
  private readonly chunks: T[][] = [[]];
  length = 0;

  push(v: T): void {
    let last = this.chunks[this.chunks.length - 1];
    if (last.length === CHUNK) this.chunks.push((last = []));
    last.push(v);
    this.length++;
  }

  get(i: number): T {
    return this.chunks[i >>> CHUNK_BITS][i & (CHUNK - 1)];
  }

  set(i: number, v: T): void {
    this.chunks[i >>> CHUNK_BITS][i & (CHUNK - 1)] = v;
  }
}

const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;

/** Strings that repeat across a trace (node, port, kind, source) stored once, named by number. */
export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];

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
}
