// Where and how a step happened, stored once for all the steps that share it: the node,
// port, layer, kind, source, the link it crosses and in which direction, the fields it
// read, and (for a decision worded when read) the wording function. A long run repeats a
// few hundred such sites millions of times, so each step keeps only the site's number.
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
/** The number of the function that makes the detail from the decision's facts (-1: none). */
export const DETAIL = 9;
export const FIELDS = 10;

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

  id(
    node: number,
    port: number,
    layer: number,
    kind: number,
    source: number,
    link: number,
    fromA: number,
    reads: number,
    words: number,
    detail: number,
  ): number {
    const mask = this.slots.length - 1;
    let h = hash(node, port, layer, kind, source, link, fromA, reads, words, detail) & mask;
    const r = this.rows;
    for (;;) {
      const s = this.slots[h] - 1;
      if (s < 0) break;
      const o = s * FIELDS;
      if (
        r[o] === node &&
        r[o + 1] === port &&
        r[o + 2] === layer &&
        r[o + 3] === kind &&
        r[o + 4] === source &&
        r[o + 5] === link &&
        r[o + 6] === fromA &&
        r[o + 7] === reads &&
        r[o + 8] === words &&
        r[o + 9] === detail
      )
        return s;
      h = (h + 1) & mask;
    }
    const s = this.count++;
    if ((s + 1) * FIELDS > this.rows.length) {
      const grown = new Int32Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    const o = s * FIELDS;
    const w = this.rows;
    w[o] = node;
    w[o + 1] = port;
    w[o + 2] = layer;
    w[o + 3] = kind;
    w[o + 4] = source;
    w[o + 5] = link;
    w[o + 6] = fromA;
    w[o + 7] = reads;
    w[o + 8] = words;
    w[o + 9] = detail;
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
    const r = this.rows;
    const o = s * FIELDS;
    const mask = this.slots.length - 1;
    let h = hash(r[o], r[o + 1], r[o + 2], r[o + 3], r[o + 4], r[o + 5], r[o + 6], r[o + 7], r[o + 8], r[o + 9]) & mask;
    while (this.slots[h] !== 0) h = (h + 1) & mask;
    this.slots[h] = s + 1;
  }
}

function hash(
  a: number,
  b: number,
  c: number,
  d: number,
  e: number,
  f: number,
  g: number,
  h: number,
  i: number,
  j: number,
) {
  let x = Math.imul(a + 1, 0x9e3779b1);
  x = Math.imul(x ^ (b + 1), 0x85ebca77);
  x = Math.imul(x ^ (c + 1), 0xc2b2ae3d);
  x = Math.imul(x ^ (d + 1), 0x27d4eb2f);
  x = Math.imul(x ^ (e + 1), 0x165667b1);
  x = Math.imul(x ^ (f + 1), 0x9e3779b1);
  x = Math.imul(x ^ (g + 1), 0x85ebca77);
  x = Math.imul(x ^ (h + 1), 0xc2b2ae3d);
  x = Math.imul(x ^ (i + 1), 0x27d4eb2f);
  x = Math.imul(x ^ (j + 1), 0x165667b1);
  return x ^ (x >>> 15);
}
