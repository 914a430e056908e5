// The CPU cost model (stack/cpu-cost.ts) on the two offload paths of this lab, charged only
// where the host's software handles a frame, never where the NIC's silicon decides:
// * sriov-nic, switchdev: a frame that matches no offloaded rule goes up a representor (one
//   pass through the host's software switch) and each copy the switch sends down a
//   representor is one more skb built and transmitted by the host; a frame that matches a
//   rule, a legacy eswitch's match or replication, and a function's own driver cost nothing;
//   the PF's own stack receiving is a host receive.
// * macvlan with L2 forwarding offload: a frame a station steers goes from the station's
//   rings to the macvlan's net_device without macvlan_handle_frame, and a frame the NIC's
//   unicast filter drops never reaches the host: neither is charged. A macvlan without a
//   station costs one pass per frame received, and every guest frame one pass through
//   macvlan_start_xmit, station or not.
// Expected figures come from the model's stated parameters and the frame's length, not
// from the engine's output.
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/run';

const PAYLOAD = 'x'.repeat(100);
// Ethernet 14 + IPv4 20 + UDP 8 + 100 bytes of payload.
const LEN = 14 + 20 + 8 + 100;
const CPU = { perFrame: '1us', perByte: 0.5 };
const PASS = 1000 + 0.5 * LEN; // ns for one frame handled in software

const udp = (node: string, dst: string, dstMac: string, at = '10us', repeat = 1) => ({
  at,
  node,
  command: 'udp',
  args: { dst, dstMac, dstPort: 9, payload: PAYLOAD },
  ...(repeat > 1 && { repeat, every: '10us' }),
});

function nic(eswitch: 'legacy' | 'switchdev', traffic: unknown[]) {
  const guest = (id: string, mac: string, ip: string) => ({ id, type: 'host', config: { mac, ip } });
  return {
    name: `cpu-${eswitch}`,
    seed: 1,
    nodes: [
      guest('g0', '02:00:00:00:01:0a', '10.0.1.1'),
      guest('g1', '02:00:00:00:01:0b', '10.0.1.2'),
      guest('g2', '02:00:00:00:01:0c', '10.0.1.3'),
      {
        id: 'nic',
        type: 'sriov-nic',
        config: {
          cpu: CPU,
          uplink: 'p0',
          pfMac: '02:00:00:00:01:10',
          eswitch,
          functions: [
            { name: 'vf0', mac: '02:00:00:00:01:0a' },
            { name: 'vf1', mac: '02:00:00:00:01:0b' },
            { name: 'vf2', mac: '02:00:00:00:01:0c' },
          ],
        },
      },
      { id: 'x', type: 'host', config: { mac: '02:00:00:00:01:99', ip: '10.0.1.99' } },
    ],
    links: [
      { a: 'g0:eth0', b: 'nic:vf0' },
      { a: 'g1:eth0', b: 'nic:vf1' },
      { a: 'g2:eth0', b: 'nic:vf2' },
      { a: 'nic:p0', b: 'x:eth0' },
    ],
    traffic,
  };
}

describe('CPU on an SR-IOV NIC: only what the host software handles', () => {
  it('switchdev: a broadcast from the wire costs one pass up rep_p0 and one copy per function', () => {
    const t = run(nic('switchdev', [udp('x', '10.0.1.255', 'ff:ff:ff:ff:ff:ff')]));
    expect(t.counters.nic.cpu_frames).toBe(1 + 3);
    expect(t.counters.nic.cpu_ns).toBe((1 + 3) * PASS);
  });

  it('legacy: the eswitch replicates in silicon; only the PF stack receiving is host work', () => {
    const t = run(nic('legacy', [udp('x', '10.0.1.255', 'ff:ff:ff:ff:ff:ff')]));
    expect(t.counters.nic.cpu_frames).toBe(1);
    expect(t.counters.nic.cpu_ns).toBe(PASS);
  });

  it('switchdev: a known flow costs a pass and a copy once, then its rule carries it', () => {
    const t = run(
      nic('switchdev', [
        // g1 speaks first, so the software switch knows it behind rep_vf1 (flooded: x unknown).
        udp('g1', '10.0.1.99', '02:00:00:00:01:99', '10us'),
        udp('x', '10.0.1.2', '02:00:00:00:01:0b', '100us', 4),
      ]),
    );
    // g1's frame: one pass, flooded to vf0, vf2 and the uplink (3 copies). x's first frame: one
    // pass, one copy, rule offloaded; its 3 later frames match the rule in the eswitch.
    expect(t.counters.nic.cpu_frames).toBe(1 + 3 + (1 + 1));
    expect(t.counters.nic.cpu_ns).toBe(6 * PASS);
  });

  it('legacy: unicast between the wire and a VF never touches the host', () => {
    const t = run(nic('legacy', [udp('x', '10.0.1.2', '02:00:00:00:01:0b', '10us', 3)]));
    expect(t.counters.nic.cpu_frames).toBeUndefined();
  });
});

function host(traffic: unknown[]) {
  const guest = (id: string, mac: string, ip: string) => ({ id, type: 'host', group: 'H', config: { mac, ip } });
  return {
    name: 'cpu-l2fwd',
    seed: 1,
    nodes: [
      guest('gA', '02:00:00:00:00:0a', '10.0.0.1'),
      guest('gB', '02:00:00:00:00:0b', '10.0.0.2'),
      {
        id: 'H',
        type: 'macvlan',
        config: {
          cpu: CPU,
          lower: { name: 'eth0', mac: '02:00:00:00:00:10', l2fwdStations: 1 },
          macvlans: [
            { name: 'mvA', mac: '02:00:00:00:00:0a' },
            { name: 'mvB', mac: '02:00:00:00:00:0b' },
          ],
        },
      },
      { id: 'x', type: 'host', config: { mac: '02:00:00:00:00:99', ip: '10.0.0.99' } },
    ],
    links: [
      { a: 'gA:eth0', b: 'H:mvA' },
      { a: 'gB:eth0', b: 'H:mvB' },
      { a: 'H:eth0', b: 'x:eth0' },
    ],
    traffic,
  };
}

describe('CPU on a macvlan host with L2 forwarding offload', () => {
  it('a station-steered frame is not charged; the macvlan without a station pays a pass per frame', () => {
    // mvA opened first and took the only station; mvB is in the NIC's unicast filter.
    const t = run(
      host([
        udp('x', '10.0.0.1', '02:00:00:00:00:0a', '10us', 3),
        udp('x', '10.0.0.2', '02:00:00:00:00:0b', '100us', 3),
      ]),
    );
    expect(t.counters.H.offload_rx).toBe(3);
    expect(t.counters.H.cpu_frames).toBe(3);
    expect(t.counters.H.cpu_ns).toBe(3 * PASS);
  });

  it('a guest behind a station still pays macvlan_start_xmit for every frame it sends', () => {
    const t = run(host([udp('gA', '10.0.0.99', '02:00:00:00:00:99', '10us', 3)]));
    expect(t.counters.H.cpu_frames).toBe(3);
  });

  it('a frame the NIC unicast filter drops costs the host nothing', () => {
    const t = run(host([udp('x', '10.0.0.7', '02:00:00:00:00:77')]));
    expect(t.steps.some((s) => s.node === 'H' && s.kind === 'drop')).toBe(true);
    expect(t.counters.H.cpu_frames).toBeUndefined();
  });
});
