// lldpad hands a received ECPDU's VDP payload to VDP through a 2 ms event-loop timeout, on
// the station and on lldpad's bridge role alike (qbg/vdp22.c vdp22_from_ecp22:
// eloop_register_timeout(0, 2 * 1000, vdp22_ecp22in, NULL, vdp)), and through one input
// buffer per interface (data_from_ecp: memcpy(vdp->input, ...)). A switch's own VDP
// (behaviour "standard") has no such hop.
import { describe, expect, it } from 'vitest';
import type { Step, Trace } from '../../src/engine/sim/types';
import { loadJson, run } from './run';

const base = (): any => structuredClone(loadJson('src/scenarios/vdp/associate.json'));
const ecp = (s: Step) => (s.detail as { ecp?: { op: string; seq: number } } | undefined)?.ecp;
/** Frames a node puts on the station's wire. */
const wireFrom = (t: Trace, node: string): Step[] =>
  t.steps.filter((s) => s.link?.id === 'wireA' && s.node === node && (s.kind === 'inject' || s.kind === 'transmit'));

describe('the 2 ms hand-off from ECP to VDP', () => {
  for (const behaviour of ['standard', 'lldpad'] as const) {
    it(`bridge ${behaviour}: the VDP reply leaves ${behaviour === 'lldpad' ? '2 ms' : '0 ms'} after the station's ECPDU arrived, after the ECP ACK`, () => {
      const j = base();
      j.nodes[1].config.behaviour = behaviour;
      const t = run(j, 100e6);
      const arrived = t.steps.find((s) => s.node === 'sw' && s.decision.includes('ECPDU seq 1 arrived'))!;
      const out = wireFrom(t, 'sw');
      expect(out.length).toBeGreaterThanOrEqual(2);
      const [ack, reply] = out;
      expect(ecp(ack)?.op).toBe('ACK');
      expect(ack.time).toBe(arrived.time);
      expect(reply.time - arrived.time).toBe(behaviour === 'lldpad' ? 2_000_000 : 0);
      expect(ack.index).toBeLessThan(reply.index);
      if (behaviour === 'lldpad')
        expect(t.steps.some((s) => s.node === 'sw' && s.source.includes('vdp22_from_ecp22'))).toBe(true);
    });
  }

  it('the station parses the bridge reply 2 ms after ECP took it, whatever the bridge', () => {
    const t = run(base(), 100e6);
    const held = t.steps.find((s) => s.node === 'hostA' && s.source.includes('vdp22_from_ecp22'))!;
    const parsed = t.steps.find((s) => s.node === 'hostA' && s.decision.startsWith('VDP at the station'))!;
    expect(parsed.time - held.time).toBe(2_000_000);
  });

  it('two ECPDUs within 2 ms: the first payload is overwritten in vdp->input, the second parsed twice', () => {
    // lldpad's ECP sends the next ECPDU only when its ackTimer expires. With RTE 7 that is
    // 10 us x 2^7 = 1.28 ms, shorter than the 2 ms hand-off, so two guests started together
    // give lldpad's bridge role two requests 1.28 ms apart.
    const j = base();
    j.nodes[0].config.evb = { rte: 7 };
    Object.assign(j.nodes[1].config, { behaviour: 'lldpad', evb: { rte: 7 } });
    const g2 = {
      ...j.nodes[0].config.guests[0],
      name: 'vm2',
      mac: '52:54:00:12:34:57',
      uuid: 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f91',
    };
    j.nodes[0].config.guests.push(g2);
    j.traffic = [
      { at: '1ms', node: 'hostA', command: 'start-guest', args: { guest: 'vm1' } },
      { at: '1ms', node: 'hostA', command: 'start-guest', args: { guest: 'vm2' } },
    ];
    j.expect = [];
    const t = run(j, 100e6);
    const requests = wireFrom(t, 'hostA').filter((s) => ecp(s)?.op !== 'ACK');
    expect(requests[1].time - requests[0].time).toBeLessThan(2_000_000);
    const overwritten = t.steps.filter(
      (s) => s.node === 'sw' && s.kind === 'drop' && s.decision.includes('overwritten'),
    );
    const again = t.steps.filter((s) => s.node === 'sw' && s.decision.startsWith('A second vdp22_ecp22in'));
    expect(overwritten).toHaveLength(1);
    const second = t.steps.find((s) => s.node === 'sw' && s.decision.includes('ECPDU seq 2 arrived'))!;
    expect(overwritten[0].time).toBe(second.time); // dropped when seq 2's payload takes the buffer
    expect(again.length).toBeGreaterThanOrEqual(1);
  });
});
