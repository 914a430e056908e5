// The fact sheet's state-machine test cases (§6: T01, T02, T04, T06, T08, T12; T10 in
// ecp-timing.test.ts) run through the whole engine, with the appendix A frames compared
// byte for byte where the case names them.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../src/engine/frame/bytes';
import { StateIndex } from '../../src/engine/sim/state-index';
import type { Step, Trace } from '../../src/engine/sim/types';
import { GOLDEN } from './fixture';
import { failingExpectations, loadJson, run } from './run';
import { edgesOf } from '../../src/engine/devices/vdp/record';
import { allMachines } from '../../src/engine/devices/vdp/machines';

const base = (): any => structuredClone(loadJson('src/scenarios/vdp/associate.json'));
const wire = (t: Trace, link = 'wireA'): Step[] =>
  t.steps.filter((s) => s.link?.id === link && (s.kind === 'inject' || s.kind === 'transmit'));
const hex = (t: Trace, s: Step): string => toHex(t.frames[s.frame!]);
const getlinks = (t: Trace): Step[] => t.steps.filter((s) => (s.detail as any)?.netlink?.msg === 'RTM_GETLINK');
const withSeq = (frame: Uint8Array, seq: number): string => {
  const f = frame.slice();
  f[16] = seq >> 8;
  f[17] = seq & 0xff;
  return toHex(f);
};

/** The states a machine step went through, from its `took` ids. */
function path(s: Step): string[] {
  const d = s.detail as { machine: string; from: string; took: string[] };
  const m = allMachines.find((x) => x.id === d.machine)!;
  const edges = edgesOf(m);
  const out = [d.from];
  for (const id of d.took) {
    const e = edges.get(id)!;
    if (e.target) out.push(e.target);
  }
  return out;
}
const machineSteps = (t: Trace, node: string, sm: string): Step[] =>
  t.steps.filter((s) => s.node === node && s.kind === 'state' && (s.detail as { sm?: string } | undefined)?.sm === sm);

describe('T01 VDP-2012 associate, happy path', () => {
  const t = run(base(), 200e6);
  it('puts A1, A2, A3, A4 on the wire, byte for byte', () => {
    const w = wire(t);
    expect(w.slice(0, 4).map((s) => hex(t, s))).toEqual(
      [GOLDEN.A1, GOLDEN.A2, GOLDEN.A3, GOLDEN.A4].map((g) => toHex(g)),
    );
    expect(w.slice(0, 4).map((s) => s.node)).toEqual(['hostA', 'sw', 'sw', 'hostA']);
  });
  it('station: BEGIN→INIT→STATION_PROC→STATION_PROCWAIT, then PROCWAIT_2→ASSOC_NEW→ASSOC_COMPL→WAIT_SYSCMD→WAIT_SYSCMD_2', () => {
    const st = machineSteps(t, 'hostA', 'vsi/vm1').map(path);
    expect(st[0]).toEqual(['BEGIN', 'INIT', 'STATION_PROC', 'STATION_PROCWAIT']);
    expect(st[1]).toEqual([
      'STATION_PROCWAIT',
      'STATION_PROCWAIT_2',
      'ASSOC_NEW',
      'ASSOC_COMPL',
      'WAIT_SYSCMD',
      'WAIT_SYSCMD_2',
    ]);
  });
  it('bridge ECP RX and VDP take the tabled chains', () => {
    expect(path(machineSteps(t, 'sw', 'p1/ecp/rx')[1])).toEqual([
      'WAIT',
      'FIRST',
      'REC_ECPDU',
      'NEW_ECPDU',
      'SEND_ACK',
      'WAIT2',
    ]);
    expect(path(machineSteps(t, 'sw', 'p1/vsi/a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90')[0])).toEqual([
      'BR_BEGIN',
      'BR_INIT',
      'BR_PROCESS',
      'BR_SEND',
      'BR_WAITCMD',
    ]);
  });
  it('timers: respWaitDelay 15.75552 s, reinitKeepAlive 10.48576 s, toutKeepAlive 15.75552 s', () => {
    const timers = t.steps.flatMap((s) =>
      ((s.detail as { timers?: { name: string; ns: number }[] })?.timers ?? []).map((x) => `${x.name}=${x.ns}`),
    );
    expect(timers).toContain('respWaitDelay=15755520000');
    expect(timers).toContain('reinitKeepAlive=10485760000');
    expect(timers).toContain('toutKeepAlive=15755520000');
  });
  it('GETLINK: no IFLA_PORT_RESPONSE before A3 (status 255), 0 after; cc_vsi_mode = ASSOC', () => {
    const idx = new StateIndex(t);
    const a1 = wire(t)[0].index;
    expect((idx.at(a1).get('hostA/vsi/vm1') as { status: number }).status).toBe(255);
    const done = machineSteps(t, 'hostA', 'vsi/vm1')[1].index;
    expect(idx.at(done).get('hostA/vsi/vm1')).toMatchObject({ status: 0, confirmed: 'ASSOC' });
    // libvirt's loop dumps before it sleeps: poll 1 at the SETLINK's instant finds status 255
    // (no IFLA_PORT_RESPONSE), poll 2 125 ms later reads 0 (virNetDevVPortProfileOpCommon).
    const polls = getlinks(t);
    const setlink = t.steps.find((s) => (s.detail as any)?.netlink?.msg === 'RTM_SETLINK')!;
    expect(polls.map((s) => [s.time - setlink.time, (s.detail as any).netlink.response])).toEqual([
      [0, undefined],
      [125_000_000, 0],
    ]);
  });
});

describe('T02 keep-alive round', () => {
  for (const behaviour of ['standard', 'lldpad'] as const) {
    it(`bridge ${behaviour}: keep-alive after 10.48576 s, seq 2 both ways, same bytes`, () => {
      const j = base();
      j.nodes[1].config.behaviour = behaviour;
      const t = run(j, 10.6e9);
      const ka = wire(t).filter((s) => s.time > 10e9);
      expect(ka.map((s) => hex(t, s))).toEqual([
        withSeq(GOLDEN.A1, 2),
        withSeq(GOLDEN.A2, 2),
        withSeq(GOLDEN.A3, 2),
        withSeq(GOLDEN.A4, 2),
      ]);
      expect(ka[0].time - machineSteps(t, 'hostA', 'vsi/vm1')[1].time).toBe(10_485_760_000);
      const st = machineSteps(t, 'hostA', 'vsi/vm1').map(path);
      expect(st[2]).toEqual(['WAIT_SYSCMD_2', 'TXMIT_KA', 'TXMIT_KAWAIT']);
      expect(st[3]).toEqual(['TXMIT_KAWAIT', 'TXMIT_KAWAIT_2', 'WAIT_SYSCMD', 'WAIT_SYSCMD_2']);
      const br = machineSteps(t, 'sw', 'p1/vsi/a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90').map(path);
      expect(br[1]).toEqual(
        behaviour === 'standard'
          ? ['BR_WAITCMD', 'BR_WAITCMD_2', 'BR_ALIVE', 'BR_WAITCMD']
          : ['BR_WAITCMD', 'BR_WAITCMD_2', 'BR_PROCESS', 'BR_SEND', 'BR_WAITCMD'],
      );
    });
  }
});

describe('T04 reject without KEEP', () => {
  for (const [hard, octet, reported] of [
    [false, 0x42, 0x02],
    [true, 0x52, 0x12],
  ] as const) {
    it(`${hard ? 'variant N: DEASSOC 0x52' : 'DEASSOC 0x42'} → END; IFLA_PORT_RESPONSE = 0x${reported.toString(16)}`, () => {
      const j = base();
      Object.assign(j.nodes[1].config.types[0], { answer: 'deassoc', error: 2, hard });
      const t = run(j, 300e6);
      const reply = wire(t)[2];
      expect(reply.node).toBe('sw');
      const f = t.frames[reply.frame!];
      expect([f[18 + 18], f[18 + 18 + 2]]).toEqual([0x08, octet]); // DEASSOC TLV header 0x0821, status
      expect([f[16], f[17]]).toEqual([0, 1]); // bridge seq 1 (W10)
      expect(path(machineSteps(t, 'hostA', 'vsi/vm1')[1])).toEqual(['STATION_PROCWAIT', 'STATION_PROCWAIT_2', 'END']);
      const poll = getlinks(t).at(-1)!;
      expect(getlinks(t)[0].detail).toMatchObject({ netlink: { poll: 1, response: undefined } });
      expect((poll.detail as any).netlink.response).toBe(reported);
      expect(poll.decision).toContain(`error ${reported} during port-profile setlink`);
    });
  }
});

describe('T06 bridge-initiated de-associate', () => {
  const j = base();
  j.traffic = [
    j.traffic[0],
    { at: '1s', node: 'sw', command: 'deassociate', args: { uuid: 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90' } },
  ];
  j.expect = [];
  const t = run(j, 1.2e9);
  const after = wire(t).filter((s) => s.time >= 1e9);
  it('the bridge sends D_unsol (seq 2); the station ECP-ACKs seq 2 and sends no VDP reply', () => {
    expect(hex(t, after[0])).toBe(toHex(GOLDEN.D_unsol));
    expect(hex(t, after[1])).toBe(withSeq(GOLDEN.A4, 2));
    expect(after[1].node).toBe('hostA');
  });
  it('station: WAIT_SYSCMD_2 → END with NOTIFY; libvirt re-sends ASSOCIATE: a new VSI emits A1 with station seq 2', () => {
    expect(path(machineSteps(t, 'hostA', 'vsi/vm1')[2])).toEqual(['WAIT_SYSCMD_2', 'END']);
    expect(
      t.steps.some(
        (s) =>
          s.decision.includes('IFLA_PORT_REQUEST 3 (DISASSOCIATE)') &&
          s.decision.includes('Re-send 802.1qbg associate request'),
      ),
    ).toBe(true);
    expect(path(machineSteps(t, 'hostA', 'vsi/vm1')[3])).toEqual(['BEGIN', 'INIT', 'STATION_PROC', 'STATION_PROCWAIT']);
    const again = after.filter((s) => s.node === 'hostA' && t.frames[s.frame!].length > 18);
    expect(hex(t, again[0])).toBe(withSeq(GOLDEN.A1, 2));
  });
});

describe('T08 migration', () => {
  const j: any = structuredClone(loadJson('src/scenarios/vdp/migration.json'));
  j.traffic.push({ at: '2200ms', node: 'hostB', command: 'port-request', args: { guest: 'vm1', request: 0 } });
  const t = run(j);
  const idx = new StateIndex(t);
  const at = (ms: number) => idx.at(t.steps.filter((s) => s.time <= ms * 1e6).at(-1)!.index);
  it('B: PREASSOC confirmed (cc_vsi_mode 1), then ASSOC (3); A ends', () => {
    expect(at(1500).get('hostB/vsi/vm1')).toMatchObject({ state: 'WAIT_SYSCMD_2', confirmed: 'PREASSOC' });
    expect(at(2100).get('hostB/vsi/vm1')).toMatchObject({ state: 'WAIT_SYSCMD_2', confirmed: 'ASSOC' });
    expect(t.steps.some((s) => s.node === 'hostA' && s.kind === 'state' && (s.detail as any)?.to === 'END')).toBe(true);
  });
  it('the same instance UUID is ASSOCIATED on p2 while p1 de-associates', () => {
    const deassocAtP1 = t.steps.find(
      (s) => s.node === 'sw' && s.decision.includes('Switch port p1: VDP reply DEASSOC'),
    )!;
    const s = idx.at(deassocAtP1.index);
    expect(s.get('sw/port/p2/vsi/52:54:00:12:34:56@100')).toMatchObject({
      uuid: 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90',
      stage: 'assoc',
    });
  });
  it('a PREASSOCIATE to B after step 2 is rejected with -EINVAL (a lower mode)', () => {
    expect(
      t.steps.some(
        (s) =>
          s.node === 'hostB' && s.decision.startsWith('lldpad replies NLMSG_ERROR -22') && s.decision.includes('lower'),
      ),
    ).toBe(true);
  });
});

describe('T12 VDP 0.2 associate', () => {
  const t = run(loadJson('src/scenarios/vdp/vdp02-associate.json'), 200e6);
  const w = wire(t);
  // qbg/ecp.c ecp_init ends with ecp_somethingChangedLocal(vd, true); the handler finds the
  // machine in INIT_TRANSMIT, ecp_tx_Initialize sets lastSequence := 0 and ecp_build_ECPDU
  // increments before use: the start-up ECPDU (no VSI TLV) takes seq 1, so B1 goes out as
  // seq 2 (the fact sheet's T12 shows seq 1: the source wins). B1 with its seq octets 2.
  const b1seq2 = Uint8Array.from(GOLDEN.B1);
  b1seq2[22] = 2;
  it('start-up ECPDU seq 1 (empty), its ACK, B1 as seq 2, the ACK (B1 copied, mode 1, zeroed), B3, the station ACK', () => {
    const startup = t.frames[w[0].frame!];
    expect([w[0].node, startup[20], startup[21], startup[22]]).toEqual(['hostA', 0, 0, 1]);
    // ECP header then the End TLV, padded with zeros to 60 octets (ETH_ZLEN).
    expect(startup.length).toBe(60);
    expect(startup.slice(23).every((b) => b === 0)).toBe(true);
    expect([w[1].node, t.frames[w[1].frame!][20], t.frames[w[1].frame!][22]]).toEqual(['sw', 1, 1]);
    expect(hex(t, w[2])).toBe(toHex(b1seq2));
    const ack = t.frames[w[3].frame!];
    expect(ack.length).toBe(GOLDEN.B1.length);
    expect([w[3].node, ack[20], ack[22]]).toEqual(['sw', 1, 2]);
    expect(hex(t, w[4])).toBe(toHex(GOLDEN.B3));
    expect(w[5].node).toBe('hostA');
  });
  it('station UNASSOCIATED→ASSOC_PROCESSING→ASSOCIATED; ECP TX INIT_TRANSMIT→TRANSMIT_ECPDU→WAIT_FOR_ACK; poll 0', () => {
    const st = machineSteps(t, 'hostA', 'vsi/vm1').map(path);
    expect(st[0]).toEqual(['UNASSOCIATED', 'ASSOC_PROCESSING']);
    expect(st[1]).toEqual(['ASSOC_PROCESSING', 'ASSOCIATED']);
    // The first run is the start-up change; the VSI TLV leaves in the run the start-up ACK makes.
    expect(path(machineSteps(t, 'hostA', 'ecp02/tx')[0])).toEqual(['INIT_TRANSMIT', 'TRANSMIT_ECPDU', 'WAIT_FOR_ACK']);
    expect(getlinks(t).map((s) => (s.detail as any).netlink.response)).toEqual([undefined, 0]);
  });
});

describe('vdptool hints and a timed-out VSI key (W4/O1)', () => {
  it('P: a PREASSOC with the M-bit hint 0x10 from vdptool, byte for byte', () => {
    const j = base();
    j.traffic = [{ at: '1ms', node: 'hostA', command: 'vdptool', args: { guest: 'vm1', mode: 1, hints: 'to' } }];
    j.expect = [];
    const t = run(j, 100e6);
    expect(hex(t, wire(t)[0])).toBe(toHex(GOLDEN.P));
  });
  it('the same key gets -EBUSY while the VSI waits, then -ENODEV after it timed out', () => {
    const j = base();
    j.faults = [{ at: '0.5ms', link: 'wireA', action: 'impair', loss: 1 }];
    j.traffic = [
      j.traffic[0],
      { at: '5s', node: 'hostA', command: 'port-request', args: { guest: 'vm1', request: 2 } },
      { at: '20s', node: 'hostA', command: 'port-request', args: { guest: 'vm1', request: 2 } },
    ];
    j.until = '21s';
    j.expect = [
      { command: 0, returns: 0 },
      // The VSI still waits for the bridge (BUSY): vdp22_modvsi answers -EBUSY.
      { command: 1, returns: '-EBUSY' },
      // It timed out and is flagged DELETE_ME, which blocks its key for good (W4): -ENODEV.
      { command: 2, returns: '-ENODEV' },
      { step: { node: 'hostA', detail: { 'netlink.msg': 'NLMSG_ERROR' } }, count: 3 },
    ];
    expect(failingExpectations(j)).toEqual([]);
  });
});
