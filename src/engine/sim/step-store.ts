// The steps of a run, stored column by column: per step its time, its packet copy (by
// number), where its state changes end, one site number for everything that repeats
// (node, port, layer, kind, source, link, fields read, a shared detail, wording function:
// site-table.ts), and one reference for the decision (its words, or the facts a wording
// function needs). What all the steps of a packet copy share (origin, parent, frame
// bytes, link arrival) is kept once per copy (packet-table.ts).
// No object is made per step while the engine runs. On the hot paths a decision is a
// shared wording function plus its facts, worded when someone reads the step (the way
// ftrace stores binary records and formats them at read time). A Step object exists
// only once a reader asks for it. State changes live in the change log (change-log.ts).
import { ChangeLog, type RawChanges } from './change-log';
import { Chunked, CHUNK, CHUNK_BITS, CHUNK_MASK, ensure, StringTable } from './columns';
import type { Deferred, Explain, StepFacts } from './device';
import type { LinkSpec } from './links';
import { PacketTable } from './packet-table';
import { SiteMemo } from './site-memo';
import {
  DETAIL,
  FIELDS,
  FROM_A,
  KIND,
  LAYER,
  LINK,
  MADE,
  NODE,
  PORT,
  READS,
  SiteTable,
  SOURCE,
  WORDS,
} from './site-table';
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
  site: Int32Array[];
  pid: Int32Array[];
  changeEnd: Int32Array[];
}

export class StepStore {
  length = 0;
  readonly c: StepChunks = { time: [], site: [], pid: [], changeEnd: [] };
  // The chunks being filled (the hot path writes these directly).
  private wTime!: Float64Array;
  private wSite!: Int32Array;
  private wPid!: Int32Array;
  private wChangeEnd!: Int32Array;
  /** The site being looked up (FIELDS integers, reused for every step). */
  private readonly key = new Int32Array(FIELDS);
  /** The site each node's step got last time from the same parts (only while recording). */
  private readonly memo = new SiteMemo();

  readonly strings: StringTable;
  readonly sites: SiteTable;
  readonly log: ChangeLog;
  readonly packets: PacketTable;
  /** The decision's words, or the facts its wording function words it from. */
  readonly slot = new Chunked<unknown>();
  /** Wording and detail functions, by number. */
  readonly fns: Fn[] = [];
  private readonly fnIds = new Map<Fn, number>();
  /** Distinct lists of fields read, frozen, by number. */
  readonly reads: (readonly string[])[] = [];
  private readonly readsIds = new Map<string, number>();
  /** Frozen details shared between steps, by number (a site names one). */
  readonly details: Detail[] = [];
  private readonly detailIds = new Map<Detail, number>();
  /** Details of one step only, by step index. */
  readonly ownDetail = new Map<number, Detail>();
  readonly readBytes: Map<number, readonly ByteRange[]>;
  /** Set when the decisions were worded before the store was sent here. */
  private readonly worded?: WordedSteps;

  constructor(
    from?: Pick<StepStore, 'length' | 'c' | 'strings' | 'sites' | 'log' | 'packets' | 'reads' | 'readBytes'>,
    worded?: WordedSteps,
  ) {
    this.strings = from?.strings ?? new StringTable();
    this.sites = from?.sites ?? new SiteTable();
    this.log = from?.log ?? new ChangeLog();
    this.packets = from?.packets ?? new PacketTable();
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
    this.slot.push(typeof d === 'string' ? d : d.arg);
    const detail = e.detail;
    let shared: Detail | undefined;
    if (detail !== undefined) {
      if (Object.isFrozen(detail)) shared = detail;
      else this.ownDetail.set(i, detail);
    }
    const link01 = link === NONE || !linkFromA ? 0 : 1;
    let site = this.memo.find(node, port, kind, e, shared, link, link01 === 1);
    if (site === NONE) {
      site = this.siteOf(node, port, kind, e, shared, link, link01);
      this.memo.remember(site);
    }
    this.wSite[o] = site;
    this.wTime[o] = time;
    this.wPid[o] = pid;
    this.wChangeEnd[o] = this.log.length;
    this.packets.record(i, pid, origin, parent, frame, link === NONE ? NaN : arrives);
    if (e.readBytes && e.readBytes.length > 0) this.readBytes.set(i, e.readBytes);
    this.length = i + 1;
    return i;
  }

  /** Work out a step's site from its parts (what the memo remembers when it misses). */
  private siteOf(
    node: string,
    port: string | undefined,
    kind: StepKind,
    e: Explain,
    shared: Detail | undefined,
    link: number,
    link01: number,
  ): number {
    const k = this.key;
    const d = e.decision;
    k[WORDS] = NONE;
    k[MADE] = NONE;
    if (typeof d !== 'string') {
      k[WORDS] = this.fnId(d.words);
      if (d.detail !== undefined && e.detail === undefined) k[MADE] = this.fnId(d.detail);
    }
    k[DETAIL] = shared === undefined ? NONE : this.detailId(shared);
    const t = this.strings;
    const reads = e.reads;
    k[NODE] = t.id(node);
    k[PORT] = port === undefined ? NONE : t.id(port);
    k[LAYER] = t.id(e.layer ?? 'L2');
    k[KIND] = t.id(kind);
    k[SOURCE] = t.id(e.source);
    k[LINK] = link;
    k[FROM_A] = link01;
    k[READS] = reads !== undefined && reads.length > 0 ? this.readsId(reads) : NONE;
    return this.sites.id(k);
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
    return this.packets.originOf(i, this.pidAt(i));
  }

  frameAt(i: number): number {
    return this.packets.frameOf(i, this.pidAt(i));
  }

  /** When the copy step i puts on a link arrives, or NaN when the step crosses no link. */
  arrivesAt(i: number): Time {
    if (this.sites.get(this.siteAt(i), LINK) === NONE) return NaN;
    return this.packets.arrivesOf(i, this.pidAt(i));
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

  /**
   * Every step whose node and kind satisfy `match`, in order. One pass over the site
   * column; `match` is asked once per site.
   */
  allWhere(match: (node: string, kind: StepKind, layer: Layer) => boolean): Int32Array {
    const fits = new Int8Array(this.sites.count).fill(-1);
    const t = this.strings;
    let out = new Int32Array(64);
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      const s = this.c.site[i >>> CHUNK_BITS][i & CHUNK_MASK];
      let f = fits[s];
      if (f < 0) {
        const site = (x: number) => t.at(this.sites.get(s, x));
        fits[s] = f = match(site(NODE)!, site(KIND) as StepKind, site(LAYER) as Layer) ? 1 : 0;
      }
      if (f === 0) continue;
      if (n === out.length) out = ensure(out, n + 1);
      out[n++] = i;
    }
    return out.slice(0, n);
  }

  /** The distinct values of one site field (NODE, LAYER, ...) over every step, in first-seen order. */
  distinct(field: number): string[] {
    const out = new Set<string>();
    for (let s = 0; s < this.sites.count; s++) {
      const v = this.strings.at(this.sites.get(s, field));
      if (v !== undefined) out.add(v);
    }
    return [...out];
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
    const s = this.siteAt(i);
    const d = this.sites.get(s, DETAIL);
    if (d !== NONE) return this.details[d];
    const f = this.sites.get(s, MADE);
    if (f !== NONE) return (this.fns[f] as NonNullable<Deferred['detail']>)(this.slot.get(i));
    return this.ownDetail.size > 0 ? this.ownDetail.get(i) : undefined;
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
    const pk = this.packets;
    const f = pk.frameOf(i, pid);
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
      link = { id: spec.id, from: fromA ? spec.a : spec.b, to: fromA ? spec.b : spec.a, arrives: pk.arrivesOf(i, pid) };
    }
    const reads = r[so + READS];
    const parent = pk.parentOf(i, pid);
    return {
      index: i,
      time: c.time[b][o],
      node: t.at(r[so + NODE])!,
      port: t.at(r[so + PORT]),
      layer: t.at(r[so + LAYER]) as Layer,
      kind: t.at(r[so + KIND]) as StepKind,
      decision: this.decisionAt(i, frames),
      source: t.at(r[so + SOURCE])!,
      packet: pid === 0 ? undefined : { pid, origin: pk.originOf(i, pid), parent: parent === NONE ? null : parent },
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
    c.site.push((this.wSite = new Int32Array(CHUNK)));
    c.pid.push((this.wPid = new Int32Array(CHUNK)));
    c.changeEnd.push((this.wChangeEnd = new Int32Array(CHUNK)));
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
    let id = this.detailIds.get(d);
    if (id === undefined) {
      id = this.details.length;
      this.details.push(d);
      this.detailIds.set(d, id);
    }
    return id;
  }
}

export { NONE };
