// Every OSA return code the lab emulates, each provoked the way a real setup would, with
// the driver reaction the kernel code gives (qeth_l3_setdelip_cb, qeth_l3_setrouting_v4,
// qeth_l3_correct_routing_type, qeth_l2_setdelmac_makerc, set_access_ctrl callbacks).
import { describe, expect, it } from 'vitest';
import { run, finalState, osaLab, CARD } from './qeth-helpers';
import type { Trace } from '../../src/engine/sim/types';

const replies = (t: Trace, devno: string, cmd: string) =>
  t.steps
    .filter(
      (s) =>
        s.node === 'osa' &&
        s.port === devno &&
        s.detail &&
        'ipa' in s.detail &&
        (s.detail as { ipa: { cmd: string } }).ipa.cmd.startsWith(cmd) &&
        s.kind !== 'deliver',
    )
    .map((s) => (s.detail as { ipa: { rc: number; rcName: string } }).ipa);

describe('OSA return codes', () => {
  it('0xe006 IP address table full: the port limit counts every stack', () => {
    const lab = osaLab(3, () => ({}), {}, { maxIps: 2 });
    const t = run(lab);
    const rcs = ['0x0a00', '0x0a03', '0x0a06'].map((d) => replies(t, d, 'SETIP ').at(-1)!.rc);
    expect(rcs.filter((r) => r === 0xe006)).toHaveLength(1);
    expect(rcs.filter((r) => r === 0)).toHaveLength(2);
    // -EIO: the driver frees the entry (qeth_l3_add_ip keeps only 0/-EADDRINUSE/-ENETDOWN)
    const fin = finalState(t);
    const freed = ['g1', 'g2', 'g3'].filter((g, i) => fin.get(`${g}/driver/10.0.0.${i + 1}`) === undefined);
    expect(freed).toHaveLength(1);
  });

  it('0xe010 primary already defined: SETRTG fails and the driver sets route4 back to "no"', () => {
    const t = run(osaLab(2, () => ({ route4: 'primary_router' })));
    const all = [...replies(t, '0x0a00', 'SETRTG'), ...replies(t, '0x0a03', 'SETRTG')].map((r) => r.rc).sort();
    expect(all).toEqual([0, 0xe010]);
    const fin = finalState(t);
    expect([fin.get('g1/route4'), fin.get('g2/route4')].sort()).toEqual(['no', 'primary router']);
    expect(t.steps.some((s) => s.decision.includes("Type set to 'no router'"))).toBe(true);
  });

  it('0xe011 secondary already defined, when the OSA level allows one secondary router', () => {
    const t = run(osaLab(2, () => ({ route4: 'secondary_router' }), {}, { multipleSecondary: false }));
    expect([...replies(t, '0x0a00', 'SETRTG'), ...replies(t, '0x0a03', 'SETRTG')].map((r) => r.rc).sort()).toEqual([
      0, 0xe011,
    ]);
  });

  it('several secondary routers by default: the first one online gets unregistered traffic', () => {
    const lab = osaLab(3, (i) => (i > 1 ? { route4: 'secondary_router', ipForward: true } : {}));
    lab.traffic = [{ at: '300us', node: 'lan', command: 'udp', args: { dst: '192.0.2.9', dstMac: CARD, dstPort: 9 } }];
    const t = run(lab);
    expect(t.fates.find((f) => f.traffic === 0)!.delivered.map((d) => d.node)).toEqual(['g2']);
  });

  it('0xe012 invalid SETRTG indicator: a connector role sent straight to an OSA', () => {
    const lab = osaLab(1);
    lab.traffic = [
      { at: '300us', node: 'osa', command: 'setrtg', args: { devno: '0x0a00', role: 'primary_connector' } },
    ];
    const t = run(lab);
    const s = t.steps.find(
      (x) => x.node === 'osa' && (x.detail as { ipa?: { rc: number } } | undefined)?.ipa?.rc === 0xe012,
    );
    expect(s?.decision).toContain('Invalid SETRTG indicator');
  });

  it('the driver never sends a connector role to an OSA: -EINVAL, no SETRTG (qeth_l3_correct_routing_type)', () => {
    const t = run(osaLab(1, () => ({ route4: 'primary_connector' })));
    expect(replies(t, '0x0a00', 'SETRTG')).toEqual([]);
    expect(finalState(t).get('g1/route4')).toBe('no');
  });

  it('0xe013 multicast address already defined and 0xe00b multicast address not found', () => {
    const lab = osaLab(1);
    lab.traffic = [
      { at: '300us', node: 'osa', command: 'setipm', args: { devno: '0x0a00', group: '224.0.0.1' } },
      { at: '400us', node: 'osa', command: 'delipm', args: { devno: '0x0a00', group: '239.1.1.1' } },
    ];
    const t = run(lab);
    const rcs = t.steps
      .filter((x) => x.node === 'osa' && x.kind === 'state' && (x.detail as { ipa?: unknown } | undefined)?.ipa)
      .map((x) => (x.detail as { ipa: { rc: number } }).ipa.rc);
    expect(rcs).toEqual([0xe013, 0xe00b]);
  });

  it('0xe080 LAN offline: -ENETDOWN keeps the entry in the driver table', () => {
    const lab = osaLab(1);
    lab.traffic = [{ at: '300us', node: 'g1', command: 'ip-addr-add', args: { ip: '10.0.0.77/24' } }];
    (lab as Record<string, unknown>).faults = [{ at: '200us', link: 'lan-osa', action: 'down' }];
    const t = run(lab);
    expect(replies(t, '0x0a00', 'SETIP 10.0.0.77').map((r) => r.rc)).toEqual([0xe080, 0xe080, 0xe080]);
    expect(finalState(t).get('g1/driver/10.0.0.77')).toEqual({ disp: 'DO_NOTHING', flags: 0, type: 'normal' });
  });

  it('0x0010 IPv6 address already registered on the port (driver: -EIO, entry freed)', () => {
    const t = run(osaLab(2, () => ({ addresses: ['fd00::5/64'] })));
    const rcs = [...replies(t, '0x0a00', 'SETIP '), ...replies(t, '0x0a03', 'SETIP ')].map((r) => r.rc).sort();
    expect(rcs).toEqual([0, 0x0010, 0x0010, 0x0010]);
  });

  it('0x2005 duplicate MAC in layer 2 (SETVMAC): -EADDRINUSE "MAC address ... already exists"', () => {
    const t = run(osaLab(2, () => ({ layer: 2, mac: '02:00:00:00:00:77' })));
    expect([...replies(t, '0x0a00', 'SETVMAC'), ...replies(t, '0x0a03', 'SETVMAC')].map((r) => r.rc).sort()).toEqual([
      0, 0x2005,
    ]);
    expect(t.steps.some((s) => s.decision.includes('already exists'))).toBe(true);
  });

  it('0x0022 isolation "forward" configured without reflective relay at the adjacent switch: the online fails', () => {
    // qeth_core_hardsetup_card (v5.9+): the configured isolation is set before STARTLAN and
    // "if (rc) goto out": the device stays offline, the user's value is kept.
    const t = run(osaLab(1, () => ({ isolation: 'forward' })));
    expect(replies(t, '0x0a00', 'SETADAPTERPARMS').map((r) => r.rc)).toEqual([0x0022]);
    expect(replies(t, '0x0a00', 'STARTLAN')).toEqual([]);
    expect(finalState(t).get('g1/isolation')).toBe('forward');
    expect(finalState(t).get('g1/online')).toBe(0);
    expect(t.steps.some((s) => s.decision.includes('does not support reflective relay mode'))).toBe(true);
  });
});
