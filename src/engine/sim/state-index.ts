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

/** A built index as plain data (to send from the engine worker with its trace): the snapshots end to end. */
export interface StateIndexData {
  readonly every: number;
  readonly keys: number;
  readonly count: number;
  readonly last: Int32Array;
  readonly since: Int32Array;
}

export class StateIndex {
  private readonly snapshots: Snapshot[] = [];
  private readonly log: ChangeColumns;
  private readonly every: number;

  /** `every` defaults to 512 steps, more when there are many keys (so snapshots stay about the size of the log). */
  constructor(trace: Trace, every?: number, data?: StateIndexData) {
    const log = (this.log = changeColumnsOf(trace));
    const keys = log.keyCount;
    if (data && data.keys === keys) {
      // Built already (in the engine worker, over the same change log): read its snapshots in place.
      this.every = data.every;
      for (let k = 0, at = 0; k < data.count; k++, at += keys)
        this.snapshots.push({ last: data.last.subarray(at, at + keys), since: data.since.subarray(at, at + keys) });
      return;
    }
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

  /** The snapshots as plain data (pass `[d.last.buffer, d.since.buffer]` as the transfer list). */
  toData(): StateIndexData {
    const keys = this.log.keyCount;
    const last = new Int32Array(keys * this.snapshots.length);
    const since = new Int32Array(keys * this.snapshots.length);
    this.snapshots.forEach((s, k) => {
      last.set(s.last, k * keys);
      since.set(s.since, k * keys);
    });
    return { every: this.every, keys, count: this.snapshots.length, last, since };
  }

  /** State after step `index` has happened (index -1: before the first step). */
  at(index: number): StateMap {
    const log = this.log;
    const { last, since } = this.lastAt(index);
    // Keys in the order they last appeared: the order a Map replaying the changes would hold.
    const live: number[] = [];
    for (let key = 0; key < last.length; key++) if (since[key] >= 0) live.push(key);
    live.sort((a, b) => since[a] - since[b]);
    const state = new Map<string, unknown>();
    for (const key of live) state.set(log.keyName(key), log.after(last[key]));
    return state;
  }

  /**
   * Only the keys under `prefix` (e.g. `br0/fdb/`), as an object sorted by key. Reads only
   * that prefix's keys (listed once per prefix), not the whole state.
   */
  under(index: number, prefix: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const { last, since } = this.lastAt(index);
    for (const key of this.keysUnder(prefix))
      if (since[key] >= 0) out[this.log.keyName(key).slice(prefix.length)] = this.log.after(last[key]);
    return out;
  }

  /**
   * The keys under `prefix` that some step in (min(from, to), max(from, to)] changed, with
   * their values at `from` and at `to` (undefined: not set). A key changed and changed back
   * is listed too; callers compare the values. Keys set at `to` come first, in the order
   * `at(to)` lists them, then the keys only `from` had, in the order `at(from)` lists them.
   */
  changedBetween(from: number, to: number, prefix = ''): { key: string; before: unknown; after: unknown }[] {
    const log = this.log;
    const lo = Math.max(-1, Math.min(from, to, log.steps - 1));
    const hi = Math.max(-1, Math.min(Math.max(from, to), log.steps - 1));
    const first = lo >= 0 ? log.end(lo) : 0;
    const end = hi >= 0 ? log.end(hi) : 0;
    if (first === end) return [];
    const a = this.lastAt(from);
    const b = this.lastAt(to);
    // The keys changed in between: from the log for a short move; for a long jump (more
    // changes than keys), the keys whose last change differs between the two cursors.
    const touched = new Set<number>();
    if (end - first <= log.keyCount) for (let c = first; c < end; c++) touched.add(log.keyOf(c));
    else for (let k = 0; k < log.keyCount; k++) if (a.last[k] !== b.last[k]) touched.add(k);
    const value = (x: { last: Int32Array; since: Int32Array }, k: number) =>
      x.since[k] >= 0 ? log.after(x.last[k]) : undefined;
    const keys = [...touched].filter((k) => log.keyName(k).startsWith(prefix));
    const atTo = keys.filter((k) => b.since[k] >= 0).sort((x, y) => b.since[x] - b.since[y]);
    const onlyFrom = keys.filter((k) => b.since[k] < 0 && a.since[k] >= 0).sort((x, y) => a.since[x] - a.since[y]);
    return [...atTo, ...onlyFrom].map((k) => ({ key: log.keyName(k), before: value(a, k), after: value(b, k) }));
  }

  /** Which change last set each key after step `index`, and since when each live key has been set. */
  private lastAt(index: number): Snapshot {
    const log = this.log;
    const i = Math.max(-1, Math.min(index, log.steps - 1));
    const k = Math.floor((i + 1) / this.every);
    const snap = this.snapshots[k];
    const last = snap.last.slice();
    const since = snap.since.slice();
    const from = k * this.every;
    const end = i >= 0 ? log.end(i) : 0;
    for (let c = from > 0 ? log.end(from - 1) : 0; c < end; c++) this.apply(last, since, c);
    return { last, since };
  }

  private readonly prefixKeys = new Map<string, number[]>();

  /** Key numbers whose names start with `prefix`, sorted by name (found once per prefix). */
  private keysUnder(prefix: string): number[] {
    let l = this.prefixKeys.get(prefix);
    if (!l) {
      l = [];
      for (let k = 0; k < this.log.keyCount; k++) if (this.log.keyName(k).startsWith(prefix)) l.push(k);
      const names = l.map((k) => this.log.keyName(k));
      const order = l.map((_, j) => j).sort((x, y) => (names[x] < names[y] ? -1 : names[x] > names[y] ? 1 : 0));
      l = order.map((j) => l![j]);
      if (this.prefixKeys.size > 64) this.prefixKeys.clear();
      this.prefixKeys.set(prefix, l);
    }
    return l;
  }

  private apply(last: Int32Array, since: Int32Array, c: number): void {
    const key = this.log.keyOf(c);
    last[key] = c;
    if (this.log.removes(c)) since[key] = -1;
    else if (since[key] < 0) since[key] = c;
  }
}
