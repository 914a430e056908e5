// The fate of every injected frame, kept as columns while the engine runs: where and when
// it was injected, what caused it, and the steps at which its copies were delivered or
// dropped. The words of an outcome are its step's decision, so they are not copied here;
// only a drop whose reason differs from its step's words keeps its own.
import { ensure } from './columns';
import { NONE } from './step-store';
import type { FrameFate, Time } from './types';

/** What a fate needs to read from the steps when it is turned into objects. */
export interface StepsForFates {
  nodeAt(i: number): string;
  portAt(i: number): string | undefined;
  decisionAt(i: number): string;
}

export class FateStore {
  /** pid of an injected frame -> its fate's index + 1 (0: not an injected frame). */
  private byPid = new Int32Array(1024);
  private injectedAt = new Float64Array(256);
  private traffic = new Int32Array(256);
  private cause = new Int32Array(256);
  private readonly origin: number[] = [];
  private readonly node: string[] = [];
  private readonly port: (string | undefined)[] = [];
  // Outcomes in the order they happened.
  private oFate = new Int32Array(256);
  private oStep = new Int32Array(256);
  private oDropped = new Uint8Array(256);
  private outcomes = 0;
  private readonly reasons = new Map<number, string>();

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
    if (f === this.injectedAt.length) {
      this.injectedAt = ensure(this.injectedAt, f + 1);
      this.traffic = ensure(this.traffic, f + 1);
      this.cause = ensure(this.cause, f + 1);
    }
    this.injectedAt[f] = time;
    this.traffic[f] = traffic ?? NONE;
    this.cause[f] = cause ?? NONE;
    this.origin.push(pid);
    this.node.push(node);
    this.port.push(port);
  }

  trafficOf(origin: number): number | undefined {
    const f = this.fateOf(origin);
    return f === NONE || this.traffic[f] === NONE ? undefined : this.traffic[f];
  }

  /** A copy of `origin` ended at `step`; `reason` only when it differs from the step's words. */
  outcome(origin: number, step: number, dropped: boolean, reason?: string): void {
    const f = this.fateOf(origin);
    if (f === NONE) return;
    const o = this.outcomes++;
    if (o === this.oFate.length) {
      this.oFate = ensure(this.oFate, o + 1);
      this.oStep = ensure(this.oStep, o + 1);
      this.oDropped = ensure(this.oDropped, o + 1);
    }
    this.oFate[o] = f;
    this.oStep[o] = step;
    this.oDropped[o] = dropped ? 1 : 0;
    if (reason !== undefined) this.reasons.set(o, reason);
  }

  /** Delivered outcomes of every fate, without making any object per step. */
  deliveredCount(): number {
    let n = 0;
    for (let o = 0; o < this.outcomes; o++) n += this.oDropped[o] === 0 ? 1 : 0;
    return n;
  }

  materialize(steps: StepsForFates, inFlightOf: (origin: number) => number): FrameFate[] {
    const delivered: { node: string; port?: string; step: number; decision: string }[][] = this.origin.map(() => []);
    const dropped: { node: string; port?: string; step: number; reason: string }[][] = this.origin.map(() => []);
    for (let o = 0; o < this.outcomes; o++) {
      const s = this.oStep[o];
      if (this.oDropped[o] === 1)
        dropped[this.oFate[o]].push({
          node: steps.nodeAt(s),
          port: steps.portAt(s),
          step: s,
          reason: this.reasons.get(o) ?? steps.decisionAt(s),
        });
      else
        delivered[this.oFate[o]].push({
          node: steps.nodeAt(s),
          port: steps.portAt(s),
          step: s,
          decision: steps.decisionAt(s),
        });
    }
    return this.origin.map((origin, f) => {
      const inFlight = inFlightOf(origin);
      return {
        origin,
        injectedAt: this.injectedAt[f],
        node: this.node[f],
        ...(this.port[f] !== undefined && { port: this.port[f] }),
        ...(this.traffic[f] !== NONE && { traffic: this.traffic[f] }),
        ...(this.cause[f] !== NONE && { cause: this.cause[f] }),
        summary: summariseFate(delivered[f], dropped[f], inFlight),
        delivered: delivered[f],
        dropped: dropped[f],
        inFlight,
      };
    });
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
