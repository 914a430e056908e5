// How the backplane's parts are wired together at set-up: the two virtio-net drivers with
// their split rings (host rings in host DRAM, agent rings in agent DRAM) and the agent's
// crossed-wires engine with one vringh device per ring. The backplane keeps the behaviour;
// this file only decides who talks to whom, through the hooks it is given.
import type { DeviceContext, Packet } from '../../sim/device';
import {
  AGENT_INDIRECT,
  AGENT_RX_BUFS,
  AGENT_SCRATCH,
  AGENT_TX_BUFS,
  AGENT_RAM_SIZE,
  BAR0_BASE,
  HOST_INDIRECT,
  HOST_RX_BUFS,
  HOST_TX_BUFS,
  rebase,
  RX_BUF_LEN,
  WINDOW_LOCAL,
  WINDOW_SIZE,
  type RingPlacement,
} from './address-map';
import { NO_BREAKS } from './breaks';
import { rxSlot, type BackplaneConfig } from './config';
import { Cache } from './cache';
import { CpuMemory } from './cpu-memory';
import { CrossedWires } from './crossed-wires';
import type { DmaEngine, Tags } from './dma';
import { VirtioNet } from './net-driver';
import { MergeableSizing } from './mergeable-sizing';
import type { Ram } from './ram';
import type { Rec, StepOut } from './record';
import { SplitDriver } from './split-driver';
import { VringhDevice } from './vringh';
import { PackedDriver } from './packed-driver';
import { PackedDevice } from './packed-device';
import { isPackedLayout, type RingDevice, type RingDriver, type RingLayout } from './ring-api';
import * as say from './words';

/** virtio_net_hdr_mrg_rxbuf (12 bytes) with mergeable receive buffers, else virtio_net_hdr (10). */
// virtnet_probe: hdr_len is 12 with MRG_RXBUF or VERSION_1, else 10; any_header_sg with ANY_LAYOUT
// or VERSION_1, and then xmit_skb pushes the header into the skb's headroom (can_push): one piece.
export const hostHeaderLen = (cfg: BackplaneConfig): 10 | 12 => (cfg.mrgRxbuf || cfg.version1 ? 12 : 10);
const hostSplitHeader = (cfg: BackplaneConfig): boolean => !(cfg.anyLayout || cfg.version1);

/** What the wired parts call back into the backplane for. */
export interface WiringHooks {
  rec: Rec;
  tags: Tags<Packet>;
  ctx(): DeviceContext;
  on(cpu: CpuMemory, ctx: DeviceContext, fn: () => void): void;
  after(cpu: CpuMemory, extra: number, label: string, fn: () => void): void;
  step(s: StepOut): void;
  doorbell(queue: number): void;
  localKick(q: 'rx' | 'tx'): void;
  localCallback(q: 'rx' | 'tx'): void;
  interruptHost(queue: string): void;
  up(side: 'host' | 'agent', packet: Packet | undefined, bytes: Uint8Array): void;
  unsent(packet: Packet, side: string, buf: number): void;
  reachHost(bus: number): number;
  windowAddress(bus: number): number;
  moveWindow(base: number, why: string): void;
}

/**
 * The two CPUs' views of memory: the host sees its DRAM (BAR0 sits above it); the agent sees
 * its DRAM and, at WINDOW_LOCAL, a 1 GiB outbound window onto host DRAM from cfg.windowBase.
 */
export function mapBoard(
  cfg: BackplaneConfig,
  hostRam: Ram,
  agentRam: Ram,
  sharedHost?: CpuMemory,
): { host: CpuMemory; agent: CpuMemory } {
  const c = cfg.costs;
  const agent = new CpuMemory('agent', new Cache('agent', cfg.lineSize), c, cfg.coherent);
  // Several boards share one host: its CPU, cache and DRAM are mapped once (boards.ts).
  const host = sharedHost ?? new CpuMemory('host', new Cache('host', cfg.lineSize), c, cfg.coherent);
  if (!sharedHost)
    host.map({
      name: 'host DRAM',
      base: 0,
      size: BAR0_BASE,
      ram: hostRam,
      ramBase: 0,
      remote: false,
      cached: true,
    });
  agent.map({
    name: 'agent DRAM',
    base: 0,
    size: AGENT_RAM_SIZE,
    ram: agentRam,
    ramBase: 0,
    remote: false,
    cached: true,
  });
  agent.map({
    name: 'outbound window',
    base: WINDOW_LOCAL,
    size: WINDOW_SIZE,
    ram: hostRam,
    ramBase: cfg.windowBase,
    remote: true,
    cached: cfg.agentWindow === 'cached',
  });
  return { host, agent };
}

/** The host's and the agent's virtio-net drivers, each with an RX and a TX split ring. */
export function wireDrivers(
  cfg: BackplaneConfig,
  host: CpuMemory,
  agent: CpuMemory,
  rings: RingPlacement,
  h: WiringHooks,
  hostIndirect = HOST_INDIRECT,
): { hostNet: VirtioNet; agentNet: VirtioNet } {
  const c = cfg.costs;
  const b = cfg.breaks;
  const mk = <T>(mem: CpuMemory, name: string, l: RingLayout, maint: boolean, indirectBase?: number): RingDriver<T> => {
    const opts = {
      name,
      eventIdx: cfg.eventIdx,
      maintenance: maint,
      breaks: name === 'host.tx' ? b : NO_BREAKS,
      indirectBase,
    };
    const d: RingDriver<T> = isPackedLayout(l)
      ? new PackedDriver<T>(mem, { ...opts, layout: l }, h.rec)
      : new SplitDriver<T>(mem, { ...opts, layout: l }, h.rec);
    d.onHeld = (held) =>
      h.ctx().schedule(mem.t - h.ctx().now + c.reorderWindowNs, 'land held stores', (ctx) =>
        h.on(mem, ctx, () => {
          const at = d.unlanded.indexOf(held);
          if (at < 0) return;
          d.unlanded.splice(at, 1);
          mem.land(held);
          h.step({
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
  const hostNet = new VirtioNet(
    host,
    mk<number>(host, 'host.rx', rings.hostRx, hostMaint),
    mk(host, 'host.tx', rings.hostTx, hostMaint, cfg.indirect ? hostIndirect : undefined),
    {
      side: 'host',
      hdrLen: hostHeaderLen(cfg),
      splitHeader: hostSplitHeader(cfg),
      rxBufBase: cfg.hostBuffersAt + (HOST_RX_BUFS - HOST_TX_BUFS),
      txBufBase: cfg.hostBuffersAt,
      rxBufLen: cfg.mrgRxbuf && cfg.hostRxBufLen !== 'linux' ? cfg.hostRxBufLen : RX_BUF_LEN,
      rxSlot: cfg.mrgRxbuf ? rxSlot(cfg.hostRxBufLen) : 0x800,
      sizing:
        cfg.mrgRxbuf && cfg.hostRxBufLen === 'linux'
          ? new MergeableSizing(hostHeaderLen(cfg), cfg.queueSize, cfg.lineSize)
          : undefined,
      stopThreshold: stop(cfg.queueSize, cfg.indirect || !hostSplitHeader(cfg) ? 1 : 2),
      mergeable: cfg.mrgRxbuf,
      napi: cfg.hostNapi,
      napiBudget: cfg.napiBudget,
    },
    {
      rec: h.rec,
      tags: h.tags,
      notify: (q) => h.doorbell(q === 'rx' ? 0 : 1),
      up: (p, bytes) => h.up('host', p, bytes),
      unsent: (p, side, buf) => h.unsent(p, side, buf),
      later: (label, fn) => h.after(host, 0, label, fn),
    },
  );
  // The agent's local driver talks to a device on its own CPU: same cache, no maintenance.
  const agentNet = new VirtioNet(
    agent,
    mk<number>(agent, 'agent.rx', rings.agentRx, false),
    mk(agent, 'agent.tx', rings.agentTx, false, cfg.indirect ? AGENT_INDIRECT : undefined),
    {
      side: 'agent',
      hdrLen: 12,
      splitHeader: false,
      rxBufBase: AGENT_RX_BUFS,
      txBufBase: AGENT_TX_BUFS,
      rxBufLen: RX_BUF_LEN,
      rxSlot: 0x800,
      stopThreshold: stop(cfg.queueSize, 1),
      mergeable: false,
      napi: false,
      napiBudget: 64,
    },
    {
      rec: h.rec,
      tags: h.tags,
      notify: (q) => h.localKick(q),
      up: (p, bytes) => h.up('agent', p, bytes),
      unsent: (p, side, buf) => h.unsent(p, side, buf),
      later: (label, fn) => h.after(agent, 0, label, fn),
    },
  );
  return { hostNet, agentNet };
}

/** The agent's engine: vringh devices on the host rings (through the window) and its own. */
export function wireEngine(
  cfg: BackplaneConfig,
  agent: CpuMemory,
  dma: DmaEngine,
  rings: RingPlacement,
  h: WiringHooks,
): CrossedWires {
  const b = cfg.breaks;
  const winMaint = !cfg.coherent && cfg.agentWindow === 'cached';
  const toLocalHost = (bus: number): number => h.reachHost(bus);
  const dev = (name: string, l: RingLayout, maint: boolean, toLocal: (a: number) => number): RingDevice => {
    const opts = {
      name,
      eventIdx: cfg.eventIdx,
      maintenance: maint,
      breaks: name === 'host.tx' ? b : NO_BREAKS,
      toLocal,
    };
    return isPackedLayout(l)
      ? new PackedDevice(agent, { ...opts, layout: l }, h.rec)
      : new VringhDevice(agent, { ...opts, layout: l }, h.rec);
  };
  return new CrossedWires(
    agent,
    dma,
    dev('host.tx', rebase(rings.hostTx, h.windowAddress(rings.hostTx.base)), winMaint, toLocalHost),
    dev('host.rx', rebase(rings.hostRx, h.windowAddress(rings.hostRx.base)), winMaint, toLocalHost),
    dev('agent.tx', rings.agentTx, false, (a) => a),
    dev('agent.rx', rings.agentRx, false, (a) => a),
    {
      hostHdrLen: hostHeaderLen(cfg),
      agentHdrLen: 12,
      scratch: AGENT_SCRATCH,
      mergeable: { 'agent-to-host': cfg.mrgRxbuf, 'host-to-agent': false },
      badTxChain: cfg.badTxChain,
    },
    {
      rec: h.rec,
      tags: h.tags as Tags<unknown>,
      interruptHost: (q) => h.interruptHost(q),
      localCallback: (q) => h.localCallback(q),
      homeWindow: () => h.moveWindow(cfg.windowBase, 'back over the rings'),
      count: (counter) => h.ctx().count(counter),
    },
  );
}
