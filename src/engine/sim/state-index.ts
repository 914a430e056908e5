// Device state at any step of a trace without replaying from the start. Every `every`
// steps it keeps a snapshot of which change last set each key (and when the key last
// appeared, which fixes the order a Map of the state lists keys in), as two typed arrays
// indexed by key number; a seek copies the nearest snapshot and applies at most `every`
// steps of changes. Building it is one pass over the change log with no Step objects
// and no object per change, fast enough to run on the page's thread for a million steps.
import { REMOVED } from './change-log';
import { CHUNK_BITS, CHUNK_MASK } from './columns';
import { changeColumnsOf } from './recorded-trace';
import type { ChangeColumns } from './step-store';
import type { Trace } from './types';

export type StateMap = ReadonlyMap<string, unknown>;

/** Which change last set each key (-1: none yet) and at which change the key last appeared. */
interface Snapshot {
  readonly last: Int32Array;
  readonly since: Int32Array;
}

export class StateIndex {
  private readonly snapshots: Snapshot[] = [];
  private readonly log: ChangeColumns;
  private readonly every: number;

  /** `every` defaults to 512 steps, more when there are many keys (so snapshots stay about the size of the log). */
  constructor(trace: Trace, every?: number) {
    const log = (this.log = changeColumnsOf(trace));
    const keys = log.keyCount;
    this.every = every ?? Math.max(512, keys);
    const last = new Int32Array(keys).fill(-1);
    const since = new Int32Array(keys).fill(-1);
    // snapshots[k] is the state after step k*every - 1 (k = 0: before any step).
    this.snapshots.push({ last: last.slice(), since: since.slice() });
    let c = 0;
    const raw = log.raw;
    for (let k = 1; k * this.every <= log.steps; k++) {
      const end = log.end(k * this.every - 1);
      if (raw) {
        // The same as apply(), on the columns themselves: a million changes in a few ms.
        for (; c < end; c++) {
          const b = c >>> CHUNK_BITS;
          const o = c & CHUNK_MASK;
          const key = raw.key[b][o];
          last[key] = c;
          if (raw.kind[b][o] === REMOVED) since[key] = -1;
          else if (since[key] < 0) since[key] = c;
        }
      } else for (; c < end; c++) this.apply(last, since, c);
      this.snapshots.push({ last: last.slice(), since: since.slice() });
    }
  }

  /** State after step `index` has happened (index -1: before the first step). */
  at(index: number): StateMap {
    const log = this.log;
    const i = Math.max(-1, Math.min(index, log.steps - 1));
    const k = Math.floor((i + 1) / this.every);
    const snap = this.snapshots[k];
    const last = snap.last.slice();
    const since = snap.since.slice();
    const from = k * this.every;
    const end = i >= 0 ? log.end(i) : 0;
    for (let c = from > 0 ? log.end(from - 1) : 0; c < end; c++) this.apply(last, since, c);
    // Keys in the order they last appeared: the order a Map replaying the changes would hold.
    const live: number[] = [];
    for (let key = 0; key < last.length; key++) if (since[key] >= 0) live.push(key);
    live.sort((a, b) => since[a] - since[b]);
    const state = new Map<string, unknown>();
    for (const key of live) state.set(log.keyName(key), log.after(last[key]));
    return state;
  }

  /** Only the keys under `prefix` (e.g. `br0/fdb/`), as an object sorted by key. */
  under(index: number, prefix: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const all = this.at(index);
    for (const k of [...all.keys()].sort()) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = all.get(k);
    return out;
  }

  private apply(last: Int32Array, since: Int32Array, c: number): void {
    const key = this.log.keyOf(c);
    last[key] = c;
    if (this.log.removes(c)) since[key] = -1;
    else if (since[key] < 0) since[key] = c;
  }
}
