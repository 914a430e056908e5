// What virtqueue_add_split and virtqueue_add_packed decide first, the same way: whether the
// buffer goes out as one indirect table (virtqueue_use_indirect: several pieces, indirect
// negotiated, and a free descriptor for the table), and whether the ring has room for it
// (-ENOSPC, recorded as a step, when it has not).
import type { Rec } from './record';
import * as say from './words';

export function roomFor(
  rec: Rec,
  queue: string,
  indirectBase: number | undefined,
  pieces: number,
  numFree: number,
  source: string,
): { readonly indirect: boolean; readonly needed: number } | 'ENOSPC' {
  const indirect = indirectBase !== undefined && pieces > 1 && numFree > 0;
  const needed = indirect ? 1 : pieces;
  if (numFree >= needed) return { indirect, needed };
  rec.step({
    layer: 'memory',
    kind: 'decide',
    decision: say.needDescriptorsFreeEnospc(queue, needed, numFree),
    source,
    detail: { queue, op: 'enospc', numFree },
  });
  return 'ENOSPC';
}
