// Device state at any step of a trace without replaying from the start: a snapshot of
// the flat key/value state every `every` steps, then at most `every` steps of changes
// applied forward. Building it is one pass over the change log (no Step objects are
// made); a seek costs O(every + snapshot size).
import { changeColumnsOf } from './recorded-trace';
import type { ChangeColumns } from './step-store';
import type { Trace } from './types';

export type StateMap = ReadonlyMap<string, unknown>;

export class StateIndex {
  private readonly snapshots: Map<string, unknown>[] = [];
  private readonly log: ChangeColumns;

  constructor(
    trace: Trace,
    private readonly every = 512,
  ) {
    const log = (this.log = changeColumnsOf(trace));
    const cur = new Map<string, unknown>();
    // snapshots[k] is the state after step k*every - 1 (k = 0: before any step).
    this.snapshots.push(new Map());
    let c = 0;
    for (let i = 0; i < log.steps; i++) {
      for (const end = log.end[i]; c < end; c++) apply(cur, log.key(c), log.after(c));
      if ((i + 1) % every === 0) this.snapshots.push(new Map(cur));
    }
  }

  /** State after step `index` has happened (index -1: before the first step). */
  at(index: number): StateMap {
    const log = this.log;
    const i = Math.max(-1, Math.min(index, log.steps - 1));
    const k = Math.floor((i + 1) / this.every);
    const state = new Map(this.snapshots[k]);
    const from = k * this.every;
    const end = i >= 0 ? log.end[i] : 0;
    for (let c = from > 0 ? log.end[from - 1] : 0; c < end; c++) apply(state, log.key(c), log.after(c));
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

function apply(state: Map<string, unknown>, key: string, after: unknown): void {
  if (after === undefined) state.delete(key);
  else state.set(key, after);
}
