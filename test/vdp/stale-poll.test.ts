// The stale first poll and lldpad's unsolicited DISASSOCIATE (issue #16 item 1, scenario
// stale-poll, lesson vdp-07). Times and orders come from the sources, not from the engine:
// - libvirt src/util/virnetdevvportprofile.c virNetDevVPortProfileOpCommon: RTM_SETLINK, then
//   `while (--repeats >= 0) { virNetDevLinkDump; GetStatus; if SUCCESS (0x100) or
//   PORT_VDP_RESPONSE_SUCCESS (0) break; ... usleep(STATUS_POLL_INTERVL_USEC); }`: the first
//   read comes at once; with setlink_only it returns after the SETLINK and never reads.
// - openlldp qbg/vdp22sm.c vdp22_modvsi: a command on a known VSI sets vsi_mode, localchg and
//   BUSY | NLCMD and leaves `status` alone; qbg/vdp22.c copy_vsi reports `status` as
//   IFLA_PORT_RESPONSE and clears NLCMD; vdp22_alloc_vsi_int starts a VSI with status
//   VDP22_RESP_NONE (255), cc_vsi_mode DEASSOC and BUSY | NLCMD.
// - qbg/vdp22sm.c vdp22_bridge_info: status = get_error(TLV status) (0x42 → 2); NOTIFY when
//   cc_vsi_mode != DEASSOC and (response DEASSOC or bad_error) and !NLCMD; the machine goes
//   STATION_PROCWAIT_2 → END; vdp22st_end calls vdp22_nlback when NOTIFY: vdp22_back sends
//   (vdpnl_send: RTM_SETLINK, IFLA_PORT_REQUEST vsi_mode - 1 = 3 DISASSOCIATE) and then
//   deletes the VSI (vdp22_listdel_vsi).
// - qbg/vdp22.c vdp22_from_ecp22: the VDP payload is parsed in a 2 ms event-loop timeout.
// - libvirt src/qemu/qemu_migration.c qemuMigrationDstVPAssociatePortProfiles: Finish
//   associates (MIGRATE_IN_FINISH, polled) and then registers the netlink callback with
//   VIR_NETDEV_VPORT_PROFILE_OP_CREATE; src/util/virnetdevmacvlan.c
//   virNetDevMacVLanVPortProfileCallback re-sends virNetDevVPortProfileAssociate(calld->vmOp,
//   setlink_only = true), and virNetDevVPortProfileAssociate maps every vmOp but
//   MIGRATE_IN_START to ASSOCIATE.
// The wire: the scenario's 5 µs links at 1 Gbit/s (frame padded to 60 octets, + FCS 4,
// preamble 8, gap 12); the switch (behaviour "standard") answers in the run that takes the
// request, its ACK leaving before its answer on the same wire.
import { describe, expect, it } from 'vitest';
import type { Step, Trace } from '../../src/engine/sim/types';
import { loadJson, run } from './run';

const MS = 1e6;
const LINK = 5e-3; // ms
const wire = (len: number): number => ((Math.max(len, 60) + 24) * 8) / 1e6; // ms
const ECPDU = 14 + 4 + 53; // Ethernet, ECP-2012 header, Manager-ID TLV + VSI TLV
const ACK = 18;
const HANDOFF = 2; // ms: vdp22_from_ecp22's timeout
const PORT_REQUEST_DISASSOCIATE = 3;
/** One request's round trip to the switch and back into lldpad's VDP code. */
const ROUND = wire(ECPDU) + LINK + wire(ACK) + wire(ECPDU) + LINK + HANDOFF;
const FINISH = 2000; // ms: the scenario's migrate-in-finish

type Nl = { msg: string; poll?: number; response?: number; result?: string; stale?: boolean; requestName?: string };
const nl = (s: Step) => (s.detail as { netlink?: Nl } | undefined)?.netlink;
const vsi = (s: Step) => (s.detail as { vsi?: { notify: boolean; nlcmd: boolean; status: number } } | undefined)?.vsi;
const onB = (t: Trace) => t.steps.filter((s) => s.node === 'hostB');
const ms = (s: Step) => s.time / MS;

function scenario(): Trace {
  const j: any = structuredClone(loadJson('src/scenarios/vdp/stale-poll.json'));
  j.expect = [];
  return run(j);
}

describe('a re-ASSOCIATE on a VSI lldpad already has (migration Finish)', () => {
  const t = scenario();
  const b = onB(t);
  const polls = b.filter((s) => nl(s)?.msg === 'RTM_GETLINK');
  const ended = b.filter((s) => s.source === 'lldpad vdp22st_end');
  const deliveries = b.filter((s) => s.kind === 'deliver' && s.source.includes('vdp22_bridge_info'));

  it('the first poll comes at once and reads the PREASSOC answer (0): success before the switch answers', () => {
    const first = polls.filter((s) => ms(s) >= FINISH)[0];
    expect(ms(first)).toBe(FINISH);
    expect(nl(first)).toMatchObject({ poll: 1, response: 0, stale: true, result: 'success' });
    // the PREASSOC's own first poll found no answer yet (status 255: no IFLA_PORT_RESPONSE)
    expect(nl(polls[0])).toMatchObject({ poll: 1, result: 'in progress' });
    expect(nl(polls[0])?.stale).toBeUndefined();
    // libvirt's verdict is in the same instant, before lldpad has any answer to this ASSOCIATE
    const running = b.find((s) => s.kind === 'state' && ms(s) === FINISH && /vm1 is running/.test(s.decision));
    expect(running).toBeDefined();
    expect(ms(deliveries.find((s) => ms(s) > FINISH)!)).toBeGreaterThan(FINISH);
  });

  it('no poll follows the success: the loop broke at its first pass', () => {
    expect(polls.filter((s) => ms(s) > FINISH)).toEqual([]);
  });

  it("the switch's DEASSOC 0x42 reaches lldpad's VDP one round trip plus 2 ms later, and NOTIFY is set", () => {
    const answer = deliveries.find((s) => ms(s) > FINISH)!;
    expect(ms(answer)).toBeCloseTo(FINISH + ROUND, 6);
    expect(ended[0].time).toBe(answer.time);
    expect(vsi(ended[0])).toEqual({ guest: 'vm1', status: 2, notify: true, nlcmd: false });
  });

  it('then, in order: the unsolicited RTM_SETLINK DISASSOCIATE, the VSI deleted, libvirt re-sends ASSOCIATE unpolled', () => {
    const i = t.steps.indexOf(ended[0]);
    const sent = t.steps.findIndex((s, k) => k > i && s.node === 'hostB' && s.source.includes('vdpnl_send'));
    expect(sent).toBeGreaterThan(i);
    expect(t.steps[sent].decision).toContain(`IFLA_PORT_REQUEST ${PORT_REQUEST_DISASSOCIATE} (DISASSOCIATE)`);
    // vdp22_back deletes the VSI in the same call: the key is gone by the notification's step
    const vsiKey = t.steps[sent].changes?.filter((c) => c.key === 'hostB/vsi/vm1').at(-1);
    expect(vsiKey).toBeDefined();
    expect(vsiKey!.before).toMatchObject({ state: 'END', deleteMe: true });
    expect(vsiKey!.after).toBeUndefined();
    const resend = t.steps.findIndex(
      (s, k) => k > sent && s.node === 'hostB' && nl(s)?.msg === 'RTM_SETLINK' && nl(s)?.requestName === 'ASSOCIATE',
    );
    expect(resend).toBeGreaterThan(sent);
    expect(t.steps[resend].time).toBe(ended[0].time);
  });

  it('the re-sent ASSOCIATE is refused one round trip later, and this time nobody is told', () => {
    expect(ended).toHaveLength(2);
    expect(ms(ended[1])).toBeCloseTo(ms(ended[0]) + ROUND, 6);
    expect(vsi(ended[1])).toEqual({ guest: 'vm1', status: 2, notify: false, nlcmd: true });
    expect(b.filter((s) => s.source.includes('vdpnl_send'))).toHaveLength(1);
  });
});

describe('the same refusal on a new VSI (a plain start)', () => {
  it('no NOTIFY (cc_vsi_mode is DEASSOC): libvirt learns the error from its second poll', () => {
    const j: any = structuredClone(loadJson('src/scenarios/vdp/associate.json'));
    j.nodes.find((n: any) => n.id === 'sw').config.types[0].answer = 'deassoc';
    j.nodes.find((n: any) => n.id === 'sw').config.types[0].error = 2;
    j.traffic = [{ at: '1ms', node: 'hostA', command: 'start-guest', args: { guest: 'vm1' } }];
    j.expect = [];
    j.until = '300ms';
    const t = run(j);
    const polls = t.steps.filter((s) => s.node === 'hostA' && nl(s)?.msg === 'RTM_GETLINK');
    expect(polls.map((s) => nl(s)?.result)).toEqual(['in progress', 'error']);
    expect(polls.map(ms)).toEqual([1, 1 + 125]);
    expect(nl(polls[1])?.response).toBe(2);
    const end = t.steps.find((s) => s.source === 'lldpad vdp22st_end')!;
    // poll 1 cleared NLCMD, but the VSI never had a confirmed mode
    expect(vsi(end)).toMatchObject({ notify: false, nlcmd: false });
    expect(t.steps.filter((s) => s.source.includes('vdpnl_send'))).toEqual([]);
  });
});
