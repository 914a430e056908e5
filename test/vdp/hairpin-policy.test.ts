// A vdp-switch port's reflective relay (802.1Qbg RR; Linux `bridge link set hairpin on`)
// and the VSI gate in front of it. Linux br_forward.c should_deliver():
// `((p->flags & BR_HAIRPIN_MODE) || skb->dev != p->dev) && ...`: without hairpin a frame
// never leaves by the port it came in on. 802.1Qbg clause 41: only an ASSOCIATEd VSI's
// traffic passes; a PREASSOCIATEd one has resources, not permission.
import { describe, expect, it } from 'vitest';
import { StateIndex } from '../../src/engine/sim/state-index';
import type { Trace } from '../../src/engine/sim/types';
import { loadJson, run } from './run';

const lesson = (): any => structuredClone(loadJson('lessons/vepa-06-association-becomes-policy/scenario.json'));
/** What became of each of gA's frames to gB: its fate at the switch (within 1 ms) and whether gB got it. */
const gAtoGb = (t: Trace) =>
  t.steps
    .filter((s) => s.kind === 'inject' && (s.detail as any)?.to === 'gB')
    .map((inj) => {
      const soon = (s: { time: number }) => s.time >= inj.time && s.time < inj.time + 1e6;
      const at = t.steps.find((s) => soon(s) && s.node === 'sw' && (s.kind === 'drop' || s.kind === 'transmit'));
      const got = t.steps.find((s) => soon(s) && s.node === 'hostA' && s.kind === 'deliver' && /gB/.test(s.decision));
      return {
        at: at?.kind,
        gate: (at?.detail as any)?.vsiFilter,
        ...(at?.kind === 'transmit' && { reflected: (at.detail as any)?.reflected }),
        delivered: !!got,
      };
    });

describe('association becomes the policy the hairpin enforces', () => {
  it('unassociated and pre-associated: refused at the VSI gate; associated: reflected; ACL-denied: not', () => {
    const t = run(lesson());
    expect(gAtoGb(t)).toEqual([
      { at: 'drop', gate: 'unassociated', delivered: false },
      { at: 'drop', gate: 'preassociated', delivered: false },
      { at: 'transmit', gate: undefined, reflected: true, delivered: true },
      { at: 'drop', gate: undefined, delivered: false },
    ]);
  });

  it('counts what reflective relay reflected: the associated unicast and one flood copy', () => {
    const t = run(lesson());
    const st = new StateIndex(t).at(t.steps.length - 1);
    // gB's frame to the unknown server floods to every port of VLAN 100, p1 included (hairpin);
    // gA's associated frame to gB (known on p1) is forwarded back out p1. Gate refusals never
    // reach the bridge; the ACL denial is counted as denied.
    expect(st.get('sw/counters/p1/reflected')).toBe(2);
    expect(st.get('sw/counters/p1/denied')).toBe(1);
    expect(st.get('sw/port/p1')).toMatchObject({ hairpin: true });
  });

  it('without hairpin the associated frame is not sent back out its ingress port', () => {
    const s = lesson();
    delete s.nodes.find((n: any) => n.id === 'sw').config.ports[0].hairpin;
    s.expect = [];
    const t = run(s);
    const rows = gAtoGb(t);
    expect(rows[2].delivered).toBe(false);
    const step = t.steps.find(
      (x) => x.node === 'sw' && x.kind === 'drop' && (x.detail as any)?.rule === 'never-out-ingress',
    );
    expect(step).toBeDefined();
  });

  it('vdptool names its own VDP mode, not a netlink request, when it changes a known VSI', () => {
    const t = run(lesson());
    const cmd = t.steps.find((s) => s.node === 'hostA' && s.kind === 'state' && /→ vsi_mode ASSOC/.test(s.decision))!;
    expect(cmd.decision).toMatch(/^VDP station, VSI of gA: vdptool ASSOC → vsi_mode ASSOC, localchg/);
  });
});
