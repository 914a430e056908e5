// The shape of lldpad's RTM_GETLINK reply and what libvirt reports from it (issue #16 item 6).
// Derived from the sources, not from the engine's output:
// - libnl lib/attr.c nla_nest_end: a nest whose length is NLA_HDRLEN ("Kernel can't handle
//   empty nested attributes") is cancelled (libnl 3.1, "Omit empty nested attributes").
// - openlldp qbg/vdpnl.c vdpnl_getlink: nla_nest_start(IFLA_VF_PORTS), one IFLA_VF_PORT per
//   vdp_status / vdp22_status(++i) hit (vdpnl_reply2: IFLA_PORT_INSTANCE_UUID, IFLA_PORT_VF
//   PORT_SELF_VF, IFLA_PORT_RESPONSE unless VDP_RESPONSE_NO_RESPONSE), nla_nest_end; the reply
//   is NLMSG_DONE with the request's nlmsg_pid and nlmsg_seq.
// - qbg/vdp.c vdp_status / qbg/vdp22.c vdp22_status: entry number i of a LIST_INSERT_HEAD list
//   (newest first); an answered VSI_EXIT / VDP22_DELETE_ME entry is removed as it is reported,
//   so the entry after it is skipped in that reply.
// - libvirt src/util/virnetdevvportprofile.c virNetDevVPortProfileGetStatus, lldpad branch
//   (vf PORT_SELF_VF, nltarget_kernel false): no tb[IFLA_VF_PORTS] → "IFLA_VF_PORTS is
//   missing"; no IFLA_VF_PORT with the instance UUID and IFLA_PORT_VF → "Could not find
//   netlink response with expected parameters".
// - qbg/vdp.c vdp_vsi_sm_station VSI_EXIT (no_nlmsg, no ack, ackTimer expired): the profile is
//   removed without a netlink message, 1 ms + 3 s after the request (VDP_ACK_TIMER_DEFAULT).
import { describe, expect, it } from 'vitest';
import type { Step, Trace } from '../../src/engine/sim/types';
import { readVfPorts, walkVfPorts, PORT_SELF_VF } from '../../src/engine/devices/vdp/station/getlink';
import { loadJson, run } from './run';

const UUID1 = 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90';
const UUID2 = 'b1b2c3d4-e5f6-0718-293a-4b5c6d7e8f91';
const MISSING = 'IFLA_VF_PORTS is missing';
const NOT_FOUND = 'Could not find netlink response with expected parameters';

type Nl = { msg: string; result?: string; guest?: string; reply?: string };
const nl = (s: Step) => (s.detail as { netlink?: Nl } | undefined)?.netlink;
const getlinks = (t: Trace, guest: string) =>
  t.steps.filter((s) => nl(s)?.msg === 'RTM_GETLINK' && nl(s)?.guest === guest);
const verdict = (t: Trace, guest: string) =>
  t.steps.filter((s) => s.node === 'hostA' && s.kind === 'state' && s.decision.includes(guest)).at(-1)?.decision ?? '';

/** VDP 0.2, the switch hears nothing after `lossAt`: vm1's request is never answered. */
function unanswered02(withVm2: boolean): Trace {
  const j: any = structuredClone(loadJson('src/scenarios/vdp/vdp02-associate.json'));
  const host = j.nodes.find((n: any) => n.id === 'hostA');
  const vm1 = host.config.guests[0];
  host.config.guests.push({ ...vm1, name: 'vm2', mac: '52:54:00:12:34:57', ip: '10.0.0.11', uuid: UUID2 });
  j.traffic = [
    ...(withVm2 ? [{ at: '20ms', node: 'hostA', command: 'start-guest', args: { guest: 'vm2' } }] : []),
    { at: '400ms', node: 'hostA', command: 'start-guest', args: { guest: 'vm1' } },
  ];
  j.faults = [{ at: '300ms', link: 'wireA', action: 'impair', loss: 1 }];
  j.expect = [];
  j.until = '4s';
  return run(j);
}

describe('lldpad reply walk (vdpnl_getlink over vdp_status / vdp22_status)', () => {
  it('an answered finished entry is removed as it is listed, so the one after it is skipped', () => {
    const q = [
      { uuid: 'new', done: true },
      { uuid: 'mid', done: false },
      { uuid: 'old', done: false },
    ];
    const ports = walkVfPorts(q, (x) => ({ port: { uuid: x.uuid, vf: PORT_SELF_VF, response: 0 }, removed: x.done }));
    expect(ports.map((p) => p.uuid)).toEqual(['new', 'old']);
    expect(readVfPorts(ports, 'mid')).toEqual({ kind: 'not-found', entries: 2 });
    expect(readVfPorts([], 'mid')).toEqual({ kind: 'missing' });
  });
});

describe('item 6: what libvirt says when its VSI is gone (VDP 0.2, unanswered request)', () => {
  it('alone on the interface: the empty IFLA_VF_PORTS nest is dropped, "IFLA_VF_PORTS is missing"', () => {
    const t = unanswered02(false);
    const polls = getlinks(t, 'vm1');
    const last = polls.at(-1)!;
    expect(nl(last)?.result).toBe('missing');
    expect(last.decision).toContain(`"${MISSING}"`);
    expect(nl(last)?.reply).toContain('IFLA_VF_PORTS dropped');
    // The profile leaves 1 ms + 3 s after the request at 400 ms, at 3.401 s; libvirt polls at
    // 400 ms + k x 125 ms (first at once), so the one at 3.4 s still lists it and 3.525 s does not.
    expect(last.time).toBe(3_525_000_000);
    expect(polls.slice(0, -1).every((s) => nl(s)?.result === 'in progress')).toBe(true);
    expect(verdict(t, 'vm1')).toContain(MISSING);
    expect(verdict(t, 'vm1')).not.toContain('Could not find');
  });

  it('with vm2 still listed: "Could not find netlink response with expected parameters"', () => {
    const t = unanswered02(true);
    const last = getlinks(t, 'vm1').at(-1)!;
    expect(nl(last)?.result).toBe('not found');
    expect(last.decision).toContain(`"${NOT_FOUND}"`);
    expect(nl(last)?.reply).toContain(`IFLA_PORT_INSTANCE_UUID ${UUID2}, IFLA_PORT_VF -1`);
    expect(nl(last)?.reply).not.toContain(UUID1);
    expect(verdict(t, 'vm1')).toContain(NOT_FOUND);
  });
});
