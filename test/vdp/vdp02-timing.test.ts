// VDP 0.2 timing as lldpad's single-threaded event loop runs it (issue #16 items 3, 4, 5, 9).
// Every time and order below is derived from intel/openlldp (HEAD 00b3c78), not from the
// engine's output:
// - include/qbg_vdp.h: VDP_LOCALCHANGE_TIMEOUT 1 ms, VDP_ACK_TIMER_DEFAULT 2 x 500 ms x 3 = 3 s,
//   VDP_KEEPALIVE_TIMER_DEFAULT 10 s; include/qbg_ecp.h: ECP_LOCALCHANGE_TIMEOUT 1 ms,
//   ECP_ACK_TIMER_DEFAULT 500 ms, ECP_MAX_RETRIES 3, ECP_SEQUENCE_NR_START 0.
// - qbg/vdp.c vdp_add_profile → vdp_somethingChangedLocal → vdp_start_localchange_timer: the
//   machine runs 1 ms after the netlink request (vdp_localchange_handler); its *_PROCESSING
//   action calls ecp_somethingChangedLocal (qbg/ecp.c), which registers another 1 ms timeout
//   (ecp_start_localchange_timer), so the ECPDU leaves 2 ms after the request; the VDP ackTimer
//   is registered in the first run (vdp_start_ackTimer), and a later restart only resets the
//   counter the first timeout counts down (vdp_ack_timeout_handler), so EXIT comes 1 ms + 3 s
//   after the request.
// - eloop.c eloop_register_timeout inserts a timeout after those with an equal deadline and
//   eloop_run fires the head first: equal deadlines fire in registration order.
// - qbg/ecp.c ecp_init ends with ecp_somethingChangedLocal(vd, true); ecp_tx_Initialize sets
//   lastSequence := 0 and localChange; ecp_build_ECPDU increments lastSequence before use and
//   appends only profiles with localChange: the empty start-up ECPDU is seq 1, padded to
//   ETH_ZLEN (60), retried at +500 ms and +1 s with new numbers, given up at +1.5 s.
// - qbg/vdp.c vdp_trigger: sleep(1), vdpnl_send, vdp_remove_profile, all inside
//   ecp_rx_ProcessFrame, before ecp_rx_run_sm's RESEND_ACK sends the ECP ACK.
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/sim/event-queue';
import { StateIndex } from '../../src/engine/sim/state-index';
import type { Step, Trace } from '../../src/engine/sim/types';
import { GOLDEN } from './fixture';
import { failingExpectations, loadJson, run } from './run';

const MS = 1_000_000;
const UUID = 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90';
const base = (): any => structuredClone(loadJson('src/scenarios/vdp/vdp02-associate.json'));
const ecp = (s: Step) => (s.detail as { ecp?: { op: string; seq: number } } | undefined)?.ecp;
/** Frames a node puts on the station's wire, in order. */
const wireFrom = (t: Trace, node: string): Step[] =>
  t.steps.filter((s) => s.link?.id === 'wireA' && s.node === node && (s.kind === 'inject' || s.kind === 'transmit'));
const requests = (t: Trace, node = 'hostA') => wireFrom(t, node).filter((s) => ecp(s)?.op === 'REQ');
const acks = (t: Trace, node: string) => wireFrom(t, node).filter((s) => ecp(s)?.op === 'ACK');
const len = (t: Trace, s: Step) => t.frames[s.frame!].length;
const vsiSteps = (t: Trace) =>
  t.steps.filter((s) => s.node === 'hostA' && (s.detail as { sm?: string } | undefined)?.sm === 'vsi/vm1');
const startAt = (j: any, at: string) => {
  j.traffic = [{ at, node: 'hostA', command: 'start-guest', args: { guest: 'vm1' } }];
  j.expect = [];
  return j;
};

describe('equal deadlines fire in registration order (eloop.c eloop_register_timeout)', () => {
  it('the event queue runs events scheduled for the same time in the order they were scheduled', () => {
    const q = new EventQueue();
    const order: string[] = [];
    q.push(5, () => order.push('vdp_localchange_handler'));
    q.push(5, () => order.push('ecp_localchange_handler'));
    q.push(4, () => order.push('earlier'));
    for (let e = q.pop(); e; e = q.pop()) e.run();
    expect(order).toEqual(['earlier', 'vdp_localchange_handler', 'ecp_localchange_handler']);
  });
});

describe('item 3: the two 1 ms local-change hops and the timers they arm', () => {
  // The switch hears nothing from 10 ms on (after the start-up exchange): the request is
  // never answered, so every timer runs out.
  const j = startAt(base(), '20ms');
  j.faults = [{ at: '10ms', link: 'wireA', action: 'impair', loss: 1 }];
  j.until = '3.1s';
  const t = run(j);
  const req = requests(t).filter((s) => s.time >= 20 * MS);

  it('the machine runs 1 ms after the netlink request; the ECPDU leaves 1 ms after that', () => {
    const first = vsiSteps(t).find((s) => (s.detail as { to?: string }).to === 'ASSOC_PROCESSING')!;
    expect(first.time).toBe(21 * MS);
    expect(req[0].time).toBe(22 * MS);
    // seq 1 was the start-up ECPDU; this one carries the VSI TLV (B1's length).
    expect(ecp(req[0])?.seq).toBe(2);
    expect(len(t, req[0])).toBe(GOLDEN.B1.length);
  });

  it('at 22 ms the second VDP run (registered first, in vdp_vsi_set_station_state) comes before the ECP send, and no second ECPDU follows at 23 ms', () => {
    const vdpRun = vsiSteps(t).find((s) => s.time === 22 * MS)!;
    expect(vdpRun).toBeDefined();
    expect(vdpRun.index).toBeLessThan(req[0].index);
    expect(req.filter((s) => s.time < 522 * MS)).toHaveLength(1);
  });

  it('the ECP ackTimer runs from the send: retries with new numbers at 522 and 1022 ms, given up at 1522 ms', () => {
    expect(req.map((s) => [s.time / MS, ecp(s)?.seq])).toEqual([
      [22, 2],
      [522, 3],
      [1022, 4],
    ]);
    const gaveUp = t.steps.find((s) => s.node === 'hostA' && s.source.includes('ECP_MAX_RETRIES'))!;
    expect(gaveUp.time).toBe(1522 * MS);
  });

  it('the VDP ackTimer runs from the first run: EXIT and the silent delete at 3021 ms', () => {
    const exit = vsiSteps(t).find((s) => (s.detail as { to?: string }).to === 'EXIT')!;
    expect(exit.time).toBe(3021 * MS);
    const s = new StateIndex(t);
    const before = t.steps.filter((x) => x.time < 3021 * MS).length - 1;
    expect((s.at(before).get('hostA/vsi/vm1') as { state: string; ackTimerAt: number }).ackTimerAt).toBe(3021 * MS);
    expect(s.at(t.steps.length - 1).get('hostA/vsi/vm1')).toBeUndefined();
  });

  it('state keys: ECP statistics and the profile flags', () => {
    const k = structuredClone(j);
    k.expect = [
      // start-up ECPDU, then three tries of seq 2-4; in: the start-up ACK only.
      { state: 'hostA/ecp02/stats', equals: { framesOut: 4, framesIn: 1, retries: 2, txErrors: 1, rxErrors: 0 } },
      // After the send and before any ACK: localChange set, not transmitted, requested over netlink.
      {
        state: 'hostA/vsi/vm1',
        at: '100ms',
        equals: {
          state: 'ASSOC_PROCESSING',
          mode: 'ASSOC',
          response: 255,
          localChange: true,
          ackReceived: false,
          txmit: false,
          noNlmsg: true,
          ackTimerAt: 3021 * MS,
          keepaliveAt: null,
        },
      },
    ];
    expect(failingExpectations(k)).toEqual([]);
  });
});

describe('item 3: the keep-alive is armed in the run that handles the bridge answer', () => {
  const j = startAt(base(), '20ms');
  j.until = '10.1s';
  const t = run(j);
  const assoc = vsiSteps(t).find((s) => (s.detail as { to?: string }).to === 'ASSOCIATED')!;

  it('keepaliveAt is 10 s after the answer; the keep-alive ECPDU leaves 1 ms after it expires', () => {
    // ctx.set is recorded with the run's last step.
    const s = new StateIndex(t).at(t.steps.filter((x) => x.time <= assoc.time).length - 1);
    expect((s.get('hostA/vsi/vm1') as { keepaliveAt: number }).keepaliveAt).toBe(assoc.time + 10_000 * MS);
    // vdp_keepalive_timeout_handler runs the machine itself (no VDP hop); ASSOC_PROCESSING asks
    // ECP, whose 1 ms timeout sends.
    const ka = requests(t).filter((x) => x.time > assoc.time + 5_000 * MS);
    expect(ka[0].time).toBe(assoc.time + 10_000 * MS + 1 * MS);
    expect(len(t, ka[0])).toBe(GOLDEN.B1.length);
  });
});

describe('item 4: the ECP 0.2 start-up ECPDU', () => {
  /** The guest asks at `ask`; wireA loses every frame from 0.5 ms until `heal`; the run stops at `until`.
   *  Rows: [ms, ECP seq, frame length] of each station ECPDU. */
  function startupLost(ask: string, heal: string, until: string) {
    const j = startAt(base(), ask);
    j.faults = [
      { at: '0.5ms', link: 'wireA', action: 'impair', loss: 1 },
      { at: heal, link: 'wireA', action: 'impair', loss: 0 },
    ];
    j.until = until;
    const t = run(j);
    const req = requests(t);
    return { t, req, rows: req.map((s) => [s.time / MS, ecp(s)?.seq, len(t, s)]) };
  }

  it('seq 1, empty, 1 ms after start; retried with seq 2 and 3, given up at 1501 ms; the next ECPDU is seq 4', () => {
    const { t, rows } = startupLost('2s', '1.9s', '2.1s');
    expect(rows).toEqual([
      [1, 1, 60],
      [501, 2, 60],
      [1001, 3, 60],
      [2002, 4, GOLDEN.B1.length],
    ]);
    const gaveUp = t.steps.find((s) => s.node === 'hostA' && s.source.includes('ECP_MAX_RETRIES'))!;
    expect(gaveUp.time).toBe(1501 * MS);
  });

  it('a request while the start-up ECPDU waits rides its retry (seq 2 at 501 ms), not a 1 ms hop', () => {
    const { t, req, rows } = startupLost('20ms', '510ms', '1.1s');
    expect(rows).toEqual([
      [1, 1, 60],
      [501, 2, GOLDEN.B1.length],
      [1001, 3, GOLDEN.B1.length],
    ]);
    // B1 as seq 3: byte for byte apart from the sequence number.
    const b1 = Uint8Array.from(GOLDEN.B1);
    b1[22] = 3;
    expect(Array.from(t.frames[req[2].frame!])).toEqual(Array.from(b1));
  });

  it("lldpad's own 0.2 bridge role sends one too; a standard switch does not", () => {
    const j = startAt(base(), '20ms');
    j.until = '10ms';
    expect(requests(run(j), 'sw')).toHaveLength(0);
    j.nodes[1].config.behaviour = 'lldpad';
    const r = requests(run(j), 'sw');
    expect(r.map((s) => [s.time / MS, ecp(s)?.seq, len(run(j), s)])).toEqual([[1, 1, 60]]);
  });
});

describe("item 5: vdp_trigger's sleep(1) when the bridge de-associates", () => {
  const j = startAt(base(), '20ms');
  j.traffic.push(
    { at: '1s', node: 'sw', command: 'deassociate', args: { uuid: UUID } },
    // A netlink request while lldpad sleeps: it waits in the socket. (A DISASSOCIATE: at wake
    // it finds no profile and is stored with response 0, O9, so it changes nothing else.)
    { at: '1.5s', node: 'hostA', command: 'port-request', args: { guest: 'vm1', request: 3 } },
  );
  j.until = '2.2s';
  const t = run(j);
  const deassoc = requests(t, 'sw').find((s) => s.time >= 1_000 * MS)!;
  const took = t.steps.find(
    (s) => s.node === 'hostA' && s.kind === 'state' && s.decision.includes(`request seq ${ecp(deassoc)!.seq} arrived`),
  )!;
  const wake = took.time + 1_000 * MS;
  const stationAcks = acks(t, 'hostA').filter((s) => s.time > took.time - 1);

  it('lldpad sends nothing for 1 s; then the notification, the profile delete, the ECP ACK, in that order', () => {
    expect(wireFrom(t, 'hostA').filter((s) => s.time > took.time && s.time < wake)).toEqual([]);
    const notify = t.steps.find((s) => s.node === 'hostA' && s.source.includes('vdpnl_send'))!;
    const del = t.steps.find((s) => s.node === 'hostA' && s.source.includes('vdp_remove_profile'))!;
    expect([notify.time, del.time, stationAcks[0].time]).toEqual([wake, wake, wake]);
    expect(notify.index).toBeLessThan(del.index);
    expect(del.index).toBeLessThan(stationAcks[0].index);
    expect(ecp(stationAcks[0])?.seq).toBe(ecp(deassoc)?.seq);
  });

  it('the bridge retransmits meanwhile (new seq, 500 ms ackTimer); the held frames are ACKed after wake, in arrival order', () => {
    const retries = requests(t, 'sw').filter((s) => s.time > deassoc.time && s.time < wake);
    expect(retries.map((s) => s.time - deassoc.time)).toEqual([500 * MS, 1_000 * MS]);
    expect(stationAcks.map((s) => ecp(s)?.seq).slice(0, 3)).toEqual([
      ecp(deassoc)?.seq,
      ...retries.map((r) => ecp(r)?.seq),
    ]);
    expect(stationAcks.slice(0, 3).map((s) => s.time)).toEqual([wake, wake, wake]);
  });

  it('the netlink request waits too: its reply comes at wake, after the first ACK', () => {
    const waits = t.steps.find((s) => s.node === 'hostA' && s.decision.includes("waits in lldpad's netlink socket"))!;
    expect(waits.time).toBe(1_500 * MS);
    // The first reply at wake is the port-request's: libvirt's own re-associate after the
    // notification reaches lldpad only after what was queued.
    const reply = t.steps.find(
      (s) =>
        s.node === 'hostA' &&
        s.time >= 1_500 * MS &&
        (s.detail as { netlink?: { msg: string } } | undefined)?.netlink?.msg === 'NLMSG_ERROR',
    )!;
    expect(reply.time).toBe(wake);
    expect(reply.index).toBeGreaterThan(stationAcks[0].index);
    expect(reply.index).toBeLessThan(stationAcks[1].index);
  });

  it('state key lldpad: asleep during the second', () => {
    const s = new StateIndex(t);
    const mid = t.steps.filter((x) => x.time <= took.time + 500 * MS).length - 1;
    expect(s.at(mid).get('hostA/lldpad')).toEqual({ asleep: true });
    expect(s.at(t.steps.length - 1).get('hostA/lldpad')).toEqual({ asleep: false });
  });
});
