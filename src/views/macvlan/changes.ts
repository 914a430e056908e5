// What the last cursor move changed in a macvlan host, read from the state index's
// difference between `previous` and `cursor` (see ../state-diff): which hash buckets
// gained or lost a macvlan, which counters moved and by how much, and whether a queue
// took a frame, gave one up or dropped one. Pure, so Node tests check it.
import type { KeyChange } from '../state-diff';

export type QueueChange = 'filled' | 'drained' | 'dropped';

/** Buckets (`hash/<b>` keys) whose chain the move changed, with what it did. */
export function changedBuckets(diff: ReadonlyMap<string, KeyChange>): Map<number, 'added' | 'changed' | 'removed'> {
  const out = new Map<number, 'added' | 'changed' | 'removed'>();
  for (const [k, c] of diff) {
    const m = /^hash\/(\d+)$/.exec(k);
    if (!m) continue;
    out.set(Number(m[1]), c.before === undefined ? 'added' : c.after === undefined ? 'removed' : 'changed');
  }
  return out;
}

/**
 * Per device (`stats/<dev>` keys, each an object of counters), the counters whose value the
 * move changed and by how much (negative when stepping back).
 */
export function counterDeltas(diff: ReadonlyMap<string, KeyChange>): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const [k, c] of diff) {
    if (!k.startsWith('stats/')) continue;
    const a = (c.before ?? {}) as Record<string, unknown>;
    const b = (c.after ?? {}) as Record<string, unknown>;
    const d: Record<string, number> = {};
    for (const f of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = typeof a[f] === 'number' ? (a[f] as number) : 0;
      const y = typeof b[f] === 'number' ? (b[f] as number) : 0;
      if (x !== y) d[f] = y - x;
    }
    if (Object.keys(d).length) out.set(k.slice('stats/'.length), d);
  }
  return out;
}

/** Occupancy of a queue state value: a macvtap ring holds a number, the broadcast queue `{ len }`. */
const occupancy = (v: unknown): number =>
  typeof v === 'number' ? v : v && typeof v === 'object' ? Number((v as { len?: number }).len ?? 0) : 0;

/**
 * What the move did to one queue (`tap/<dev>/<q>` or `bcqueue`, as queue-series names them):
 * dropped when the cursor step overflowed it (its detail says so), else filled or drained
 * from the occupancy before and after.
 */
export function queueChange(
  key: string,
  diff: ReadonlyMap<string, KeyChange>,
  detail: Record<string, unknown> | undefined,
): QueueChange | undefined {
  if (detail?.overflow) {
    if (key === 'bcqueue' && detail.bcqueue !== undefined) return 'dropped';
    if (key === `tap/${String(detail.tap)}/${String(detail.queue)}`) return 'dropped';
  }
  const c = diff.get(key === 'bcqueue' ? 'port/bcqueue' : key);
  if (!c) return undefined;
  const d = occupancy(c.after) - occupancy(c.before);
  return d > 0 ? 'filled' : d < 0 ? 'drained' : undefined;
}
