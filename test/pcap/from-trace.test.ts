// tracePcap over a real simulator run: a host sends through a two-port relay to a sink.
// Send-side captures use the step time, receive-side ones the link's arrival time, and a
// frame lost on a link is seen by the sender's capture but not the receiver's.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/sim/simulator';
import type { Scenario } from '../../src/engine/sim/scenario-types';
import type { Trace } from '../../src/engine/sim/types';
import { tracePcap, captureRecords } from '../../src/engine/pcap/from-trace';
import { arpRequest } from '../../src/engine/frame/packets';
import { ip, mac } from '../../src/engine/frame/address';
import { testTypes as types } from './test-devices';

function run(loss2: number, count = 3): Trace {
  const frame = (i: number) =>
    arpRequest({ srcMac: mac('02:00:00:00:00:01'), srcIp: ip('10.0.0.1'), targetIp: ip(`10.0.0.${i + 2}`) });
  const link = (id: string, a: [string, string], b: [string, string], loss: number) => ({
    id,
    a: { node: a[0], port: a[1] },
    b: { node: b[0], port: b[1] },
    bandwidthBps: 1e9,
    latencyNs: 5_000,
    loss,
    duplicate: 0,
    jitterNs: 0,
  });
  const scenario: Scenario = {
    name: 'pcap test',
    description: '',
    seed: 1,
    maxSteps: 10_000,
    nodes: [
      { id: 'h1', type: 'test-sink', label: 'h1', config: {}, ports: ['p'] },
      { id: 'sw', type: 'test-relay', label: 'sw', config: {}, ports: ['a', 'b'] },
      { id: 'h2', type: 'test-sink', label: 'h2', config: {}, ports: ['p'] },
    ],
    links: [link('l1', ['h1', 'p'], ['sw', 'a'], 0), link('l2', ['sw', 'b'], ['h2', 'p'], loss2)],
    traffic: Array.from({ length: count }, (_, i) => ({
      kind: 'send' as const,
      at: i * 1_000_000,
      node: 'h1',
      port: 'p',
      bytes: frame(i),
    })),
    faults: [],
    expect: [],
  };
  return runScenario(scenario, types);
}

const wire = (t: Trace) => t.steps.filter((s) => (s.kind === 'inject' || s.kind === 'transmit') && s.link);

describe('tracePcap', () => {
  const trace = run(0);
  it('captures every frame on every link, stamped with the send time', () => {
    const recs = captureRecords(trace);
    expect(recs.length).toBe(6);
    expect(recs.map((r) => r.timeNs)).toEqual(
      wire(trace)
        .map((s) => s.time)
        .sort((a, b) => a - b),
    );
    expect(recs[0].bytes).toBe(trace.frames[wire(trace)[0].frame!]);
  });
  it('a receive-side point uses the arrival time', () => {
    const atH2 = captureRecords(trace, { node: 'h2' });
    const sent = wire(trace).filter((s) => s.link!.to.node === 'h2');
    expect(atH2.map((r) => r.timeNs)).toEqual(sent.map((s) => s.link!.arrives));
    expect(atH2.every((r, i) => r.timeNs > sent[i].time)).toBe(true);
  });
  it('a node-and-port point sees both directions of that port only', () => {
    expect(captureRecords(trace, { node: 'sw', port: 'a' }).length).toBe(3); // received from h1
    expect(captureRecords(trace, { node: 'sw', port: 'b' }).length).toBe(3); // sent to h2
    expect(captureRecords(trace, { node: 'sw' }).length).toBe(6);
    expect(captureRecords(trace, { node: 'sw', port: 'zz' }).length).toBe(0);
    expect(captureRecords(trace, { node: 'l2' }).length).toBe(3); // a link id: both directions of it
  });
  it('a frame lost on a link is missing from the receiver’s capture only', () => {
    const lossy = run(1);
    expect(captureRecords(lossy, { node: 'sw', port: 'b' }).length).toBe(3);
    expect(captureRecords(lossy, { node: 'h2' }).length).toBe(0);
  });
  it('writes a pcap whose record times are the receive times', () => {
    const f = tracePcap(trace, { node: 'h2' });
    const dv = new DataView(f.buffer, f.byteOffset);
    const first = wire(trace).find((s) => s.link!.to.node === 'h2')!;
    expect(dv.getUint32(24, true) * 1e6 + dv.getUint32(28, true)).toBe(Math.floor(first.link!.arrives / 1000));
  });
});
