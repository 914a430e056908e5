// What a move of the cursor changed in the devices' state: the keys whose value differs
// between two cursors (forward or backward). Mechanism views light these up ("row learned",
// "slot filled", "index moved"), so a student sees what the step did, not only the result.
import type { StateIndex } from '../engine/sim/state-index';

export interface KeyChange {
  readonly key: string;
  /** Value at the cursor the move started from (undefined: the key was not set). */
  readonly before: unknown;
  /** Value at the cursor now (undefined: the key was unset by the move). */
  readonly after: unknown;
}

/**
 * Keys under `prefix` whose value differs between `from` and `to`, with the prefix cut off.
 * Values are compared by JSON text, so a counter object rewritten with the same fields is
 * not a change.
 */
export function stateDiff(state: StateIndex, from: number, to: number, prefix = ''): Map<string, KeyChange> {
  const out = new Map<string, KeyChange>();
  if (from === to) return out;
  const a = state.at(from);
  const b = state.at(to);
  const same = (x: unknown, y: unknown) => x === y || JSON.stringify(x) === JSON.stringify(y);
  for (const [k, after] of b) {
    if (!k.startsWith(prefix)) continue;
    const before = a.get(k);
    if (!same(before, after)) out.set(k.slice(prefix.length), { key: k, before, after });
  }
  for (const [k, before] of a) {
    if (!k.startsWith(prefix) || b.has(k)) continue;
    out.set(k.slice(prefix.length), { key: k, before, after: undefined });
  }
  return out;
}
