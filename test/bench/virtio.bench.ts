// The MTU comparison of the virtio lab, measured in virtual time: crossed-wires virtio-net
// (N = 256, EVENT_IDX, agent DMA engine) at Ethernet sizes up to 1514 bytes against the
// custom bounce-buffer driver (host programmed I/O, one doorbell per packet) and the source
// thread's own driver (descriptors in BAR0, the agent's DMA engine moves every byte) up to
// 64 KiB, in both directions. Prints figures; fails on nothing but a frame not delivered.
import { measure, VIRTIO_SIZES, BOUNCE_SIZES, type Measurement } from '../../src/engine/devices/virtio/measure';

const FRAMES = Number(process.env.VIRTIO_BENCH_FRAMES ?? 64);

function row(m: Measurement): string {
  return `${m.design.padEnd(10)} ${m.direction.padEnd(14)} ${String(m.frameLen).padStart(6)} B x ${String(m.delivered).padStart(3)}/${m.frames}  ${(m.ns / 1000).toFixed(1).padStart(9)} us  ${m.mbps.toFixed(1).padStart(7)} MB/s  doorbells ${String(m.doorbells).padStart(4)}  interrupts ${String(m.interrupts).padStart(4)}`;
}

const all: Measurement[] = [];
for (const direction of ['host-to-agent', 'agent-to-host'] as const) {
  for (const len of VIRTIO_SIZES) all.push(measure('virtio', direction, len, FRAMES));
  for (const len of BOUNCE_SIZES) {
    all.push(measure('bounce', direction, len, len >= 16384 ? Math.min(FRAMES, 16) : FRAMES));
    all.push(measure('dma-driver', direction, len, len >= 16384 ? Math.min(FRAMES, 16) : FRAMES));
  }
}
console.log('virtio backplane throughput in virtual time (costs: src/engine/devices/virtio/costs.ts)');
for (const m of all) console.log(row(m));
for (const direction of ['host-to-agent', 'agent-to-host'] as const) {
  const v = all.find((m) => m.design === 'virtio' && m.direction === direction && m.frameLen === 1514)!;
  const b = all.find((m) => m.design === 'bounce' && m.direction === direction && m.frameLen === 65536)!;
  const d = all.find((m) => m.design === 'dma-driver' && m.direction === direction && m.frameLen === 65536)!;
  console.log(
    `${direction}: virtio at 1500 MTU ${v.mbps.toFixed(1)} MB/s vs bounce at 64K MTU ${b.mbps.toFixed(1)} MB/s: ratio ${(v.mbps / b.mbps).toFixed(2)}x; vs the thread's DMA driver at 64K MTU ${d.mbps.toFixed(1)} MB/s: ratio ${(v.mbps / d.mbps).toFixed(2)}x`,
  );
}
// How the agent reaches the host ring changes the per-packet cost: a cached window with
// explicit invalidate/clean (default), an uncached ioremap-style window, or coherent memory.
console.log('host-to-agent, 1514-byte frames, by ring access mode:');
for (const [label, config] of [
  ['cached window + maintenance', {}],
  ['uncached window (ioremap)', { agentWindow: 'uncached' }],
  ['coherent memory, no caches', { coherent: true }],
] as const) {
  const m = measure('virtio', 'host-to-agent', 1514, FRAMES, config);
  all.push(m);
  console.log(`  ${label.padEnd(28)} ${m.mbps.toFixed(1).padStart(7)} MB/s`);
}
// The same traffic over split and packed rings (both VERSION_1, as packed rings require), per
// access mode: what the format changes is how many lines each side touches per buffer.
console.log('host-to-agent, 1514-byte frames, split vs packed rings (VERSION_1):');
for (const [label, config] of [
  ['cached window + maintenance', {}],
  ['coherent memory, no caches', { coherent: true }],
] as const) {
  const split = measure('virtio', 'host-to-agent', 1514, FRAMES, { ...config, version1: true });
  const packed = measure('virtio', 'host-to-agent', 1514, FRAMES, { ...config, version1: true, ringFormat: 'packed' });
  all.push(split, packed);
  console.log(
    `  ${label.padEnd(28)} split ${split.mbps.toFixed(1).padStart(6)} MB/s  packed ${packed.mbps.toFixed(1).padStart(6)} MB/s  packed/split ${(packed.mbps / split.mbps).toFixed(3)}x`,
  );
}
const lost = all.filter((m) => m.delivered !== m.frames);
if (lost.length) {
  console.error(`frames not delivered in: ${lost.map((m) => `${m.design} ${m.direction} ${m.frameLen}`).join(', ')}`);
  process.exit(1);
}
