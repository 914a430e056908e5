// Where and how a step happened, stored once for all the steps that share it: the node,
// port, layer, kind, source, the link it crosses and in which direction, the fields it
// read, a frozen detail it shares with other steps, and (for a decision worded when read)
// the wording function. A long run repeats a few thousand such sites millions of times,
// so each step keeps only the site's number.
// Sites are interned in an open-addressing hash table of plain integers: finding one
// makes no object and no string.

/** The fields of a site, in the order they are stored. -1 means none. */
export const NODE = 0;
export const PORT = 1;
export const LAYER = 2;
export const KIND = 3;
export const SOURCE = 4;
export const LINK = 5;
export const FROM_A = 6;
export const READS = 7;
/** The wording function's number (-1: the decision was written out). */
export const WORDS = 8;
/** The number of a frozen detail shared between steps (-1: none, or the step's own). */
export const DETAIL = 9;
/** The number of the function that makes the detail from the decision's facts (-1: none). */
export const MADE = 10;
export const FIELDS = 11;

export class SiteTable {
  /** FIELDS integers per site. */
  rows: Int32Array;
  count = 0;
  /** Site number + 1 by hash slot (0: empty). */
  private slots = new Int32Array(256);

  constructor(rows?: Int32Array) {
    this.rows = rows ?? new Int32Array(FIELDS * 64);
    if (rows) {
      this.count = rows.length / FIELDS;
      let size = 256;
      while (size < this.count * 2) size *= 2;
      this.slots = new Int32Array(size);
      for (let s = 0; s < this.count; s++) this.place(s);
    }
  }

  /** The number of the site whose fields are `key` (FIELDS integers), added if new. */
  id(key: Int32Array): number {
    const mask = this.slots.length - 1;
    let h = hash(key, 0) & mask;
    const r = this.rows;
    for (;;) {
      const s = this.slots[h] - 1;
      if (s < 0) break;
      let o = s * FIELDS;
      let f = 0;
      while (f < FIELDS && r[o] === key[f]) {
        o++;
        f++;
      }
      if (f === FIELDS) return s;
      h = (h + 1) & mask;
    }
    const s = this.count++;
    if ((s + 1) * FIELDS > this.rows.length) {
      const grown = new Int32Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    this.rows.set(key, s * FIELDS);
    if (this.count * 2 > this.slots.length) this.rehash();
    else this.slots[h] = s + 1;
    return s;
  }

  /** Field `f` of site `s`. */
  get(s: number, f: number): number {
    return this.rows[s * FIELDS + f];
  }

  /** The sites as plain integers, FIELDS per site. */
  toData(): Int32Array {
    return this.rows.slice(0, this.count * FIELDS);
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let s = 0; s < this.count; s++) this.place(s);
  }

  private place(s: number): void {
    const mask = this.slots.length - 1;
    let h = hash(this.rows, s * FIELDS) & mask;
    while (this.slots[h] !== 0) h = (h + 1) & mask;
    this.slots[h] = s + 1;
  }
}

/** FIELDS integers of `a` from `at`, mixed into one. */
function hash(a: Int32Array, at: number): number {
  // `| 0`: the basis as an int32 (its bits unchanged); written plainly it is a double
  // above 2^31, and the whole loop then computes in doubles.
  let x = 0x811c9dc5 | 0;
  for (let f = 0; f < FIELDS; f++) x = Math.imul(x ^ (a[at + f] + 1), 0x9e3779b1) ^ (x >>> 15);
  return x ^ (x >>> 13);
}
