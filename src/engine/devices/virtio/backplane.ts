// The `virtio-backplane` node: a host (PCI master, CPU with a write-back cache, no DMA
// engine) and one agent board (CPU with its own cache, a DMA engine, BAR0 with the
// legacy virtio-pci registers, INTx to the host, an outbound window onto host DRAM)
// joined by a PCI bus. The bus lives inside this node because a bus transaction is not
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
  BAR0_BASE,
  HOST_RAM_SIZE,
  placeRings,
  VIRTIO_PCI,
  WINDOW_LOCAL,
  WINDOW_SIZE,
  type RingPlacement,
} from './address-map';
import { CrossedWires, type Direction } from './crossed-wires';
import { VirtioNet } from './net-driver';
import { hex, Ram } from './ram';
import type { Rec, StepOut } from './record';
import { StateWatch } from './watch';
import { bringUp, presetIndexes } from './bring-up';
import * as say from './words';
import { kicked, localKick, poll } from './agent-loop';
import { mapBoard, wireDrivers, wireEngine, type WiringHooks } from './backplane-wiring';

export class Backplane implements Device {
  readonly ports = ['host', 'agent'] as const;
  readonly hostRam = new Ram('host', HOST_RAM_SIZE);
  readonly agentRam = new Ram('agent', AGENT_RAM_SIZE);
  readonly host: CpuMemory;
  readonly agent: CpuMemory;
  readonly dma: DmaEngine;
  readonly tags = new Tags<Packet>();
  readonly watch: StateWatch;
  readonly rings: RingPlacement;
  readonly hostNet: VirtioNet;
  readonly agentNet: VirtioNet;
  readonly engine: CrossedWires;
  readonly bar = { isr: 0, intx: false, status: 0, queueSel: 0, queueNotify: 0xffff, pfn: [0, 0], guestFeatures: 0 };
  private ctx!: DeviceContext;
  quiet = false;
  readonly busy: Record<Direction, boolean> = { 'host-to-agent': false, 'agent-to-host': false };
  private readonly pending: Record<'host' | 'agent', { packet: Packet; bytes: Uint8Array }[]> = { host: [], agent: [] };
  private irqScheduled = false;
  private shown: { isr: number; intx: boolean; window: number } = { isr: -1, intx: true, window: -1 };
  readonly rec: Rec;

  constructor(
    readonly id: string,
    readonly cfg: BackplaneConfig,
  ) {
    const c = cfg.costs;
    ({ host: this.host, agent: this.agent } = mapBoard(cfg, this.hostRam, this.agentRam));
    this.dma = new DmaEngine(this.agent, c);
    this.rings = placeRings(cfg.queueSize, cfg.ringLayout);
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
      step: (st) => this.step(st),
      doorbell: (q) => this.doorbell(q),
      localKick: (q) => localKick(this, q),
      localCallback: (q) => this.localCallback(q),
      interruptHost: (q) => this.interruptHost(q),
      up: (side, p, bytes) => this.up(side, p, bytes),
      reachHost: (bus) => this.reachHost(bus),
      windowAddress: (bus) => this.windowAddress(bus),
      moveWindow: (base, why) => this.moveWindow(base, why),
    };
    ({ hostNet: this.hostNet, agentNet: this.agentNet } = wireDrivers(cfg, this.host, this.agent, this.rings, hooks));
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
    const b = { isr: this.bar.isr, intx: this.bar.intx, window: this.agent.mappings[1].ramBase };
    if (b.isr !== this.shown.isr) this.ctx.set('bar0/isr', b.isr);
    if (b.intx !== this.shown.intx) this.ctx.set('bar0/intx', b.intx);
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
    this.on(this.host, ctx, () => bringUp(this));
    this.after(this.agent, 0, 'agent fills its RX ring', () => this.agentNet.fillRx());
    if (this.cfg.agentPollNs > 0) this.after(this.agent, this.cfg.agentPollNs, 'agent polls', () => poll(this));
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

  // ---- doorbells, interrupts, local notifications -----------------------------------

  /** The host writes a queue index to BAR0 QUEUE_NOTIFY: a posted write across the bus. */
  doorbell(queue: number): void {
    this.host.t += this.cfg.costs.postedWriteIssueNs;
    this.ctx.count('doorbells');
    const arrives = this.host.t + this.cfg.costs.busLatencyNs;
    this.step({
      layer: 'bus',
      kind: 'transmit',
      decision: say.hostKicksPostedWrite(
        queue,
        hex(BAR0_BASE + VIRTIO_PCI.QUEUE_NOTIFY),
        this.host.t,
        this.cfg.costs.busLatencyNs,
        arrives,
      ),
      source: 'vp_notify (iowrite16 to VIRTIO_PCI_QUEUE_NOTIFY)',
      detail: { op: 'doorbell', queue, from: 'host', to: 'agent', addr: BAR0_BASE + VIRTIO_PCI.QUEUE_NOTIFY },
    });
    this.after(
      this.agent,
      this.cfg.costs.busLatencyNs,
      'doorbell arrives',
      () => {
        this.bar.queueNotify = queue;
        this.step({
          layer: 'bus',
          kind: 'receive',
          decision: say.doorbellArrivesAgentQueue(queue),
          source: 'pci-epf-vnet: epf_vnet_rc_notify (QUEUE_NOTIFY in BAR0)',
          detail: { op: 'doorbell-arrive', queue, from: 'host', to: 'agent' },
        });
        this.bar.queueNotify = 0xffff;
        kicked(this, queue === 1 ? 'host-to-agent' : 'agent-to-host', queue === 0);
      },
      this.host,
    );
  }

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

  /** ISR bit 0 and INTx (legacy interrupts, spec transport-pci "ISR status capability"). */
  private interruptHost(queue: string): void {
    this.bar.isr |= 1;
    const was = this.bar.intx;
    this.bar.intx = true;
    this.ctx.count('interrupts');
    this.step({
      layer: 'bus',
      kind: 'transmit',
      decision: say.agentSetsIsrBit(was, queue),
      source: 'pci_epc_raise_irq(PCI_EPC_IRQ_LEGACY)',
      detail: { op: 'intx', queue, from: 'agent', to: 'host', asserted: !was },
    });
    if (this.irqScheduled) return;
    this.irqScheduled = true;
    this.after(this.host, this.cfg.costs.irqLatencyNs, 'host INTx handler', () => this.hostIrq(), this.agent);
  }

  private hostIrq(): void {
    this.irqScheduled = false;
    this.host.t += this.cfg.costs.nonPostedReadNs;
    const isr = this.bar.isr;
    this.bar.isr = 0;
    this.bar.intx = false;
    this.step({
      layer: 'bus',
      kind: 'receive',
      decision: say.hostINTxHandlerReads(isr, this.cfg.costs.nonPostedReadNs),
      source: 'vp_interrupt (ioread8 VIRTIO_PCI_ISR)',
      detail: { op: 'isr-read', isr, from: 'host', to: 'agent' },
    });
    if (!(isr & 1)) {
      this.step({
        layer: 'bus',
        kind: 'decide',
        decision: say.isrInterruptIrqNone(),
        source: 'vp_interrupt',
        detail: { op: 'irq-none' },
      });
      return;
    }
    for (const [vq, run] of [
      [this.hostNet.rx, () => this.hostNet.rxInterrupt()],
      [this.hostNet.tx, () => this.hostNet.txInterrupt()],
    ] as const) {
      const { more, usedIdx } = vq.moreUsed();
      this.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.vringInterrupt(vq.opts.name, usedIdx, vq.lastUsedIdx, more),
        source: 'vring_interrupt / more_used_split',
        detail: { op: 'vring-interrupt', queue: vq.opts.name, usedIdx, more },
        readBytes: [{ start: vq.opts.layout.usedIdx, end: vq.opts.layout.usedIdx + 2 }],
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
