// Throughput in virtual time: run M frames of one size through a design and divide the
// bytes by the time from the first frame handed to the driver to the last one delivered.
// Shared by the benchmark script (test/bench/virtio.bench.ts) and the lab's chart, so both show
// the same measured figures.
import { loadScenarioOrThrow } from '../../scenario/load';
import { runScenario } from '../../sim/simulator';
import type { DeviceType } from '../../sim/device';
import { virtioDeviceTypes } from './types';

export type Design = 'virtio' | 'bounce' | 'dma-driver';
export type Direction = 'host-to-agent' | 'agent-to-host';

export interface Measurement {
  readonly design: Design;
  readonly direction: Direction;
  readonly frameLen: number;
  readonly frames: number;
  readonly delivered: number;
  readonly ns: number;
  /** Megabytes (10^6) of frame bytes per second of virtual time. */
  readonly mbps: number;
  readonly doorbells: number;
  readonly interrupts: number;
}

const types: ReadonlyMap<string, DeviceType> = new Map(virtioDeviceTypes.map((t) => [t.type, t as DeviceType]));

/** Start after bring-up has filled the receive rings (256 buffers take ~0.2 ms of host time). */
const START_NS = 400_000;

export function measurementScenario(
  design: Design,
  direction: Direction,
  frameLen: number,
  frames: number,
  config: Record<string, unknown> = {},
): unknown {
  const from = direction === 'host-to-agent' ? 'hoststack' : 'agentstack';
  return {
    name: `${design} ${direction} ${frameLen} x ${frames}`,
    nodes: [
      { id: 'hoststack', type: 'virtio-stack', config: { mac: '02:00:00:00:00:01', peer: '02:00:00:00:00:02' } },
      {
        id: 'bp',
        type: design === 'virtio' ? 'virtio-backplane' : design === 'bounce' ? 'virtio-bounce' : 'virtio-dma-driver',
        config: design === 'virtio' ? { queueSize: 256, eventIdx: true, ...config } : config,
      },
      { id: 'agentstack', type: 'virtio-stack', config: { mac: '02:00:00:00:00:02', peer: '02:00:00:00:00:01' } },
    ],
    links: [
      { id: 'h', a: 'hoststack:eth0', b: 'bp:host', latency: 0, bandwidth: '1000Gbit' },
      { id: 'a', a: 'bp:agent', b: 'agentstack:eth0', latency: 0, bandwidth: '1000Gbit' },
    ],
    traffic: [{ at: START_NS, node: from, command: 'xmit', args: { len: frameLen, count: frames } }],
  };
}

export function measure(
  design: Design,
  direction: Direction,
  frameLen: number,
  frames: number,
  config: Record<string, unknown> = {},
): Measurement {
  const trace = runScenario(
    loadScenarioOrThrow(measurementScenario(design, direction, frameLen, frames, config), types),
    types,
  );
  const to = direction === 'host-to-agent' ? 'agentstack' : 'hoststack';
  const deliveries = trace.steps.filter((s) => s.node === to && s.kind === 'deliver');
  const last = deliveries.length ? deliveries[deliveries.length - 1].time : START_NS;
  const ns = Math.max(1, last - START_NS);
  const c = trace.counters.bp ?? {};
  return {
    design,
    direction,
    frameLen,
    frames,
    delivered: deliveries.length,
    ns,
    mbps: (deliveries.length * frameLen * 1000) / ns,
    doorbells: c.doorbells ?? 0,
    interrupts: c.interrupts ?? 0,
  };
}

export const VIRTIO_SIZES = [64, 128, 256, 512, 1024, 1514];
export const BOUNCE_SIZES = [64, 256, 1024, 1514, 4096, 16384, 65536];
