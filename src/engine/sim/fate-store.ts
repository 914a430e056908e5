// The fate of every injected frame, kept as columns while the engine runs: where and when
// it was injected, what caused it, and the steps at which its copies were delivered or
// dropped. The words of an outcome are its step's decision, so they are not copied here;
// only a drop whose reason differs from its step's words keeps its own.
import { ensure, F64Column, I32Column, type StringTable, U8Column } from './columns';
import type { FrameFate, Time } from './types';

const NONE = -1;

/** What a fate needs to read from the steps when it is turned into objects. */
export interface StepsForFates {
  nodeAt(i: number): string;
  portAt(i: number): string | undefined;
  decisionAt(i: number): string;
}

/** The fates as plain arrays (to send to another thread); node and port name strings by number. */
export interface FateData {
  readonly origin: Int32Array;
  readonly injectedAt: Float64Array;
  readonly node: Int32Array;
  readonly port: Int32Array;
  readonly traffic: Int32Array;
  readonly cause: Int32Array;
  readonly oFate: Int32Array;
  readonly oStep: Int32Array;
  readonly oDropped: Uint8Array;
  readonly reasons: readonly (readonly [number, string])[];
}

/** What a list of injected frames shows before anyone asks what became of them. */
export type FateHead = Pick<FrameFate, 'origin' | 'node' | 'traffic' | 'cause'>;

export class FateStore {
  /** pid of an injected frame -> its fate's index + 1 (0: not an injected frame); only while the run lasts. */
  private byPid = new Int32Array(1024);
  private readonly origin: I32Column;
  private readonly injectedAt: F64Column;
  private readonly node: I32Column;
  private readonly port: I32Column;
  private readonly traffic: I32Column;
  private readonly cause: I32Column;
  // Outcomes in the order they happened.
  private readonly oFate: I32Column;
  private readonly oStep: I32Column;
  private readonly oDropped: U8Column;
  private readonly reasons: Map<number, string>;

  /** `strings` names nodes and ports (the step store's table). */
  constructor(
    private readonly strings: StringTable,
    data?: FateData,
  ) {
    const i32 = (d: Int32Array | undefined) => (d ? I32Column.over(d) : new I32Column());
    this.origin = i32(data?.origin);
    this.injectedAt = data ? F64Column.over(data.injectedAt) : new F64Column();
    this.node = i32(data?.node);
    this.port = i32(data?.port);
    this.traffic = i32(data?.traffic);
    this.cause = i32(data?.cause);
    this.oFate = i32(data?.oFate);
    this.oStep = i32(data?.oStep);
    this.oDropped = data ? U8Column.over(data.oDropped) : new U8Column();
    this.reasons = new Map(data?.reasons);
  }

  get length(): number {
    return this.origin.length;
  }

  register(
    pid: number,
    time: Time,
    node: string,
    port: string | undefined,
    traffic: number | undefined,
    cause: number | undefined,
  ): void {
    const f = this.origin.length;
    if (pid >= this.byPid.length) this.byPid = ensure(this.byPid, pid + 1);
    this.byPid[pid] = f + 1;
    this.origin.push(pid);
    this.injectedAt.push(time);
    this.node.push(this.strings.id(node));
    this.port.push(port === undefined ? NONE : this.strings.id(port));
    this.traffic.push(traffic ?? NONE);
    this.cause.push(cause ?? NONE);
  }

  trafficOf(origin: number): number | undefined {
    const f = this.fateOf(origin);
    if (f === NONE) return undefined;
    const t = this.traffic.get(f);
    return t === NONE ? undefined : t;
  }

  /** A copy of `origin` ended at `step`; `reason` only when it differs from the step's words. */
  outcome(origin: number, step: number, dropped: boolean, reason?: string): void {
    const f = this.fateOf(origin);
    if (f === NONE) return;
    if (reason !== undefined) this.reasons.set(this.oFate.length, reason);
    this.oFate.push(f);
    this.oStep.push(step);
    this.oDropped.push(dropped ? 1 : 0);
  }

  /** The run is over: no more lookups by pid. */
  seal(): void {
    this.byPid = new Int32Array(0);
  }

  /** Delivered outcomes of every fate, without making any object per step. */
  deliveredCount(): number {
    let n = 0;
    for (let o = 0; o < this.oDropped.length; o++) n += this.oDropped.get(o) === 0 ? 1 : 0;
    return n;
  }

  /** Each injected frame's origin, node, traffic item and cause, in order, without its outcomes. */
  heads(): FateHead[] {
    const out: FateHead[] = [];
    for (let f = 0; f < this.origin.length; f++) {
      const t = this.traffic.get(f);
      const c = this.cause.get(f);
      const node = this.strings.at(this.node.get(f))!;
      out.push({
        origin: this.origin.get(f),
        node,
        ...(t !== NONE && { traffic: t }),
        ...(c !== NONE && { cause: c }),
      });
    }
    return out;
  }

  materialize(steps: StepsForFates, inFlightOf: (origin: number) => number): FrameFate[] {
    const n = this.origin.length;
    const delivered: { node: string; port?: string; step: number; decision: string }[][] = [];
    const dropped: { node: string; port?: string; step: number; reason: string }[][] = [];
    for (let f = 0; f < n; f++) {
      delivered.push([]);
      dropped.push([]);
    }
    for (let o = 0; o < this.oFate.length; o++) {
      const s = this.oStep.get(o);
      if (this.oDropped.get(o) === 1)
        dropped[this.oFate.get(o)].push({
          node: steps.nodeAt(s),
          port: steps.portAt(s),
          step: s,
          reason: this.reasons.get(o) ?? steps.decisionAt(s),
        });
      else
        delivered[this.oFate.get(o)].push({
          node: steps.nodeAt(s),
          port: steps.portAt(s),
          step: s,
          decision: steps.decisionAt(s),
        });
    }
    const out: FrameFate[] = [];
    for (let f = 0; f < n; f++) {
      const origin = this.origin.get(f);
      const inFlight = inFlightOf(origin);
      const port = this.strings.at(this.port.get(f));
      const traffic = this.traffic.get(f);
      const cause = this.cause.get(f);
      out.push({
        origin,
        injectedAt: this.injectedAt.get(f),
        node: this.strings.at(this.node.get(f))!,
        ...(port !== undefined && { port }),
        ...(traffic !== NONE && { traffic }),
        ...(cause !== NONE && { cause }),
        summary: summariseFate(delivered[f], dropped[f], inFlight),
        delivered: delivered[f],
        dropped: dropped[f],
        inFlight,
      });
    }
    return out;
  }

  toData(): FateData {
    return {
      origin: this.origin.flat(),
      injectedAt: this.injectedAt.flat(),
      node: this.node.flat(),
      port: this.port.flat(),
      traffic: this.traffic.flat(),
      cause: this.cause.flat(),
      oFate: this.oFate.flat(),
      oStep: this.oStep.flat(),
      oDropped: this.oDropped.flat(),
      reasons: [...this.reasons],
    };
  }

  private fateOf(origin: number): number {
    return origin < this.byPid.length ? this.byPid[origin] - 1 : NONE;
  }
}

function summariseFate(delivered: FrameFate['delivered'], dropped: FrameFate['dropped'], inFlight: number): string {
  const parts: string[] = [];
  if (delivered.length)
    parts.push(`delivered to ${delivered.map((d) => (d.port ? `${d.node}:${d.port}` : d.node)).join(', ')}`);
  if (dropped.length) parts.push(`dropped at ${dropped.map((d) => `${d.node} (${d.reason})`).join('; ')}`);
  if (inFlight) parts.push(`${inFlight} cop${inFlight === 1 ? 'y' : 'ies'} still in flight`);
  return parts.join('; ') || 'no fate recorded';
}
