// What libvirt sees when lldpad is not running, and ECP refusing VDP's payload (txmit_error),
// issue #16 item 8. Values from the sources, not from the engine:
// - libvirt src/util/virnetdevvportprofile.c virNetDevVPortProfileOpSetLink: for 802.1Qbg the
//   destination is virNetDevVPortProfileGetLldpadPid(); pid 0 → no message, rc -1.
//   virNetDevVPortProfileGetLldpadPid: open(LLDPAD_PID_FILE) fails → virReportSystemError(errno,
//   "Error opening file %s") → ENOENT (2) when the file is gone. openlldp lldpad.c unlinks
//   PID_FILE (include/lldpad.h "/var/run/lldpad.pid") on its way out; a killed lldpad leaves it.
// - libvirt src/util/virnetlink.c virNetlinkSendRequest: nl_send_auto_complete < 0 →
//   "cannot send to netlink socket" with errno; Linux net/netlink/af_netlink.c netlink_unicast →
//   netlink_getsockbyportid: no socket with that port id → -ECONNREFUSED (111).
// - virNetDevVPortProfileOpCommon: OpSetLink < 0 → "sending of PortProfileRequest failed.",
//   return before the poll loop.
// - openlldp qbg/ecp22.c ecp22_req2send: -ENOMEM, -E2BIG, -ENODEV; qbg/vdp22sm.c
//   vdp22st_process: txmit_error = modules_notify(...), the ack timer only when it is 0;
//   STATION_PROCWAIT: txmit_error → END; vdp22st_end sets DELETE_ME; qbg/vdp22.c vdp22_status
//   removes a DELETE_ME VSI only when its response is not VDP22_RESP_NONE (255), and
//   vdpnl_reply2 omits IFLA_PORT_RESPONSE for 255, which libvirt reads as in progress;
//   vdp22_modvsi on a DELETE_ME VSI: -ENODEV.
// - libvirt: 80 passes (STATUS_POLL_TIMEOUT_USEC / STATUS_POLL_INTERVL_USEC = 10 s / 125 ms),
//   each read then sleep; still in progress → "port-profile setlink timed out".
import { describe, expect, it } from 'vitest';
import type { Step, Trace } from '../../src/engine/sim/types';
import { loadJson, run } from './run';

const MS = 1e6;
type Nl = { msg: string; sent?: boolean; result?: string };
const nl = (s: Step) => (s.detail as { netlink?: Nl } | undefined)?.netlink;
const ret = (s: Step) => (s.detail as { returns?: { errno: number } } | undefined)?.returns?.errno;

function start(file: string, config: Record<string, unknown>, traffic: unknown[], until = '1s'): Trace {
  const j: any = structuredClone(loadJson(`src/scenarios/vdp/${file}.json`));
  Object.assign(j.nodes.find((n: any) => n.id === 'hostA').config, config);
  j.traffic = traffic;
  j.expect = [];
  j.until = until;
  return run(j);
}
const startVm1 = (at = '1ms') => ({ at, node: 'hostA', command: 'start-guest', args: { guest: 'vm1' } });
const verdict = (t: Trace) =>
  t.steps.filter((s) => s.node === 'hostA' && s.kind === 'state' && /vm1/.test(s.decision)).at(-1)!;

describe('lldpad not running', () => {
  for (const file of ['associate', 'vdp02-associate'])
    it(`${file}: no pid file → ENOENT, nothing sent, "sending of PortProfileRequest failed.", no poll`, () => {
      const t = start(file, { lldpad: 'stopped' }, [startVm1()]);
      const a = t.steps.filter((s) => s.node === 'hostA' && nl(s));
      expect(a).toHaveLength(1);
      expect(ret(a[0])).toBe(-2);
      expect(nl(a[0])).toMatchObject({ msg: 'RTM_SETLINK', sent: false });
      expect(a[0].decision).toContain('Error opening file /var/run/lldpad.pid: No such file or directory');
      expect(t.steps.some((s) => nl(s)?.msg === 'RTM_GETLINK')).toBe(false);
      // no lldpad, no ECP: not even VDP 0.2's start-up ECPDU (ecp_init) leaves the station
      expect(t.steps.filter((s) => s.node === 'hostA' && s.kind === 'inject')).toEqual([]);
      const v = verdict(t);
      expect(v.decision).toContain('sending of PortProfileRequest failed.');
      expect(v.time).toBe(1 * MS);
      expect(t.steps.filter((s) => s.node === 'hostA' && (s.detail as any)?.ecp?.op === 'REQ')).toEqual([]);
    });

  it('a killed lldpad (stale pid file): the send is refused with ECONNREFUSED (-111), same verdict', () => {
    const t = start('associate', { lldpad: 'crashed' }, [startVm1()]);
    const refused = t.steps.find((s) => s.node === 'hostA' && ret(s) !== undefined)!;
    expect(ret(refused)).toBe(-111);
    expect(nl(refused)?.sent).toBe(true);
    expect(refused.decision).toContain('cannot send to netlink socket: Connection refused');
    expect(verdict(t).decision).toContain('sending of PortProfileRequest failed.');
    expect(t.steps.some((s) => nl(s)?.msg === 'RTM_GETLINK')).toBe(false);
  });
});

describe('ECP refuses the payload (txmit_error)', () => {
  const t = start(
    'associate',
    {},
    [{ at: '1ms', node: 'hostA', command: 'ecp-refuse', args: { errno: 'ENOMEM' } }, startVm1('2ms'), startVm1('11s')],
    '12s',
  );
  const a = t.steps.filter((s) => s.node === 'hostA');

  it('the VSI ends in the same instant, nothing goes on the wire, no ack timer runs', () => {
    const refusal = a.find((s) => (s.detail as any)?.txmitError !== undefined)!;
    expect((refusal.detail as any).txmitError).toBe(-12);
    expect(refusal.time).toBe(2 * MS);
    const end = a.find((s) => s.source === 'lldpad vdp22st_end')!;
    expect(end.time).toBe(2 * MS);
    expect((end.detail as any).vsi).toMatchObject({ notify: false, status: 255 });
    expect(a.filter((s) => (s.detail as any)?.ecp?.op === 'REQ')).toEqual([]);
  });

  it('status 255 keeps the VSI listed without a response: 80 polls "in progress", then timed out 10 s after the request', () => {
    const polls = a.filter((s) => nl(s)?.msg === 'RTM_GETLINK');
    expect(polls).toHaveLength(80);
    expect(new Set(polls.map((p) => nl(p)?.result))).toEqual(new Set(['in progress']));
    expect(polls[79].time / MS).toBeCloseTo(2 + 79 * 125, 9);
    const out = a.find((s) => (s.detail as any)?.netlink?.msg === 'timeout')!;
    expect(out.time / MS).toBeCloseTo(2 + 80 * 125, 9);
    expect(ret(out)).toBe(-2);
  });

  it('a later request for the same VSI key: -ENODEV (DELETE_ME)', () => {
    const errs = a.filter((s) => nl(s)?.msg === 'NLMSG_ERROR').map((s) => (s.detail as any).netlink.errno);
    expect(errs).toEqual([0, -19]);
  });
});
