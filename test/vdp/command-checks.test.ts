// Command checks and their codes (issue #16 item 7), each value from openlldp master 00b3c78:
// - qbg/vdp22.c vdp22_request: no VDP22 on the interface -ENODEV; !evbon -EPROTONOSUPPORT;
//   myrole == VDP22_BRIDGE -EOPNOTSUPP; then vdp22_alloc_vsi_int: check_vsinl (check_vsiid:
//   is_zeroes(vsi_uuid, sizeof(vsi_uuid)) with vsi_uuid a pointer tests 8 octets;
//   check_vsirequest; check_filterfmt) and filter_ok (check_vid: 0 or 2..4094; check_mac;
//   formats 3 and 4 only with `gpid`, lldp_evb22.c: BGID && SGID), all -EINVAL; then
//   qbg/vdp22sm.c vdp22_addreq: DEASSOC of an unknown VSI -EINVAL, BUSY -EBUSY.
// - qbg/vdp.c vdp_request (VDP 0.2): !vdpbit_on ("has VDP disabled") -ENXIO, before anything.
// - qbg/vdp22_cmds.c: set_arg_vsi2 returns -EINVAL itself when vdptool counted no filter;
//   set_arg_vsi3: vdp_str2vdpnl failure → get_vdp22_retval(-EINVAL); ifok: vdp22_info's
//   -EOPNOTSUPP → cmd_not_applicable; get_vdp22_retval: 0 cmd_success, -EPROTONOSUPPORT
//   cmd_vdp_prot_no_support, -EOPNOTSUPP cmd_not_capable, -EINVAL cmd_bad_params, -ENOMEM
//   cmd_vdp_nomem, -EBUSY cmd_vdp_busy, -ENODEV cmd_device_not_found, else cmd_failed.
// - include/lldpad_status.h: cmd_success 0 … cmd_bad_params 5 … cmd_not_capable 8,
//   cmd_not_applicable 9 … cmd_max_status 12; include/qbg_vdp22_clif.h: cmd_vdp_prot_no_support
//   = cmd_max_status + 1 = 13, cmd_vdp_nomem 14, cmd_vdp_busy 15. ctrl_iface.c writes the
//   status as two hex digits of its low byte: -22 → 0xea.
// - vdptool.c print_status / print_vdp_status: the words vdptool prints.
// - qbg/vdp_ascii.c: getmode (a digit d is stored as VDP22 mode (d + 1) - 1 = d, nl_version 1;
//   vdp22_request adds 1 only for netlink), getfid (vlan, vlan-mac, vlan--group,
//   vlan-mac-group → formats 1..4; group 1..2^32-1), getnumber (strtol base 0, range),
//   getmgr2id (hex → octets, else 1..15 alphanumerics), str2vdpnl (missing keys only logged).
import { describe, expect, it } from 'vitest';
import type { Step, Trace } from '../../src/engine/sim/types';
import { parseVdptoolArgs } from '../../src/engine/devices/vdp/station/vdptool-args';
import { loadJson, run } from './run';

const UUID = 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90';
const MAC = '52:54:00:12:34:56';
const ID = ['mgrid2=01', 'typeid=0x123456', 'typeidver=1', `uuid=${UUID}`, 'hints=none'];
const EINVAL = -22;

type Clif = { status: number; statusName: string; text: string; errno?: number };
const clif = (s: Step) => (s.detail as { clif?: Clif } | undefined)?.clif;
const answers = (t: Trace) => t.steps.filter((s) => clif(s)?.statusName !== undefined).map((s) => clif(s)!);

function station(config: Record<string, unknown>, traffic: unknown[], file = 'associate'): Trace {
  const j: any = structuredClone(loadJson(`src/scenarios/vdp/${file}.json`));
  Object.assign(j.nodes.find((n: any) => n.id === 'hostA').config, config);
  j.traffic = traffic.map((t, i) => ({ at: `${i + 1}ms`, node: 'hostA', ...(t as object) }));
  j.expect = [];
  j.until = '60ms';
  return run(j);
}
const vdptool = (c: string[]) => ({ command: 'vdptool', args: { c } });
const assoc = (filter: string, mode = 'mode=assoc') => vdptool([mode, ...ID, `filter=${filter}`]);

describe('vdptool through lldpad clif: the status byte and what vdptool prints', () => {
  it('no filter argument: set_arg_vsi2 returns -EINVAL as the status, 0xea, "Unknown status"', () => {
    const [a] = answers(station({}, [vdptool(['mode=assoc', ...ID])]));
    expect(a).toMatchObject({ status: 0xea, text: 'Unknown status', errno: EINVAL });
  });

  it('values lldpad cannot read, refused checks and an unknown DEASSOC: cmd_bad_params (5), "Invalid parameters"', () => {
    const t = station({}, [
      assoc(`100-${MAC}`, 'mode=associate'), // getmode
      vdptool(['mode=assoc', 'mgrid2=01', 'typeid=0x1000000', 'typeidver=1', `uuid=${UUID}`, `filter=100-${MAC}`]),
      vdptool([
        'mode=assoc',
        'mgrid2=abcdefghijklmnop',
        'typeid=1',
        'typeidver=1',
        `uuid=${UUID}`,
        `filter=100-${MAC}`,
      ]),
      assoc(`100-${MAC}-0`), // group 0: getnumber(1, ~0U)
      assoc(`100-${MAC}-7`), // format 4 without agreed group IDs (filter_ok, gpid 0)
      assoc(`1-${MAC}`), // check_vid: VID 1
      assoc(`100-01:00:5e:00:00:01`), // check_mac: multicast
      vdptool(['mode=assoc', ...ID.slice(0, 3), 'uuid=0000000000000000ffffffffffffffff', `filter=100-${MAC}`]),
      assoc(`100-${MAC}`, 'mode=0'), // mode 0 through clif
      assoc(`100-${MAC}`, 'mode=deassoc'), // vdp22_addreq: DEASSOC of a VSI it does not know
    ]);
    const a = answers(t);
    expect(a).toHaveLength(10);
    for (const x of a) expect(x).toMatchObject({ status: 5, statusName: 'cmd_bad_params', text: 'Invalid parameters' });
  });

  it('a request while the VSI is BUSY: cmd_vdp_busy (15), "VSI association in progress"', () => {
    const a = answers(station({}, [assoc(`100-${MAC}`), assoc(`100-${MAC}`)]));
    expect(a.map((x) => x.status)).toEqual([0, 15]);
    expect(a[1].text).toBe('VSI association in progress');
    expect(a[0].text).toBe('Successful');
  });

  it('lldpad in the bridge role: ifok answers cmd_not_applicable (9) before any request', () => {
    const t = station({ vdpRole: 'bridge' }, [assoc(`100-${MAC}`)]);
    expect(answers(t)).toEqual([expect.objectContaining({ status: 9, text: 'Command not applicable' })]);
    expect(t.steps.some((s) => s.node === 'hostA' && (s.detail as any)?.ecp)).toBe(false);
  });

  it('EVB TLV not transmitted (evbon 0): -EPROTONOSUPPORT → cmd_vdp_prot_no_support (13)', () => {
    const [a] = answers(station({ evbOn: false }, [assoc(`100-${MAC}`)]));
    expect(a).toMatchObject({ status: 13, errno: -93, text: 'VDP protocol not supported on interface' });
  });

  it('group IDs agreed: vlan-mac-group is filter format 4, and the VSI TLV carries the group', () => {
    const t = station({ groupIds: true }, [assoc(`100-${MAC}-7`)]);
    expect(answers(t)[0].status).toBe(0);
    const tx = t.steps.find((s) => s.node === 'hostA' && s.kind === 'inject' && (s.detail as any)?.ecp?.op === 'REQ')!;
    const b = t.frames[tx.frame!];
    // Ethernet 14 + ECP 4 + Manager-ID TLV 18; the VSI TLV's fif is its 25th octet after the 2-octet header
    const vsi = 14 + 4 + 18;
    expect(b[vsi + 2 + 22]).toBe(4);
    // one entry: group ID (4), MAC (6), PS/PCP/VID (2)
    const e = vsi + 2 + 25;
    expect((b[e] << 24) | (b[e + 1] << 16) | (b[e + 2] << 8) | b[e + 3]).toBe(7);
    expect(((b[e + 10] << 8) | b[e + 11]) & 0xfff).toBe(100);
  });

  it('a one-digit mode counts from the netlink numbering minus one: "2" is PREASSOC_RR, not ASSOCIATE', () => {
    const p = parseVdptoolArgs(['mode=2', ...ID, `filter=100-${MAC}`]);
    expect(p.ok && p.vsi.mode).toBe(2);
    const t = station({}, [assoc(`100-${MAC}`, 'mode=2')]);
    const tx = t.steps.find((s) => s.node === 'hostA' && s.kind === 'inject' && (s.detail as any)?.ecp?.op === 'REQ')!;
    const b = t.frames[tx.frame!];
    expect(b[14 + 4 + 18] >> 1).toBe(2); // TLV type 2: PREASSOC_RR
    // nl_version 1: the manager ID is the one-byte vsi_mgrid, which vdptool never sets
    expect([...b.subarray(14 + 4 + 2, 14 + 4 + 18)].every((x) => x === 0)).toBe(true);
  });

  it('missing mandatory keys are only logged: without typeid and typeidver the request goes on with 0', () => {
    const p = parseVdptoolArgs(['mode=assoc', 'mgrid2=01', `uuid=${UUID}`, `filter=100-${MAC}`]);
    expect(p.ok && p.vsi.missing).toEqual(['typeid', 'typeidver']);
    expect(p.ok && [p.vsi.typeId, p.vsi.typeVersion]).toEqual([0, 0]);
  });

  it('filter strings: vlan, vlan-mac, vlan--group, vlan-mac-group; QoS above the VID', () => {
    const f = (x: string) => {
      const p = parseVdptoolArgs(['mode=assoc', ...ID, `filter=${x}`]);
      return p.ok
        ? { fif: p.vsi.fif, ...p.vsi.filters[0], mac: p.vsi.filters[0].mac && [...p.vsi.filters[0].mac] }
        : p.why;
    };
    expect(f('100')).toEqual({ fif: 1, vlan: 100, mac: undefined });
    expect(f(`100-${MAC}`)).toMatchObject({ fif: 2, vlan: 100, mac: [0x52, 0x54, 0, 0x12, 0x34, 0x56] });
    expect(f('100--9')).toMatchObject({ fif: 3, vlan: 100, groupId: 9, mac: undefined });
    expect(f(`0x3064-${MAC}-4294967295`)).toMatchObject({ fif: 4, vlan: 0x3064, groupId: 4294967295 });
    expect(typeof f('65536')).toBe('string');
    expect(typeof f(`100-${MAC}-4294967296`)).toBe('string');
    // two filters of different formats, and the same MAC twice, are refused
    const two = (a: string, b: string) => parseVdptoolArgs(['mode=assoc', ...ID, `filter=${a}`, `filter=${b}`]).ok;
    expect(two(`100-${MAC}`, '200')).toBe(false);
    expect(two(`100-${MAC}`, `200-${MAC}`)).toBe(false);
    expect(two(`100-${MAC}`, '200-52:54:00:12:34:57')).toBe(true);
  });
});

describe('the netlink path (libvirt) meets the same checks', () => {
  const setlinkErrno = (t: Trace) =>
    t.steps.find((s) => s.node === 'hostA' && (s.detail as any)?.netlink?.msg === 'NLMSG_ERROR')?.detail as any;

  it('VDP22 in the bridge role: NLMSG_ERROR -EOPNOTSUPP (-95)', () => {
    const t = station({ vdpRole: 'bridge' }, [{ command: 'start-guest', args: { guest: 'vm1' } }]);
    expect(setlinkErrno(t).netlink.errno).toBe(-95);
  });

  it('VDP22 with the EVB TLV off: -EPROTONOSUPPORT (-93), checked before the role', () => {
    const t = station({ evbOn: false, vdpRole: 'bridge' }, [{ command: 'start-guest', args: { guest: 'vm1' } }]);
    expect(setlinkErrno(t).netlink.errno).toBe(-93);
  });

  it('VDP 0.2 without VDP enabled by the EVB 0.2 exchange: -ENXIO (-6) for every request', () => {
    const t = station(
      { evbOn: false },
      [
        { command: 'start-guest', args: { guest: 'vm1' } },
        { command: 'port-request', args: { guest: 'vm1', request: 3 } },
      ],
      'vdp02-associate',
    );
    const errs = t.steps.filter((s) => s.node === 'hostA' && (s.detail as any)?.netlink?.msg === 'NLMSG_ERROR');
    expect(errs.map((s) => (s.detail as any).netlink.errno)).toEqual([-6, -6]);
  });
});
