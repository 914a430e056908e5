// Accumulates steps, frames, state changes, counters and fates while a scenario runs,
// then freezes them into a Trace. Frames are stored once and referenced by index, so a
// frame forwarded unchanged through ten nodes costs one entry.
import type { Explain, Packet } from './device';
import type { Scenario } from './scenario-types';
import type { FrameFate, PacketRef, StateChange, Step, StepKind, Time, Trace } from './types';

/** A step as the simulator records it: a Step without the fields the builder assigns. */
export type StepInput = Omit<Step, 'index' | 'frame' | 'changes'> & { readonly bytes?: Uint8Array };

interface MutableFate {
  origin: number;
  injectedAt: Time;
  node: string;
  port?: string;
  traffic?: number;
  cause?: number;
  delivered: { node: string; port?: string; step: number; decision: string }[];
  dropped: { node: string; port?: string; step: number; reason: string }[];
}

export class TraceBuilder {
  private readonly steps: Step[] = [];
  private readonly frames: Uint8Array[] = [];
  private readonly frameIndex = new Map<Uint8Array, number>();
  private readonly state = new Map<string, unknown>();
  private pending: StateChange[] = [];
  private readonly counters = new Map<string, Map<string, number>>();
  private readonly fates = new Map<number, MutableFate>();

  constructor(private readonly scenario: Scenario) {}

  get length(): number {
    return this.steps.length;
  }

  push(s: StepInput): number {
    this.pushStep(s.time, s.node, s.port, s.kind, s, s.packet && s.bytes ? { ref: s.packet, bytes: s.bytes } : undefined, s.link);
    return this.steps.length - 1;
  }

  /** Time of the last recorded step (0 before any). */
  lastTime(): Time {
    return this.steps.length ? this.steps[this.steps.length - 1].time : 0;
  }

  /** The hot path: a step straight from a device's explanation, with no intermediate object. */
  pushStep(time: Time, node: string, port: string | undefined, kind: StepKind, e: Explain | StepInput, packet: Packet | undefined, link: StepInput['link']): void {
    const bytes = packet?.bytes;
    let frame: number | undefined;
    if (bytes) {
      frame = this.frameIndex.get(bytes);
      if (frame === undefined) {
        frame = this.frames.length;
        this.frames.push(bytes);
        this.frameIndex.set(bytes, frame);
      }
    }
    this.steps.push({
      index: this.steps.length,
      time,
      node,
      port,
      layer: e.layer ?? 'L2',
      kind,
      decision: e.decision,
      source: e.source,
      packet: packet?.ref,
      frame,
      reads: e.reads && e.reads.length > 0 ? e.reads : undefined,
      readBytes: e.readBytes && e.readBytes.length > 0 ? e.readBytes : undefined,
      changes: this.pending.length > 0 ? this.takePending() : undefined,
      link,
      detail: e.detail,
    });
  }

  setState(key: string, value: unknown): void {
    const before = this.state.get(key);
    if (sameJson(before, value)) return;
    if (value === undefined) this.state.delete(key);
    else this.state.set(key, value);
    this.pending.push({ key, before, after: value });
  }

  /** State set with no step after it in the same handler still gets a step of its own. */
  flushState(time: Time, node: string): void {
    if (this.pending.length === 0) return;
    const keys = this.pending.map((c) => c.key.slice(c.key.indexOf('/') + 1));
    this.push({ time, node, layer: 'control', kind: 'state', decision: `${node} updates its state: ${summariseKeys(keys)}.`, source: 'device state' });
  }

  count(node: string, counter: string, by: number): void {
    let c = this.counters.get(node);
    if (!c) this.counters.set(node, (c = new Map()));
    c.set(counter, (c.get(counter) ?? 0) + by);
  }

  registerOrigin(pid: number, time: Time, node: string, port: string | undefined, traffic: number | undefined, cause: number | undefined): void {
    this.fates.set(pid, { origin: pid, injectedAt: time, node, port, traffic, cause, delivered: [], dropped: [] });
  }

  trafficOf(origin: number): number | undefined {
    return this.fates.get(origin)?.traffic;
  }

  fateDelivered(p: PacketRef, node: string, port: string | undefined, decision: string): void {
    this.fates.get(p.origin)?.delivered.push({ node, port, step: this.steps.length - 1, decision });
  }

  fateDropped(p: PacketRef, node: string, port: string | undefined, reason: string): void {
    this.fates.get(p.origin)?.dropped.push({ node, port, step: this.steps.length - 1, reason });
  }

  finish(endTime: Time, livePids: readonly number[], linkCounters: Record<string, Record<string, number>>): Trace {
    const inFlight = new Map<number, number>();
    for (const pid of livePids) {
      const origin = this.originOf(pid);
      if (origin !== undefined) inFlight.set(origin, (inFlight.get(origin) ?? 0) + 1);
    }
    const fates: FrameFate[] = [...this.fates.values()].map((f) => ({
      origin: f.origin,
      injectedAt: f.injectedAt,
      node: f.node,
      ...(f.port !== undefined && { port: f.port }),
      ...(f.traffic !== undefined && { traffic: f.traffic }),
      ...(f.cause !== undefined && { cause: f.cause }),
      summary: summariseFate(f, inFlight.get(f.origin) ?? 0),
      delivered: f.delivered,
      dropped: f.dropped,
      inFlight: inFlight.get(f.origin) ?? 0,
    }));
    return Object.freeze({
      scenario: this.scenario.name,
      seed: this.scenario.seed,
      topology: {
        nodes: this.scenario.nodes.map((n) => ({ id: n.id, type: n.type, label: n.label, ports: n.ports, ...(n.position && { position: n.position }), ...(n.group && { group: n.group }) })),
        links: this.scenario.links.map((l) => ({ id: l.id, a: l.a, b: l.b, bandwidthBps: l.bandwidthBps, latencyNs: l.latencyNs })),
      },
      steps: this.steps,
      frames: this.frames,
      fates,
      endTime,
      counters: { ...Object.fromEntries([...this.counters].map(([n, c]) => [n, Object.fromEntries(c)])), ...linkCounters },
    });
  }

  private takePending(): StateChange[] {
    const p = this.pending;
    this.pending = [];
    return p;
  }

  /** Origins of live packets: found from the steps that mention them (live packets are few). */
  private originOf(pid: number): number | undefined {
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const p = this.steps[i].packet;
      if (p && p.pid === pid) return p.origin;
    }
    return undefined;
  }
}

function summariseFate(f: MutableFate, inFlight: number): string {
  const parts: string[] = [];
  if (f.delivered.length) parts.push(`delivered to ${f.delivered.map((d) => (d.port ? `${d.node}:${d.port}` : d.node)).join(', ')}`);
  if (f.dropped.length) parts.push(`dropped at ${f.dropped.map((d) => `${d.node} (${d.reason})`).join('; ')}`);
  if (inFlight) parts.push(`${inFlight} cop${inFlight === 1 ? 'y' : 'ies'} still in flight`);
  return parts.join('; ') || 'no fate recorded';
}

function summariseKeys(keys: string[]): string {
  const shown = keys.slice(0, 3).join(', ');
  return keys.length > 3 ? `${shown} and ${keys.length - 3} more` : shown;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
