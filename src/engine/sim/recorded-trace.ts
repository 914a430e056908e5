// The trace a run returns. Its steps and fates live in columns (step-store.ts,
// fate-store.ts) and become the plain objects of `Trace` only when read: one step at a
// time through `step(i)` (views, via trace-access.ts), or all at once through `steps` and
// `fates`, which are then kept. `steps` and `fates` are the object's own enumerable
// properties, so spreading, JSON.stringify and structuredClone see a plain Trace; the
// columns are private fields none of them copy. To cross to another thread without
// making every Step, `toData()` gives the columns as plain data (trace-data.ts) and
// `RecordedTrace.fromData` reads them on the other side, one step at a time again.
import { StringTable } from './columns';
import { FateStore, type FateHead } from './fate-store';
import { LAYER, NODE } from './site-table';
import type { LinkSpec } from './links';
import type { ChangeColumns, StepStore } from './step-store';
import { packFrames, stepData, storeFromData, unpackFrames, type TraceData } from './trace-data';
import type { FrameFate, Layer, Step, StepKind, Time, Topology, Trace } from './types';

/** How many single steps a trace keeps made at once (views read around the cursor). */
const FEW = 4096;

export class RecordedTrace implements Trace {
  declare readonly steps: readonly Step[];
  declare readonly fates: readonly FrameFate[];
  readonly #store: StepStore;
  readonly #fates: FateStore;
  readonly #links: readonly LinkSpec[];
  readonly #inFlight: ReadonlyMap<number, number>;
  readonly #few = new Map<number, Step>();
  #made = false;

  constructor(
    readonly scenario: string,
    readonly seed: number,
    readonly topology: Topology,
    readonly frames: readonly Uint8Array[],
    readonly endTime: Time,
    readonly counters: Trace['counters'],
    store: StepStore,
    fates: FateStore,
    links: readonly LinkSpec[],
    inFlight: ReadonlyMap<number, number>,
  ) {
    this.#store = store;
    this.#fates = fates;
    this.#links = links;
    this.#inFlight = inFlight;
    let steps: readonly Step[] | undefined;
    let fateList: readonly FrameFate[] | undefined;
    Object.defineProperty(this, 'steps', { enumerable: true, get: () => (steps ??= this.#makeSteps()) });
    Object.defineProperty(this, 'fates', { enumerable: true, get: () => (fateList ??= this.#makeFates()) });
    Object.freeze(this);
  }

  /** A trace read from the plain data `toData()` gave (on another thread). */
  static fromData(d: TraceData): RecordedTrace {
    const store = storeFromData(d.steps);
    return new RecordedTrace(
      d.scenario,
      d.seed,
      d.topology,
      unpackFrames(d.frames, d.frameEnd),
      d.endTime,
      d.counters,
      store,
      new FateStore(store.strings, d.fates),
      d.links,
      new Map(d.inFlight),
    );
  }

  /**
   * The trace as plain data for postMessage: typed arrays (pass `transferables(data)` as the
   * transfer list), string tables, and every decision worded now.
   */
  toData(): TraceData {
    return {
      scenario: this.scenario,
      seed: this.seed,
      topology: this.topology,
      endTime: this.endTime,
      counters: this.counters,
      ...packFrames(this.frames),
      links: this.#links,
      inFlight: [...this.#inFlight],
      steps: stepData(this.#store, this.frames),
      fates: this.#fates.toData(),
    };
  }

  /** How many steps, without making them. */
  get stepCount(): number {
    return this.#store.length;
  }

  /** Step i as an object, made alone (and kept for a while) when the whole list was not made. */
  step(i: number): Step {
    if (this.#made) return this.steps[i];
    let s = this.#few.get(i);
    if (!s) {
      if (this.#few.size >= FEW) this.#few.clear();
      s = Object.freeze(this.#store.step(i, this.frames, this.#links));
      this.#few.set(i, s);
    }
    return s;
  }

  /** Whether the whole list of Step objects has been made (tests check that reading one step does not). */
  get allStepsMade(): boolean {
    return this.#made;
  }

  timeAt(i: number): Time {
    return this.#store.timeAt(i);
  }

  nodeAt(i: number): string {
    return this.#store.nodeAt(i);
  }

  portAt(i: number): string | undefined {
    return this.#store.portAt(i);
  }

  kindAt(i: number): StepKind {
    return this.#store.kindAt(i);
  }

  layerAt(i: number): Layer {
    return this.#store.layerAt(i);
  }

  sourceAt(i: number): string {
    return this.#store.sourceAt(i);
  }

  /** Step i's packet copy (0: none) and its frame's index in `frames` (-1: none), from the columns. */
  pidAt(i: number): number {
    return this.#store.pidAt(i);
  }

  frameAt(i: number): number {
    return this.#store.pidAt(i) === 0 ? -1 : this.#store.frameAt(i);
  }

  /** Step i's injected frame (its packet copy's origin), or -1 when the step has no packet. */
  originAt(i: number): number {
    return this.#store.pidAt(i) === 0 ? -1 : this.#store.originAt(i);
  }

  /** When the copy step i puts on a link arrives; NaN when it crosses no link. */
  arrivesAt(i: number): Time {
    return this.#store.arrivesAt(i);
  }

  /** Step i's detail, without making the step (a deferred detail is made now, not kept). */
  detailAt(i: number): Step['detail'] {
    return this.#few.get(i)?.detail ?? this.#store.detailAt(i);
  }

  /** The distinct nodes or layers of the steps, from the sites (a few hundred), not from every step. */
  distinct(what: 'node' | 'layer'): string[] {
    return this.#store.distinct(what === 'node' ? NODE : LAYER);
  }

  /** The injected frames (origin, node, traffic item) without wording their outcomes. */
  fateHeads(): FateHead[] {
    return this.#fates.heads();
  }

  /** Every step whose node and kind satisfy `match` (asked once per site), in order. */
  allWhere(match: (node: string, kind: StepKind, layer: Layer) => boolean): Int32Array {
    return this.#store.allWhere(match);
  }

  /** The first step from `from` on whose node and kind satisfy `match` (asked once per site), or -1. */
  nextWhere(from: number, match: (node: string, kind: StepKind) => boolean): number {
    return this.#store.nextWhere(from, match);
  }

  /** Every step's state changes as columns, for building a state index without Step objects. */
  changeColumns(): ChangeColumns {
    return this.#store.changes();
  }

  /** How many copies, over all injected frames, were delivered, without making the fates. */
  deliveredCount(): number {
    return this.#fates.deliveredCount();
  }

  #makeSteps(): readonly Step[] {
    const steps = new Array<Step>(this.#store.length);
    for (let i = 0; i < steps.length; i++) steps[i] = this.#few.get(i) ?? this.#store.step(i, this.frames, this.#links);
    this.#few.clear();
    this.#made = true;
    return Object.freeze(steps);
  }

  #makeFates(): readonly FrameFate[] {
    const s = this.#store;
    const reader = {
      nodeAt: (i: number) => s.nodeAt(i),
      portAt: (i: number) => s.portAt(i),
      decisionAt: (i: number) => s.decisionAt(i, this.frames),
    };
    return Object.freeze(this.#fates.materialize(reader, (o) => this.#inFlight.get(o) ?? 0));
  }
}

/** The state changes of every step, from the columns when the trace has them. */
export function changeColumnsOf(t: Trace): ChangeColumns {
  if (t instanceof RecordedTrace) return t.changeColumns();
  const end = new Int32Array(t.steps.length);
  const keys = new StringTable();
  const keyOf: number[] = [];
  const after: unknown[] = [];
  t.steps.forEach((s, i) => {
    for (const c of s.changes ?? []) {
      keyOf.push(keys.id(c.key));
      after.push(c.after);
    }
    end[i] = keyOf.length;
  });
  return {
    steps: t.steps.length,
    end: (i) => end[i],
    keyCount: keys.size,
    keyOf: (c) => keyOf[c],
    keyName: (k) => keys.at(k)!,
    after: (c) => after[c],
    removes: (c) => after[c] === undefined,
  };
}
