// A recorded trace as plain data that can cross to another thread: its columns as flat
// typed arrays (transferred, not copied), its string tables, and its decisions worded
// here, where the wording functions are (functions cannot be posted). Each distinct text
// (a decision, or a detail JSON writes exactly) is kept once, all of them in one UTF-8
// buffer read back one text at a time, so the receiving thread makes no object per step
// until a reader asks for that step.
import { ChangeLog, type ChangeLogData } from './change-log';
import { CHUNK_BITS, CHUNK_MASK, chunksOf, f64, flatten, i32, StringTable } from './columns';
import type { FateData } from './fate-store';
import type { LinkSpec } from './links';
import { PacketTable, type PacketData } from './packet-table';
import { DETAIL, FIELDS, MADE, SiteTable, WORDS } from './site-table';
import { StepStore, type StepChunks, type WordedSteps } from './step-store';
import type { ByteRange, Time, Topology, Trace } from './types';

export interface StepData {
  readonly length: number;
  readonly time: Float64Array;
  readonly site: Int32Array;
  readonly pid: Int32Array;
  readonly changeEnd: Int32Array;
  readonly packets: PacketData;
  /** Per step: the number of its decision's text. */
  readonly decision: Int32Array;
  /** Per step: -1 no detail; n >= 0 the JSON text number n; n <= -2 objects[-2 - n]. */
  readonly detail: Int32Array;
  /** Details JSON would not carry exactly (undefined fields, bytes, non-finite numbers). */
  readonly objects: readonly unknown[];
  readonly sites: Int32Array;
  readonly strings: readonly string[];
  readonly reads: readonly (readonly string[])[];
  readonly readBytes: readonly (readonly [number, readonly ByteRange[]])[];
  /** Every distinct text, UTF-8, text k ending at textEnd[k]. */
  readonly text: Uint8Array;
  readonly textEnd: Int32Array;
  readonly changes: ChangeLogData;
}

export interface TraceData {
  readonly scenario: string;
  readonly seed: number;
  readonly topology: Topology;
  readonly endTime: Time;
  readonly counters: Trace['counters'];
  /** Every frame's bytes end to end, frame k ending at frameEnd[k]. */
  readonly frames: Uint8Array;
  readonly frameEnd: Int32Array;
  readonly links: readonly LinkSpec[];
  readonly inFlight: readonly (readonly [number, number])[];
  readonly steps: StepData;
  readonly fates: FateData;
}

/** The buffers of `d` that can be transferred instead of copied. */
export function transferables(d: TraceData): ArrayBuffer[] {
  const s = d.steps;
  const f = d.fates;
  const c = s.changes;
  const all = [
    d.frames,
    d.frameEnd,
    s.time,
    s.site,
    s.pid,
    s.changeEnd,
    s.packets.origin,
    s.packets.parent,
    s.packets.frame,
    s.packets.arrives,
    s.decision,
    s.detail,
    s.sites,
    s.text,
    s.textEnd,
    c.key,
    c.prev,
    c.num,
    c.tag,
    f.origin,
    f.injectedAt,
    f.node,
    f.port,
    f.traffic,
    f.cause,
    f.oFate,
    f.oStep,
    f.oDropped,
  ];
  return [...new Set(all.map((a) => a.buffer as ArrayBuffer))];
}

/**
 * Texts numbered in the order first seen, a text that repeats kept once. Only the recent
 * texts are remembered (a table of every text of a million steps costs seconds to build):
 * the texts that repeat in a trace, the words of its common paths, repeat often.
 */
class Texts {
  private ids = new Map<string, number>();
  readonly list: string[] = [];

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(s);
      if (this.ids.size >= RECENT) this.ids = new Map();
      this.ids.set(s, id);
    }
    return id;
  }

  encode(): { text: Uint8Array; textEnd: Int32Array } {
    const enc = new TextEncoder();
    let buf = new Uint8Array(1024);
    let at = 0;
    const textEnd = new Int32Array(this.list.length);
    this.list.forEach((s, k) => {
      if (buf.length - at < s.length * 3) {
        const grown = new Uint8Array(Math.max(buf.length * 2, at + s.length * 3));
        grown.set(buf.subarray(0, at));
        buf = grown;
      }
      at += enc.encodeInto(s, buf.subarray(at)).written!;
      textEnd[k] = at;
    });
    return { text: buf.slice(0, at), textEnd };
  }
}

const RECENT = 8192;

/** The plain data of a store's steps; deferred decisions and details are made now. */
export function stepData(store: StepStore, frames: readonly Uint8Array[]): StepData {
  const n = store.length;
  const texts = new Texts();
  const objects: unknown[] = [];
  const decision = new Int32Array(n);
  const detail = new Int32Array(n);
  // Shared details are encoded once: code by detail number (0: not yet).
  const shared = new Map<number, number>();
  const encodeDetail = (d: unknown): number => {
    if (jsonExact(d)) return texts.id(JSON.stringify(d));
    objects.push(d);
    return -2 - (objects.length - 1);
  };
  const c = store.c;
  for (let i = 0; i < n; i++) {
    decision[i] = texts.id(store.decisionAt(i, frames));
    const d = store.sites.get(c.site[i >>> CHUNK_BITS][i & CHUNK_MASK], DETAIL);
    if (d >= 0) {
      let code = shared.get(d);
      if (code === undefined) shared.set(d, (code = encodeDetail(store.details[d])));
      detail[i] = code;
    } else {
      const made = store.detailAt(i);
      detail[i] = made === undefined ? -1 : encodeDetail(made);
    }
  }
  // Decisions arrive worded: sites no longer name wording functions.
  const sites = store.sites.toData();
  for (let o = 0; o < sites.length; o += FIELDS) sites[o + WORDS] = sites[o + DETAIL] = sites[o + MADE] = -1;
  const flat = <T extends Float64Array | Int32Array>(chunks: T[], make: (k: number) => T) => flatten(chunks, n, make);
  return {
    length: n,
    time: flat(c.time, f64),
    site: flat(c.site, i32),
    pid: flat(c.pid, i32),
    changeEnd: flat(c.changeEnd, i32),
    packets: store.packets.toData(),
    decision,
    detail,
    objects,
    sites,
    strings: store.strings.list(),
    reads: store.reads.map((r) => [...r]),
    readBytes: [...store.readBytes],
    ...texts.encode(),
    changes: store.log.toData(),
  };
}

/** A step store reading `d` in place; its decisions and details are the texts sent. */
export function storeFromData(d: StepData): StepStore {
  const c: StepChunks = {
    time: chunksOf(d.time),
    site: chunksOf(d.site),
    pid: chunksOf(d.pid),
    changeEnd: chunksOf(d.changeEnd),
  };
  return new StepStore(
    {
      length: d.length,
      c,
      strings: StringTable.of(d.strings),
      sites: new SiteTable(d.sites),
      log: new ChangeLog(d.changes),
      packets: new PacketTable(d.packets),
      reads: d.reads.map((r) => Object.freeze([...r])),
      readBytes: new Map(d.readBytes),
    },
    new TextWords(d),
  );
}

/** Decisions and details read from the texts of a received trace, decoded one at a time. */
class TextWords implements WordedSteps {
  private readonly dec = new TextDecoder();

  constructor(private readonly d: StepData) {}

  private text(k: number): string {
    const end = this.d.textEnd;
    const from = k > 0 ? end[k - 1] : 0;
    const to = end[k];
    const bytes = this.d.text;
    // Most texts are short and ASCII: making them by char code is several times faster than a TextDecoder call.
    if (to - from <= 512) {
      let ascii = true;
      for (let i = from; i < to; i++) if (bytes[i] > 0x7f) ascii = false;
      if (ascii) return String.fromCharCode.apply(null, bytes.subarray(from, to) as unknown as number[]);
    }
    return this.dec.decode(bytes.subarray(from, to));
  }

  decisionAt(i: number): string {
    return this.text(this.d.decision[i]);
  }

  detailAt(i: number): Readonly<Record<string, unknown>> | undefined {
    const code = this.d.detail[i];
    if (code === -1) return undefined;
    if (code <= -2) return this.d.objects[-2 - code] as Readonly<Record<string, unknown>>;
    return JSON.parse(this.text(code)) as Readonly<Record<string, unknown>>;
  }
}

/** Frames end to end, and back into one view per frame over the same buffer. */
export function packFrames(frames: readonly Uint8Array[]): { frames: Uint8Array; frameEnd: Int32Array } {
  const frameEnd = new Int32Array(frames.length);
  let total = 0;
  frames.forEach((f, k) => (frameEnd[k] = total += f.length));
  const out = new Uint8Array(total);
  frames.forEach((f, k) => out.set(f, k > 0 ? frameEnd[k - 1] : 0));
  return { frames: out, frameEnd };
}

export function unpackFrames(bytes: Uint8Array, end: Int32Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let k = 0; k < end.length; k++) out.push(bytes.subarray(k > 0 ? end[k - 1] : 0, end[k]));
  return out;
}

/** True when JSON.parse(JSON.stringify(v)) gives back exactly v (same keys, same values). */
export function jsonExact(v: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== 'object') return false;
  if (Array.isArray(v)) {
    for (let k = 0; k < v.length; k++) if (!(k in v) || !jsonExact(v[k], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype) return false;
  for (const k of Object.keys(v)) if (!jsonExact((v as Record<string, unknown>)[k], depth + 1)) return false;
  return Object.getOwnPropertySymbols(v).length === 0;
}
