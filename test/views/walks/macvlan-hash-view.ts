// The walk this lookup used before it read indexes (commit f78ba54), kept as its definition:
// test/views/lookups-equal-walks.test.ts holds the indexed lookup to the same answers.
// Geometry of the port's hash table: 256 buckets as a 16×16 grid, the buckets that hold
// chains, and the lookup the cursor is at (the MAC, its bucket, each comparison along the
// chain). Pure functions of (trace, cursor, state): Node tests check them.
import type { Trace } from '../../../src/engine/sim/types';

export const GRID = { cols: 16, cell: 22, gap: 2 } as const;

export interface BucketCell {
  readonly bucket: number;
  readonly x: number;
  readonly y: number;
  readonly chain: readonly string[];
}

export interface LookupView {
  readonly step: number;
  readonly what: 'src' | 'dst' | 'tx-dst';
  readonly mac: string;
  readonly bucket: number;
  readonly chain: readonly { name: string; mac: string; match: boolean }[];
  readonly found: string | null;
}

export function cellXY(bucket: number): { x: number; y: number } {
  const step = GRID.cell + GRID.gap;
  return { x: (bucket % GRID.cols) * step, y: Math.floor(bucket / GRID.cols) * step };
}

/** All 256 cells with the chain each holds at the cursor (state keys `<host>/hash/<b>`). */
export function hashCells(state: Record<string, unknown>): BucketCell[] {
  return Array.from({ length: 256 }, (_, b) => {
    const chain = state[`hash/${b}`];
    return { bucket: b, ...cellXY(b), chain: Array.isArray(chain) ? (chain as string[]) : [] };
  });
}

/** The latest hash lookup on `host` at or before the cursor, within the current frame. */
export function lookupAt(trace: Trace, cursor: number, host: string): LookupView | undefined {
  const here = trace.steps[cursor];
  for (let i = cursor; i >= 0; i--) {
    const s = trace.steps[i];
    if (here?.packet && s.packet && s.packet.origin !== here.packet.origin) continue;
    const d = s.detail as
      | { lookup?: string; mac?: string; bucket?: number; chain?: LookupView['chain']; found?: string | null }
      | undefined;
    if (s.node === host && d?.lookup && d.lookup !== 'passthru' && d.bucket !== undefined) {
      return {
        step: i,
        what: d.lookup as LookupView['what'],
        mac: d.mac ?? '',
        bucket: d.bucket,
        chain: d.chain ?? [],
        found: d.found ?? null,
      };
    }
    if (cursor - i > 60) break;
  }
  return undefined;
}

export const gridSize = (): number => GRID.cols * (GRID.cell + GRID.gap) - GRID.gap;
