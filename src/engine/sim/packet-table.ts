// What every step of one packet copy shares, kept once per copy instead of once per step:
// the injected frame it descends from, its parent, its frame bytes (by number) and, for
// the copy a link carries, when it arrives. A packet copy's identity and bytes never
// change, so its steps agree; a step that does not (or a step with no packet that still
// shows a frame) keeps its own values apart, so what a step records is never lost.
import { CHUNK, CHUNK_BITS, CHUNK_MASK, chunksOf, flatten } from './columns';
import type { Time } from './types';

const NONE = -1;
/** A copy no step has named yet. */
const UNSET = -2;

/** The values of one step that differ from its packet's. */
export interface OwnValues {
  readonly origin: number;
  readonly parent: number;
  readonly frame: number;
  readonly arrives?: Time;
}

/** The table as plain arrays (to send to another thread). */
export interface PacketData {
  readonly origin: Int32Array;
  readonly parent: Int32Array;
  readonly frame: Int32Array;
  readonly arrives: Float64Array;
  readonly own: readonly (readonly [number, OwnValues])[];
}

export class PacketTable {
  private origin: Int32Array[] = [];
  private parent: Int32Array[] = [];
  private frame: Int32Array[] = [];
  private arrives: Float64Array[] = [];
  /** Pids below this have their chunks. */
  private covered = 0;
  /** Steps whose values are not their packet's, by step index. */
  private readonly own = new Map<number, OwnValues>();

  constructor(data?: PacketData) {
    if (!data) return;
    this.origin = chunksOf(data.origin);
    this.parent = chunksOf(data.parent);
    this.frame = chunksOf(data.frame);
    this.arrives = chunksOf(data.arrives);
    this.covered = data.frame.length;
    for (const [i, v] of data.own) this.own.set(i, v);
  }

  /** Step `step` of packet `pid` (0: none) shows frame `frame`; `arrives` is its link arrival, NaN for none. */
  record(step: number, pid: number, origin: number, parent: number, frame: number, arrives: Time): void {
    if (pid === 0) {
      if (frame !== NONE || origin !== 0 || parent !== NONE || arrives === arrives)
        this.own.set(step, { origin, parent, frame, ...(arrives === arrives && { arrives }) });
      return;
    }
    while (pid >= this.covered) this.grow();
    const b = pid >>> CHUNK_BITS;
    const o = pid & CHUNK_MASK;
    const f = this.frame[b];
    if (f[o] === UNSET) {
      f[o] = frame;
      this.origin[b][o] = origin;
      this.parent[b][o] = parent;
      // NaN (no link) is a value like any other: the first link step of the copy sets it.
      this.arrives[b][o] = arrives;
      return;
    }
    const a = this.arrives[b];
    if (a[o] !== a[o] && arrives === arrives) a[o] = arrives;
    if (f[o] !== frame || this.origin[b][o] !== origin || this.parent[b][o] !== parent || !sameArrival(a[o], arrives))
      this.own.set(step, { origin, parent, frame, ...(arrives === arrives && { arrives }) });
  }

  originOf(step: number, pid: number): number {
    const v = this.own.size > 0 ? this.own.get(step) : undefined;
    return v ? v.origin : pid === 0 ? 0 : this.origin[pid >>> CHUNK_BITS][pid & CHUNK_MASK];
  }

  parentOf(step: number, pid: number): number {
    const v = this.own.size > 0 ? this.own.get(step) : undefined;
    return v ? v.parent : pid === 0 ? NONE : this.parent[pid >>> CHUNK_BITS][pid & CHUNK_MASK];
  }

  frameOf(step: number, pid: number): number {
    const v = this.own.size > 0 ? this.own.get(step) : undefined;
    return v ? v.frame : pid === 0 ? NONE : this.frame[pid >>> CHUNK_BITS][pid & CHUNK_MASK];
  }

  /** The frame the first step of copy `pid` showed, or -1 (none yet): while the run lasts, before any step's own values. */
  firstFrame(pid: number): number {
    if (pid <= 0 || pid >= this.covered) return NONE;
    const f = this.frame[pid >>> CHUNK_BITS][pid & CHUNK_MASK];
    return f === UNSET ? NONE : f;
  }

  /** When the copy a link step puts on the wire arrives. */
  arrivesOf(step: number, pid: number): Time {
    const v = this.own.size > 0 ? this.own.get(step) : undefined;
    if (v) return v.arrives ?? 0;
    return pid === 0 ? 0 : this.arrives[pid >>> CHUNK_BITS][pid & CHUNK_MASK];
  }

  toData(): PacketData {
    const n = this.covered;
    return {
      origin: flatten(this.origin, n, (k) => new Int32Array(k)),
      parent: flatten(this.parent, n, (k) => new Int32Array(k)),
      frame: flatten(this.frame, n, (k) => new Int32Array(k)),
      arrives: flatten(this.arrives, n, (k) => new Float64Array(k)),
      own: [...this.own],
    };
  }

  private grow(): void {
    this.origin.push(new Int32Array(CHUNK));
    this.parent.push(new Int32Array(CHUNK));
    this.frame.push(new Int32Array(CHUNK).fill(UNSET));
    this.arrives.push(new Float64Array(CHUNK).fill(NaN));
    this.covered += CHUNK;
  }
}

/** Two link arrivals agree (NaN: none). */
const sameArrival = (a: Time, b: Time): boolean => a === b || (a !== a && b !== b) || b !== b;
