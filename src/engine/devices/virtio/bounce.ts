// The contrast design: a custom driver pair with no rings. The agent exposes one shared
// buffer (a 16-byte header {len, flags} then up to 64 KiB of frame) in its BAR1. The
// host has no DMA engine, so its CPU copies every byte with programmed I/O: posted
// 8-byte stores to send (each carrying a full TLP header), non-posted 8-byte loads to
// receive (each a bus round trip). One doorbell and one interrupt per packet, and the
// buffer is busy until the other side acknowledges: stop-and-wait. This is the shape of
// the "custom 64K-MTU driver" in the modelled system (fact sheet 4.7) and of ntb_netdev's
// one-doorbell-per-packet (4.5), without ntb_transport's ring of slots.
import type { Device, DeviceContext, Packet } from '../../sim/device';
import type { BounceConfig } from './bounce-config';
import { linkTimeNs } from './costs';
import { hex } from './ram';
import * as say from './words';

const BAR1 = 0xf010_0000;

export class Bounce implements Device {
  readonly ports = ['host', 'agent'];
  private readonly queue: Record<'host' | 'agent', Packet[]> = { host: [], agent: [] };
  private busyUntil = 0;
  private inUse = false;

  constructor(
    readonly id: string,
    readonly cfg: BounceConfig,
  ) {}

  receive(port: string, packet: Packet, ctx: DeviceContext): void {
    const side = port === 'host' ? 'host' : 'agent';
    if (packet.bytes.length > this.cfg.mtu + 14) {
      ctx.drop(packet, {
        layer: 'L2',
        port,
        decision: say.bytesMoreByteMtu(packet.bytes.length, this.cfg.mtu),
        source: 'custom driver xmit',
      });
      return;
    }
    ctx.hold(packet, {
      layer: 'L2',
      port,
      decision: say.customDriverQueuesByte(side, packet.bytes.length),
      source: 'custom driver xmit',
    });
    this.queue[side].push(packet);
    if (!this.inUse) this.next(ctx);
  }

  /** Start the next packet when the shared buffer is free (host frames first, then agent frames). */
  private next(ctx: DeviceContext): void {
    const side = this.queue.host.length ? 'host' : this.queue.agent.length ? 'agent' : undefined;
    if (!side) return;
    this.inUse = true;
    const start = Math.max(ctx.now, this.busyUntil);
    ctx.schedule(start - ctx.now, 'bounce start', (c) => (side === 'host' ? this.hostSend(c) : this.agentSend(c)));
  }

  private hostSend(ctx: DeviceContext): void {
    const c = this.cfg.costs;
    const p = this.queue.host.shift()!;
    const len = p.bytes.length;
    // memcpy_toio: posted 8-byte stores; the CPU stalls when the link runs out of credits,
    // so the copy takes the link time of len bytes in 8-byte TLPs.
    const copy = linkTimeNs(c, len + 16, c.pioChunkBytes);
    ctx.note('decide', {
      layer: 'bus',
      decision: say.hostCpuCopiesByte(
        len,
        hex(BAR1),
        Math.ceil((len + 16) / c.pioChunkBytes),
        c.pioChunkBytes,
        c.tlpOverheadBytes,
        copy,
      ),
      source: 'memcpy_toio (custom driver)',
      detail: { op: 'pio-write', len, ns: copy, from: 'host', to: 'agent' },
    });
    const rung = copy + c.postedWriteIssueNs;
    ctx.note('transmit', {
      layer: 'bus',
      decision: say.hostRingsAgentDoorbell(),
      source: 'custom driver doorbell',
      detail: { op: 'doorbell', from: 'host', to: 'agent' },
    });
    ctx.count('doorbells');
    ctx.schedule(rung + c.busLatencyNs + c.irqLatencyNs, 'agent takes the packet', (a) => {
      const out = Math.ceil(len / c.memcpyBytesPerNs) + c.cacheOpPerLineNs * Math.ceil(len / 64);
      a.note('decide', {
        layer: 'memory',
        decision: say.agentDoorbellInterruptInvalidates(Math.ceil(len / 64), out),
        source: 'custom driver rx',
        detail: { op: 'agent-copy', len, ns: out },
      });
      a.send(
        'agent',
        p.bytes,
        {
          layer: 'L2',
          decision: say.agentCustomDriverPasses(len),
          source: 'netif_rx',
        },
        p,
      );
      a.count('interrupts');
      a.schedule(out + c.busLatencyNs + c.irqLatencyNs, 'host ack interrupt', (h) => {
        h.note('receive', {
          layer: 'bus',
          decision: say.hostInterruptReadsStatus(c.nonPostedReadNs),
          source: 'custom driver irq',
          detail: { op: 'isr-read', from: 'host', to: 'agent' },
        });
        this.busyUntil = h.now + c.nonPostedReadNs;
        this.inUse = false;
        this.next(h);
      });
    });
  }

  private agentSend(ctx: DeviceContext): void {
    const c = this.cfg.costs;
    const p = this.queue.agent.shift()!;
    const len = p.bytes.length;
    const fill = Math.ceil(len / c.memcpyBytesPerNs) + c.cacheOpPerLineNs * Math.ceil(len / 64);
    ctx.note('decide', {
      layer: 'memory',
      decision: say.agentCopiesByteFrame(len, fill),
      source: 'custom driver xmit',
      detail: { op: 'agent-fill', len, ns: fill },
    });
    ctx.count('interrupts');
    ctx.schedule(fill + c.irqLatencyNs, 'host reads the packet', (h) => {
      // memcpy_fromio: every 8-byte load is a non-posted read that waits a full round trip.
      const reads = Math.ceil((len + 16) / c.pioChunkBytes);
      const ns = reads * c.nonPostedReadNs;
      h.note('decide', {
        layer: 'bus',
        decision: say.hostCpuReadsFrame(reads, c.pioChunkBytes, c.nonPostedReadNs, ns),
        source: 'memcpy_fromio (custom driver)',
        detail: { op: 'pio-read', len, ns, from: 'host', to: 'agent' },
      });
      h.schedule(ns, 'host delivers', (d) => {
        d.send(
          'host',
          p.bytes,
          {
            layer: 'L2',
            decision: say.hostCustomDriverPasses(len),
            source: 'netif_rx',
          },
          p,
        );
        d.count('doorbells');
        this.busyUntil = d.now + c.postedWriteIssueNs + c.busLatencyNs;
        this.inUse = false;
        this.next(d);
      });
    });
  }
}
