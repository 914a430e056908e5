// The steps of a run, stored column by column: one typed column per number (time, packet
// ids, frame, arrival), one site number per step for everything that repeats (node, port,
// layer, kind, source, link, fields read, wording function: site-table.ts), and one
// reference per step for the decision (its words, or the facts a wording function needs).
// No object is made per step while the engine runs. On the hot paths a decision is a
// shared wording function plus its facts, worded when someone reads the step (the way
// ftrace stores binary records and formats them at read time). A Step object exists
// only once a reader asks for it. State changes live in the change log (change-log.ts).
import { ChangeLog, type RawChanges } from './change-log';
import { Chunked, CHUNK, CHUNK_BITS, CHUNK_MASK, StringTable } from './columns';
import type { Deferred, Explain, StepFacts } from './device';
import type { LinkSpec } from './links';
import { DETAIL, FIELDS, KIND, LAYER, LINK, FROM_A, NODE, PORT, READS, SiteTable, SOURCE, WORDS } from './site-table';
import type { ByteRange, Layer, StateChange, Step, StepKind, Time } from './types';

const NONE = -1;

type Detail = Readonly<Record<string, unknown>>;
type Fn = (...a: never[]) => unknown;

/** Where a received trace's decisions and details come from (step-data.ts): they were worded before sending. */
export interface WordedSteps {
  decisionAt(i: number): string;
  detailAt(i: number): Detail | undefined;
}

/** What the state index reads: every step's changes, by number, without Step objects. */
export interface ChangeColumns {
  readonly steps: number;
  /** Step i's changes are [end(i - 1), end(i)). */
  end(i: number): number;
  readonly keyCount: number;
  /** The key number of change c, and the key named by a number. */
  keyOf(c: number): number;
  keyName(k: number): string;
  after(c: number): unknown;
  /** True when change c removed its key (its value after is undefined). */
  removes(c: number): boolean;
  /** The key and kind columns themselves, when the log is a ChangeLog (a faster pass). */
  readonly raw?: RawChanges;
}

/** The per-step typed columns, as chunks (the same chunking for all). */
export interface StepChunks {
  time: Float64Array[];
  arrives: Float64Array[];
  site: Int32Array[];
  pid: Int32Array[];
  origin: Int32Array[];
  parent: Int32Array[];
  frame: Int32Array[];
  changeEnd: Int32Array[];
  detail: Int32Array[];
}

export class StepStore {
  length = 0;
  readonly c: StepChunks = {
    time: [],
    arrives: [],
    site: [],
    pid: [],
    origin: [],
    parent: [],
    frame: [],
    changeEnd: [],
    detail: [],
  };
  // The chunks being filled (the hot path writes these directly).
  private wTime!: Float64Array;
  private wArrives!: Float64Array;
  private wSite!: Int32Array;
  private wPid!: Int32Array;
  private wOrigin!: Int32Array;
  private wParent!: Int32Array;
  private wFrame!: Int32Array;
  private wChangeEnd!: Int32Array;
  private wDetail!: Int32Array;

  readonly strings: StringTable;
  readonly sites: SiteTable;
  readonly log: ChangeLog;
  /** The decision's words, or the facts its wording function words it from. */
  readonly slot = new Chunked<unknown>();
  /** Wording and detail functions, by number. */
  readonly fns: Fn[] = [];
  private readonly fnIds = new Map<Fn, number>();
  /** Distinct lists of fields read, frozen, by number. */
  readonly reads: (readonly string[])[] = [];
  private readonly readsIds = new Map<string, number>();
  /** Details by number: a frozen detail shared between steps is kept once. */
  readonly details = new Chunked<Detail>();
  private readonly sharedDetail = new Map<Detail, number>();
  readonly readBytes: Map<number, readonly ByteRange[]>;
  /** Set when the decisions were worded before the store was sent here. */
  private readonly worded?: WordedSteps;

  constructor(
    from?: Pick<StepStore, 'length' | 'c' | 'strings' | 'sites' | 'log' | 'reads' | 'readBytes'>,
    worded?: WordedSteps,
  ) {
    this.strings = from?.strings ?? new StringTable();
    this.sites = from?.sites ?? new SiteTable();
    this.log = from?.log ?? new ChangeLog();
    this.readBytes = from?.readBytes ?? new Map();
    if (from) {
      this.length = from.length;
      this.c = from.c;
      this.reads.push(...from.reads);
      this.worded = worded;
    }
  }

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
    const o = i & CHUNK_MASK;
    if (o === 0) this.addChunk();
    const d = e.decision;
    let words = NONE;
    let detailFn = NONE;
    if (typeof d === 'string') this.slot.push(d);
    else {
      words = this.fnId(d.words);
      if (d.detail !== undefined && e.detail === undefined) detailFn = this.fnId(d.detail);
      this.slot.push(d.arg);
    }
    const t = this.strings;
    const reads = e.reads;
    this.wSite[o] = this.sites.id(
      t.id(node),
      port === undefined ? NONE : t.id(port),
      t.id(e.layer ?? 'L2'),
      t.id(kind),
      t.id(e.source),
      link,
      link === NONE || !linkFromA ? 0 : 1,
      reads !== undefined && reads.length > 0 ? this.readsId(reads) : NONE,
      words,
      detailFn,
    );
    this.wTime[o] = time;
    this.wArrives[o] = link === NONE ? 0 : arrives;
    this.wPid[o] = pid;
    this.wOrigin[o] = origin;
    this.wParent[o] = parent;
    this.wFrame[o] = frame;
    this.wChangeEnd[o] = this.log.length;
    this.wDetail[o] = e.detail === undefined ? NONE : this.detailId(e.detail);
    if (e.readBytes && e.readBytes.length > 0) this.readBytes.set(i, e.readBytes);
    this.length = i + 1;
    return i;
  }

  /** The changes recorded since the last step (they belong to the next one). */
  hasPending(): boolean {
    return this.log.length > (this.length > 0 ? this.changeEnd(this.length - 1) : 0);
  }

  /** Keys changed since the last step (for the step that records them on their own). */
  pendingKeys(): string[] {
    const out: string[] = [];
    for (let c = this.length > 0 ? this.changeEnd(this.length - 1) : 0; c < this.log.length; c++)
      out.push(this.log.keyAt(c));
    return out;
  }

  timeAt(i: number): Time {
    return this.c.time[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }

  siteAt(i: number): number {
    return this.c.site[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }

  kindAt(i: number): StepKind {
    return this.strings.at(this.sites.get(this.siteAt(i), KIND)) as StepKind;
  }

  nodeAt(i: number): string {
    return this.strings.at(this.sites.get(this.siteAt(i), NODE))!;
  }

  portAt(i: number): string | undefined {
    return this.strings.at(this.sites.get(this.siteAt(i), PORT));
  }

  layerAt(i: number): Layer {
    return this.strings.at(this.sites.get(this.siteAt(i), LAYER)) as Layer;
  }

  sourceAt(i: number): string {
    return this.strings.at(this.sites.get(this.siteAt(i), SOURCE))!;
  }

  pidAt(i: number): number {
    return this.c.pid[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }

  originAt(i: number): number {
    return this.c.origin[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }

  frameAt(i: number): number {
    return this.c.frame[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }

  /** How many changes were recorded up to and including step i. */
  changeEnd(i: number): number {
    return this.c.changeEnd[i >>> CHUNK_BITS][i & CHUNK_MASK];
  }

  changes(): ChangeColumns {
    const log = this.log;
    return {
      steps: this.length,
      end: (i) => this.changeEnd(i),
      keyCount: log.keys.size,
      keyOf: (c) => log.keyOf(c),
      keyName: (k) => log.keys.at(k)!,
      after: (c) => log.after(c),
      removes: (c) => log.removes(c),
      raw: log.chunks(),
    };
  }

  /**
   * The first step from `from` on whose node and kind satisfy `match`, or -1. `match` is
   * asked once per site, not once per step, so a scan of a million steps is a few ms.
   */
  nextWhere(from: number, match: (node: string, kind: StepKind) => boolean): number {
    const fits = new Int8Array(this.sites.count).fill(-1);
    const t = this.strings;
    for (let i = Math.max(0, from); i < this.length; i++) {
      const s = this.c.site[i >>> CHUNK_BITS][i & CHUNK_MASK];
      let f = fits[s];
      if (f < 0) fits[s] = f = match(t.at(this.sites.get(s, NODE))!, t.at(this.sites.get(s, KIND)) as StepKind) ? 1 : 0;
      if (f === 1) return i;
    }
    return -1;
  }

  /** The decision of step i in words (worded now when it was deferred; not kept). */
  decisionAt(i: number, frames: readonly Uint8Array[]): string {
    if (this.worded) return this.worded.decisionAt(i);
    const w = this.sites.get(this.siteAt(i), WORDS);
    if (w === NONE) return this.slot.get(i) as string;
    const f = this.frameAt(i);
    const at: StepFacts = {
      time: this.timeAt(i),
      node: this.nodeAt(i),
      port: this.portAt(i),
      bytes: f === NONE ? undefined : frames[f],
    };
    return (this.fns[w] as Deferred['words'])(this.slot.get(i), at);
  }

  detailAt(i: number): Detail | undefined {
    if (this.worded) return this.worded.detailAt(i);
    const d = this.c.detail[i >>> CHUNK_BITS][i & CHUNK_MASK];
    if (d !== NONE) return this.details.get(d);
    const f = this.sites.get(this.siteAt(i), DETAIL);
    return f === NONE ? undefined : (this.fns[f] as NonNullable<Deferred['detail']>)(this.slot.get(i));
  }

  /** Step i as the plain object every view reads. */
  step(i: number, frames: readonly Uint8Array[], links: readonly LinkSpec[]): Step {
    const b = i >>> CHUNK_BITS;
    const o = i & CHUNK_MASK;
    const c = this.c;
    const so = c.site[b][o] * FIELDS;
    const r = this.sites.rows;
    const t = this.strings;
    const pid = c.pid[b][o];
    const f = c.frame[b][o];
    const l = r[so + LINK];
    const from = i > 0 ? this.changeEnd(i - 1) : 0;
    const to = c.changeEnd[b][o];
    let changes: StateChange[] | undefined;
    if (to > from) {
      changes = [];
      const log = this.log;
      for (let k = from; k < to; k++) changes.push({ key: log.keyAt(k), before: log.before(k), after: log.after(k) });
    }
    let link: Step['link'];
    if (l !== NONE) {
      const spec = links[l];
      const fromA = r[so + FROM_A] === 1;
      link = { id: spec.id, from: fromA ? spec.a : spec.b, to: fromA ? spec.b : spec.a, arrives: c.arrives[b][o] };
    }
    const reads = r[so + READS];
    const parent = c.parent[b][o];
    return {
      index: i,
      time: c.time[b][o],
      node: t.at(r[so + NODE])!,
      port: t.at(r[so + PORT]),
      layer: t.at(r[so + LAYER]) as Layer,
      kind: t.at(r[so + KIND]) as StepKind,
      decision: this.decisionAt(i, frames),
      source: t.at(r[so + SOURCE])!,
      packet: pid === 0 ? undefined : { pid, origin: c.origin[b][o], parent: parent === NONE ? null : parent },
      frame: f === NONE ? undefined : f,
      reads: reads === NONE ? undefined : this.reads[reads],
      readBytes: this.readBytes.get(i),
      changes,
      link,
      detail: this.detailAt(i),
    };
  }

  private addChunk(): void {
    const c = this.c;
    c.time.push((this.wTime = new Float64Array(CHUNK)));
    c.arrives.push((this.wArrives = new Float64Array(CHUNK)));
    c.site.push((this.wSite = new Int32Array(CHUNK)));
    c.pid.push((this.wPid = new Int32Array(CHUNK)));
    c.origin.push((this.wOrigin = new Int32Array(CHUNK)));
    c.parent.push((this.wParent = new Int32Array(CHUNK)));
    c.frame.push((this.wFrame = new Int32Array(CHUNK)));
    c.changeEnd.push((this.wChangeEnd = new Int32Array(CHUNK)));
    c.detail.push((this.wDetail = new Int32Array(CHUNK)));
  }

  private fnId(f: Fn): number {
    let id = this.fnIds.get(f);
    if (id === undefined) {
      id = this.fns.length;
      this.fns.push(f);
      this.fnIds.set(f, id);
    }
    return id;
  }

  private readsId(reads: readonly string[]): number {
    const key = reads.length === 1 ? reads[0] : `\u0000${reads.join('\u0000')}`;
    let id = this.readsIds.get(key);
    if (id === undefined) {
      id = this.reads.length;
      this.reads.push(Object.freeze([...reads]));
      this.readsIds.set(key, id);
    }
    return id;
  }

  private detailId(d: Detail): number {
    if (!Object.isFrozen(d)) {
      this.details.push(d);
      return this.details.length - 1;
    }
    let id = this.sharedDetail.get(d);
    if (id === undefined) {
      id = this.details.length;
      this.details.push(d);
      this.sharedDetail.set(d, id);
    }
    return id;
  }
}

export { NONE };
