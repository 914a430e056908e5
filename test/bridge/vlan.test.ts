// 802.1Q membership: access ports carry one untagged VLAN, trunks carry tagged VLANs
// and an optional native one; frames never cross VLANs (br_allowed_ingress/egress).
import { describe, expect, it } from 'vitest';
import { finalState, run, stepsWhere, MAC } from '../helpers/run';
import { parseEthernet } from '../../src/engine/frame/ethernet';

function vlanNet(traffic: unknown[]) {
  return {
    name: 'vlans',
    nodes: [
      {
        id: 'sw',
        type: 'bridge',
        config: {
          ports: [
            { name: 'a10', pvid: 10 },
            { name: 'a20', pvid: 20 },
            { name: 'b10', pvid: 10 },
            { name: 'tr', mode: 'trunk', vlans: [10, 20] },
          ],
        },
      },
      { id: 'h1', type: 'host', config: { mac: MAC(1), ip: '10.0.0.1' } },
      { id: 'h2', type: 'host', config: { mac: MAC(2), ip: '10.0.0.2' } },
      { id: 'h3', type: 'host', config: { mac: MAC(3), ip: '10.0.0.3' } },
      { id: 'h4', type: 'host', config: { mac: MAC(4), ip: '10.0.0.4', vlan: 10 } },
    ],
    links: [
      { id: 'l1', a: 'h1:eth0', b: 'sw:a10' },
      { id: 'l2', a: 'h2:eth0', b: 'sw:a20' },
      { id: 'l3', a: 'h3:eth0', b: 'sw:b10' },
      { id: 'l4', a: 'h4:eth0', b: 'sw:tr' },
    ],
    traffic,
  };
}

describe('bridge VLANs', () => {
  it('floods a broadcast only to ports of the same VLAN, tagging it on the trunk', () => {
    const t = run(vlanNet([{ at: 0, node: 'h1', command: 'arp', args: { ip: '10.0.0.3' } }]));
    const out = stepsWhere(t, { node: 'sw', kind: 'transmit' }).filter((s) => s.packet?.origin === t.fates[0].origin);
    expect(out.map((s) => s.port)).toEqual(['b10', 'tr']);
    const trunkCopy = t.frames[out[1].frame!];
    expect(parseEthernet(trunkCopy).tags.map((x) => x.vid)).toEqual([10]);
    const accessCopy = t.frames[out[0].frame!];
    expect(parseEthernet(accessCopy).tags).toEqual([]);
    expect(finalState(t).get('sw/fdb/02:00:00:00:00:01@10')).toBe('a10');
  });

  it('lets a tagged host on the trunk ping an access host of its VLAN', () => {
    const t = run(vlanNet([{ at: 0, node: 'h4', command: 'ping', args: { dst: '10.0.0.3' } }]));
    expect(finalState(t).get('h4/ping/1/1')).toMatchObject({ result: 'reply' });
  });

  it('keeps VLANs apart: h1 (VLAN 10) cannot reach h2 (VLAN 20)', () => {
    const t = run(vlanNet([{ at: 0, node: 'h1', command: 'ping', args: { dst: '10.0.0.2' } }]));
    expect(finalState(t).get('h1/neigh/10.0.0.2')).toBe('FAILED');
    expect(stepsWhere(t, { node: 'h2' }).filter((s) => s.kind === 'deliver')).toHaveLength(0);
  });

  it('drops a tagged frame for a VLAN the ingress port is not a member of', () => {
    const t = run(
      vlanNet([
        {
          at: 0,
          node: 'h4',
          port: 'eth0',
          frame: { hex: `ffffffffffff${MAC(4).replace(/:/g, '')}8100001e88b5${'00'.repeat(44)}` },
        },
      ]),
    );
    expect(t.fates[0].dropped[0].node).toBe('sw');
    expect(t.fates[0].dropped[0].reason).toContain('not a member of VLAN 30');
  });
});
