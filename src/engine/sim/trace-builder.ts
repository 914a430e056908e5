// Accumulates steps, frames, state changes, counters and fates while a scenario runs,
// then freezes them into a Trace. Frames are stored once and referenced by index, so a
// frame forwarded unchanged through ten nodes costs one entry. Steps and fates go into
// columns (step-store.ts, fate-store.ts): a long run makes no object per step.
import type { ChangeLog } from './change-log';
import type { Explain } from './device';
import { FateStore } from './fate-store';
import type { LinkSpec } from './links';
import { RecordedTrace } from './recorded-trace';
import type { Scenario } from './scenario-types';
import { NONE, StepStore } from './step-store';
import type { PacketRef, Step, StepKind, Time, Trace } from './types';

/** A step as the simulator records it outside the hot path. */
export interface StepInput extends Explain {
  readonly time: Time;
  readonly node: string;
  readonly kind: StepKind;
  readonly packet?: PacketRef;
  readonly bytes?: Uint8Array;
}

export class TraceBuilder {
  readonly store = new StepStore();
  private readonly fates = new FateStore(this.store.strings);
  private readonly frames: Uint8Array[] = [];
  private readonly frameIndex = new Map<Uint8Array, number>();
  /** Bytes of the distinct frames stored, for the run budget's memory estimate. */
  frameBytes = 0;
  private readonly nodes = new Map<string, NodeRecord>();
  /** Nodes in the order they first counted something: the order `counters` lists them. */
  private readonly counted: NodeRecord[] = [];

  constructor(
    private readonly scenario: Scenario,
    private readonly links: readonly LinkSpec[],
  ) {}

  get length(): number {
    return this.store.length;
  }

  push(s: StepInput): number {
    const p = s.packet;
    return this.pushStep(
      s.time,
      s.node,
      s.port,
      s.kind,
      s,
      p ? p.pid : 0,
      p ? p.origin : 0,
      p?.parent ?? NONE,
      s.bytes,
      NONE,
      false,
      0,
    );
  }

  /** Time of the last recorded step (0 before any). */
  lastTime(): Time {
    return this.store.length ? this.store.timeAt(this.store.length - 1) : 0;
  }

  /** The hot path: a step straight from a device's explanation, with no intermediate object. */
  pushStep(
    time: Time,
    node: string,
    port: string | undefined,
    kind: StepKind,
    e: Explain,
    pid: number,
    origin: number,
    parent: number,
    bytes: Uint8Array | undefined,
    link: number,
    linkFromA: boolean,
    arrives: Time,
  ): number {
    let frame = NONE;
    if (bytes) frame = this.frameOf(bytes, pid, parent);
    return this.store.push(time, node, port, kind, e, pid, origin, parent, frame, link, linkFromA, arrives);
  }

  /**
   * The index of `bytes` in the trace's frames, added if new. A copy usually shows the
   * bytes its earlier steps, or its parent, showed: comparing with those first spares a
   * Map lookup keyed by the array (hashing an object) on nearly every step.
   */
  private frameOf(bytes: Uint8Array, pid: number, parent: number): number {
    const packets = this.store.packets;
    const own = packets.firstFrame(pid);
    if (own !== NONE && this.frames[own] === bytes) return own;
    const inherited = parent === NONE ? NONE : packets.firstFrame(parent);
    if (inherited !== NONE && this.frames[inherited] === bytes) return inherited;
    let frame = this.frameIndex.get(bytes) ?? NONE;
    if (frame === NONE) {
      frame = this.frames.length;
      this.frames.push(bytes);
      this.frameIndex.set(bytes, frame);
      this.frameBytes += bytes.length;
    }
    return frame;
  }

  /** The node's state keys and counters, for a context to hold while its event runs. */
  recordOf(node: string): NodeRecord {
    let r = this.nodes.get(node);
    if (!r) this.nodes.set(node, (r = new NodeRecord(node, this.counted, this.store.log)));
    return r;
  }

  setState(node: string | NodeRecord, key: string, value: unknown): void {
    this.store.log.set((typeof node === 'string' ? this.recordOf(node) : node).key(key), value);
  }

  /** State set with no step after it in the same handler still gets a step of its own. */
  flushState(time: Time, node: string): void {
    if (!this.store.hasPending()) return;
    const pending = this.store.pendingKeys();
    const keys = pending.map((k) => k.slice(k.indexOf('/') + 1));
    this.push({
      time,
      node,
      layer: 'control',
      kind: 'state',
      decision: `${node} updates its state: ${summariseKeys(keys)}.`,
      source: 'device state',
    });
  }

  count(node: string, counter: string, by: number): void {
    this.recordOf(node).count(counter, by);
  }

  registerOrigin(
    pid: number,
    time: Time,
    node: string,
    port: string | undefined,
    traffic: number | undefined,
    cause: number | undefined,
  ): void {
    this.fates.register(pid, time, node, port, traffic, cause);
  }

  trafficOf(origin: number): number | undefined {
    return this.fates.trafficOf(origin);
  }

  /** A copy of `origin` reached its consumer at the last step recorded. */
  fateDelivered(origin: number): void {
    this.fates.outcome(origin, this.store.length - 1, false);
  }

  /** A copy of `origin` ended at the last step recorded; `reason` when not that step's words. */
  fateDropped(origin: number, reason?: string): void {
    this.fates.outcome(origin, this.store.length - 1, true, reason);
  }

  /** `live` holds the origin of every packet copy still in flight. */
  finish(endTime: Time, liveOrigins: readonly number[], linkCounters: Record<string, Record<string, number>>): Trace {
    this.fates.seal();
    const inFlight = new Map<number, number>();
    for (const origin of liveOrigins) inFlight.set(origin, (inFlight.get(origin) ?? 0) + 1);
    const topology = {
      nodes: this.scenario.nodes.map((n) => ({
        id: n.id,
        type: n.type,
        label: n.label,
        ports: n.ports,
        ...(n.position && { position: n.position }),
        ...(n.group && { group: n.group }),
      })),
      links: this.scenario.links.map((l) => ({
        id: l.id,
        a: l.a,
        b: l.b,
        bandwidthBps: l.bandwidthBps,
        latencyNs: l.latencyNs,
      })),
    };
    const counters = {
      ...Object.fromEntries(this.counted.map((r) => [r.node, r.countersObject()])),
      ...linkCounters,
    };
    return new RecordedTrace(
      this.scenario.name,
      this.scenario.seed,
      topology,
      this.frames,
      endTime,
      counters,
      this.store,
      this.fates,
      this.links,
      inFlight,
    );
  }
}

export type { Step };

/** One node's state keys (the number of `<node>/<key>` in the change log, found once) and its counters. */
export class NodeRecord {
  private readonly keys = new Map<string, number>();
  /** Counter values in boxes, so that counting (several times per frame) is one Map lookup. */
  private readonly counters = new Map<string, { n: number }>();

  constructor(
    readonly node: string,
    private readonly counted: NodeRecord[],
    private readonly log: ChangeLog,
  ) {}

  key(key: string): number {
    let k = this.keys.get(key);
    if (k === undefined) this.keys.set(key, (k = this.log.keyId(`${this.node}/${key}`)));
    return k;
  }

  count(counter: string, by: number): void {
    const c = this.counters.get(counter);
    if (c !== undefined) {
      c.n += by;
      return;
    }
    if (this.counters.size === 0) this.counted.push(this);
    this.counters.set(counter, { n: by });
  }

  /** The counters as `{ name: value }`, in the order they were first counted. */
  countersObject(): Record<string, number> {
    return Object.fromEntries(Array.from(this.counters, ([k, c]) => [k, c.n]));
  }
}

function summariseKeys(keys: string[]): string {
  const shown = keys.slice(0, 3).join(', ');
  return keys.length > 3 ? `${shown} and ${keys.length - 3} more` : shown;
}
