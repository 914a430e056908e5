// The agent's device engine in the "crossed wires" design of the pci-epf-vnet RFC
// (Shunsuke Mie, 2023): the agent is the virtio device for the host's queues (rings in
// host DRAM, reached through the outbound window) and for its own local virtio-net
// driver's queues (rings in agent DRAM), and joins them: host TX -> agent RX and agent
// TX -> host RX (epf_vnet_rc_tx_handler, epf_vnet_ep_tx_handler). Every payload byte is
// moved by the agent's DMA engine; the host CPU only touches its own DRAM, posts a
// doorbell write and reads the ISR. Headers are rewritten between the host's 10-byte
// legacy header and the agent's 12-byte one (fact sheet omission O3): the agent builds
// the new header in a clean scratch buffer and DMAs it, so no CPU-dirty line shares a
// line with DMA data (fact sheet scenario 2 step 12).
import type { CpuMemory } from './cpu-memory';
import type { DmaEngine, Tags } from './dma';
import { hex, le16 } from './ram';
import type { Rec } from './record';
import type { Chain } from './vringh';
import type { RingDevice } from './ring-api';
import type { Sg } from './split-driver';
import * as say from './words';
import { BAD_CHAIN_SOURCE, badTxChain, type BadTxChainPolicy } from './bad-chain';

export interface CrossedEnv {
  readonly rec: Rec;
  readonly tags: Tags<unknown>;
  /** Raise the host's interrupt (ISR bit 0, INTx). */
  interruptHost(queue: string): void;
  /** The agent's local driver is told its queue has used buffers (a local callback). */
  localCallback(queue: 'rx' | 'tx'): void;
  /** Point the outbound window back over the host rings after reaching a far buffer. */
  homeWindow(): void;
  count(counter: string): void;
}

export interface CrossedOptions {
  readonly hostHdrLen: number;
  readonly agentHdrLen: number;
  readonly scratch: number;
  /** MRG_RXBUF negotiated on the receiving side of each direction. */
  readonly mergeable: Readonly<Record<Direction, boolean>>;
  readonly badTxChain: BadTxChainPolicy;
}

/** A packet to move once the DMA completes, or (dma false) a chain given back without any. */
export interface Move {
  readonly finish: () => void;
  readonly dma?: false;
}

export type Direction = 'host-to-agent' | 'agent-to-host';

export class CrossedWires {
  /** Chains taken from a TX ring but waiting for an RX buffer on the other side. */
  readonly waiting: Record<Direction, Chain | undefined> = { 'host-to-agent': undefined, 'agent-to-host': undefined };
  moved = 0;
  /** Set by virtio_error (policy "broken"): the device pops nothing from any queue until reset. */
  broken: string | undefined;

  constructor(
    readonly mem: CpuMemory,
    readonly dma: DmaEngine,
    /** Devices for: the host's tx and rx queues (through the window), the agent's local tx and rx. */
    readonly hostTx: RingDevice,
    readonly hostRx: RingDevice,
    readonly agentTx: RingDevice,
    readonly agentRx: RingDevice,
    readonly opts: CrossedOptions,
    private readonly env: CrossedEnv,
  ) {}

  private ends(dir: Direction): { from: RingDevice; to: RingDevice; fromHdr: number; toHdr: number } {
    return dir === 'host-to-agent'
      ? { from: this.hostTx, to: this.agentRx, fromHdr: this.opts.hostHdrLen, toHdr: this.opts.agentHdrLen }
      : { from: this.agentTx, to: this.hostRx, fromHdr: this.opts.agentHdrLen, toHdr: this.opts.hostHdrLen };
  }

  /**
   * Start moving one packet in `dir`: take the chains and run the DMA. Returns the step
   * to run when the DMA completes (complete both chains, notify), 'empty' (no TX buffer),
   * 'no-rx' (a TX buffer waits for a receive buffer on the other side) or an error text.
   */
  step(dir: Direction): Move | 'empty' | 'no-rx' | 'bad-chain' | string {
    const { from, to, fromHdr, toHdr } = this.ends(dir);
    let chain = this.waiting[dir];
    if (!chain) {
      const head = from.getHead();
      if (head === undefined) return 'empty';
      if (typeof head === 'string') return head;
      const c = from.getChain(head);
      if (typeof c === 'string') return c;
      const bad = badTxChain(this.opts.badTxChain, c, fromHdr);
      if (bad) return this.refuse(dir, from, c, bad, fromHdr);
      chain = c;
    }
    // Receive buffers: one, or with MRG_RXBUF as many as the packet needs (spec 5.1.6.4:
    // the first carries the header with num_buffers = k, the rest only data).
    const total = chain.riov.reduce((s, x) => s + x.len, 0);
    const frameLen = Math.max(0, total - fromHdr);
    const merge = this.opts.mergeable[dir];
    const rx: Chain[] = [];
    let room = 0;
    do {
      const rxHead = to.getHead();
      if (rxHead === undefined || typeof rxHead === 'string') {
        // vringh_abandon: give back the heads taken for this packet and wait for a refill.
        to.abandon(rx.length);
        this.waiting[dir] = chain;
        this.env.rec.step({
          layer: 'memory',
          kind: 'decide',
          decision: say.receiveBuffersPostedPacket(rx, to.opts.name, dir, chain.head),
          source: 'epf_vnet tx handler (no rx buffer: retry later) / vringh_abandon',
          detail: { op: 'wait-rx', dir, head: chain.head },
        });
        return 'no-rx';
      }
      const rc = to.getChain(rxHead);
      if (typeof rc === 'string') return rc;
      rx.push(rc);
      room += rc.wiov.reduce((s2, x) => s2 + x.len, 0);
    } while (merge && room < toHdr + frameLen);
    this.waiting[dir] = undefined;
    const c = chain;
    if (toHdr + frameLen > room || !rx[0].wiov.length) {
      this.env.rec.step({
        layer: 'L2',
        kind: 'drop',
        decision: say.byteFrameFitByte(frameLen, room),
        source: 'virtio-net device (spec 5.1.6.3)',
        detail: { op: 'too-big', frameLen, room },
      });
      return {
        finish: () =>
          this.finish(
            dir,
            from,
            to,
            c.head,
            rx.map((r) => [r.head, 0]),
          ),
      };
    }
    // The destination pieces: header then frame, filling each buffer before the next.
    const dst: { addr: number; len: number }[] = rx.flatMap((r) => r.wiov.map((w) => ({ addr: w.addr, len: w.len })));
    const used: [number, number][] = rx.map((r) => [r.head, 0]);
    const owner: number[] = rx.flatMap((r, k) => r.wiov.map(() => k));
    let di = 0;
    let doff = 0;
    let ns = 0;
    const put = (src: number, len: number, tags: boolean): void => {
      let left = len;
      let from2 = src;
      while (left > 0) {
        const n = Math.min(left, dst[di].len - doff);
        ns += this.dma.copy(
          from2,
          this.local(dst[di].addr, to) + doff,
          n,
          tags && from2 === src ? this.env.tags : undefined,
        ).ns;
        used[owner[di]][1] += n;
        left -= n;
        from2 += n;
        doff += n;
        if (doff === dst[di].len && di + 1 < dst.length) {
          di++;
          doff = 0;
        }
      }
    };
    // 1. The new header, built by the CPU in a scratch buffer, cleaned, then DMA'd.
    const hdr = new Uint8Array(toHdr);
    if (toHdr >= 12) hdr.set(le16(rx.length), 10); // num_buffers
    this.mem.write(this.opts.scratch, hdr);
    this.mem.clean(this.opts.scratch, toHdr);
    put(this.opts.scratch, toHdr, false);
    // 2. The frame bytes, skipping the sender's header, piece by piece across the readable iov.
    const pieces = skip(chain.riov, fromHdr);
    for (const p of pieces) put(this.local(p.addr, from), p.len, true);
    this.env.homeWindow();
    this.mem.t += ns;
    this.moved++;
    const d0 = dst[0].addr;
    this.env.rec.step({
      layer: 'bus',
      kind: 'decide',
      decision: say.agentDmaEngineByte(
        toHdr,
        rx,
        pieces,
        dir,
        hex(this.opts.scratch),
        hex(d0),
        frameLen,
        hex(d0 + toHdr),
        ns,
      ),
      source:
        dir === 'host-to-agent'
          ? 'epf_vnet_rc_tx_handler -> epf_vnet_transfer(DMA_DEV_TO_MEM)'
          : 'epf_vnet_ep_tx_handler -> epf_vnet_transfer(DMA_MEM_TO_DEV)',
      detail: {
        op: 'dma',
        dir,
        frameLen,
        hdrLen: toHdr,
        src: pieces.map((p) => p.addr),
        dst: d0,
        ns,
        txHead: chain.head,
        rxHead: rx[0].head,
        numBuffers: rx.length,
      },
    });
    // The CPU waits for the DMA (dma_sync_wait); the used entries are written when it completes.
    return { finish: () => this.finish(dir, from, to, c.head, used) };
  }

  /** A TX chain the device will not send, handled by the scenario's policy (bad-chain.ts). */
  private refuse(dir: Direction, from: RingDevice, chain: Chain, why: string, hdrLen: number): Move | 'bad-chain' {
    const policy = this.opts.badTxChain;
    const readable = chain.riov.reduce((n, x) => n + x.len, 0);
    this.env.count('tx_bad_chains');
    this.env.rec.step({
      layer: 'memory',
      kind: 'drop',
      decision: say.badTxChain(policy, from.opts.name, chain.head, readable, chain.wiov.length, hdrLen, why),
      source: BAD_CHAIN_SOURCE[policy],
      detail: { op: 'bad-chain', policy, dir, head: chain.head, readable, writable: chain.wiov.length, why },
    });
    if (policy === 'complete-zero')
      return {
        dma: false,
        finish: () => {
          from.complete(chain.head, 0);
          if (from.needNotify())
            if (dir === 'host-to-agent') this.env.interruptHost(from.opts.name);
            else this.env.localCallback('tx');
        },
      };
    if (policy === 'broken') this.broken = why;
    return 'bad-chain';
  }

  private finish(
    dir: Direction,
    from: RingDevice,
    to: RingDevice,
    txHead: number,
    used: readonly [number, number][],
  ): void {
    from.complete(txHead, 0);
    to.completeMulti(used);
    const hostDev = dir === 'host-to-agent' ? from : to;
    const localDev = dir === 'host-to-agent' ? to : from;
    if (hostDev.needNotify()) this.env.interruptHost(hostDev.opts.name);
    if (localDev.needNotify()) this.env.localCallback(dir === 'host-to-agent' ? 'rx' : 'tx');
  }

  /** Translate a buffer address from a descriptor into the agent's own address space. */
  private local(busAddr: number, dev: RingDevice): number {
    return dev.opts.toLocal(busAddr);
  }
}

/** The iov after dropping its first `n` bytes (the sender's virtio_net_hdr). */
export function skip(iov: readonly Sg[], n: number): Sg[] {
  const out: Sg[] = [];
  let left = n;
  for (const s of iov) {
    if (left >= s.len) {
      left -= s.len;
      continue;
    }
    out.push({ addr: s.addr + left, len: s.len - left, write: s.write });
    left = 0;
  }
  return out;
}
