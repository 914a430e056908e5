// Runs a validated scenario to a Trace. Owns the clock, the event queue, the links and
// the packet ledger; devices act only through the context it hands them. The ledger is
// what proves the accounting: every copy ends delivered, dropped, forwarded or in flight.
import { BUDGET_SOURCE, budgetOf, budgetReached, estimateBytes, timeBudgetDecision, type BudgetKey } from './budget';
import { ensure } from './columns';
import { EventQueue, type QueuedEvent } from './event-queue';
import { LinkState } from './links';
import { rootPrng } from './prng';
import { TraceBuilder } from './trace-builder';
import { later, type DeviceContext, type DeviceType, type Explain, type Packet, type StepFacts } from './device';
import { NodeContext, type NodeRuntime, type SimCore } from './context';
import type { Scenario, TrafficItem } from './scenario-types';
import type { PacketRef, StepKind, Time, Trace } from './types';

/** A packet copy's place in the ledger, indexed by pid. 0: ended (or forwarded). */
const ENDED = 0;
const LIVE = 1;
const HELD = 2;
const ON_LINK = 3;

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
  /** Per node: its device and what a context needs, its generator and its trace record. */
  private readonly nodes = new Map<string, NodeRuntime>();
  /** Per link (by index), the nodes at its a and b ends. */
  private readonly linkEnds: [NodeRuntime, NodeRuntime][] = [];
  private readonly links = new Map<string, LinkState>();
  /** The ledger: status and origin of every packet copy, by pid. */
  private status = new Uint8Array(1024);
  private originOf = new Int32Array(1024);
  private nextPid = 1;
  private now: Time = 0;
  private stopped = false;

  constructor(
    private readonly scenario: Scenario,
    types: ReadonlyMap<string, DeviceType>,
  ) {
    const root = rootPrng(scenario.seed);
    this.trace = new TraceBuilder(scenario, scenario.links);
    for (const n of scenario.nodes) {
      const t = types.get(n.type);
      if (!t) throw new EngineBugError(`no device type "${n.type}" registered`);
      this.nodes.set(n.id, {
        id: n.id,
        device: t.create(n.id, n.config),
        rng: root.fork(`node:${n.id}`),
        rec: this.trace.recordOf(n.id),
        links: new Map(),
      });
    }
    for (const [i, l] of scenario.links.entries()) {
      const ls = new LinkState(l, i, root.fork(`link:${l.id}`));
      this.links.set(l.id, ls);
      this.linkEnds.push([this.nodes.get(l.a.node)!, this.nodes.get(l.b.node)!]);
      for (const end of [l.a, l.b]) this.nodes.get(end.node)!.links.set(end.port, ls);
    }
  }

  run(opts: RunOptions = {}): Trace {
    const until = Math.min(opts.until ?? Infinity, this.scenario.until ?? Infinity);
    for (const n of this.nodes.values()) if (n.device.start) this.withContext(n, (ctx) => n.device.start!(ctx));
    const traffic = this.scenario.traffic;
    this.queue.pushMany(
      traffic.map((t) => t.at),
      (i) => this.runTraffic(traffic[i], i),
    );
    for (const f of this.scenario.faults) this.queue.push(f.at, () => this.runFault(f));
    // The budget bounds the work whatever the scenario says: events processed (some models
    // run many that record nothing), virtual time, steps and the trace's estimated memory.
    const budget = budgetOf(this.scenario);
    let events = 0;
    let stoppedAtTime = false;
    while (this.queue.size > 0 && !this.stopped) {
      const next = this.queue.peekTime() ?? 0;
      if (next > until) break;
      if (next > budget.maxTime) {
        this.now = budget.maxTime;
        this.stopForBudget('maxTime', budget.maxTime, timeBudgetDecision(budget, next));
        stoppedAtTime = true;
        break;
      }
      const ev = this.queue.pop()!;
      this.now = ev.time;
      ev.run();
      events++;
      const steps = this.trace.length;
      if (
        events >= budget.maxEvents ||
        steps >= budget.maxSteps ||
        ((events & 255) === 0 && this.estimatedBytes() >= budget.maxMemory)
      ) {
        const stop = budgetReached(budget, { events, steps, bytes: this.estimatedBytes() }, this.now);
        if (stop) this.stopForBudget(stop.key, budget[stop.key], stop.decision);
      }
    }
    const live: number[] = [];
    for (let pid = 1; pid < this.nextPid; pid++) if (this.status[pid] !== ENDED) live.push(this.originOf[pid]);
    const counters: Record<string, Record<string, number>> = {};
    for (const [id, ls] of this.links) {
      for (const [dir, bits] of ls.bits) (counters[`link:${id}`] ??= {})[`bits ${dir}`] = bits;
    }
    // The run ends at `until` when one was given and reached, else at the last step:
    // a timer that fires later and finds nothing to do does not stretch the run.
    const reachedUntil = until !== Infinity && !this.stopped && (this.queue.size > 0 || this.now >= until);
    const endTime = stoppedAtTime ? budget.maxTime : reachedUntil ? until : this.trace.lastTime();
    return this.trace.finish(endTime, live, counters);
  }

  /** Bytes the trace is estimated to hold now (budget.ts). */
  private estimatedBytes(): number {
    return estimateBytes(this.trace.length, this.trace.frameBytes, this.nextPid);
  }

  /** End the run with one step that says which limit was reached and how to raise it. */
  private stopForBudget(key: BudgetKey, limit: number, decision: string): void {
    this.trace.push({
      time: this.now,
      node: '(engine)',
      layer: 'control',
      kind: 'fault',
      decision,
      source: BUDGET_SOURCE,
      detail: { budget: key, limit },
    });
    this.stopped = true;
  }

  /**
   * Last line of defence: a device that throws is a bug in that device (its receive path
   * must end every frame with a fate), but one bug must not take the whole run down. The
   * exception becomes a recorded step naming the device; accounting errors still throw.
   */
  private internalError(node: string, e: unknown, pkt?: Packet, port?: string): void {
    if (e instanceof EngineBugError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    const decision = `internal error in ${node}: ${msg.length > 200 ? msg.slice(0, 200) + '…' : msg}`;
    if (pkt && this.status[pkt.ref.pid] === LIVE) {
      this.status[pkt.ref.pid] = ENDED;
      this.trace.push({
        time: this.now,
        node,
        ...(port !== undefined && { port }),
        layer: 'control',
        kind: 'drop',
        decision,
        source: 'NetVirt Lab engine',
        packet: pkt.ref,
        bytes: pkt.bytes,
      });
      this.trace.fateDropped(pkt.ref.origin, decision);
      return;
    }
    this.trace.push({ time: this.now, node, layer: 'control', kind: 'fault', decision, source: 'NetVirt Lab engine' });
  }

  private runTraffic(item: TrafficItem, index: number): void {
    const n = this.nodes.get(item.node)!;
    const dev = n.device;
    if (item.kind === 'send') {
      this.contextFor(n, index, undefined).send(
        item.port,
        item.bytes,
        item.label === undefined
          ? { decision: later(scriptedSend, index, trafficDetail), source: 'scenario traffic', layer: 'L2' }
          : { decision: item.label, source: 'scenario traffic', layer: 'L2', detail: { traffic: index } },
      );
      this.trace.flushState(this.now, n.id);
      return;
    }
    this.withContext(
      n,
      (ctx) => {
        this.trace.push({
          time: this.now,
          node: item.node,
          layer: 'control',
          kind: 'command',
          decision:
            item.label ?? `Scripted command #${index} on ${item.node}: ${item.name} ${JSON.stringify(item.args)}`,
          source: 'scenario traffic',
          detail: { traffic: index, command: item.name, args: item.args },
        });
        if (!dev.command) throw new EngineBugError(`${item.node} accepts no commands`);
        dev.command(item.name, item.args, ctx);
      },
      index,
    );
  }

  private runFault(f: Scenario['faults'][number]): void {
    const ls = this.links.get(f.link)!;
    if (f.kind === 'link-impair') {
      const spec = ls.spec as { loss: number; duplicate: number; jitterNs: number };
      if (f.loss !== undefined) spec.loss = f.loss;
      if (f.duplicate !== undefined) spec.duplicate = f.duplicate;
      if (f.jitterNs !== undefined) spec.jitterNs = f.jitterNs;
      this.trace.push({
        time: this.now,
        node: f.link,
        layer: 'L1',
        kind: 'fault',
        decision: `Link ${f.link} impaired: loss ${spec.loss}, duplication ${spec.duplicate}, jitter ${spec.jitterNs} ns.`,
        source: 'scenario faults',
      });
      return;
    }
    const up = f.kind === 'link-up';
    ls.up = up;
    this.trace.push({
      time: this.now,
      node: f.link,
      layer: 'L1',
      kind: 'fault',
      decision: `Link ${f.link} goes ${up ? 'up' : 'down'}.`,
      source: 'scenario faults',
    });
    for (const end of [ls.spec.a, ls.spec.b]) {
      const n = this.nodes.get(end.node)!;
      if (n.device.linkChanged) this.withContext(n, (ctx) => n.device.linkChanged!(end.port, up, ctx));
    }
  }

  newPacket(origin: number | null, parent: number | null): PacketRef {
    const pid = this.nextPid++;
    if (pid >= this.status.length) {
      this.status = ensure(this.status, pid + 1);
      this.originOf = ensure(this.originOf, pid + 1);
    }
    this.status[pid] = LIVE;
    this.originOf[pid] = origin ?? pid;
    return { pid, origin: origin ?? pid, parent };
  }

  forwarded(p: Packet): void {
    // The parent ends as "forwarded" with its first copy; further copies of the same
    // parent (replication) are allowed while it is being handled.
    if (this.status[p.ref.pid] === ON_LINK) throw new EngineBugError(`packet ${p.ref.pid} is still on a link`);
    this.status[p.ref.pid] = ENDED;
  }

  markHeld(p: PacketRef): void {
    this.status[p.pid] = HELD;
  }

  end(p: Packet, to: 'ended' | 'held'): void {
    const s = this.status[p.ref.pid];
    if (s === ENDED || s === ON_LINK) {
      throw new EngineBugError(
        `packet ${p.ref.pid} cannot end: it is ${s === ON_LINK ? 'on a link' : 'already ended or forwarded'}`,
      );
    }
    this.status[p.ref.pid] = to === 'ended' ? ENDED : HELD;
  }

  scheduleFor(
    node: string,
    at: Time,
    fn: (ctx: DeviceContext) => void,
    traffic: number | undefined,
    origin: number | undefined,
  ): void {
    const n = this.nodes.get(node)!;
    this.queue.push(at, () => this.withContext(n, fn, traffic, origin));
  }

  /**
   * Run device code for node `n` at the current time. `traffic` and `origin` tie the frames
   * it originates to what caused them: the scripted traffic item, or the packet being
   * handled (so a reply's fate knows which frame it answers), carried across timers.
   */
  private withContext(n: NodeRuntime, fn: (ctx: DeviceContext) => void, traffic?: number, origin?: number): void {
    try {
      fn(this.contextFor(n, traffic, origin));
    } catch (e) {
      this.internalError(n.id, e);
    }
    this.trace.flushState(this.now, n.id);
  }

  private contextFor(n: NodeRuntime, traffic: number | undefined, origin: number | undefined): NodeContext {
    return new NodeContext(this, n, this.now, traffic, origin);
  }

  /** Hand an arriving packet to its device (no closure: this runs for every frame). */
  private receive(n: NodeRuntime, port: string, pkt: Packet): void {
    const origin = pkt.ref.origin;
    try {
      n.device.receive(port, pkt, this.contextFor(n, this.trace.trafficOf(origin), origin));
    } catch (e) {
      this.internalError(n.id, e, pkt, port);
    }
    this.trace.flushState(this.now, n.id);
    if (this.status[pkt.ref.pid] === LIVE) {
      throw new EngineBugError(`${n.id} left packet ${pkt.ref.pid} without a fate (deliver, drop, hold or send it)`);
    }
  }

  transmit(ctx: NodeContext, port: string, pkt: Packet, e: Explain, kind: StepKind): void {
    const ls = ctx.runtime.links.get(port);
    const ref = pkt.ref;
    if (!ls || !ls.up) {
      ctx.record(kind, e, pkt, port);
      this.status[ref.pid] = ENDED;
      const reason = ls ? `link ${ls.spec.id} is down` : `port ${port} has no link`;
      const decision = ls
        ? `Link ${ls.spec.id} is down: the frame is lost.`
        : `Port ${port} of ${ctx.node} has no link: the frame goes nowhere.`;
      this.trace.push({
        time: this.now,
        node: ctx.node,
        port,
        layer: 'L1',
        kind: 'drop',
        decision,
        source: 'NetVirt Lab engine',
        packet: ref,
        bytes: pkt.bytes,
      });
      this.trace.fateDropped(ref.origin, reason);
      return;
    }
    const fromA = ls.isA(ctx.node, port);
    const c = ls.cross(fromA, pkt.bytes.length, this.now);
    ctx.record(kind, e, pkt, port, ls.index, fromA, c.arrives);
    this.status[ref.pid] = ON_LINK;
    if (c.lost) {
      this.status[ref.pid] = ENDED;
      this.trace.push({
        time: this.now,
        node: ls.spec.id,
        layer: 'L1',
        kind: 'drop',
        decision: `The frame is lost on link ${ls.spec.id} (random loss ${ls.spec.loss}).`,
        source: 'scenario link impairment',
        packet: ref,
        bytes: pkt.bytes,
      });
      this.trace.fateDropped(ref.origin, `lost on link ${ls.spec.id}`);
      return;
    }
    this.queue.pushEvent(new Arrival(c.arrives, this, ls, !fromA, pkt));
    if (c.duplicateArrives !== undefined) {
      // The duplicate is a sibling of the original (same parent), not its child.
      const copy: Packet = { ref: this.newPacket(ref.origin, ref.parent), bytes: pkt.bytes };
      this.status[copy.ref.pid] = ON_LINK;
      this.trace.push({
        time: this.now,
        node: ls.spec.id,
        layer: 'L1',
        kind: 'decide',
        decision: `Link ${ls.spec.id} duplicates the frame (random duplication ${ls.spec.duplicate}).`,
        source: 'scenario link impairment',
        packet: copy.ref,
        bytes: copy.bytes,
      });
      this.queue.pushEvent(new Arrival(c.duplicateArrives, this, ls, !fromA, copy));
    }
  }

  arrive(ls: LinkState, atA: boolean, pkt: Packet): void {
    const n = this.linkEnds[ls.index][atA ? 0 : 1];
    this.status[pkt.ref.pid] = LIVE;
    n.rec.count('rx_frames', 1);
    this.receive(n, atA ? ls.spec.a.port : ls.spec.b.port, pkt);
  }
}

const scriptedSend = (index: number, at: StepFacts): string =>
  `Scripted traffic #${index}: ${at.node} sends a ${at.bytes?.length ?? 0}-byte frame out of ${at.port}.`;
const trafficDetail = (index: number): Record<string, unknown> => ({ traffic: index });

/** A frame reaching the far end of a link: an event object, so no closure per frame. */
class Arrival implements QueuedEvent {
  seq = 0;
  constructor(
    readonly time: Time,
    private readonly sim: Simulator,
    private readonly link: LinkState,
    private readonly atA: boolean,
    private readonly packet: Packet,
  ) {}

  run(): void {
    this.sim.arrive(this.link, this.atA, this.packet);
  }
}
