// The SR-IOV NIC's hardware VEPA mode and VF spoof check, in the lab's two scenarios.
// hwmode vepa (bridge link set dev <pf> hwmode vepa, ndo_bridge_setlink): the eswitch
// sends every frame a VF transmits out the uplink, so two VFs reach each other only when
// the adjacent switch port reflects (hairpin). spoofchk on (ip link set <pf> vf N spoofchk
// on, the default): the eswitch drops a VF's frame whose source MAC is not the VF's own.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/run';

const load = (name: string) => JSON.parse(readFileSync(`src/scenarios/macvlan/${name}.json`, 'utf8'));

describe('SR-IOV hardware VEPA mode', () => {
  it('VF to VF goes out the uplink and comes back by the switch hairpin', () => {
    const t = run(load('sriov-hwmode-vepa'));
    const echo = t.fates.filter((f) =>
      f.delivered.some((d) => d.node === 'gB' && /ICMP echo request/.test(d.decision)),
    );
    expect(echo).toHaveLength(1);
    expect(t.fates.some((f) => f.delivered.some((d) => d.node === 'gA' && /Echo reply/.test(d.decision)))).toBe(true);
    const reflected = t.steps.filter(
      (s) => s.node === 'sw' && s.kind === 'transmit' && (s.detail as { reflected?: boolean })?.reflected,
    );
    // The ARP request and reply and the echo request and reply each cross the switch once.
    expect(reflected.length).toBeGreaterThanOrEqual(4);
  });

  it('the reflected broadcast is not given back to the VF whose MAC sent it (Rx source address pruning)', () => {
    // drivers/net/ethernet/intel/ixgbe/ixgbe_main.c ixgbe_configure_bridge_mode, BRIDGE_MODE_VEPA: Tx loopback
    // off ("rely on switch hairpin mode"), replication on, set_source_address_pruning(hw, true, pool) for
    // every pool. gA's ARP request comes back from the hairpin port to vf1, vf2 and the PF, not to vf0.
    const t = run(load('sriov-hwmode-vepa'));
    const arp = t.fates.find((f) => f.node === 'gA' && f.cause === undefined)!;
    const back = t.steps.filter(
      (s) => s.node === 'nic' && s.kind === 'transmit' && s.packet?.origin === arp.origin && s.port !== 'p0',
    );
    expect(back.map((s) => s.port).sort()).toEqual(['vf1', 'vf2']);
    expect(arp.delivered.map((d) => `${d.node}:${d.port}`)).toContain('nic:pf');
    expect(t.steps.some((s) => s.node === 'gA' && s.kind !== 'inject' && s.packet?.origin === arp.origin)).toBe(false);
  });

  it('without hairpin at the switch port the VFs cannot reach each other', () => {
    const s = load('sriov-hwmode-vepa');
    s.nodes.find((n: { id: string }) => n.id === 'sw').config.ports = ['p1', 'p2'];
    const t = run(s);
    expect(t.steps.some((s2) => s2.node === 'gB' && s2.kind === 'deliver')).toBe(false);
  });
});

describe('SR-IOV VF spoof check', () => {
  it('drops the forgery on a VF with spoofchk on, passes it on one with spoofchk off', () => {
    const t = run(load('sriov-spoofchk'));
    expect(t.fates[0].dropped.map((d) => d.node)).toEqual(['nic']);
    expect(t.fates[0].dropped[0].reason).toMatch(/Spoof check: vf0 may only send from 02:00:00:00:00:0a/);
    expect(t.fates[1].delivered.map((d) => d.node)).toContain('ext');
    expect(t.counters.nic.spoofchk_drops).toBe(1);
  });
});
