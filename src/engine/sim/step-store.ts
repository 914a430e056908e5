// The steps of a run, stored column by column: one typed array per number (time, packet
// ids, frame, link), one plain array per reference (node, kind, source, reads, detail).
// No object is made per step while the engine runs. Decisions are kept as written, or,
// on the engine's hot paths, as a shared wording function plus the facts it needs; the
// words are made when someone reads the step (the way ftrace stores binary records and
// formats them at read time). A Step object exists only once a reader asks for it.
import { Chunked, ensure, StringTable } from './columns';
import type { Deferred, Explain } from './device';
import type { LinkSpec } from './links';
import type { ByteRange, Layer, StateChange, Step, StepKind, Time } from './types';

const NONE = -1;

/** The state changes of every step, in one log: step i owns entries [end[i-1], end[i]). */
export interface ChangeColumns {
  readonly steps: number;
  readonly end: Int32Array;
  key(c: number): string;
  before(c: number): unknown;
  after(c: number): unknown;
}

export class StepStore {
  length = 0;
  private time = new Float64Array(1024);
  private pid = new Int32Array(1024);
  private origin = new Int32Array(1024);
  private parent = new Int32Array(1024);
  private frame = new Int32Array(1024);
  private link = new Int32Array(1024);
  private linkFromA = new Uint8Array(1024);
  private arrives = new Float64Array(1024);
  private changeEnd = new Int32Array(1024);
  // Strings that repeat, by their number in `strings`.
  private node = new Int32Array(1024);
  private port = new Int32Array(1024);
  private layer = new Int32Array(1024);
  private kind = new Int32Array(1024);
  private source = new Int32Array(1024);
  readonly strings = new StringTable();
  /** The decision's words, or the function that words it from `arg`. */
  private readonly words = new Chunked<string | Deferred['words']>();
  private readonly arg = new Chunked<unknown>();
  private readonly reads = new Chunked<readonly string[] | undefined>();
  private readonly readBytes = new Map<number, readonly ByteRange[]>();
  private readonly detail = new Chunked<Readonly<Record<string, unknown>> | undefined>();
  // The change log: changes set since the last step belong to the next one.
  private cKey = new Int32Array(1024);
  private changeCount = 0;
  private readonly keys = new StringTable();
  private readonly cBefore = new Chunked<unknown>();
  private readonly cAfter = new Chunked<unknown>();

  /** Record one step. `frame` is an index into the trace's frames (-1: none). */
  push(
    time: Time,
    node: string,
    port: string | undefined,
    kind: StepKind,
    e: Explain,
    pid: number,
    origin: number,
    parent: number,
    frame: number,
    link: number,
    linkFromA: boolean,
    arrives: Time,
  ): number {
    const i = this.length;
    if (i === this.time.length) this.grow(i + 1);
    this.time[i] = time;
    this.pid[i] = pid;
    this.origin[i] = origin;
    this.parent[i] = parent;
    this.frame[i] = frame;
    this.link[i] = link;
    this.linkFromA[i] = linkFromA ? 1 : 0;
    this.arrives[i] = arrives;
    this.changeEnd[i] = this.changeCount;
    const t = this.strings;
    this.node[i] = t.id(node);
    this.port[i] = port === undefined ? NONE : t.id(port);
    this.layer[i] = t.id(e.layer ?? 'L2');
    this.kind[i] = t.id(kind);
    this.source[i] = t.id(e.source);
    const d = e.decision;
    if (typeof d === 'string') {
      this.words.push(d);
      this.arg.push(undefined);
    } else {
      this.words.push(d.words);
      this.arg.push(d.arg);
    }
    this.reads.push(e.reads && e.reads.length > 0 ? e.reads : undefined);
    if (e.readBytes && e.readBytes.length > 0) this.readBytes.set(i, e.readBytes);
    this.detail.push(e.detail);
    this.length = i + 1;
    return i;
  }

  /** A change of state, attached to the next step pushed. */
  change(key: string, before: unknown, after: unknown): void {
    const c = this.changeCount++;
    if (c === this.cKey.length) this.cKey = ensure(this.cKey, c + 1);
    this.cKey[c] = this.keys.id(key);
    this.cBefore.push(before);
    this.cAfter.push(after);
  }

  hasPending(): boolean {
    return this.changeCount > (this.length > 0 ? this.changeEnd[this.length - 1] : 0);
  }

  /** Keys changed since the last step (for the step that records them on their own). */
  pendingKeys(): string[] {
    const out: string[] = [];
    for (let c = this.length > 0 ? this.changeEnd[this.length - 1] : 0; c < this.changeCount; c++)
      out.push(this.keys.at(this.cKey[c])!);
    return out;
  }

  timeAt(i: number): Time {
    return this.time[i];
  }

  kindAt(i: number): StepKind {
    return this.strings.at(this.kind[i]) as StepKind;
  }

  nodeAt(i: number): string {
    return this.strings.at(this.node[i])!;
  }

  portAt(i: number): string | undefined {
    return this.strings.at(this.port[i]);
  }

  layerAt(i: number): Layer {
    return this.strings.at(this.layer[i]) as Layer;
  }

  sourceAt(i: number): string {
    return this.strings.at(this.source[i])!;
  }

  pidAt(i: number): number {
    return this.pid[i];
  }

  originAt(i: number): number {
    return this.origin[i];
  }

  changes(): ChangeColumns {
    return {
      steps: this.length,
      end: this.changeEnd.subarray(0, this.length),
      key: (c) => this.keys.at(this.cKey[c])!,
      before: (c) => this.cBefore.get(c),
      after: (c) => this.cAfter.get(c),
    };
  }

  /** The decision of step i in words. */
  decisionAt(i: number, frames: readonly Uint8Array[]): string {
    const w = this.words.get(i);
    if (typeof w === 'string') return w;
    const f = this.frame[i];
    const words = w(this.arg.get(i), {
      time: this.time[i],
      node: this.nodeAt(i),
      port: this.portAt(i),
      bytes: f === NONE ? undefined : frames[f],
    });
    // Worded once: keep the words, let the facts go.
    this.words.set(i, words);
    this.arg.set(i, undefined);
    return words;
  }

  /** Step i as the plain object every view reads. */
  step(i: number, frames: readonly Uint8Array[], links: readonly LinkSpec[]): Step {
    const pid = this.pid[i];
    const f = this.frame[i];
    const l = this.link[i];
    const from = i > 0 ? this.changeEnd[i - 1] : 0;
    const to = this.changeEnd[i];
    let changes: StateChange[] | undefined;
    if (to > from) {
      changes = [];
      for (let c = from; c < to; c++)
        changes.push({ key: this.keys.at(this.cKey[c])!, before: this.cBefore.get(c), after: this.cAfter.get(c) });
    }
    let link: Step['link'];
    if (l !== NONE) {
      const spec = links[l];
      const fromA = this.linkFromA[i] === 1;
      link = { id: spec.id, from: fromA ? spec.a : spec.b, to: fromA ? spec.b : spec.a, arrives: this.arrives[i] };
    }
    return {
      index: i,
      time: this.time[i],
      node: this.nodeAt(i),
      port: this.portAt(i),
      layer: this.strings.at(this.layer[i]) as Layer,
      kind: this.kindAt(i),
      decision: this.decisionAt(i, frames),
      source: this.strings.at(this.source[i])!,
      packet:
        pid === 0
          ? undefined
          : { pid, origin: this.origin[i], parent: this.parent[i] === NONE ? null : this.parent[i] },
      frame: f === NONE ? undefined : f,
      reads: this.reads.get(i),
      readBytes: this.readBytes.get(i),
      changes,
      link,
      detail: this.detail.get(i),
    };
  }

  private grow(need: number): void {
    this.time = ensure(this.time, need);
    this.pid = ensure(this.pid, need);
    this.origin = ensure(this.origin, need);
    this.parent = ensure(this.parent, need);
    this.frame = ensure(this.frame, need);
    this.link = ensure(this.link, need);
    this.linkFromA = ensure(this.linkFromA, need);
    this.arrives = ensure(this.arrives, need);
    this.changeEnd = ensure(this.changeEnd, need);
    this.node = ensure(this.node, need);
    this.port = ensure(this.port, need);
    this.layer = ensure(this.layer, need);
    this.kind = ensure(this.kind, need);
    this.source = ensure(this.source, need);
  }
}

export { NONE };
