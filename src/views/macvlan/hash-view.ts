// Geometry of the port's hash table: 256 buckets as a 16×16 grid, the buckets that hold
// chains, and the lookup the cursor is at (the MAC, its bucket, each comparison along the
// chain). Pure functions of (trace, cursor, state): Node tests check them.
import type { Trace } from '../../engine/sim/types';
import { nodeAt, stepAt } from '../../engine/sim/trace-access';

export interface Grid {
  readonly cols: number;
  readonly cell: number;
  readonly gap: number;
}

export const GRID: Grid = { cols: 16, cell: 22, gap: 2 };

/**
 * The grid for a type size: a cell holds a chain length (up to two digits) at `fs` px with
 * room around it, so the drawing grows with the type instead of shrinking the text.
 */
export const gridFor = (fs: number): Grid => ({ cols: 16, cell: Math.round(fs * 1.55), gap: 2 });

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

export function cellXY(bucket: number, g: Grid = GRID): { x: number; y: number } {
  const step = g.cell + g.gap;
  return { x: (bucket % g.cols) * step, y: Math.floor(bucket / g.cols) * step };
}

/** All 256 cells with the chain each holds at the cursor (state keys `<host>/hash/<b>`). */
export function hashCells(state: Record<string, unknown>, g: Grid = GRID): BucketCell[] {
  return Array.from({ length: 256 }, (_, b) => {
    const chain = state[`hash/${b}`];
    return { bucket: b, ...cellXY(b, g), chain: Array.isArray(chain) ? (chain as string[]) : [] };
  });
}

/** The latest hash lookup on `host` at or before the cursor, within the current frame. */
export function lookupAt(trace: Trace, cursor: number, host: string): LookupView | undefined {
  const here = stepAt(trace, cursor);
  for (let i = cursor; i >= 0 && cursor - i <= 60; i--) {
    if (nodeAt(trace, i) !== host) continue;
    const s = stepAt(trace, i)!;
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
  }
  return undefined;
}

export const gridSize = (g: Grid = GRID): number => g.cols * (g.cell + g.gap) - g.gap;
