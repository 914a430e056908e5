// Shared helpers for the virtio tests: build a backplane scenario and run it.
import { loadScenarioOrThrow } from '../../src/engine/scenario/load';
import { runScenario } from '../../src/engine/sim/simulator';
import { virtioDeviceTypes } from '../../src/engine/devices/virtio';
import type { DeviceType } from '../../src/engine/sim/device';
import type { Step, Trace } from '../../src/engine/sim/types';
import { StateIndex } from '../../src/engine/sim/state-index';

export const types: ReadonlyMap<string, DeviceType> = new Map(virtioDeviceTypes.map((t) => [t.type, t as DeviceType]));

export function scenario(
  config: Record<string, unknown>,
  traffic: unknown[],
  extra: Record<string, unknown> = {},
  type = 'virtio-backplane',
): unknown {
  return {
    name: 'test',
    nodes: [
      { id: 'hoststack', type: 'virtio-stack', config: { mac: '02:00:00:00:00:01', peer: '02:00:00:00:00:02' } },
      { id: 'bp', type, config },
      { id: 'agentstack', type: 'virtio-stack', config: { mac: '02:00:00:00:00:02', peer: '02:00:00:00:00:01' } },
    ],
    links: [
      { id: 'h', a: 'hoststack:eth0', b: 'bp:host', latency: 0, bandwidth: '1000Gbit' },
      { id: 'a', a: 'bp:agent', b: 'agentstack:eth0', latency: 0, bandwidth: '1000Gbit' },
    ],
    traffic,
    ...extra,
  };
}

export function run(json: unknown): { trace: Trace; state: StateIndex } {
  const trace = runScenario(loadScenarioOrThrow(json, types), types);
  return { trace, state: new StateIndex(trace) };
}

export const xmit = (node: 'hoststack' | 'agentstack', at: number | string, len = 1514, count = 1): unknown => ({
  at,
  node,
  command: 'xmit',
  args: { len, count },
});

export const ops = (t: Trace, op: string, node = 'bp'): Step[] =>
  t.steps.filter((s) => s.node === node && s.detail?.op === op);
