// State keys tests and lessons can ask about (issue #16 item 9): ECP statistics on every ECP
// instance, VDP-2012's NLCMD/NOTIFY flags and keep-alive deadline. The VDP 0.2 profile flags
// and deadlines are checked in vdp02-timing.test.ts.
import { describe, expect, it } from 'vitest';
import { StateIndex } from '../../src/engine/sim/state-index';
import type { Step } from '../../src/engine/sim/types';
import { failingExpectations, loadJson, run } from './run';

const base = (): any => structuredClone(loadJson('src/scenarios/vdp/associate.json'));
const netlink = (s: Step) => (s.detail as { netlink?: { msg: string } } | undefined)?.netlink?.msg;

describe('VDP-2012 station: NLCMD, NOTIFY, keep-alive deadline', () => {
  const j = base();
  j.expect = [];
  const t = run(j, 100e6);
  const idx = new StateIndex(t);
  const vsi = (i: number) => idx.at(i).get('hostA/vsi/vm1') as Record<string, unknown>;

  it('NLCMD is set by the netlink command and cleared by the first GETLINK poll', () => {
    // qbg/vdp22.c vdp22_alloc_vsi: flags = VDP22_BUSY | VDP22_NLCMD; copy_vsi (every GETLINK
    // reply): flags &= ~VDP22_NLCMD. libvirt polls at once after the SETLINK reply.
    const reply = t.steps.find((s) => s.node === 'hostA' && netlink(s) === 'NLMSG_ERROR')!;
    const poll = t.steps.find((s) => s.node === 'hostA' && netlink(s) === 'RTM_GETLINK')!;
    expect(vsi(reply.index)).toMatchObject({ nlcmd: true, notify: false });
    expect(vsi(poll.index)).toMatchObject({ nlcmd: false, notify: false });
  });

  it('keepaliveAt is reinitKeepAlive (10 us x 2^20) after the move that starts it', () => {
    const start = t.steps.find(
      (s) =>
        s.node === 'hostA' &&
        (s.detail as { timers?: { name: string }[] } | undefined)?.timers?.some((x) => x.name === 'reinitKeepAlive'),
    )!;
    expect(start).toBeDefined();
    const last = t.steps.filter((s) => s.time <= start.time).length - 1;
    expect(vsi(last).keepaliveAt).toBe(start.time + 10_485_760_000);
  });

  it('ECP statistics after T01: A1 and the ACK A4 out, A2 and A3 in', () => {
    const k = base();
    k.until = '100ms';
    k.expect = [
      { state: 'hostA/ecp/stats', equals: { framesOut: 2, framesIn: 2, retries: 0, txErrors: 0, rxErrors: 0 } },
      { state: 'sw/p1/ecp/stats', equals: { framesOut: 2, framesIn: 2, retries: 0, txErrors: 0, rxErrors: 0 } },
    ];
    expect(failingExpectations(k)).toEqual([]);
  });

  it('ECP statistics count retransmissions and the give-up (ECP-2012: maxRetries 3, so 4 sends)', () => {
    const k = base();
    k.faults = [{ at: '0.5ms', link: 'wireA', action: 'impair', loss: 1 }];
    k.until = '100ms';
    k.expect = [
      { state: 'hostA/ecp/stats', equals: { framesOut: 4, framesIn: 0, retries: 3, txErrors: 1, rxErrors: 0 } },
    ];
    expect(failingExpectations(k)).toEqual([]);
  });
});
