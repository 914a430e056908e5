// One CPU's view of memory: its address map (own DRAM, the outbound window onto the
// other computer's DRAM), its write-back cache, and the price of every access in virtual
// time. A handler runs on a CPU and moves `t`, the time the CPU is busy until; the
// device schedules what follows at `t`. Coherent mode turns the cache off: every load and
// store goes to DRAM or across the bus, and clean/invalidate do nothing.
import { Cache } from './cache';
import { linkTimeNs, type Costs } from './costs';
import type { Ram } from './ram';
import type { PostedWrites } from './posted-writes';
import * as say from './words';

export interface Mapping {
  readonly name: string;
  /** First address of the mapping in this CPU's address space. */
  base: number;
  readonly size: number;
  readonly ram: Ram;
  /** Address in `ram` that `base` maps to (movable for the outbound window). */
  ramBase: number;
  /** Across the PCI bus: loads are non-posted reads, stores are posted writes. */
  readonly remote: boolean;
  /** Cached write-back (true) or uncached like ioremap() (false). */
  cached: boolean;
}

export interface Where {
  readonly mapping: Mapping;
  readonly ram: Ram;
  readonly ramAddr: number;
}

export interface HeldStore {
  readonly ram: Ram;
  readonly addr: number;
  readonly data: Uint8Array;
}

export class CpuMemory {
  /** Virtual time this CPU is busy until. */
  t = 0;
  readonly mappings: Mapping[] = [];
  /** While set, stores that would reach DRAM wait here (a write buffer a barrier would drain). */
  private held: HeldStore[] | undefined;
  /** Set when this CPU's writes across the bus take time to land (posted-writes.ts). */
  posted: PostedWrites | undefined;

  constructor(
    readonly side: string,
    readonly cache: Cache,
    readonly costs: Costs,
    public coherent: boolean,
  ) {}

  map(m: Mapping): Mapping {
    this.mappings.push(m);
    return m;
  }

  decode(addr: number, len: number): Where {
    for (const m of this.mappings) {
      if (addr >= m.base && addr + len <= m.base + m.size)
        return { mapping: m, ram: m.ram, ramAddr: m.ramBase + (addr - m.base) };
    }
    throw new RangeError(say.addressMapped(this.side, addr.toString(16), len));
  }

  private cachedAccess(w: Where): boolean {
    return !this.coherent && w.mapping.cached;
  }

  read(addr: number, len: number): Uint8Array {
    const w = this.decode(addr, len);
    if (w.mapping.remote) this.waitForPosted(addr);
    if (this.cachedAccess(w)) {
      const { data, misses } = this.cache.load(w.ram, w.ramAddr, len);
      this.t +=
        misses === 0
          ? this.costs.cacheHitNs
          : misses * (w.mapping.remote ? this.costs.nonPostedReadNs : this.costs.dramNs);
      return data;
    }
    this.t += w.mapping.remote ? this.costs.nonPostedReadNs : this.costs.dramNs;
    return w.ram.read(w.ramAddr, len);
  }

  write(addr: number, bytes: Uint8Array): void {
    const w = this.decode(addr, bytes.length);
    if (this.cachedAccess(w)) {
      const { misses } = this.cache.store(w.ram, w.ramAddr, bytes);
      this.t += this.costs.cacheHitNs + misses * (w.mapping.remote ? this.costs.nonPostedReadNs : this.costs.dramNs);
      return;
    }
    this.t += w.mapping.remote ? this.costs.postedWriteIssueNs : this.costs.dramNs;
    this.toDram(w.ram, w.ramAddr, bytes, w.mapping.remote);
  }

  private toDram(ram: Ram, addr: number, data: Uint8Array, remote: boolean): void {
    if (this.held) this.held.push({ ram, addr, data: data.slice() });
    else if (remote && this.posted) this.posted.issue(ram, addr, data, this.t);
    else ram.write(addr, data, this.side);
  }

  /**
   * A read across the bus may not pass this CPU's earlier posted writes (PCI ordering): they
   * land first, and the read goes out no earlier than the last of them. A cache fill is such
   * a read too, so this runs before the cache is asked.
   */
  private waitForPosted(addr: number): void {
    if (!this.posted?.inFlight) return;
    const landed = this.posted.drainForOwnRead(`${this.side}'s read of 0x${addr.toString(16).padStart(8, '0')}`);
    this.t = Math.max(this.t, landed.lastAt);
  }

  /** Write back dirty lines covering the range; returns their addresses (in the RAM's space). */
  clean(addr: number, len: number): number[] {
    if (this.coherent) return [];
    const w = this.decode(addr, len);
    if (!w.mapping.cached) return [];
    const lines = this.cache.clean(w.ram, w.ramAddr, len, (ram, a, data) =>
      this.toDram(ram, a, data, w.mapping.remote),
    );
    const per = w.mapping.remote
      ? linkTimeNs(this.costs, this.cache.lineSize, this.costs.maxPayloadBytes)
      : this.costs.dramNs;
    this.t += this.cache.linesCovering(w.ramAddr, len).length * this.costs.cacheOpPerLineNs + lines.length * per;
    return lines;
  }

  /** Drop the lines covering the range (dirty bytes are lost); returns their addresses. */
  invalidate(addr: number, len: number): number[] {
    if (this.coherent) return [];
    const w = this.decode(addr, len);
    if (!w.mapping.cached) return [];
    this.t += this.cache.linesCovering(w.ramAddr, len).length * this.costs.cacheOpPerLineNs;
    return this.cache.invalidate(w.ram, w.ramAddr, len);
  }

  /** Any barrier: orders this CPU's own accesses; costs a little; flushes no cache line. */
  barrier(): void {
    this.t += this.costs.barrierNs;
  }

  /** Start holding DRAM-bound stores (the write buffer with no barrier to drain it in order). */
  holdStores(): void {
    this.held = [];
  }

  /** Stop holding; returns what was held, for the device to land later. */
  /** Land stores a missing barrier let linger (called by the device after the reorder window). */
  land(held: readonly HeldStore[]): void {
    for (const h of held) h.ram.write(h.addr, h.data, this.side);
  }

  releaseHeld(): HeldStore[] {
    const h = this.held ?? [];
    this.held = undefined;
    return h;
  }

  get holding(): boolean {
    return this.held !== undefined;
  }

  /** Time the CPU spends copying `bytes` in its own memory. */
  memcpy(bytes: number): void {
    this.t += Math.ceil(bytes / this.costs.memcpyBytesPerNs);
  }
}
