// Arrows for descriptor chains in the table view: from a row with NEXT set to the row of
// its `next`, drawn as a bracket in the margin so chains read at a glance.
import type { Desc } from './ring-memory';

export interface Arrow {
  readonly from: number;
  readonly to: number;
  readonly d: string;
}

export function chainArrows(desc: readonly Desc[], rowHeight: number, x: number, live: ReadonlySet<number>): Arrow[] {
  const out: Arrow[] = [];
  for (const d of desc) {
    if (!(d.flags & 1) || !live.has(d.i) || d.next >= desc.length) continue;
    const y1 = d.i * rowHeight + rowHeight / 2;
    const y2 = d.next * rowHeight + rowHeight / 2;
    const bend = x + 10 + 4 * Math.min(6, Math.abs(d.next - d.i));
    out.push({ from: d.i, to: d.next, d: `M${x},${y1} C${bend},${y1} ${bend},${y2} ${x},${y2}` });
  }
  return out;
}
