// The `virtio-backplane` node: a host (PCI master, CPU with a write-back cache, no DMA
// engine) and one agent board (CPU with its own cache, a DMA engine, BAR0 with the
// legacy virtio-pci registers, INTx to the host, an outbound window onto host DRAM)
// joined by a PCI bus. The bus lives inside this node because a bus transaction is not
// an Ethernet frame; the Ethernet frames virtio-net carries enter on port "host" (from
// the host's stack) or "agent" (from the agent's stack) and leave on the other port.
// Every memory access, cache operation, doorbell, DMA and interrupt is a trace step.
import type { Device, DeviceContext, Packet } from '../../sim/device';
import { Cache } from './cache';
import type { BackplaneConfig } from './config';
import { CpuMemory } from './cpu-memory';
import { DmaEngine, Tags } from './dma';
import {
  AGENT_RAM_SIZE,
  AGENT_INDIRECT,
  AGENT_RX_BUFS,
  AGENT_SCRATCH,
  AGENT_TX_BUFS,
  BAR0_BASE,
  HOST_INDIRECT,
  HOST_RAM_SIZE,
  HOST_RX_BUFS,
  HOST_TX_BUFS,
  placeRings,
  rebase,
  RX_BUF_LEN,
  VIRTIO_PCI,
  WINDOW_LOCAL,
  WINDOW_SIZE,
  type RingPlacement,
} from './address-map';
import { CrossedWires, type Direction } from './crossed-wires';
import { VirtioNet } from './net-driver';
import { hex, le16, Ram } from './ram';
import type { Rec, StepOut } from './record';
import { SplitDriver } from './split-driver';
import { VringhDevice } from './vringh';
import { StateWatch } from './watch';
import { ALIGN_OF } from './layout';
import { bringUp } from './bring-up';
import { NO_BREAKS } from './breaks';
import * as say from './words';

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
  private quiet = false;
  private readonly busy: Record<Direction, boolean> = { 'host-to-agent': false, 'agent-to-host': false };
  private readonly pending: Record<'host' | 'agent', { packet: Packet; bytes: Uint8Array }[]> = { host: [], agent: [] };
  private irqScheduled = false;
  private shown: { isr: number; intx: boolean; window: number } = { isr: -1, intx: true, window: -1 };
  readonly rec: Rec;

  constructor(
    readonly id: string,
    readonly cfg: BackplaneConfig,
  ) {
    const c = cfg.costs;
    this.host = new CpuMemory('host', new Cache('host', cfg.lineSize), c, cfg.coherent);
    this.agent = new CpuMemory('agent', new Cache('agent', cfg.lineSize), c, cfg.coherent);
    this.host.map({
      name: 'host DRAM',
      base: 0,
      size: BAR0_BASE,
      ram: this.hostRam,
      ramBase: 0,
      remote: false,
      cached: true,
    });
    this.agent.map({
      name: 'agent DRAM',
      base: 0,
      size: AGENT_RAM_SIZE,
      ram: this.agentRam,
      ramBase: 0,
      remote: false,
      cached: true,
    });
    this.agent.map({
      name: 'outbound window',
      base: WINDOW_LOCAL,
      size: WINDOW_SIZE,
      ram: this.hostRam,
      ramBase: cfg.windowBase,
      remote: true,
      cached: cfg.agentWindow === 'cached',
    });
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
    const b = cfg.breaks;
    const hostHdr = cfg.mrgRxbuf ? 12 : 10;
    const mk = <T>(
      mem: CpuMemory,
      name: string,
      l: typeof this.rings.hostTx,
      maint: boolean,
      indirectBase?: number,
    ): SplitDriver<T> => {
      const d = new SplitDriver<T>(
        mem,
        {
          name,
          layout: l,
          eventIdx: cfg.eventIdx,
          maintenance: maint,
          breaks: name === 'host.tx' ? b : NO_BREAKS,
          indirectBase,
        },
        this.rec,
      );
      d.onHeld = (held) =>
        this.ctx.schedule(mem.t - this.ctx.now + c.reorderWindowNs, 'land held stores', (ctx) =>
          this.on(mem, ctx, () => {
            const at = d.unlanded.indexOf(held);
            if (at < 0) return;
            d.unlanded.splice(at, 1);
            mem.land(held);
            this.step({
              layer: 'memory',
              kind: 'state',
              decision: say.storeHeldHostWrite(held, c.reorderWindowNs),
              source: 'break switch noWmb',
              detail: { op: 'land', addrs: held.map((h) => h.addr) },
            });
          }),
        );
      return d;
    };
    const stop = (num: number, per: number): number => cfg.txStopThreshold ?? (num >= 32 ? 19 : per);
    const hostMaint = !cfg.coherent;
    this.hostNet = new VirtioNet(
      this.host,
      mk<number>(this.host, 'host.rx', this.rings.hostRx, hostMaint),
      mk(this.host, 'host.tx', this.rings.hostTx, hostMaint, cfg.indirect ? HOST_INDIRECT : undefined),
      {
        side: 'host',
        hdrLen: hostHdr,
        splitHeader: true,
        rxBufBase: cfg.hostBuffersAt + (HOST_RX_BUFS - HOST_TX_BUFS),
        txBufBase: cfg.hostBuffersAt,
        rxBufLen: cfg.mrgRxbuf ? cfg.hostRxBufLen : RX_BUF_LEN,
        stopThreshold: stop(cfg.queueSize, cfg.indirect ? 1 : 2),
        mergeable: cfg.mrgRxbuf,
      },
      {
        rec: this.rec,
        tags: this.tags,
        notify: (q) => this.doorbell(q === 'rx' ? 0 : 1),
        up: (p, bytes) => this.up('host', p, bytes),
      },
    );
    // The agent's local driver talks to a device on its own CPU: same cache, no maintenance.
    this.agentNet = new VirtioNet(
      this.agent,
      mk<number>(this.agent, 'agent.rx', this.rings.agentRx, false),
      mk(this.agent, 'agent.tx', this.rings.agentTx, false, cfg.indirect ? AGENT_INDIRECT : undefined),
      {
        side: 'agent',
        hdrLen: 12,
        splitHeader: false,
        rxBufBase: AGENT_RX_BUFS,
        txBufBase: AGENT_TX_BUFS,
        rxBufLen: RX_BUF_LEN,
        stopThreshold: stop(cfg.queueSize, 1),
        mergeable: false,
      },
      {
        rec: this.rec,
        tags: this.tags,
        notify: (q) => this.localKick(q),
        up: (p, bytes) => this.up('agent', p, bytes),
      },
    );
    const winMaint = !cfg.coherent && cfg.agentWindow === 'cached';
    const toLocalHost = (bus: number): number => this.reachHost(bus);
    const dev = (
      name: string,
      l: typeof this.rings.hostTx,
      maint: boolean,
      toLocal: (a: number) => number,
    ): VringhDevice =>
      new VringhDevice(
        this.agent,
        {
          name,
          layout: l,
          eventIdx: cfg.eventIdx,
          maintenance: maint,
          breaks: name === 'host.tx' ? b : NO_BREAKS,
          toLocal,
        },
        this.rec,
      );
    this.engine = new CrossedWires(
      this.agent,
      this.dma,
      dev('host.tx', rebase(this.rings.hostTx, this.windowAddress(this.rings.hostTx.base)), winMaint, toLocalHost),
      dev('host.rx', rebase(this.rings.hostRx, this.windowAddress(this.rings.hostRx.base)), winMaint, toLocalHost),
      dev('agent.tx', this.rings.agentTx, false, (a) => a),
      dev('agent.rx', this.rings.agentRx, false, (a) => a),
      {
        hostHdrLen: hostHdr,
        agentHdrLen: 12,
        scratch: AGENT_SCRATCH,
        mergeable: { 'agent-to-host': cfg.mrgRxbuf, 'host-to-agent': false },
      },
      {
        rec: this.rec,
        tags: this.tags as Tags<unknown>,
        interruptHost: (q) => this.interruptHost(q),
        localCallback: (q) => this.localCallback(q),
        homeWindow: () => this.moveWindow(this.cfg.windowBase, 'back over the rings'),
      },
    );
    void ALIGN_OF;
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

  private step(s: StepOut): void {
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
  private after(cpu: CpuMemory, extra: number, label: string, fn: () => void, from: CpuMemory = cpu): void {
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
    if (this.cfg.initialIndex !== 0) this.presetIndexes(this.cfg.initialIndex);
    this.on(this.host, ctx, () => bringUp(this));
    this.after(this.agent, 0, 'agent fills its RX ring', () => this.agentNet.fillRx());
    if (this.cfg.agentPollNs > 0) this.after(this.agent, this.cfg.agentPollNs, 'agent polls', () => this.poll());
  }

  /**
   * Start every queue as if it had already carried `idx` buffers (a teaching device: the
   * spec starts at 0 after reset). Both sides' indexes, the ring's idx fields and the
   * event indexes agree, so the 16-bit wrap arrives after 0x10000 - idx buffers.
   */
  private presetIndexes(idx: number): void {
    const pairs = [
      [this.hostNet.tx, this.engine.hostTx, this.hostRam],
      [this.hostNet.rx, this.engine.hostRx, this.hostRam],
      [this.agentNet.tx, this.engine.agentTx, this.agentRam],
      [this.agentNet.rx, this.engine.agentRx, this.agentRam],
    ] as const;
    for (const [drv, dev, ram] of pairs) {
      drv.availIdxShadow = idx;
      drv.lastUsedIdx = idx;
      dev.lastAvailIdx = idx;
      dev.lastUsedIdx = idx;
      const l = drv.opts.layout;
      for (const a of [l.availIdx, l.usedIdx, l.usedEvent, l.availEvent]) ram.write(a, le16(idx), 'reset');
      drv.publish();
      dev.publish();
    }
    this.step({
      layer: 'memory',
      kind: 'state',
      decision: say.queueStartsIfHad(idx),
      source: 'lab set-up (initialIndex); spec split-ring "Updating idx": indexes wrap at 65536',
      detail: { op: 'preset', idx },
    });
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
        this.kicked(queue === 1 ? 'host-to-agent' : 'agent-to-host', queue === 0);
      },
      this.host,
    );
  }

  /** The agent's own driver kicks its own device: a function call on the same CPU. */
  private localKick(q: 'rx' | 'tx'): void {
    this.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.agentDriverKicksLocal(q.toUpperCase()),
      source: 'pci-epf-vnet: epf_vnet_vdev_notify',
      detail: { op: 'local-kick', queue: q },
    });
    this.after(this.agent, 0, 'local kick', () =>
      this.kicked(q === 'tx' ? 'agent-to-host' : 'host-to-agent', q === 'rx'),
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

  /**
   * A kick on a TX queue starts the engine for that direction; a kick on an RX queue
   * (new receive buffers) matters only if a packet is waiting for one.
   */
  private kicked(dir: Direction, rxRefill: boolean): void {
    if (!rxRefill) return this.service(dir);
    if (this.engine.waiting[dir]) {
      this.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.newReceiveBuffersPacket(dir),
        source: 'pci-epf-vnet rx refill notify',
        detail: { op: 'resume', dir },
      });
      this.service(dir);
    }
  }

  /** Device engine loop for one direction: one packet per run, then yield the CPU. */
  service(dir: Direction): void {
    if (this.busy[dir]) return;
    this.busy[dir] = true;
    const txDev = dir === 'host-to-agent' ? this.engine.hostTx : this.engine.agentTx;
    txDev.notifyDisable();
    const loop = (): void => {
      let r: ReturnType<CrossedWires['step']>;
      try {
        r = this.engine.step(dir);
      } catch (e) {
        // A descriptor pointing outside the agent's window (or outside RAM) is the ring's
        // fault, not the engine's: report it as vringh would and stop this direction.
        if (!(e instanceof RangeError)) throw e;
        r = e.message;
      }
      if (typeof r === 'object') {
        // The agent CPU waits for its DMA; the used entries are written when it completes.
        this.after(this.agent, 0, `${dir} DMA complete`, () => {
          this.step({
            layer: 'bus',
            kind: 'decide',
            decision: say.agentDmaTransferComplete(),
            source: 'dma_sync_wait / dmaengine completion',
            detail: { op: 'dma-done', dir },
          });
          r.finish();
          this.after(this.agent, 0, `${dir} continue`, loop);
        });
        return;
      }
      if (r === 'empty') {
        if (!txDev.notifyEnable()) {
          txDev.notifyDisable();
          this.after(this.agent, 0, `${dir} continue`, loop);
          return;
        }
      } else if (r === 'no-rx') {
        // Out of receive buffers: ask for a kick when the driver adds some (vhost-net
        // handle_rx -> vhost_enable_notify), and look again in case they slipped in.
        const rxDev = dir === 'host-to-agent' ? this.engine.agentRx : this.engine.hostRx;
        if (!rxDev.notifyEnable()) {
          this.after(this.agent, 0, `${dir} continue`, loop);
          return;
        }
      } else {
        this.step({
          layer: 'memory',
          kind: 'drop',
          decision: say.deviceEngineStopsVringh(r),
          source: 'vringh_bad',
          detail: { op: 'ring-error', dir, error: r },
        });
      }
      this.busy[dir] = false;
    };
    loop();
  }

  private poll(): void {
    const dev = this.engine.hostTx;
    if (!this.busy['host-to-agent']) {
      this.quiet = true;
      const idx = dev.readAvailIdx();
      this.quiet = false;
      if (idx !== dev.lastAvailIdx) {
        this.step({
          layer: 'memory',
          kind: 'decide',
          decision: say.agentPollHostTx(idx, dev.lastAvailIdx),
          source: 'pci-epf-vnet polling thread',
          detail: { op: 'poll', availIdx: idx },
        });
        this.service('host-to-agent');
      }
    }
    this.after(this.agent, this.cfg.agentPollNs, 'agent polls', () => this.poll());
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
