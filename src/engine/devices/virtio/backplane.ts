// The `virtio-backplane` node: a host (PCI master, CPU with a write-back cache, no DMA
// engine) and one agent board (CPU with its own cache, a DMA engine, BAR0 onto its own RAM,
// a message register the host writes to interrupt it, INTx to the host through its interrupt
// register, an outbound window onto host DRAM) joined by a PCI bus. The board's signals are
// in board.ts. The bus lives inside this node because a bus transaction is not
// an Ethernet frame; the Ethernet frames virtio-net carries enter on port "host" (from
// the host's stack) or "agent" (from the agent's stack) and leave on the other port.
// Every memory access, cache operation, doorbell, DMA and interrupt is a trace step.
// Wiring at set-up is in backplane-wiring.ts, the agent's engine loop in agent-loop.ts, bring-up
// and preset indexes in bring-up.ts.
import type { Device, DeviceContext, Packet } from '../../sim/device';
import type { BackplaneConfig } from './config';
import { CpuMemory } from './cpu-memory';
import { DmaEngine, Tags } from './dma';
import {
  AGENT_RAM_SIZE,
  HOST_RAM_SIZE,
  placeRings,
  SINGLE_BOARD,
  type BoardPlace,
  WINDOW_LOCAL,
  WINDOW_SIZE,
  type RingPlacement,
} from './address-map';
import { CrossedWires, type Direction } from './crossed-wires';
import { VirtioNet } from './net-driver';
import { hex, Ram } from './ram';
import { agentPostedWrites } from './posted-writes-steps';
import { isRingCommand, runRingCommand, TakenChains } from './ring-script';
import type { Rec, StepOut } from './record';
import { StateWatch } from './watch';
import { bringUp, presetIndexes, publishInitialIndexes, warnSharedLines } from './bring-up';
import * as say from './words';
import { localKick, poll } from './agent-loop';
import { BoardState, hostNotify, interruptHost } from './board';
import { mapBoard, wireDrivers, wireEngine, type WiringHooks } from './backplane-wiring';

export class Backplane implements Device {
  readonly ports = ['host', 'agent'] as const;
  readonly hostRam: Ram;
  readonly agentRam = new Ram('agent', AGENT_RAM_SIZE);
  /** This board's host-side addresses (one of several on a multi-board backplane: boards.ts). */
  readonly place: BoardPlace;
  readonly host: CpuMemory;
  readonly agent: CpuMemory;
  readonly dma: DmaEngine;
  readonly tags = new Tags<Packet>();
  readonly watch: StateWatch;
  readonly rings: RingPlacement;
  readonly hostNet: VirtioNet;
  readonly agentNet: VirtioNet;
  readonly engine: CrossedWires;
  readonly board = new BoardState();
  /** Chains a scripted device holds (ring-script.ts). */
  readonly taken = new TakenChains();
  private ctx!: DeviceContext;
  quiet = false;
  readonly busy: Record<Direction, boolean> = { 'host-to-agent': false, 'agent-to-host': false };
  private readonly pending: Record<'host' | 'agent', { packet: Packet; bytes: Uint8Array }[]> = { host: [], agent: [] };
  private shown: { msg: number; irq: number; intx: boolean; window: number } = {
    msg: -1,
    irq: -1,
    intx: true,
    window: -1,
  };
  readonly rec: Rec;

  constructor(
    readonly id: string,
    readonly cfg: BackplaneConfig,
    shared?: { readonly host: CpuMemory; readonly hostRam: Ram; readonly place: BoardPlace },
  ) {
    const c = cfg.costs;
    this.hostRam = shared?.hostRam ?? new Ram('host', HOST_RAM_SIZE);
    this.place = shared?.place ?? SINGLE_BOARD;
    ({ host: this.host, agent: this.agent } = mapBoard(cfg, this.hostRam, this.agentRam, shared?.host));
    this.dma = new DmaEngine(this.agent, c);
    if (c.windowWriteLatencyNs > 0) this.agent.posted = agentPostedWrites(this, c.windowWriteLatencyNs);
    this.rings = placeRings(cfg.queueSize, cfg.ringLayout, this.place.hostRings, cfg.ringFormat === 'packed');
    this.watch = new StateWatch(cfg.lineSize);
    this.watch.addRing(this.hostRam, 'host.tx', this.rings.hostTx, 'host', 'agent');
    this.watch.addRing(this.hostRam, 'host.rx', this.rings.hostRx, 'host', 'agent');
    this.watch.addRing(this.agentRam, 'agent.rx', this.rings.agentRx, 'agent', 'agent', this.agent.cache);
    this.watch.addRing(this.agentRam, 'agent.tx', this.rings.agentTx, 'agent', 'agent', this.agent.cache);
    this.watch.listenRam(this.hostRam);
    this.watch.listenRam(this.agentRam);
    this.watch.listenCache(this.host.cache);
    this.watch.listenCache(this.agent.cache);
    this.rec = {
      step: (s) => this.step(s),
      set: (k, v) => this.ctx.set(k, v),
    };
    const hooks: WiringHooks = {
      rec: this.rec,
      tags: this.tags,
      ctx: () => this.ctx,
      on: (cpu, ctx, fn) => this.on(cpu, ctx, fn),
      after: (cpu, extra, label, fn) => this.after(cpu, extra, label, fn),
      step: (st) => this.step(st),
      doorbell: (q) => hostNotify(this, q),
      localKick: (q) => localKick(this, q),
      localCallback: (q) => this.localCallback(q),
      interruptHost: (q) => interruptHost(this, q),
      up: (side, p, bytes) => this.up(side, p, bytes),
      unsent: (p, side, buf) => {
        this.flushState();
        this.ctx.drop(p, {
          layer: 'L2',
          decision: say.freedUnsent(side, hex(buf)),
          source: 'virtio_net free_old_xmit_skbs (used.len 0, the bytes never left)',
          detail: { op: 'unsent', side, buf },
        });
      },
      reachHost: (bus) => this.reachHost(bus),
      windowAddress: (bus) => this.windowAddress(bus),
      moveWindow: (base, why) => this.moveWindow(base, why),
    };
    ({ hostNet: this.hostNet, agentNet: this.agentNet } = wireDrivers(
      cfg,
      this.host,
      this.agent,
      this.rings,
      hooks,
      this.place.hostIndirect,
    ));
    this.engine = wireEngine(cfg, this.agent, this.dma, this.rings, hooks);
  }

  /** Agent-local address of a host bus address (through the outbound window). */
  windowAddress(bus: number): number {
    const w = this.agent.mappings[1];
    if (bus < w.ramBase || bus >= w.ramBase + WINDOW_SIZE)
      throw new RangeError(say.hostAddressOutsideAgent(hex(bus), hex(w.ramBase)));
    return WINDOW_LOCAL + (bus - w.ramBase);
  }

  /**
   * Agent-local address of a host buffer. When it lies outside the 1 GiB window, the agent
   * re-points the window (one write to its outbound address translation unit, as
   * pci_epc_map_addr does) to the 1 GiB-aligned block holding it.
   */
  reachHost(bus: number, len = 1): number {
    const w = this.agent.mappings[1];
    if (bus >= w.ramBase && bus + len <= w.ramBase + WINDOW_SIZE) return WINDOW_LOCAL + (bus - w.ramBase);
    const base = Math.floor(bus / WINDOW_SIZE) * WINDOW_SIZE;
    if (bus < 0 || base + WINDOW_SIZE > HOST_RAM_SIZE) throw new RangeError(say.hostAddressOutsideLowest(hex(bus)));
    this.moveWindow(base, `to reach host buffer ${hex(bus)}`);
    return WINDOW_LOCAL + (bus - base);
  }

  moveWindow(base: number, why: string): void {
    const w = this.agent.mappings[1];
    if (w.ramBase === base) return;
    const old = w.ramBase;
    w.ramBase = base;
    this.agent.t += this.cfg.costs.dramNs;
    this.ctx.count('window_moves');
    this.step({
      layer: 'bus',
      kind: 'decide',
      decision: say.agentRePointsOutbound(why, hex(base), hex(old)),
      source: 'pci_epc_map_addr (outbound address translation)',
      detail: { op: 'window-move', from: old, to: base },
    });
  }

  // ---- recording -------------------------------------------------------------------

  step(s: StepOut): void {
    if (this.quiet) return;
    this.flushState();
    for (const c of this.watch.clobbers.splice(0)) {
      this.ctx.count('clobbers');
      this.ctx.note('decide', {
        layer: 'memory',
        decision: say.falseSharingWroteBack(c.writer, hex(c.line), c.queue, c.field, c.before, c.after),
        source: 'whole-line write-back (virtio-backplane.md 5.5; dma-api-howto "Platform Issues")',
        detail: { op: 'clobber', ...c },
      });
    }
    this.ctx.note(s.kind ?? 'decide', {
      layer: s.layer ?? 'memory',
      decision: s.decision,
      source: s.source,
      detail: { side: this.ctx.node, ...s.detail },
      readBytes: s.readBytes,
    });
  }

  private flushState(): void {
    this.watch.flush((k, v) => this.ctx.set(k, v), [this.hostRam, this.agentRam]);
    const r = this.board;
    const b = { msg: r.msg, irq: r.irq, intx: r.intx, window: this.agent.mappings[1].ramBase };
    if (b.msg !== this.shown.msg) this.ctx.set('board/msg', b.msg);
    if (b.irq !== this.shown.irq) this.ctx.set('board/irq', b.irq);
    if (b.intx !== this.shown.intx) this.ctx.set('board/intx', b.intx);
    if (b.window !== this.shown.window) this.ctx.set('window/base', b.window);
    this.shown = b;
  }

  /** Run `fn` on a CPU at ctx.now, or later if that CPU is still busy. */
  on(cpu: CpuMemory, ctx: DeviceContext, fn: () => void): void {
    if (cpu.t > ctx.now) {
      ctx.schedule(cpu.t - ctx.now, `${cpu.side} busy`, (c) => this.on(cpu, c, fn));
      return;
    }
    cpu.t = ctx.now;
    this.ctx = ctx;
    fn();
    this.flushState();
  }

  /** Schedule on `cpu` after it finishes what it is doing plus `extra` ns. */
  after(cpu: CpuMemory, extra: number, label: string, fn: () => void, from: CpuMemory = cpu): void {
    this.ctx.schedule(Math.max(0, from.t - this.ctx.now) + extra, label, (c) => this.on(cpu, c, fn));
  }

  /** Something the hardware does (a posted write landing, a register raising an interrupt): no CPU waits. */
  hardware(delay: number, label: string, fn: () => void): void {
    // No flush here: a register or memory change shows on the next step, not as a step of its own.
    this.ctx.schedule(Math.max(0, delay), label, (c) => {
      this.ctx = c;
      fn();
    });
  }

  /** Run `fn` on the agent's CPU now, or when it is free (an interrupt it takes). */
  onAgent(fn: () => void): void {
    this.on(this.agent, this.ctx, fn);
  }

  now(): number {
    return this.ctx.now;
  }

  count(counter: string): void {
    this.ctx.count(counter);
  }

  // ---- the simulator's entry points --------------------------------------------------

  start(ctx: DeviceContext): void {
    this.ctx = ctx;
    // Where each ring lives, for views: layout in its RAM's addresses, and the line size.
    const r = this.rings;
    for (const [q, l, ram] of [
      ['host.tx', r.hostTx, 'host'],
      ['host.rx', r.hostRx, 'host'],
      ['agent.rx', r.agentRx, 'agent'],
      ['agent.tx', r.agentTx, 'agent'],
    ] as const) {
      ctx.set(`layout/${q}`, {
        ...l,
        ram,
        lineSize: this.cfg.lineSize,
        windowLocal: ram === 'host' ? this.windowAddress(l.base) : undefined,
      });
    }
    ctx.set('config', {
      coherent: this.cfg.coherent,
      eventIdx: this.cfg.eventIdx,
      indirect: this.cfg.indirect,
      agentWindow: this.cfg.agentWindow,
      ringLayout: this.cfg.ringLayout,
      breaks: this.cfg.breaks,
    });
    if (this.cfg.initialIndex !== 0) presetIndexes(this, this.cfg.initialIndex);
    else publishInitialIndexes(this);
    warnSharedLines(this);
    this.on(this.host, ctx, () => bringUp(this));
    this.after(this.agent, 0, 'agent fills its RX ring', () => this.agentNet.fillRx());
    if (this.cfg.agentPollNs > 0) this.after(this.agent, this.cfg.agentPollNs, 'agent polls', () => poll(this));
  }

  /** A ring command from the scenario (ring-script.ts), run on the CPU whose code it is. */
  command(name: string, args: Record<string, unknown>, ctx: DeviceContext): void {
    if (!isRingCommand(name)) return;
    const cpu = name === 'vq-take' || name === 'vq-complete' ? this.agent : this.host;
    this.on(cpu, ctx, () => runRingCommand(this, name, args));
  }

  hostNotifyQueue(q: 'rx' | 'tx'): void {
    hostNotify(this, q === 'rx' ? 0 : 1);
  }

  interruptHostFor(queue: string): void {
    interruptHost(this, queue);
  }

  receive(port: string, packet: Packet, ctx: DeviceContext): void {
    const side = port === 'host' ? 'host' : 'agent';
    ctx.hold(packet, {
      layer: 'L2',
      decision: say.stackHandsByteFrame(side, packet.bytes.length),
      source: 'dev_hard_start_xmit -> start_xmit',
      port,
    });
    ctx.count(`${side}_tx_frames`);
    this.pending[side].push({ packet, bytes: packet.bytes });
    if (this.pending[side].length === 1) {
      // Frames handed over within batchWindowNs form one burst (the qdisc dequeues them
      // with xmit_more set on all but the last). Each frame is its own trip through
      // start_xmit; only the last of the burst kicks.
      const cpu = side === 'host' ? this.host : this.agent;
      const net = side === 'host' ? this.hostNet : this.agentNet;
      ctx.schedule(this.cfg.batchWindowNs, `${side} xmit batch`, (c) =>
        this.on(cpu, c, () => {
          const batch = this.pending[side].splice(0);
          const feed = (i: number): void => {
            net.xmit([batch[i]], i === batch.length - 1, i === 0);
            if (i + 1 < batch.length) this.after(cpu, 0, `${side} xmit_more`, () => feed(i + 1));
          };
          feed(0);
        }),
      );
    }
  }

  // ---- local notifications, vring_interrupt -------------------------------------------

  private localCallback(q: 'rx' | 'tx'): void {
    this.after(this.agent, 0, 'local vring_interrupt', () => {
      this.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.agentLocalQueueUsed(q.toUpperCase()),
        source: 'vring_interrupt (local virtqueue)',
        detail: { op: 'local-callback', queue: q },
      });
      if (q === 'rx') this.agentNet.rxInterrupt();
      else this.agentNet.txInterrupt();
    });
  }

  /** vp_interrupt's part after the board's register is handled: vring_interrupt on every queue. */
  vringInterrupts(): void {
    for (const [vq, run] of [
      [this.hostNet.rx, () => this.hostNet.rxInterrupt()],
      [this.hostNet.tx, () => this.hostNet.txInterrupt()],
    ] as const) {
      const { more, seen, decision, source, readBytes } = vq.interruptProbe();
      this.step({
        layer: 'memory',
        kind: 'decide',
        decision,
        source,
        detail: { op: 'vring-interrupt', queue: vq.opts.name, more, ...seen },
        readBytes,
      });
      if (more) run();
    }
  }

  /** A received frame goes up the stack on `side` and leaves by that port. */
  private up(side: 'host' | 'agent', packet: Packet | undefined, bytes: Uint8Array): void {
    this.flushState();
    if (!packet) {
      this.ctx.count(`${side}_rx_garbage`);
      this.ctx.note('drop', {
        layer: 'L2',
        decision: say.receivedBufferCarriesFrame(side, bytes.length),
        source: 'virtio_net receive_buf',
        detail: { op: 'garbage', side },
      });
      return;
    }
    const same = bytes.length === packet.bytes.length && bytes.every((x, i) => x === packet.bytes[i]);
    this.ctx.count(`${side}_rx_frames`);
    this.ctx.send(
      side,
      bytes,
      {
        layer: 'L2',
        decision: say.virtioNetPassesByte(same, side, bytes.length),
        source: 'virtio_net receive_buf -> napi_gro_receive',
        detail: { op: 'up', side, intact: same },
      },
      packet,
    );
  }
}

export type { BackplaneConfig };
