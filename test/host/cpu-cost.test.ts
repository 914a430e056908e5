// The CPU cost model (src/engine/devices/stack/cpu-cost.ts) charged where Linux does the
// work: a guest-to-guest frame between BRIDGE macvlans costs the host two software passes
// (macvlan_start_xmit -> macvlan_queue_xmit, then dev_forward_skb(lowerdev) re-running
// macvlan_handle_frame); the same frame between VEPA macvlans costs the host one pass out
// and one pass in off the wire. Expected figures come from the model's stated parameters.
import { describe, expect, it } from 'vitest';
import { run, finalState } from '../helpers/run';
import { loadScenario } from '../../src/engine/scenario/load';
import { deviceTypes } from '../../src/engine/devices/registry';

const PAYLOAD = 'x'.repeat(100);
// Ethernet 14 + IPv4 20 + UDP 8 + 100 bytes of payload.
const LEN = 14 + 20 + 8 + 100;
const HOST_CPU = { perFrame: '1us', perByte: 0.5 };
const GUEST_CPU = { perFrame: '2us', perByte: 1 };

function scenario(mode: 'bridge' | 'vepa', hairpin: boolean) {
  const guest = (id: string, mac: string, ip: string) => ({
    id,
    type: 'host',
    config: { mac, ip, cpu: GUEST_CPU },
    group: 'h1',
  });
  return {
    name: `cpu-${mode}`,
    nodes: [
      guest('gA', '02:00:00:00:00:0a', '10.0.0.1'),
      guest('gB', '02:00:00:00:00:0b', '10.0.0.2'),
      {
        id: 'h1',
        type: 'macvlan',
        config: {
          lower: { name: 'eth0', mac: '02:00:00:00:00:01' },
          cpu: HOST_CPU,
          macvlans: [
            { name: 'mvA', mac: '02:00:00:00:00:0a', mode },
            { name: 'mvB', mac: '02:00:00:00:00:0b', mode },
          ],
        },
      },
      { id: 'sw', type: 'bridge', config: { ports: [{ name: 'p1', hairpin }] } },
    ],
    links: [
      { a: 'gA:eth0', b: 'h1:mvA' },
      { a: 'gB:eth0', b: 'h1:mvB' },
      { a: 'h1:eth0', b: 'sw:p1' },
    ],
    traffic: [
      {
        at: 0,
        node: 'gA',
        command: 'udp',
        args: { dst: '10.0.0.2', dstMac: '02:00:00:00:00:0b', dstPort: 9, payload: PAYLOAD },
      },
    ],
  };
}

const perPass = (c: { perFrame: string; perByte: number }) => parseFloat(c.perFrame) * 1000 + c.perByte * LEN;

describe('CPU cost model', () => {
  it('BRIDGE mode: the host pays two software passes, each guest one', () => {
    const t = run(scenario('bridge', false));
    expect(t.fates.some((f) => f.delivered.some((d) => d.node === 'gB'))).toBe(true);
    expect(t.counters.h1.cpu_frames).toBe(2);
    expect(t.counters.h1.cpu_ns).toBe(2 * perPass(HOST_CPU));
    expect(t.counters.gA.cpu_ns).toBe(perPass(GUEST_CPU));
    expect(t.counters.gB.cpu_ns).toBe(perPass(GUEST_CPU));
    expect(finalState(t).get('h1/cpu/ns')).toBe(2 * perPass(HOST_CPU));
  });

  it('VEPA with hairpin: the host pays one pass out and one back in, the switch reflects', () => {
    const t = run(scenario('vepa', true));
    expect(t.fates.some((f) => f.delivered.some((d) => d.node === 'gB'))).toBe(true);
    expect(t.counters.h1.cpu_frames).toBe(2);
    expect(t.counters.h1.cpu_ns).toBe(2 * perPass(HOST_CPU));
  });

  it('a node without `cpu` is charged nothing', () => {
    const s = scenario('bridge', false);
    delete (s.nodes[2].config as { cpu?: unknown }).cpu;
    const t = run(s);
    expect(t.counters.h1?.cpu_ns).toBeUndefined();
  });

  it('refuses a bad cost with its JSON path', () => {
    const s = scenario('bridge', false);
    (s.nodes[0].config as Record<string, unknown>).cpu = { perFrame: '2s', perByte: -1, speed: 3 };
    const r = loadScenario(s, deviceTypes);
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
    expect(problems.some((p) => p.startsWith('$.nodes[0].config.cpu.perByte'))).toBe(true);
    expect(problems.some((p) => p.startsWith('$.nodes[0].config.cpu.perFrame'))).toBe(true);
    expect(problems.some((p) => p.includes('speed'))).toBe(true);
  });
});
