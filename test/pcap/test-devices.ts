// Two tiny device types for capture tests, so they depend on no lab's devices:
// a sink that delivers every frame, and a relay that sends each frame out of its other port.
import type { DeviceType } from '../../src/engine/sim/device';

export const sinkType: DeviceType = {
  type: 'test-sink',
  summary: 'delivers every frame',
  readConfig: () => ({}),
  ports: () => ['p'],
  create: (id) => ({
    id,
    ports: ['p'],
    receive: (_port, pkt, ctx) => ctx.deliver(pkt, { decision: 'take it', source: 'test' }),
  }),
};

export const relayType: DeviceType = {
  type: 'test-relay',
  summary: 'forwards a to b and b to a',
  readConfig: () => ({}),
  ports: () => ['a', 'b'],
  create: (id) => ({
    id,
    ports: ['a', 'b'],
    receive: (port, pkt, ctx) =>
      void ctx.send(port === 'a' ? 'b' : 'a', pkt.bytes, { decision: 'relay', source: 'test' }, pkt),
  }),
};

export const testTypes: ReadonlyMap<string, DeviceType> = new Map([sinkType, relayType].map((t) => [t.type, t]));
