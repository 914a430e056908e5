// The Linux host node: one lower device (the uplink port) with its macvlan port, and
// the macvlan/macvtap devices on it (one node port each, linked to the guest or
// container that owns the device). This file holds the state and the small helpers the
// receive, transmit, broadcast and macvtap paths share.
import { cpuMeter, type CpuMeter } from '../stack/cpu-cost';
import type { Device, DeviceContext, Packet } from '../../sim/device';
import { formatMac, isBroadcastMac, isMulticastMac, macEquals } from '../../frame/address';
import { MacvlanPort } from './port';
import type { HostConfig, MacvlanConfig, MacvlanDev, Stats } from './types';
import { zeroStats } from './types';
import { handleFrame, receiveFromWire } from './receive';
import { transmitFromGuest } from './transmit';
import { runCommand } from './commands';
import type { TapState } from './macvtap';
import * as say from './words';

export interface QueuedBroadcast {
  readonly pkt: Packet;
  /** MACVLAN_SKB_CB(skb)->src: the local macvlan that sent it, if any. */
  readonly src?: MacvlanDev;
}

export class MacvlanHost implements Device {
  readonly ports: readonly string[];
  readonly port: MacvlanPort;
  readonly devs = new Map<string, MacvlanDev>();
  readonly reserved = new Map<string, MacvlanConfig>();
  readonly bcQueue: QueuedBroadcast[] = [];
  bcWorkerPending = false;
  /** When the lower device last received a frame (a busy CPU holds the worker back until a pause). */
  lastLowerRx = -Infinity;
  /** The lower device's own counters (rx_dropped counts broadcast-queue overflow). */
  readonly lowerStats = { rx_dropped: 0, stack_rx: 0 };
  /** dev_set_promiscuity count on the lower device (passthru without nopromisc). */
  promiscuity = 0;
  /** L2 forwarding offload stations in use (ndo_dfwd_add_station). */
  stationsUsed = 0;
  readonly taps = new Map<string, TapState>();
  private seq = 0;
  /** CPU accounting, when the scenario gives the host a `cpu` cost (stack/cpu-cost.ts). */
  readonly cpu: CpuMeter | undefined;

  constructor(
    readonly id: string,
    readonly cfg: HostConfig,
  ) {
    this.cpu = cpuMeter(cfg.cpu);
    this.ports = [cfg.lower.name, ...cfg.macvlans.map((m) => m.name)];
    this.port = new MacvlanPort(cfg.hash, cfg.lower.mac);
    for (const m of cfg.macvlans) this.reserved.set(m.name, m);
  }

  get lowerName(): string {
    return this.cfg.lower.name;
  }

  start(ctx: DeviceContext): void {
    ctx.set('hash/era', this.cfg.hash);
    ctx.set('lower', {
      name: this.lowerName,
      mac: formatMac(this.cfg.lower.mac),
      filter: this.cfg.lower.filter,
      l2fwdStations: this.cfg.lower.l2fwdStations,
    });
    for (const m of this.cfg.macvlans) {
      if (!m.exists) continue;
      runCommand(this, ctx, 'create', { name: m.name }, true);
      if (m.up) runCommand(this, ctx, 'up', { name: m.name }, true);
    }
    this.publishQueue(ctx);
    ctx.note('state', {
      decision: say.hostReadyLowerDevice(
        this.id,
        this.lowerName,
        formatMac(this.cfg.lower.mac),
        this.devs.size,
        this.cfg.hash,
      ),
      source: 'macvlan_common_newlink, macvlan_open',
      layer: 'control',
    });
  }

  receive(port: string, packet: Packet, ctx: DeviceContext): void {
    // A runt cannot carry the addresses every path below reads (eth_type_trans pulls 14 bytes).
    if (packet.bytes.length < 14)
      return ctx.drop(packet, {
        decision: say.byteRuntShorterEthernet(packet.bytes.length, port),
        source: 'eth_type_trans (rx_length_errors)',
        port,
      });
    if (port === this.lowerName) return receiveFromWire(this, ctx, packet);
    // One pass through the host's software: the guest's transmit (macvlan_start_xmit). A frame
    // off the wire is charged in receiveFromWire, once it is past what the NIC decides itself.
    this.cpu?.charge(ctx, packet.bytes.length);
    transmitFromGuest(this, ctx, port, packet);
  }

  command(name: string, args: Record<string, unknown>, ctx: DeviceContext): void {
    runCommand(this, ctx, name, args, false);
  }

  /** Re-enter the lower device's receive path (dev_forward_skb from a BRIDGE macvlan). */
  reenter(ctx: DeviceContext, packet: Packet): void {
    // The software switch's second pass: dev_forward_skb runs the receive path again.
    this.cpu?.charge(ctx, packet.bytes.length);
    handleFrame(this, ctx, packet, true);
  }

  newSeq(): number {
    return this.seq++;
  }

  makeDev(m: MacvlanConfig, over: Partial<MacvlanConfig>): MacvlanDev {
    const c = { ...m, ...over };
    return {
      name: c.name,
      mac: new Uint8Array(c.mode === 'passthru' ? this.cfg.lower.mac : c.mac),
      mode: c.mode,
      up: false,
      bcqueuelen: c.bcqueuelen,
      nopromisc: c.nopromisc,
      nodst: c.nodst,
      mcast: c.mcast.map((x) => new Uint8Array(x)),
      allmulti: c.allmulti,
      seq: this.newSeq(),
      offloaded: false,
      stats: zeroStats(),
      ...(c.macvtap && { macvtap: c.macvtap }),
    };
  }

  /** Add to a per-device statistic, as state (for the views) and as a run counter. */
  bump(ctx: DeviceContext, v: MacvlanDev, field: keyof Stats, by = 1): void {
    v.stats[field] += by;
    // macvlan_dev_get_stats64 reports rx_errors as rx_dropped too; dev_get_stats adds the core stat.
    const { core_rx_dropped, ...shown } = v.stats;
    ctx.set(`stats/${v.name}`, { ...shown, rx_dropped: v.stats.rx_errors + core_rx_dropped });
    if (field === 'core_rx_dropped') ctx.count(`${v.name} rx_dropped`, by);
    else ctx.count(`${v.name} ${field}`, by);
    if (field === 'rx_errors') ctx.count(`${v.name} rx_dropped`, by);
  }

  bumpLower(ctx: DeviceContext, field: 'rx_dropped' | 'stack_rx'): void {
    this.lowerStats[field]++;
    ctx.set(`stats/${this.lowerName}`, { ...this.lowerStats });
    ctx.count(`${this.lowerName} ${field}`);
  }

  publishDev(ctx: DeviceContext, v: MacvlanDev): void {
    ctx.set(`dev/${v.name}`, {
      mac: formatMac(v.mac),
      mode: v.mode,
      up: v.up,
      bucket: this.port.bucket(v.mac),
      inHash: this.port.inHash(v),
      bcqueuelen: v.bcqueuelen,
      offloaded: v.offloaded,
      macvtap: v.macvtap
        ? {
            queues: this.taps.get(v.name)?.queues.length ?? 0,
            txqueuelen: this.taps.get(v.name)?.txqueuelen ?? v.macvtap.txqueuelen,
          }
        : null,
      sources: v.mode === 'source' ? this.port.sourcesOf(v).map((a) => formatMac(a)) : undefined,
    });
  }

  /** The bucket chains as state, so the view can draw the table at any step. */
  publishHash(ctx: DeviceContext, buckets: Iterable<number>): void {
    for (const b of new Set(buckets)) {
      const chain = this.port.vlanHash[b];
      ctx.set(`hash/${b}`, chain.length ? chain.map((v) => v.name) : undefined);
    }
  }

  publishQueue(ctx: DeviceContext): void {
    ctx.set('port/bcqueue', {
      len: this.bcQueue.length,
      used: this.port.bcQueueLenUsed,
      bcCutoff: this.port.bcCutoff,
      mcastPath: this.cfg.mcastPath,
    });
  }

  /** NIC receive filter: its own MAC plus every dev_uc_add'ed macvlan MAC, unless promiscuous. */
  nicAccepts(dst: Uint8Array): { ok: boolean; why: string } {
    if (isMulticastMac(dst)) return { ok: true, why: 'multicast/broadcast destination' };
    if (this.cfg.lower.filter === 'promiscuous')
      return {
        ok: true,
        why: say.unicastFilterPromiscuousAccepts(this.lowerName),
      };
    if (this.promiscuity > 0)
      return {
        ok: true,
        why: say.promiscuousPromiscuitySetPassthru(this.lowerName, this.promiscuity),
      };
    if (macEquals(this.cfg.lower.mac, 0, dst)) return { ok: true, why: `it is ${this.lowerName}'s own MAC` };
    for (const v of this.devs.values()) {
      if (v.up && macEquals(v.mac, 0, dst))
        return {
          ok: true,
          why: v.offloaded ? say.l2ForwardingStation(v.name) : say.addedNicUnicastFilter(v.name),
        };
    }
    return {
      ok: false,
      why: say.unicastFilterOwnMac(formatMac(dst), this.lowerName),
    };
  }

  /** A macvlan's own mc_filter: broadcast, its groups, everything when ALLMULTI/PROMISC. */
  devFilterHas(v: MacvlanDev, dst: Uint8Array): boolean {
    if (isBroadcastMac(dst) || v.allmulti) return true;
    return v.mcast.some((g) => macEquals(g, 0, dst));
  }
}
