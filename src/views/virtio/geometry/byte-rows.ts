// The byte view of a ring's memory: 16 bytes a row, each byte tagged with the ring field
// it belongs to and that field's writer, and lit when the current step read or wrote it.
// Bytes come from DRAM or from one side's cache (the inspector's choice), and a byte
// whose cached value differs from DRAM is marked, which is what "stale" looks like.
import type { Step } from '../../../engine/sim/types';
import type { RingView } from './ring-memory';
import { fieldIndex } from './field-index';

export interface ByteCell {
  readonly addr: number;
  readonly value: number;
  readonly field?: string;
  readonly writer?: 'driver' | 'device' | 'both';
  readonly read: boolean;
  readonly written: boolean;
  readonly differs: boolean;
}

export interface ByteRow {
  readonly addr: number;
  readonly cells: ByteCell[];
}

/** Ranges (in the ring's RAM addresses) the step read or wrote; window addresses are mapped back. */
export function stepRanges(
  step: Step | undefined,
  v: RingView,
  windowLocal?: number,
): { read: [number, number][]; written: [number, number][] } {
  const back = (a: number): number =>
    windowLocal !== undefined && a >= windowLocal && a < windowLocal + v.layout.size + 0x10000
      ? a - windowLocal + v.layout.base
      : a;
  const read = (step?.readBytes ?? []).map((r): [number, number] => [back(r.start), back(r.end)]);
  const d = step?.detail;
  const written: [number, number][] = [];
  if (d && d.op === 'write' && d.queue === v.queue && typeof d.addr === 'number' && typeof d.len === 'number')
    written.push([back(d.addr), back(d.addr) + d.len]);
  return { read, written };
}

export function byteRows(
  v: RingView,
  source: 'dram' | 'host' | 'agent',
  ranges: { read: [number, number][]; written: [number, number][] },
  from = v.layout.base,
  to = v.layout.base + v.layout.size,
): ByteRow[] {
  const rows: ByteRow[] = [];
  for (let r = from - (from % 16); r < to; r += 16) rows.push(buildRow(v, source, ranges, r));
  return rows;
}

/** Rows worth showing: those with at least one ring field (skips the legacy padding page). */
export function fieldRows(rows: readonly ByteRow[]): ByteRow[] {
  return rows.filter((r) => r.cells.some((c) => c.field !== undefined));
}

export interface ByteWindow {
  readonly rows: ByteRow[];
  /** Index of the first row shown among all rows that hold ring fields, and their count. */
  readonly first: number;
  readonly total: number;
}

/**
 * At most `max` of the rows that hold ring fields (the legacy layout's padding page has
 * none), around the first one the step read or wrote or whose cached bytes differ from
 * DRAM, or the first rows. Only those rows are built: a 256-entry ring has over 600 rows
 * of bytes, and building them all on every step cost more than the frame budget.
 */
export function byteWindow(
  v: RingView,
  source: 'dram' | 'host' | 'agent',
  ranges: { read: [number, number][]; written: [number, number][] },
  max = 16,
): ByteWindow {
  const addrs = fieldRowAddrs(v);
  const all = [...ranges.read, ...ranges.written];
  const touches = (r: number): boolean => all.some(([s, e]) => s < r + 16 && e > r);
  const differs = (r: number): boolean => {
    if (source === 'dram') return false;
    for (let a = r; a < r + 16; a++) {
      const line = lineOf(v, a);
      const cached = line?.[source].bytes;
      if (cached && cached[a - line.addr] !== line.dram[a - line.addr]) return true;
    }
    return false;
  };
  const hit = addrs.length <= max ? 0 : addrs.findIndex((r) => touches(r) || differs(r));
  const first = Math.max(0, Math.min(addrs.length - max, (hit < 0 ? 0 : hit) - 2));
  const rows = addrs.slice(first, first + max).map((r) => sameRow(buildRow(v, source, ranges, r)));
  return { rows, first, total: addrs.length };
}

/** Addresses of the 16-byte rows of the ring's memory that hold at least one field, once per layout. */
const rowAddrCache = new Map<object, number[]>();
function fieldRowAddrs(v: RingView): number[] {
  const byAddr = fieldIndex(v.layout).byAddr;
  let addrs = rowAddrCache.get(byAddr);
  if (!addrs) {
    const set = new Set<number>();
    for (const a of byAddr.keys()) if (lineOf(v, a)) set.add(a - (a % 16));
    addrs = [...set].sort((x, y) => x - y);
    if (rowAddrCache.size > 16) rowAddrCache.clear();
    rowAddrCache.set(byAddr, addrs);
  }
  return addrs;
}

const inAny = (a: number, rs: [number, number][]): boolean => {
  for (const [s, e] of rs) if (a >= s && a < e) return true;
  return false;
};

const lineOf = (v: RingView, a: number) => v.lines[Math.floor((a - v.lines[0].addr) / v.layout.lineSize)];

function buildRow(
  v: RingView,
  source: 'dram' | 'host' | 'agent',
  ranges: { read: [number, number][]; written: [number, number][] },
  r: number,
): ByteRow {
  const fieldAt = fieldIndex(v.layout).byAddr;
  const cells: ByteCell[] = [];
  for (let a = r; a < r + 16; a++) {
    const line = lineOf(v, a);
    if (!line) continue;
    const cached = source === 'dram' ? undefined : line[source].bytes;
    const value = (cached ?? line.dram)[a - line.addr];
    const f = fieldAt.get(a);
    cells.push({
      addr: a,
      value,
      field: f?.name,
      writer: f?.writer,
      read: inAny(a, ranges.read),
      written: inAny(a, ranges.written),
      differs: cached !== undefined && cached[a - line.addr] !== line.dram[a - line.addr],
    });
  }
  return { addr: r, cells };
}

// A row whose bytes and marks are what they were is the same object as before, so the
// byte view's keyed rows skip it: most steps touch one or two of the rows on screen.
const rowMemo = new Map<string, ByteRow>();
function sameRow(row: ByteRow): ByteRow {
  let key = `${row.addr}`;
  for (const c of row.cells)
    key += `|${c.value},${c.field ?? ''},${c.writer ?? ''},${+c.read}${+c.written}${+c.differs}`;
  const old = rowMemo.get(key);
  if (old) return old;
  if (rowMemo.size >= 8192) rowMemo.clear();
  rowMemo.set(key, row);
  return row;
}
