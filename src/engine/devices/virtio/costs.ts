// The virtual-time price of every kind of access, in nanoseconds. These are order-of-
// magnitude figures for a PCIe gen1 x1 backplane with embedded CPUs, chosen so the
// mechanisms compare honestly; every one is a scenario parameter (config.costs).
//  * Non-posted read round trip ~1 us and posted writes that cost the CPU only the issue:
//    PCIe reads must wait for a completion, writes are posted (Linux
//    Documentation/driver-api/device-io.rst); measured PCIe read latencies on real hosts
//    are 0.5-1 us (Neugebauer et al., "Understanding PCIe performance for end host
//    networking", SIGCOMM 2018).
//  * Link data rate 250 MB/s = PCIe gen1 x1 after 8b/10b coding; every transaction also
//    carries ~24 bytes of TLP header, sequence number, LCRC and framing, which is why
//    8-byte PIO stores waste three quarters of the link and 128-byte DMA bursts do not.
//  * DRAM line fill / write-back 80 ns, cache hit 1 ns: typical embedded DDR2/DDR3 numbers.
//  * Interrupt entry 3 us and DMA descriptor setup + completion 1.5 us: typical of
//    embedded Linux (irq entry, dmaengine prep/submit/wait), not measured here.
import type { Reader } from '../../scenario/read';

export interface Costs {
  cacheHitNs: number;
  dramNs: number;
  postedWriteIssueNs: number;
  busLatencyNs: number;
  nonPostedReadNs: number;
  busBytesPerNs: number;
  tlpOverheadBytes: number;
  maxPayloadBytes: number;
  pioChunkBytes: number;
  dmaSetupNs: number;
  irqLatencyNs: number;
  memcpyBytesPerNs: number;
  cacheOpPerLineNs: number;
  barrierNs: number;
  reorderWindowNs: number;
  /** How long the agent's posted writes take to land in host DRAM (0: at issue); see posted-writes.ts. */
  windowWriteLatencyNs: number;
}

export const DEFAULT_COSTS: Readonly<Costs> = {
  cacheHitNs: 1,
  dramNs: 80,
  postedWriteIssueNs: 30,
  busLatencyNs: 250,
  nonPostedReadNs: 1000,
  busBytesPerNs: 0.25,
  tlpOverheadBytes: 24,
  maxPayloadBytes: 128,
  pioChunkBytes: 8,
  dmaSetupNs: 1500,
  irqLatencyNs: 3000,
  memcpyBytesPerNs: 2,
  cacheOpPerLineNs: 10,
  barrierNs: 20,
  reorderWindowNs: 2000,
  windowWriteLatencyNs: 0,
};

/** Time a transfer of `bytes` occupies the link when split into transactions of `chunk` bytes. */
export function linkTimeNs(c: Costs, bytes: number, chunk: number): number {
  const tlps = Math.max(1, Math.ceil(bytes / chunk));
  return Math.ceil((bytes + tlps * c.tlpOverheadBytes) / c.busBytesPerNs);
}

export function readCosts(r: Reader): Costs {
  const out: Costs = { ...DEFAULT_COSTS };
  if (!r.has('costs')) return out;
  const cr = r.at('costs');
  if (!cr.object()) return out;
  const keys = Object.keys(DEFAULT_COSTS) as (keyof Costs)[];
  cr.onlyKeys(keys);
  for (const k of keys) {
    const v = cr.at(k).number({
      required: false,
      min:
        k === 'busBytesPerNs' || k === 'memcpyBytesPerNs' || k === 'pioChunkBytes' || k === 'maxPayloadBytes'
          ? 0.001
          : 0,
    });
    if (v !== undefined) out[k] = v;
  }
  return out;
}
