// Where the demux lives (issue part 3): the same ARP broadcast and unicast through a NIC
// with L2 forwarding offload for macvlans, and through an SR-IOV eswitch (legacy and
// switchdev). Checked: who decides, and how many software copies a broadcast costs.
import { describe, expect, it } from 'vitest';
import { arpRequest, icmpEcho } from '../../src/engine/frame/packets';
import { ip, mac } from '../../src/engine/frame/address';
import { MAC, run } from '../helpers/run';
import { EXT_MAC, hostTopo } from './topo';
import { counter, originOf, seen, stepsOf } from './observe';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const arp = hex(arpRequest({ srcMac: mac(EXT_MAC), srcIp: ip('10.0.0.99'), targetIp: ip('10.0.0.2') }));
const ping = (dst: string) =>
  hex(
    icmpEcho({
      type: 'request',
      id: 1,
      seq: 1,
      srcMac: mac(EXT_MAC),
      dstMac: mac(dst),
      srcIp: ip('10.0.0.99'),
      dstIp: ip('10.0.0.2'),
    }),
  );

function nicTopo(eswitch: 'legacy' | 'switchdev', traffic: unknown[], hwmode?: string) {
  // mlx5 subfunctions exist only in switchdev mode (mlx5_devlink_sf_port_new): legacy gets a third VF.
  const fns = [
    { name: 'vf0', mac: MAC(1) },
    { name: 'vf1', mac: MAC(2) },
    eswitch === 'switchdev' ? { name: 'sf0', mac: MAC(3), kind: 'sf' } : { name: 'vf2', mac: MAC(3) },
  ];
  return {
    name: 'sriov',
    seed: 1,
    nodes: [
      {
        id: 'nic',
        type: 'sriov-nic',
        config: { uplink: 'p0', pfMac: '02:00:00:00:00:10', eswitch, ...(hwmode && { hwmode }), functions: fns },
      },
      { id: 'sw', type: 'host', config: { mac: EXT_MAC, ip: '10.0.0.99' } },
      ...fns.map((f, i) => ({ id: `g${f.name}`, type: 'host', config: { mac: f.mac, ip: `10.0.0.${i + 1}` } })),
    ],
    links: [
      { id: 'up', a: 'nic:p0', b: 'sw:eth0' },
      ...fns.map((f) => ({ id: `l${f.name}`, a: `g${f.name}:eth0`, b: `nic:${f.name}`, latency: 0 })),
    ],
    traffic,
  };
}

describe('L2 forwarding offload for macvlans (per-MAC receive queues)', () => {
  const mvs = [
    { name: 'mvA', mode: 'vepa', n: 1 },
    { name: 'mvB', mode: 'vepa', n: 2 },
  ];
  const traffic = [
    { at: '10us', node: 'sw', port: 'eth0', frame: { hex: ping(MAC(2)) } },
    { at: '20us', node: 'sw', port: 'eth0', frame: { hex: arp } },
  ];
  const t = run(
    hostTopo(mvs, { hostConfig: { lower: { name: 'eth0', mac: '02:00:00:00:00:10', l2fwdStations: 8 } }, traffic }),
  );

  it("unicast is steered by the NIC into the macvlan's own queue: no hash lookup, no tcpdump on eth0", () => {
    const st = stepsOf(t, originOf(t, 0));
    expect(st.some((s) => s.source.includes('macvlan_hash_lookup'))).toBe(false);
    expect(seen(t, originOf(t, 0))).toMatchObject({ macvlans: ['mvB'], tcpdump: 0 });
    // The echo request, and sw's ARP reply to gB: gB's echo reply had to resolve sw first (the request came raw,
    // so gB had no entry: neigh_resolve_output), and that unicast reply to mvB's MAC is steered by the station too.
    expect(counter(t, 'H', 'offload_rx')).toBe(2);
  });

  it('broadcast is still replicated in software by the macvlan worker', () => {
    const s = seen(t, originOf(t, 1));
    expect(s.macvlans).toEqual(['mvA', 'mvB']);
    expect(stepsOf(t, originOf(t, 1)).some((x) => x.source === 'macvlan_process_broadcast → macvlan_broadcast')).toBe(
      true,
    );
  });
});

describe('SR-IOV legacy eswitch', () => {
  it('a broadcast is replicated by the NIC to every function and the PF: zero software copies', () => {
    const t = run(nicTopo('legacy', [{ at: '10us', node: 'sw', port: 'eth0', frame: { hex: arp } }]));
    const f = t.fates.find((x) => x.origin === originOf(t, 0))!;
    expect([...f.delivered.map((d) => d.node), ...f.dropped.map((d) => d.node)].sort()).toEqual([
      'gvf0',
      'gvf1',
      'gvf2',
      'nic',
    ]);
    const d = stepsOf(t, originOf(t, 0), 'nic').find((s) => (s.detail as { demux?: string })?.demux)!.detail as {
      outs: string[];
      softwareCopies: number;
    };
    expect(d.softwareCopies).toBe(0);
    expect(d.outs).toEqual(['vf0', 'vf1', 'vf2', 'pf']);
    expect(counter(t, 'nic', 'sw_copies')).toBe(0);
  });

  it('VEB: VF to VF unicast stays in the NIC; VEPA: it goes out of the uplink', () => {
    const p = hex(
      icmpEcho({
        type: 'request',
        id: 1,
        seq: 1,
        srcMac: mac(MAC(1)),
        dstMac: mac(MAC(2)),
        srcIp: ip('10.0.0.1'),
        dstIp: ip('10.0.0.2'),
      }),
    );
    const veb = run(nicTopo('legacy', [{ at: '10us', node: 'gvf0', port: 'eth0', frame: { hex: p } }]));
    expect(veb.steps.some((s) => s.node === 'nic' && s.kind === 'transmit' && s.port === 'vf1')).toBe(true);
    const vepa = run(nicTopo('legacy', [{ at: '10us', node: 'gvf0', port: 'eth0', frame: { hex: p } }], 'vepa'));
    expect(vepa.steps.some((s) => s.node === 'nic' && s.kind === 'transmit' && s.port === 'p0')).toBe(true);
  });

  it('spoof check drops a VF frame with a foreign source MAC', () => {
    const p = hex(
      icmpEcho({
        type: 'request',
        id: 1,
        seq: 1,
        srcMac: mac('02:00:00:00:00:66'),
        dstMac: mac(EXT_MAC),
        srcIp: ip('10.0.0.1'),
        dstIp: ip('10.0.0.99'),
      }),
    );
    const t = run(nicTopo('legacy', [{ at: '10us', node: 'gvf0', port: 'eth0', frame: { hex: p } }]));
    expect(counter(t, 'nic', 'spoofchk_drops')).toBe(1);
  });
});

describe('SR-IOV switchdev eswitch with representors', () => {
  it('a broadcast misses in hardware and is replicated in software through the representors: one copy per function', () => {
    const t = run(nicTopo('switchdev', [{ at: '10us', node: 'sw', port: 'eth0', frame: { hex: arp } }]));
    const d = stepsOf(t, originOf(t, 0), 'nic').find((s) => (s.detail as { demux?: string })?.demux)!.detail as {
      demux: string;
      softwareCopies: number;
      representor: string;
    };
    expect(d).toMatchObject({ demux: 'slow-path', softwareCopies: 3, representor: 'rep_p0' });
  });

  it('a unicast flow goes through the slow path until the software switch has offloaded it, then stays in hardware', () => {
    const reply = hex(
      icmpEcho({
        type: 'reply',
        id: 1,
        seq: 1,
        srcMac: mac(MAC(1)),
        dstMac: mac(EXT_MAC),
        srcIp: ip('10.0.0.1'),
        dstIp: ip('10.0.0.99'),
      }),
    );
    const t = run(
      nicTopo('switchdev', [
        { at: '10us', node: 'gvf0', port: 'eth0', frame: { hex: reply } }, // teaches the software switch where vf0 is
        { at: '20us', node: 'sw', port: 'eth0', frame: { hex: ping(MAC(1)) } }, // known: forwarded in software, rule installed
        { at: '30us', node: 'sw', port: 'eth0', frame: { hex: ping(MAC(1)) } }, // hits the rule in hardware
      ]),
    );
    const demux = (i: number) =>
      (
        stepsOf(t, originOf(t, i), 'nic').find((s) => (s.detail as { demux?: string })?.demux)!.detail as {
          demux: string;
        }
      ).demux;
    expect([demux(1), demux(2)]).toEqual(['slow-path', 'eswitch-hw']);
  });
});

describe('SR-IOV: the VLAN the host set for a VF (VST)', () => {
  const topo = (traffic: unknown[]) => ({
    name: 'vst',
    seed: 1,
    nodes: [
      {
        id: 'nic',
        type: 'sriov-nic',
        config: {
          uplink: 'p0',
          pfMac: '02:00:00:00:00:10',
          functions: [
            { name: 'vf0', mac: MAC(1), vlan: 10 },
            { name: 'vf1', mac: MAC(2) },
          ],
        },
      },
      { id: 'sw', type: 'host', config: { mac: EXT_MAC, ip: '10.0.0.99', promiscuous: true } },
      { id: 'g0', type: 'host', config: { mac: MAC(1), ip: '10.0.0.1' } },
      { id: 'g1', type: 'host', config: { mac: MAC(2), ip: '10.0.0.2' } },
    ],
    links: [
      { id: 'up', a: 'nic:p0', b: 'sw:eth0' },
      { id: 'l0', a: 'g0:eth0', b: 'nic:vf0', latency: 0 },
      { id: 'l1', a: 'g1:eth0', b: 'nic:vf1', latency: 0 },
    ],
    traffic,
  });
  const tagged = (vid: number) =>
    (MAC(1).replace(/:/g, '') + EXT_MAC.replace(/:/g, '') + '8100' + vid.toString(16).padStart(4, '0') + '0800').padEnd(
      128,
      '0',
    );

  it('the guest sends untagged; the eswitch adds VLAN 10 on the way out', () => {
    const t = run(
      topo([
        {
          at: '1us',
          node: 'g0',
          port: 'eth0',
          frame: {
            hex: hex(
              icmpEcho({
                type: 'request',
                id: 1,
                seq: 1,
                srcMac: mac(MAC(1)),
                dstMac: mac(EXT_MAC),
                srcIp: ip('10.0.0.1'),
                dstIp: ip('10.0.0.99'),
              }),
            ),
          },
        },
      ]),
    );
    const out = t.steps.find((s) => s.node === 'nic' && s.kind === 'transmit' && s.port === 'p0')!;
    const bytes = t.frames[out.frame!];
    expect([bytes[12], bytes[13], bytes[14] & 0x0f, bytes[15]]).toEqual([0x81, 0x00, 0, 10]);
  });

  it('a frame for the VF in VLAN 10 arrives untagged in the guest; the same MAC in another VLAN does not reach it', () => {
    const t = run(
      topo([
        { at: '1us', node: 'sw', port: 'eth0', frame: { hex: tagged(10) } },
        { at: '5us', node: 'sw', port: 'eth0', frame: { hex: tagged(20) } },
      ]),
    );
    const inVlan = t.steps.find(
      (s) => s.node === 'nic' && s.kind === 'transmit' && s.port === 'vf0' && s.packet?.origin === originOf(t, 0),
    )!;
    expect([t.frames[inVlan.frame!][12], t.frames[inVlan.frame!][13]]).toEqual([0x08, 0x00]);
    expect(stepsOf(t, originOf(t, 1), 'nic').some((s) => s.kind === 'transmit' && s.port === 'vf0')).toBe(false);
  });

  it('a guest that tags its own frames on a VST VF is dropped', () => {
    const t = run(
      topo([
        {
          at: '1us',
          node: 'g0',
          port: 'eth0',
          frame: { hex: (EXT_MAC.replace(/:/g, '') + MAC(1).replace(/:/g, '') + '8100000a0800').padEnd(128, '0') },
        },
      ]),
    );
    expect(stepsOf(t, originOf(t, 0), 'nic').at(-1)!.kind).toBe('drop');
  });
});
