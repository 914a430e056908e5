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
  readonly writer?: 'driver' | 'device';
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
  const fieldAt = fieldIndex(v.layout).byAddr;
  const L = v.layout.lineSize;
  const rows: ByteRow[] = [];
  const inAny = (a: number, rs: [number, number][]): boolean => {
    for (const [s, e] of rs) if (a >= s && a < e) return true;
    return false;
  };
  for (let r = from - (from % 16); r < to; r += 16) {
    const cells: ByteCell[] = [];
    for (let a = r; a < r + 16; a++) {
      const line = v.lines[Math.floor((a - v.lines[0].addr) / L)];
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
    rows.push({ addr: r, cells });
  }
  return rows;
}

/** Rows worth showing: those with at least one ring field (skips the legacy padding page). */
export function fieldRows(rows: readonly ByteRow[]): ByteRow[] {
  return rows.filter((r) => r.cells.some((c) => c.field !== undefined));
}

/**
 * At most `max` rows around the first byte the step touched (or the first rows): a 256-entry
 * ring has over 600 rows of bytes, and drawing them all on every step cost more than the
 * frame budget. Returns the rows and where they sit in the whole.
 */
export function rowWindow(rows: readonly ByteRow[], max = 16): { rows: ByteRow[]; first: number; total: number } {
  if (rows.length <= max) return { rows: [...rows], first: 0, total: rows.length };
  const hit = rows.findIndex((r) => r.cells.some((c) => c.read || c.written || c.differs));
  const first = Math.max(0, Math.min(rows.length - max, (hit < 0 ? 0 : hit) - 2));
  return { rows: rows.slice(first, first + max), first, total: rows.length };
}
