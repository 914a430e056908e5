// The inspector's byte bookkeeping: which bytes the current decision read (from the step's
// field paths and raw ranges), and which field a hovered byte belongs to. Pure, for tests.
import { allFields, type DecodedField, type DecodedFrame } from '../../engine/frame/decode';
import type { Step } from '../../engine/sim/types';

export interface Range {
  readonly start: number;
  readonly end: number;
}

/** Field paths the step read that this frame has, and the byte ranges they cover. */
export function readMarks(
  d: DecodedFrame,
  step: Step | undefined,
): { paths: Set<string>; ranges: Range[]; missing: string[] } {
  const paths = new Set<string>();
  const ranges: Range[] = [...(step?.readBytes ?? [])];
  const missing: string[] = [];
  for (const p of step?.reads ?? []) {
    let found = false;
    for (const f of allFields(d)) {
      // A read of `vlan[0]` marks every field under it; a read of `eth.dst` marks that field.
      if (f.path === p || f.path.startsWith(p + '.')) {
        paths.add(f.path);
        ranges.push({ start: f.start, end: f.end });
        found = true;
      }
    }
    if (!found) missing.push(p);
  }
  return { paths, ranges, missing };
}

export const inRanges = (i: number, rs: readonly Range[]): boolean => rs.some((r) => i >= r.start && i < r.end);

/** The narrowest field covering byte `offset`. */
export function fieldAt(d: DecodedFrame, offset: number): DecodedField | undefined {
  let best: DecodedField | undefined;
  for (const f of allFields(d)) {
    if (offset >= f.start && offset < f.end && (!best || f.end - f.start <= best.end - best.start)) best = f;
  }
  return best;
}

export const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

/** Rows of 16 byte offsets for the hex view. */
export function hexRows(length: number, width = 16): number[][] {
  const rows: number[][] = [];
  for (let o = 0; o < length; o += width)
    rows.push(Array.from({ length: Math.min(width, length - o) }, (_, i) => o + i));
  return rows;
}
