// The agent board's DMA engine: copies between the agent's DRAM and host DRAM (reached
// through the agent's outbound window) without touching either CPU's cache, as a
// non-snooping engine does. The CPU that programs it waits for completion (MIC VOP
// vop_sync_dma -> dma_sync_wait; pci-epf-vnet epf_vnet_transfer waits the same way).
// Cost: setup + the link time of the bytes in max-payload bursts when one end is across
// the bus, or local memcpy speed when both ends are in agent DRAM.
import type { CpuMemory } from './cpu-memory';
import { linkTimeNs, type Costs } from './costs';
import type { Ram } from './ram';

/** Packets ride with their bytes: a tag on a buffer moves with a DMA of that buffer. */
export class Tags<P> {
  private readonly map = new Map<string, P>();
  key(ram: Ram, addr: number): string {
    return `${ram.name}:${addr}`;
  }
  put(ram: Ram, addr: number, p: P): void {
    this.map.set(this.key(ram, addr), p);
  }
  take(ram: Ram, addr: number): P | undefined {
    const k = this.key(ram, addr);
    const p = this.map.get(k);
    this.map.delete(k);
    return p;
  }
  get size(): number {
    return this.map.size;
  }
}

export interface DmaResult {
  readonly ns: number;
  readonly crossesBus: boolean;
  readonly bytes: Uint8Array;
}

export class DmaEngine {
  busyUntil = 0;
  transfers = 0;
  bytesMoved = 0;

  constructor(
    /** The agent CPU's address map: the engine uses the same local addresses. */
    private readonly map: CpuMemory,
    private readonly costs: Costs,
  ) {}

  /** Copy `len` bytes from `src` to `dst` (agent-local addresses). Returns the time it takes. */
  copy(src: number, dst: number, len: number, tags?: Tags<unknown>): DmaResult {
    const s = this.map.decode(src, Math.max(len, 1));
    const d = this.map.decode(dst, Math.max(len, 1));
    const posted = this.map.posted;
    // The engine's reads of host memory are reads on the bus: the board's earlier posted writes land first.
    if (s.mapping.remote && posted?.inFlight) posted.drainForOwnRead('DMA engine read');
    const bytes = s.ram.read(s.ramAddr, len);
    if (tags) {
      const p = tags.take(s.ram, s.ramAddr);
      if (p !== undefined) tags.put(d.ram, d.ramAddr, p);
    }
    const crossesBus = s.mapping.remote || d.mapping.remote;
    const move = crossesBus
      ? linkTimeNs(this.costs, len, this.costs.maxPayloadBytes)
      : Math.ceil(len / this.costs.memcpyBytesPerNs);
    // Writes into host memory are posted like the CPU's: issued by the time the engine reports done.
    if (d.mapping.remote && posted)
      posted.issue(d.ram, d.ramAddr, bytes, this.map.t + this.costs.dmaSetupNs + move, 'dma');
    else d.ram.write(d.ramAddr, bytes, 'dma');
    this.transfers++;
    this.bytesMoved += len;
    return { ns: this.costs.dmaSetupNs + move, crossesBus, bytes };
  }
}
