// Device state at any step of a trace without replaying from the start: a snapshot of
// the flat key/value state every `every` steps, then at most `every` steps of changes
// applied forward. Building it is one pass; a seek costs O(every + snapshot size).
import type { Trace } from './types';

export type StateMap = ReadonlyMap<string, unknown>;

export class StateIndex {
  private readonly snapshots: Map<string, unknown>[] = [];

  constructor(
    private readonly trace: Trace,
    private readonly every = 512,
  ) {
    const cur = new Map<string, unknown>();
    const steps = trace.steps;
    // snapshots[k] is the state after step k*every - 1 (k = 0: before any step).
    this.snapshots.push(new Map());
    for (let i = 0; i < steps.length; i++) {
      const ch = steps[i].changes;
      if (ch) for (const c of ch) c.after === undefined ? cur.delete(c.key) : cur.set(c.key, c.after);
      if ((i + 1) % every === 0) this.snapshots.push(new Map(cur));
    }
  }

  /** State after step `index` has happened (index -1: before the first step). */
  at(index: number): StateMap {
    const last = this.trace.steps.length - 1;
    const i = Math.max(-1, Math.min(index, last));
    const k = Math.floor((i + 1) / this.every);
    const state = new Map(this.snapshots[k]);
    for (let j = k * this.every; j <= i; j++) {
      const ch = this.trace.steps[j].changes;
      if (ch) for (const c of ch) c.after === undefined ? state.delete(c.key) : state.set(c.key, c.after);
    }
    return state;
  }

  /** Only the keys under `prefix` (e.g. `br0/fdb/`), as an object sorted by key. */
  under(index: number, prefix: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const all = this.at(index);
    for (const k of [...all.keys()].sort()) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = all.get(k);
    return out;
  }
}
