// The DeviceContext a device acts through while one event runs. A class rather than a
// bag of closures: the simulator makes one per event, hundreds of thousands per run,
// and prototype methods keep that cheap.
import type { Device, DeviceContext, Explain, Packet } from './device';
import type { LinkState } from './links';
import type { Prng } from './prng';
import { NONE } from './step-store';
import type { NodeRecord, TraceBuilder } from './trace-builder';
import type { PacketRef, StepKind, Time } from './types';

/** What a context needs from the simulator. */
export interface SimCore {
  readonly trace: TraceBuilder;
  newPacket(origin: number | null, parent: number | null): PacketRef;
  /** Mark a packet forwarded (ended by having copies); throws if it is on a link. */
  forwarded(p: Packet): void;
  end(p: Packet, to: 'ended' | 'held'): void;
  markHeld(p: PacketRef): void;
  transmit(ctx: NodeContext, port: string, pkt: Packet, e: Explain, kind: StepKind): void;
  /** Run `fn` for `node` at `at`, keeping what caused it (a traffic item, an injected frame). */
  scheduleFor(
    node: string,
    at: Time,
    fn: (ctx: DeviceContext) => void,
    traffic: number | undefined,
    origin: number | undefined,
  ): void;
}

/** What the simulator keeps per node: its device, generator, trace record and links by port. */
export interface NodeRuntime {
  readonly id: string;
  readonly device: Device;
  readonly rng: Prng;
  readonly rec: NodeRecord;
  readonly links: Map<string, LinkState>;
}

export class NodeContext implements DeviceContext {
  readonly node: string;
  readonly rng: Prng;

  /**
   * `traffic` and `origin` are what caused this event: the scripted traffic item, or the
   * injected frame being handled (so a reply's fate knows which frame it answers); they
   * are carried across timers.
   */
  constructor(
    private readonly sim: SimCore,
    readonly runtime: NodeRuntime,
    readonly now: Time,
    readonly traffic: number | undefined,
    readonly origin: number | undefined,
  ) {
    this.node = runtime.id;
    this.rng = runtime.rng;
  }

  /** Record a step; `port` overrides the explanation's (a send records its egress port). */
  record(
    kind: StepKind,
    e: Explain,
    packet: Packet | undefined,
    port: string | undefined,
    link = NONE,
    linkFromA = false,
    arrives: Time = 0,
  ): number {
    const r = packet?.ref;
    return this.sim.trace.pushStep(
      this.now,
      this.node,
      port ?? e.port,
      kind,
      e,
      r ? r.pid : 0,
      r ? r.origin : 0,
      r && r.parent !== null ? r.parent : NONE,
      packet?.bytes,
      link,
      linkFromA,
      arrives,
    );
  }

  note(kind: StepKind, e: Explain, packet?: Packet): void {
    this.record(kind, e, packet, undefined);
  }

  send(port: string, bytes: Uint8Array, e: Explain, parent?: Packet): Packet {
    const pkt: Packet = {
      ref: this.sim.newPacket(parent ? parent.ref.origin : null, parent ? parent.ref.pid : null),
      bytes,
    };
    if (parent) this.sim.forwarded(parent);
    else this.sim.trace.registerOrigin(pkt.ref.pid, this.now, this.node, port, this.traffic, this.origin);
    this.sim.transmit(this, port, pkt, e, parent ? 'transmit' : 'inject');
    return pkt;
  }

  deliver(packet: Packet, e: Explain): void {
    this.sim.end(packet, 'ended');
    this.record('deliver', e, packet, undefined);
    this.sim.trace.fateDelivered(packet.ref.origin);
  }

  drop(packet: Packet, e: Explain): void {
    this.sim.end(packet, 'ended');
    this.record('drop', e, packet, undefined);
    this.sim.trace.fateDropped(packet.ref.origin);
  }

  hold(packet: Packet, e: Explain): void {
    this.sim.end(packet, 'held');
    this.record('decide', e, packet, undefined);
  }

  clone(packet: Packet, bytes?: Uint8Array): Packet {
    const ref = this.sim.newPacket(packet.ref.origin, packet.ref.pid);
    this.sim.markHeld(ref);
    return { ref, bytes: bytes ?? packet.bytes };
  }

  schedule(delay: Time, _label: string, fn: (ctx: DeviceContext) => void): void {
    this.sim.scheduleFor(this.node, this.now + Math.max(0, delay), fn, this.traffic, this.origin);
  }

  set(key: string, value: unknown): void {
    this.sim.trace.setState(this.runtime.rec, key, value);
  }

  count(counter: string, by = 1): void {
    this.runtime.rec.count(counter, by);
  }
}
