// Runs a validated scenario to a Trace. Owns the clock, the event queue, the links and
// the packet ledger; devices act only through the context it hands them. The ledger is
// what proves the accounting: every copy ends delivered, dropped, forwarded or in flight.
import { EventQueue } from './event-queue';
import { LinkState } from './links';
import { rootPrng, type Prng } from './prng';
import { TraceBuilder } from './trace-builder';
import type { Device, DeviceContext, DeviceType, Explain, Packet } from './device';
import { NodeContext, type Cause, type SimCore } from './context';
import type { Scenario, TrafficItem } from './scenario-types';
import type { PacketRef, PortRef, StepKind, Time, Trace } from './types';

type PacketStatus = 'live' | 'held' | 'link' | 'ended';

export class EngineBugError extends Error {
  override name = 'EngineBugError';
}

export interface RunOptions {
  /** Stop here even if the scenario says later. */
  readonly until?: Time;
}

export function runScenario(scenario: Scenario, types: ReadonlyMap<string, DeviceType>, opts: RunOptions = {}): Trace {
  return new Simulator(scenario, types).run(opts);
}

export class Simulator implements SimCore {
  private readonly queue = new EventQueue();
  readonly trace: TraceBuilder;
  private readonly devices = new Map<string, Device>();
  private readonly rngs = new Map<string, Prng>();
  private readonly links = new Map<string, LinkState>();
  /** node -> port -> link: nested maps, so the hot path builds no key strings. */
  private readonly portLinks = new Map<string, Map<string, LinkState>>();
  private readonly status = new Map<number, PacketStatus>();
  private nextPid = 1;
  private now: Time = 0;
  private stopped = false;

  constructor(
    private readonly scenario: Scenario,
    types: ReadonlyMap<string, DeviceType>,
  ) {
    const root = rootPrng(scenario.seed);
    this.trace = new TraceBuilder(scenario);
    for (const n of scenario.nodes) {
      const t = types.get(n.type);
      if (!t) throw new EngineBugError(`no device type "${n.type}" registered`);
      this.devices.set(n.id, t.create(n.id, n.config));
      this.rngs.set(n.id, root.fork(`node:${n.id}`));
    }
    for (const l of scenario.links) {
      const ls = new LinkState(l, root.fork(`link:${l.id}`));
      this.links.set(l.id, ls);
      for (const end of [l.a, l.b]) {
        let m = this.portLinks.get(end.node);
        if (!m) this.portLinks.set(end.node, (m = new Map()));
        m.set(end.port, ls);
      }
    }
  }

  run(opts: RunOptions = {}): Trace {
    const until = Math.min(opts.until ?? Infinity, this.scenario.until ?? Infinity);
    for (const [id, dev] of this.devices) if (dev.start) this.withContext(id, (ctx) => dev.start!(ctx));
    this.scenario.traffic.forEach((item, i) => this.queue.push(item.at, () => this.runTraffic(item, i)));
    for (const f of this.scenario.faults) this.queue.push(f.at, () => this.runFault(f));
    while (this.queue.size > 0 && !this.stopped) {
      if ((this.queue.peekTime() ?? 0) > until) break;
      const ev = this.queue.pop()!;
      this.now = ev.time;
      ev.run();
      if (this.trace.length >= this.scenario.maxSteps) {
        this.trace.push({ time: this.now, node: '(engine)', layer: 'control', kind: 'fault', decision: `Stopped after ${this.scenario.maxSteps} steps (maxSteps): the scenario may loop, for example a broadcast storm in a looped topology.`, source: 'NetVirt Lab engine' });
        this.stopped = true;
      }
    }
    const live = [...this.status].filter(([, s]) => s !== 'ended').map(([pid]) => pid);
    const counters: Record<string, Record<string, number>> = {};
    for (const [id, ls] of this.links) {
      for (const [dir, bits] of ls.bits) (counters[`link:${id}`] ??= {})[`bits ${dir}`] = bits;
    }
    // The run ends at `until` when one was given and reached, else at the last step:
    // a timer that fires later and finds nothing to do does not stretch the run.
    const reachedUntil = until !== Infinity && (this.queue.size > 0 || this.now >= until);
    const endTime = reachedUntil ? until : this.trace.lastTime();
    return this.trace.finish(endTime, live, counters);
  }

  private runTraffic(item: TrafficItem, index: number): void {
    const dev = this.devices.get(item.node)!;
    const cause: Cause = { traffic: index };
    if (item.kind === 'send') {
      this.withContext(item.node, (ctx) => {
        ctx.send(item.port, item.bytes, {
          decision: item.label ?? `Scripted traffic #${index}: ${item.node} sends a ${item.bytes.length}-byte frame out of ${item.port}.`,
          source: 'scenario traffic',
          layer: 'L2',
          detail: { traffic: index },
        });
      }, cause);
      return;
    }
    this.withContext(item.node, (ctx) => {
      this.trace.push({ time: this.now, node: item.node, layer: 'control', kind: 'command', decision: item.label ?? `Scripted command #${index} on ${item.node}: ${item.name} ${JSON.stringify(item.args)}`, source: 'scenario traffic', detail: { traffic: index, command: item.name, args: item.args } });
      if (!dev.command) throw new EngineBugError(`${item.node} accepts no commands`);
      dev.command(item.name, item.args, ctx);
    }, cause);
  }

  private runFault(f: Scenario['faults'][number]): void {
    const ls = this.links.get(f.link)!;
    if (f.kind === 'link-impair') {
      const spec = ls.spec as { loss: number; duplicate: number; jitterNs: number };
      if (f.loss !== undefined) spec.loss = f.loss;
      if (f.duplicate !== undefined) spec.duplicate = f.duplicate;
      if (f.jitterNs !== undefined) spec.jitterNs = f.jitterNs;
      this.trace.push({ time: this.now, node: f.link, layer: 'L1', kind: 'fault', decision: `Link ${f.link} impaired: loss ${spec.loss}, duplication ${spec.duplicate}, jitter ${spec.jitterNs} ns.`, source: 'scenario faults' });
      return;
    }
    const up = f.kind === 'link-up';
    ls.up = up;
    this.trace.push({ time: this.now, node: f.link, layer: 'L1', kind: 'fault', decision: `Link ${f.link} goes ${up ? 'up' : 'down'}.`, source: 'scenario faults' });
    for (const end of [ls.spec.a, ls.spec.b]) {
      const dev = this.devices.get(end.node)!;
      if (dev.linkChanged) this.withContext(end.node, (ctx) => dev.linkChanged!(end.port, up, ctx));
    }
  }

  newPacket(origin: number | null, parent: number | null): PacketRef {
    const pid = this.nextPid++;
    this.status.set(pid, 'live');
    return { pid, origin: origin ?? pid, parent };
  }

  forwarded(p: Packet): void {
    // The parent ends as "forwarded" with its first copy; further copies of the same
    // parent (replication) are allowed while it is being handled.
    if (this.status.get(p.ref.pid) === 'link') throw new EngineBugError(`packet ${p.ref.pid} is still on a link`);
    this.status.delete(p.ref.pid);
  }

  markHeld(p: PacketRef): void {
    this.status.set(p.pid, 'held');
  }

  end(p: Packet, to: 'ended' | 'held'): void {
    const s = this.status.get(p.ref.pid);
    if (s === undefined || s === 'link') {
      throw new EngineBugError(`packet ${p.ref.pid} cannot end: it is ${s ?? 'already ended or forwarded'}`);
    }
    if (to === 'ended') this.status.delete(p.ref.pid);
    else this.status.set(p.ref.pid, to);
  }

  scheduleFor(node: string, at: Time, fn: (ctx: DeviceContext) => void, cause: Cause): void {
    this.queue.push(at, () => this.withContext(node, fn, cause));
  }

  /**
   * Run device code for `node` at the current time. `cause` ties the frames it
   * originates to what caused them: the scripted traffic item, or the packet being handled
   * (so a reply's fate knows which frame it answers), carried across timers.
   */
  private withContext(node: string, fn: (ctx: DeviceContext) => void, cause: Cause = NO_CAUSE, arriving?: Packet): void {
    fn(new NodeContext(this, node, this.now, this.rngs.get(node)!, cause));
    this.trace.flushState(this.now, node);
    if (arriving && this.status.get(arriving.ref.pid) === 'live') {
      throw new EngineBugError(`${node} left packet ${arriving.ref.pid} without a fate (deliver, drop, hold or send it)`);
    }
  }

  transmit(ctx: NodeContext, port: string, pkt: Packet, e: Explain, kind: StepKind): void {
    const ls = this.portLinks.get(ctx.node)?.get(port);
    if (!ls || !ls.up) {
      ctx.record(kind, e, pkt, undefined, port);
      this.status.delete(pkt.ref.pid);
      const reason = ls ? `link ${ls.spec.id} is down` : `port ${port} has no link`;
      const decision = ls ? `Link ${ls.spec.id} is down: the frame is lost.` : `Port ${port} of ${ctx.node} has no link: the frame goes nowhere.`;
      this.trace.push({ time: this.now, node: ctx.node, port, layer: 'L1', kind: 'drop', decision, source: 'NetVirt Lab engine', packet: pkt.ref, bytes: pkt.bytes });
      this.trace.fateDropped(pkt.ref, ctx.node, port, reason);
      return;
    }
    const from: PortRef = ls.spec.a.node === ctx.node && ls.spec.a.port === port ? ls.spec.a : ls.spec.b;
    const c = ls.cross(from, pkt.bytes.length, this.now);
    ctx.record(kind, e, pkt, { id: ls.spec.id, from, to: c.to, arrives: c.arrivals[0] ?? c.startsAt }, port);
    this.status.set(pkt.ref.pid, 'link');
    if (c.lost) {
      this.status.delete(pkt.ref.pid);
      this.trace.push({ time: this.now, node: ls.spec.id, layer: 'L1', kind: 'drop', decision: `The frame is lost on link ${ls.spec.id} (random loss ${ls.spec.loss}).`, source: 'scenario link impairment', packet: pkt.ref, bytes: pkt.bytes });
      this.trace.fateDropped(pkt.ref, ls.spec.id, undefined, `lost on link ${ls.spec.id}`);
      return;
    }
    for (let i = 0; i < c.arrivals.length; i++) {
      let copy = pkt;
      if (i > 0) {
        // The duplicate is a sibling of the original (same parent), not its child.
        copy = { ref: this.newPacket(pkt.ref.origin, pkt.ref.parent), bytes: pkt.bytes };
        this.status.set(copy.ref.pid, 'link');
        this.trace.push({ time: this.now, node: ls.spec.id, layer: 'L1', kind: 'decide', decision: `Link ${ls.spec.id} duplicates the frame (random duplication ${ls.spec.duplicate}).`, source: 'scenario link impairment', packet: copy.ref, bytes: copy.bytes });
      }
      const to = c.to;
      this.queue.push(c.arrivals[i], () => this.arrive(to, copy));
    }
  }

  private arrive(to: PortRef, pkt: Packet): void {
    this.status.set(pkt.ref.pid, 'live');
    const dev = this.devices.get(to.node)!;
    this.trace.count(to.node, 'rx_frames', 1);
    this.withContext(to.node, (ctx) => dev.receive(to.port, pkt, ctx), { origin: pkt.ref.origin, traffic: this.trace.trafficOf(pkt.ref.origin) }, pkt);
  }
}

const NO_CAUSE: Cause = {};

