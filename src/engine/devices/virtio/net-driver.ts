// The virtio-net driver (Linux drivers/net/virtio_net.c) on top of two split virtqueues,
// receiveq (0) and transmitq (1). The host and the agent each run one. Header size
// follows virtnet_probe: 10 bytes (struct virtio_net_hdr) for a legacy driver without
// MRG_RXBUF, 12 with MRG_RXBUF or VERSION_1. A legacy driver without ANY_LAYOUT puts the
// header in its own descriptor (spec "Legacy Interface: Framing Requirements"); a modern
// one pushes it into the skb headroom, one descriptor (xmit_skb can_push).
// Payload ownership across the non-coherent bus is dma_map_single(): clean a TX buffer
// before the device reads it; invalidate an RX buffer before posting and before reading.
import type { Packet } from '../../sim/device';
import type { CpuMemory } from './cpu-memory';
import type { Tags } from './dma';
import { hex } from './ram';
import type { Rec } from './record';
import type { RingDriver } from './ring-api';
import * as say from './words';
import { napiSchedule, napiXmitReclaim } from './napi';
import type { MergeableSizing } from './mergeable-sizing';

export interface NetDriverOptions {
  readonly side: string;
  readonly hdrLen: 10 | 12;
  readonly splitHeader: boolean;
  readonly rxBufBase: number;
  readonly txBufBase: number;
  readonly rxBufLen: number;
  /** Linux stops the queue below 2 + MAX_SKB_FRAGS free descriptors (check_sq_full_and_disable). */
  readonly stopThreshold: number;
  /** VIRTIO_NET_F_MRG_RXBUF: a packet may span num_buffers receive buffers. */
  readonly mergeable: boolean;
  /** Receive buffer slot size (2 KiB, or 4 KiB when buffers may be bigger). */
  readonly rxSlot: number;
  /** Linux's mergeable buffer sizing (get_mergeable_buf_len); absent: every buffer is rxBufLen. */
  readonly sizing?: MergeableSizing;
  /** NAPI with Linux's callback control (napi.ts); false: every interrupt reaps and refills at once. */
  readonly napi: boolean;
  /** NAPI weight: packets one RX poll may take (NAPI_POLL_WEIGHT 64). */
  readonly napiBudget: number;
}

export interface TxToken {
  readonly packet: Packet | undefined;
  readonly buf: number;
}

export interface NetEnv {
  readonly rec: Rec;
  readonly tags: Tags<Packet>;
  notify(queue: 'rx' | 'tx'): void;
  /** A received frame goes up the stack (packet: the frame it carries, if its bytes came with one). */
  up(packet: Packet | undefined, bytes: Uint8Array, hdr: Uint8Array): void;
  /** The driver frees a transmitted skb whose bytes never left its buffer (the device gave it back unsent). */
  unsent(packet: Packet, side: string, buf: number): void;
  /** Run `fn` on this CPU once it is done with what it is doing (a NAPI poll in softirq). */
  later(label: string, fn: () => void): void;
}

const BUF_STRIDE = 0x800;

export class VirtioNet {
  readonly backlog: { packet: Packet; bytes: Uint8Array }[] = [];
  stopped = false;
  delivered = 0;

  constructor(
    readonly mem: CpuMemory,
    readonly rx: RingDriver<number>,
    readonly tx: RingDriver<TxToken>,
    readonly opts: NetDriverOptions,
    readonly env: NetEnv,
  ) {}

  private descsPerFrame(): number {
    return this.opts.splitHeader && this.tx.opts.indirectBase === undefined ? 2 : 1;
  }

  /** The size each posted receive buffer was given (Linux keeps it in the buffer's ctx). */
  private readonly rxLen = new Map<number, number>();

  /** try_fill_recv: post receive buffers while descriptors are free; kick once. */
  fillRx(): void {
    let added = 0;
    const len = this.opts.sizing && this.rx.numFree > 0 ? this.chooseMergeableLen() : this.opts.rxBufLen;
    while (this.rx.numFree > 0) {
      const buf = this.opts.rxBufBase + this.opts.rxSlot * this.rx.freeHead;
      this.rxLen.set(buf, len);
      // dma_map_single(DMA_FROM_DEVICE): no dirty line may later be evicted over DMA data.
      this.mem.clean(buf, len);
      const dropped = this.mem.invalidate(buf, len);
      if (dropped.length)
        this.env.rec.step({
          layer: 'memory',
          kind: 'decide',
          decision: say.invalidatesReceiveBufferBefore(this.opts.side, hex(buf), dropped.length),
          source: 'dma_map_single(DMA_FROM_DEVICE)',
          detail: { op: 'invalidate', addr: buf, len, side: this.mem.side },
        });
      const head = this.rx.add([{ addr: buf, len, write: true }], buf);
      if (head === 'ENOSPC') break;
      added++;
    }
    if (added && this.rx.kickPrepare()) this.env.notify('rx');
  }

  /** get_mergeable_buf_len for this refill, as a step (add_recvbuf_mergeable). */
  private chooseMergeableLen(): number {
    const c = this.opts.sizing!.bufLen();
    this.env.rec.step({
      layer: 'L2',
      kind: 'decide',
      decision: say.mergeableBufLen(this.opts.side, c.ewma, c.minBufLen, this.rx.num, this.opts.hdrLen, c.len),
      source: 'add_recvbuf_mergeable -> get_mergeable_buf_len (mergeable_min_buf_len, EWMA of packet lengths)',
      detail: { op: 'rx-buf-len', len: c.len, ewma: c.ewma, minBufLen: c.minBufLen },
    });
    return c.len;
  }

  /** start_xmit for a batch of frames that arrived together (xmit_more): one kick at the end. */
  xmit(frames: readonly { packet: Packet; bytes: Uint8Array }[], kick = true, reclaim = true): void {
    if (this.opts.napi) napiXmitReclaim(this, kick);
    else if (reclaim) this.freeOldXmit();
    this.backlog.push(...frames);
    this.drainBacklog(kick);
  }

  drainBacklog(kick = true): void {
    let added = 0;
    while (this.backlog.length && !this.stopped) {
      if (this.tx.numFree < this.descsPerFrame()) {
        this.stopped = true;
        break;
      }
      const { packet, bytes } = this.backlog.shift()!;
      this.addFrame(packet, bytes);
      added++;
      if (this.tx.numFree < this.opts.stopThreshold) {
        this.stopped = true;
        this.env.rec.step({
          layer: 'L2',
          kind: 'decide',
          decision: say.virtioNetTxDescriptors(this.opts.side, this.tx.numFree, this.opts.stopThreshold),
          source: 'virtio_net start_xmit / check_sq_full_and_disable',
          detail: { op: 'stop-queue', numFree: this.tx.numFree },
        });
      }
    }
    if (kick && this.tx.numAdded > 0 && this.tx.kickPrepare()) this.env.notify('tx');
    void added;
  }

  private addFrame(packet: Packet, bytes: Uint8Array): void {
    const o = this.opts;
    const buf = o.txBufBase + BUF_STRIDE * this.tx.freeHead;
    const frameAt = o.splitHeader ? buf + 0x40 : buf + o.hdrLen;
    // The stack built the skb in this CPU's memory (cached stores), header zeroed (no offloads).
    this.mem.write(buf, new Uint8Array(o.hdrLen));
    this.mem.write(frameAt, bytes);
    this.mem.memcpy(bytes.length);
    this.env.tags.put(this.mem.decode(frameAt, 1).ram, this.mem.decode(frameAt, 1).ramAddr, packet);
    const hdrLines = this.mem.clean(buf, o.hdrLen);
    const frameLines = this.mem.clean(frameAt, bytes.length);
    const sgs = o.splitHeader
      ? [
          { addr: buf, len: o.hdrLen, write: false },
          { addr: frameAt, len: bytes.length, write: false },
        ]
      : [{ addr: buf, len: o.hdrLen + bytes.length, write: false }];
    this.env.rec.step({
      layer: 'L2',
      kind: 'decide',
      decision: say.virtioNetXmitByte(
        o,
        this.mem.coherent,
        hex(buf),
        bytes.length,
        hex(frameAt),
        hdrLines.length + frameLines.length,
        hdrLines.length + frameLines.length === 1 ? '' : 's',
      ),
      source: 'virtio_net xmit_skb / virtqueue_add_outbuf',
      detail: {
        op: 'xmit',
        buf,
        frameAt,
        len: bytes.length,
        hdrLen: o.hdrLen,
        payloadLines: [...hdrLines, ...frameLines],
      },
    });
    const head = this.tx.add(sgs, { packet, buf });
    if (head === 'ENOSPC') throw new Error(say.addFrameWithoutRoomChecked());
  }

  /** free_old_xmit_skbs: reclaim every completed TX buffer. */
  freeOldXmit(): number {
    let n = 0;
    for (;;) {
      const r = this.tx.getBuf();
      if (r === undefined) break;
      if (r === 'bad') continue;
      n++;
      // A frame's tag moves with the DMA of its bytes; one still on the driver's own buffer was never sent.
      const { packet, buf } = r.token;
      if (!packet) continue;
      const at = this.mem.decode(this.opts.splitHeader ? buf + 0x40 : buf + this.opts.hdrLen, 1);
      if (this.env.tags.take(at.ram, at.ramAddr) === packet) this.env.unsent(packet, this.opts.side, buf);
    }
    return n;
  }

  /** TX completion interrupt (skb_xmit_done): reclaim, wake the queue if room; with NAPI, schedule its poll. */
  txInterrupt(): void {
    if (this.opts.napi) return napiSchedule(this, 'tx');
    const n = this.freeOldXmit();
    if (n && this.stopped && this.tx.numFree >= Math.min(this.opts.stopThreshold, this.tx.num)) {
      this.stopped = false;
      this.env.rec.step({
        layer: 'L2',
        kind: 'decide',
        decision: say.virtioNetTxBuffer(this.opts.side, n, this.tx.numFree),
        source: 'virtnet_poll_tx',
        detail: { op: 'wake-queue', numFree: this.tx.numFree },
      });
      this.drainBacklog();
    }
  }

  /** RX interrupt (skb_recv_done): without NAPI take every used buffer, pass it up, refill; with NAPI, schedule its poll. */
  rxInterrupt(): number {
    if (this.opts.napi) {
      napiSchedule(this, 'rx');
      return 0;
    }
    const n = this.receive(Infinity);
    this.fillRx();
    return n;
  }

  /** virtnet_receive: take up to `budget` used buffers and pass each up. */
  receive(budget: number): number {
    let n = 0;
    while (n < budget) {
      const r = this.rx.getBuf();
      if (r === undefined) break;
      if (r === 'bad') continue;
      n++;
      const buf = r.token;
      // dma_sync_single_for_cpu: drop stale lines before the CPU looks at what the DMA wrote.
      this.mem.invalidate(buf, this.rxLen.get(buf) ?? this.opts.rxBufLen);
      const hdr = this.mem.read(buf, this.opts.hdrLen);
      let frameLen = Math.max(0, r.len - this.opts.hdrLen);
      let bytes = this.mem.read(buf + this.opts.hdrLen, frameLen);
      if (this.opts.mergeable) {
        // receive_mergeable: num_buffers says how many more used buffers carry this packet.
        const k = hdr[10] | (hdr[11] << 8);
        for (let j = 1; j < k; j++) {
          const more = this.rx.getBuf();
          if (more === undefined || more === 'bad') {
            this.env.rec.step({
              layer: 'L2',
              kind: 'decide',
              decision: say.virtioNetNumBuffers(this.opts.side, k, j),
              source: 'virtio_net receive_mergeable',
              detail: { op: 'merge-missing', k, got: j },
            });
            bytes = new Uint8Array(0);
            break;
          }
          this.mem.invalidate(more.token, this.rxLen.get(more.token) ?? this.opts.rxBufLen);
          const part = this.mem.read(more.token, more.len);
          const joined = new Uint8Array(bytes.length + part.length);
          joined.set(bytes);
          joined.set(part, bytes.length);
          bytes = joined;
        }
        frameLen = bytes.length;
        this.opts.sizing?.add(frameLen);
        if (k > 1)
          this.env.rec.step({
            layer: 'L2',
            kind: 'decide',
            decision: say.virtioNetNumBuffers2(this.opts.side, k, frameLen),
            source: 'virtio_net receive_mergeable',
            detail: { op: 'merge', k, len: frameLen },
          });
      }
      this.mem.memcpy(frameLen);
      const at = this.mem.decode(buf + this.opts.hdrLen, 1);
      const packet = this.env.tags.take(at.ram, at.ramAddr);
      this.delivered++;
      this.env.rec.step({
        layer: 'L2',
        kind: 'decide',
        decision: say.virtioNetReceiveBuffer(this.opts.side, hex(buf), r.id, r.len, this.opts.hdrLen, frameLen),
        source: 'virtio_net receive_buf (receive_small)',
        detail: { op: 'receive', buf, len: r.len, id: r.id, hdr: Array.from(hdr) },
      });
      this.env.up(packet, bytes, hdr);
    }
    return n;
  }
}
