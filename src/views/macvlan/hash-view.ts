// Geometry of the port's hash table: 256 buckets as a 16×16 grid, the buckets that hold
// chains, and the lookup the cursor is at (the MAC, its bucket, each comparison along the
// chain). Pure functions of (trace, cursor, state): Node tests check them.
import type { Trace } from '../../engine/sim/types';
import { countUpTo, detailAt, nodeAt, originAt, stepCount, stepsByOrigin } from '../../engine/sim/trace-access';

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
  const here = cursor >= 0 && cursor < stepCount(trace) ? originAt(trace, cursor) : -1;
  // The steps of this frame and the steps of no frame, newest first (other frames' steps are skipped).
  for (const i of stepsBack(trace, cursor, here)) {
    const d = (nodeAt(trace, i) === host ? detailAt(trace, i) : undefined) as
      | { lookup?: string; mac?: string; bucket?: number; chain?: LookupView['chain']; found?: string | null }
      | undefined;
    if (d?.lookup && d.lookup !== 'passthru' && d.bucket !== undefined) {
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

/** Steps from `cursor` back to 0, keeping only those of frame `origin` and of no frame when `origin` >= 0. */
function* stepsBack(trace: Trace, cursor: number, origin: number): Generator<number> {
  if (origin < 0) {
    for (let i = cursor; i >= 0; i--) yield i;
    return;
  }
  const by = stepsByOrigin(trace);
  const mine = by.get(origin) ?? new Int32Array(0);
  const none = by.get(-1) ?? new Int32Array(0);
  let a = countUpTo(mine, cursor) - 1;
  let b = countUpTo(none, cursor) - 1;
  while (a >= 0 || b >= 0) yield a >= 0 && (b < 0 || mine[a] > none[b]) ? mine[a--] : none[b--];
}

export const gridSize = (): number => GRID.cols * (GRID.cell + GRID.gap) - GRID.gap;
