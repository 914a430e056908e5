// The source thread's own custom driver (virtio-dma-driver): every time below is derived
// from the lab's cost table (src/engine/devices/virtio/costs.ts) and the driver's protocol
// as the thread describes it (descriptors in BAR0, the agent's DMA engine moves the data),
// never read off the engine's output.
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/run';
import { DEFAULT_COSTS as C, linkTimeNs } from '../../src/engine/devices/virtio/costs';
import { measure } from '../../src/engine/devices/virtio/measure';

function scenario(from: 'hoststack' | 'agentstack', len: number, count: number, config: object = {}) {
  return {
    name: 'dma driver',
    nodes: [
      { id: 'hoststack', type: 'virtio-stack', config: { mac: '02:00:00:00:00:01', peer: '02:00:00:00:00:02' } },
      { id: 'bp', type: 'virtio-dma-driver', config },
      { id: 'agentstack', type: 'virtio-stack', config: { mac: '02:00:00:00:00:02', peer: '02:00:00:00:00:01' } },
    ],
    // Links of 1000 Gbit/s: a frame of len bytes reaches the driver len * 8 / 1000 ns later.
    links: [
      { id: 'h', a: 'hoststack:eth0', b: 'bp:host', latency: 0, bandwidth: '1000Gbit' },
      { id: 'a', a: 'bp:agent', b: 'agentstack:eth0', latency: 0, bandwidth: '1000Gbit' },
    ],
    traffic: [{ at: 10_000, node: from, command: 'xmit', args: { len, count } }],
  };
}

const dma = (len: number) => C.dmaSetupNs + linkTimeNs(C, len, C.maxPayloadBytes);
const deliveries = (t: ReturnType<typeof run>, node: string) =>
  t.steps.filter((s) => s.node === node && s.kind === 'deliver').map((s) => s.time);

describe('virtio-dma-driver', () => {
  it('host -> agent: descriptor by PIO, doorbell, the agent DMA reads the frame; frames pipeline on the one engine', () => {
    const t = run(scenario('hoststack', 1514, 3));
    const atDriver = 10_000 + Math.round((1514 * 8) / 1000);
    // Two posted writes for the descriptor, one for the doorbell, bus latency, the agent's
    // interrupt entry, then a cache invalidate and a DRAM read of the descriptor.
    const first = atDriver + 2 * C.postedWriteIssueNs + C.postedWriteIssueNs + C.busLatencyNs + C.irqLatencyNs;
    const dmaEnd = first + C.cacheOpPerLineNs + C.dramNs + dma(1514);
    const got = t.steps
      .filter((s) => s.node === 'bp' && s.port === 'agent' && s.kind === 'transmit')
      .map((s) => s.time);
    expect(got[0]).toBe(dmaEnd);
    // The engine is busy: each later frame follows one DMA time after the previous one.
    expect(got[1] - got[0]).toBe(dma(1514));
    expect(got[2] - got[1]).toBe(dma(1514));
    expect(deliveries(t, 'agentstack')).toHaveLength(3);
    expect(t.counters.bp.doorbells).toBe(3);
    expect(t.counters.bp.interrupts).toBe(3);
  });

  it('agent -> host: DMA write into a posted host buffer, INTx, two status reads, refill', () => {
    const t = run(scenario('agentstack', 1514, 1));
    const atDriver = 10_000 + Math.round((1514 * 8) / 1000);
    const hostRx = atDriver + C.dramNs + dma(1514) + C.busLatencyNs + C.irqLatencyNs;
    const isr = t.steps.find((s) => s.node === 'bp' && s.kind === 'receive')!;
    expect(isr.time).toBe(hostRx);
    const passed = t.steps.find((s) => s.node === 'bp' && s.port === 'host' && s.kind === 'transmit')!;
    expect(passed.time).toBe(hostRx + 2 * C.nonPostedReadNs);
  });

  it('with one receive descriptor, the agent waits for the host to give it back', () => {
    const t = run(scenario('agentstack', 1514, 2, { ringSize: 1 }));
    expect(t.steps.some((s) => s.node === 'bp' && /no receive descriptor is posted/.test(s.decision))).toBe(true);
    const [a, b] = deliveries(t, 'hoststack');
    // The second frame's DMA starts only once the first buffer is back in BAR0 and the
    // agent has read its descriptor from DRAM.
    const refill = 3 * C.postedWriteIssueNs + C.busLatencyNs;
    expect(b - a).toBe(refill + C.dramNs + dma(1514) + C.busLatencyNs + C.irqLatencyNs + 2 * C.nonPostedReadNs);
  });

  it('refuses a frame over its MTU with a drop that says so', () => {
    const t = run(scenario('hoststack', 2000, 1, { mtu: 1500 }));
    expect(t.fates[0].dropped[0].reason).toMatch(/more than the 1500-byte MTU/);
  });

  it('at 64 KiB its throughput is the DMA rate: 64 KiB per (setup + link time)', () => {
    const m = measure('dma-driver', 'host-to-agent', 65536, 8);
    const perFrame = dma(65536);
    expect(m.delivered).toBe(8);
    // Steady state: one frame per DMA time; the first frame adds the doorbell path once.
    expect(m.mbps).toBeGreaterThan(((65536 * 1000) / perFrame) * 0.95);
    expect(m.mbps).toBeLessThanOrEqual((65536 * 1000) / perFrame);
  });
});
