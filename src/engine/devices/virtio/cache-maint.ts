// One cache operation on a ring field, recorded as a step: the driver (split-driver.ts) and
// the device (vringh.ts) both clean what they wrote before the peer may read it and
// invalidate before they read what the peer wrote, on a backplane that does not snoop. A
// break switch can skip the operation; the skipped step says which switch.
import type { CpuMemory } from './cpu-memory';
import type { Rec } from './record';

export interface MaintOp {
  readonly op: 'clean' | 'invalidate';
  /** Words for the done operation: the lines it wrote back or dropped. */
  readonly done: (lines: number[], side: string, what: string) => string;
  readonly source: string;
}

export interface MaintSkip {
  readonly decision: (side: string, what: string) => string;
  readonly source: string;
}

/** `what` names the field ("the used.idx line"); nothing happens when `maintenance` is off. */
export function maintain(
  q: { readonly mem: CpuMemory; readonly rec: Rec; readonly queue: string; readonly maintenance: boolean },
  m: MaintOp,
  what: string,
  addr: number,
  len: number,
  skip?: MaintSkip,
): void {
  if (!q.maintenance) return;
  const side = q.mem.side;
  if (skip) {
    q.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: skip.decision(side, what),
      source: skip.source,
      detail: { queue: q.queue, op: `skip-${m.op}`, addr, len, side },
    });
    return;
  }
  const lines = m.op === 'clean' ? q.mem.clean(addr, len) : q.mem.invalidate(addr, len);
  q.rec.step({
    layer: 'memory',
    kind: 'decide',
    decision: m.done(lines, side, what),
    source: m.source,
    detail: { queue: q.queue, op: m.op, addr, len, lines, side },
  });
}
