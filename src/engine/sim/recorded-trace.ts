// The trace a run returns. Its steps and fates live in columns (step-store.ts,
// fate-store.ts) and become the plain objects of `Trace` only when first read, all at
// once, then stay. Code that scans a whole long trace (the state index, the benchmark)
// reads the columns instead and never makes those objects.
import type { FateStore } from './fate-store';
import type { LinkSpec } from './links';
import type { ChangeColumns, StepStore } from './step-store';
import type { FrameFate, Step, Time, Topology, Trace } from './types';

export class RecordedTrace implements Trace {
  private readonly made: { steps?: readonly Step[]; fates?: readonly FrameFate[] } = {};

  constructor(
    readonly scenario: string,
    readonly seed: number,
    readonly topology: Topology,
    readonly frames: readonly Uint8Array[],
    readonly endTime: Time,
    readonly counters: Trace['counters'],
    private readonly store: StepStore,
    private readonly fateStore: FateStore,
    private readonly links: readonly LinkSpec[],
    private readonly inFlight: ReadonlyMap<number, number>,
  ) {
    Object.freeze(this);
  }

  get steps(): readonly Step[] {
    if (!this.made.steps) {
      const steps = new Array<Step>(this.store.length);
      for (let i = 0; i < steps.length; i++) steps[i] = this.store.step(i, this.frames, this.links);
      this.made.steps = Object.freeze(steps);
    }
    return this.made.steps;
  }

  get fates(): readonly FrameFate[] {
    if (!this.made.fates) {
      const s = this.store;
      const reader = { nodeAt: (i: number) => s.nodeAt(i), portAt: (i: number) => s.portAt(i), decisionAt: (i: number) => s.decisionAt(i, this.frames) };
      this.made.fates = Object.freeze(this.fateStore.materialize(reader, (o) => this.inFlight.get(o) ?? 0));
    }
    return this.made.fates;
  }

  get stepCount(): number {
    return this.store.length;
  }

  /** Every step's state changes as columns, for building a state index without Step objects. */
  changeColumns(): ChangeColumns {
    return this.store.changes();
  }

  /** How many copies, over all injected frames, were delivered. */
  deliveredCount(): number {
    return this.fateStore.deliveredCount();
  }

  /** The same trace as plain data: what a Web Worker can post (functions cannot be cloned). */
  toPlain(): Trace {
    return { scenario: this.scenario, seed: this.seed, topology: this.topology, steps: this.steps, frames: this.frames, fates: this.fates, endTime: this.endTime, counters: this.counters };
  }

  toJSON(): Trace {
    return this.toPlain();
  }
}

/** Any trace as plain, structured-cloneable data. */
export const plainTrace = (t: Trace): Trace => (t instanceof RecordedTrace ? t.toPlain() : t);

/** The state changes of every step, from the columns when the trace has them. */
export function changeColumnsOf(t: Trace): ChangeColumns {
  if (t instanceof RecordedTrace) return t.changeColumns();
  const end = new Int32Array(t.steps.length);
  const keys: string[] = [];
  const before: unknown[] = [];
  const after: unknown[] = [];
  t.steps.forEach((s, i) => {
    for (const c of s.changes ?? []) {
      keys.push(c.key);
      before.push(c.before);
      after.push(c.after);
    }
    end[i] = keys.length;
  });
  return { steps: t.steps.length, end, keys, before, after };
}
