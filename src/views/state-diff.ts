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
  // Only the keys the steps between the two cursors changed (from the change log), not every key.
  const same = (x: unknown, y: unknown) => x === y || JSON.stringify(x) === JSON.stringify(y);
  for (const c of state.changedBetween(from, to, prefix))
    if (!same(c.before, c.after)) out.set(c.key.slice(prefix.length), c);
  return out;
}

/** What a move did to one key: set for the first time, changed value, or removed (aged out, deregistered). */
export type ChangeKind = 'added' | 'changed' | 'removed';

export function changeKind(c: KeyChange): ChangeKind {
  return c.before === undefined ? 'added' : c.after === undefined ? 'removed' : 'changed';
}

/**
 * The changes grouped by the first path segment after the prefix ("0x0a01" for
 * "table/0x0a01/ip/10.1.0.7"), each group with the strongest kind among its keys: a row
 * whose own key appeared is "added" even if sub-keys changed too. Views light rows with it.
 */
export function changedRows(diff: ReadonlyMap<string, KeyChange>): Map<string, ChangeKind> {
  const rank: Record<ChangeKind, number> = { changed: 0, removed: 1, added: 2 };
  const out = new Map<string, ChangeKind>();
  for (const [k, c] of diff) {
    const row = k.split('/')[0];
    const kind = k === row ? changeKind(c) : 'changed';
    const had = out.get(row);
    if (!had || rank[kind] > rank[had]) out.set(row, kind);
  }
  return out;
}
