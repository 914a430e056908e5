// Every change of device state in a run, in one log of typed columns: the key (by number),
// the change before it to the same key, and the value after it. A number (a counter, an
// index) is kept in a float column and costs no object; any other value is kept once in a
// list of references. The value before a change is the value after the previous change of
// its key, so it is not stored again. The log is also the run's live state: the current
// value of a key is the value after its last change.
import { Chunked, F64Column, I32Column, StringTable, U8Column } from './columns';

const NUMBER = 0;
const UNDEFINED = 1;
const REF = 2;
/** The kind of a change that removed its key. */
export const REMOVED = UNDEFINED;

/** A change log's columns as chunks (columns.ts CHUNK entries each). */
export interface RawChanges {
  readonly key: readonly Int32Array[];
  readonly kind: readonly Uint8Array[];
}

/** The data of a change log, as plain arrays (to send to another thread). */
export interface ChangeLogData {
  readonly keys: readonly string[];
  readonly key: Int32Array;
  readonly prev: Int32Array;
  readonly num: Float64Array;
  readonly tag: Uint8Array;
  readonly refs: readonly unknown[];
}

export class ChangeLog {
  readonly keys: StringTable;
  private key: I32Column;
  private prev: I32Column;
  /** The value after the change when a number; otherwise its index in `refs`. */
  private num: F64Column;
  private tag: U8Column;
  private readonly refs: Chunked<unknown>;
  /** Index of the last change of each key (by key number), -1 before any. */
  private last = new Int32Array(64).fill(-1);

  constructor(data?: ChangeLogData) {
    this.keys = StringTable.of(data?.keys ?? []);
    this.key = data ? I32Column.over(data.key) : new I32Column();
    this.prev = data ? I32Column.over(data.prev) : new I32Column();
    this.num = data ? F64Column.over(data.num) : new F64Column();
    this.tag = data ? U8Column.over(data.tag) : new U8Column();
    this.refs = new Chunked();
    for (const r of data?.refs ?? []) this.refs.push(r);
  }

  get length(): number {
    return this.key.length;
  }

  /** The number of key `full` (`<node>/<key>`). */
  keyId(full: string): number {
    return this.keys.id(full);
  }

  /** The current value of a key. */
  current(k: number): unknown {
    const c = k < this.last.length ? this.last[k] : -1;
    return c < 0 ? undefined : this.after(c);
  }

  /** Record that key `k` now holds `value`; false (nothing recorded) when it held the same JSON already. */
  set(k: number, value: unknown): boolean {
    if (k >= this.last.length) {
      const grown = new Int32Array(Math.max(k + 1, this.last.length * 2)).fill(-1);
      grown.set(this.last);
      this.last = grown;
    }
    const prev = this.last[k];
    if (prev >= 0) {
      // A counter set to the number it holds (the common case) needs no JSON comparison.
      if (typeof value === 'number' && this.tag.get(prev) === NUMBER) {
        if (this.num.get(prev) === value) return false;
      } else if (sameJson(this.after(prev), value)) return false;
    }
    if (prev < 0 && value === undefined) return false;
    const c = this.key.length;
    this.key.push(k);
    this.prev.push(prev);
    if (typeof value === 'number') {
      this.num.push(value);
      this.tag.push(NUMBER);
    } else if (value === undefined) {
      this.num.push(0);
      this.tag.push(UNDEFINED);
    } else {
      this.num.push(this.refs.length);
      this.refs.push(value);
      this.tag.push(REF);
    }
    this.last[k] = c;
    return true;
  }

  keyOf(c: number): number {
    return this.key.get(c);
  }

  keyAt(c: number): string {
    return this.keys.at(this.key.get(c))!;
  }

  after(c: number): unknown {
    const t = this.tag.get(c);
    return t === NUMBER ? this.num.get(c) : t === UNDEFINED ? undefined : this.refs.get(this.num.get(c));
  }

  /** The key and kind columns as chunks, for one fast pass over the log (kind REMOVED: the key was removed). */
  chunks(): RawChanges {
    return { key: this.key.chunks, kind: this.tag.chunks };
  }

  removes(c: number): boolean {
    return this.tag.get(c) === UNDEFINED;
  }

  before(c: number): unknown {
    const p = this.prev.get(c);
    return p < 0 ? undefined : this.after(p);
  }

  toData(): ChangeLogData {
    return {
      keys: this.keys.list(),
      key: this.key.flat(),
      prev: this.prev.flat(),
      num: this.num.flat(),
      tag: this.tag.flat(),
      refs: this.refs.toArray(),
    };
  }
}

/** Same value as JSON would write it (a device setting an equal object again changes nothing). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
