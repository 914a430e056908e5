// What a cursor move changed in the VDP view: the transitions each machine took, the state
// it entered, the timers armed and fired (read from the machine steps the move crossed), and
// the switch-port VSI policy rows installed, changed or removed (from the state diff).
import { describe, expect, it } from 'vitest';
import { instancesAt, machineIndex } from '../../src/views/vdp/machine-focus';
import { vsiRows } from '../../src/views/vdp/vsi-rows';
import { stateDiff } from '../../src/views/state-diff';
import { StateIndex } from '../../src/engine/sim/state-index';
import { stepAt, stepCount } from '../../src/engine/sim/trace-access';
import { runFile } from '../vdp/run';

describe('machine changes between two cursors', () => {
  const t = runFile('src/scenarios/vdp/frame-loss.json');
  const idx = machineIndex(t);
  const n = stepCount(t);

  it('a timer fires exactly where the machine handles its expiry; the timers it names are its own delays', () => {
    let fired = 0;
    for (let i = 0; i < n; i++) {
      const s = stepAt(t, i)!;
      for (const inst of instancesAt(idx, i, i - 1)) {
        for (const name of inst.fired) {
          fired++;
          // Only the machine whose step this is can have fired a timer, and the step says so.
          expect(s.kind).toBe('state');
          expect(`${s.node}/${(s.detail as { sm: string }).sm}`).toBe(inst.key);
          expect(s.decision).toContain(`${name} expired`);
          expect(inst.shape.edges.some((e) => e.event === `after(${name})`)).toBe(true);
        }
      }
    }
    // The scenario loses frames: ECP's ackTimer must have fired (802.1Qbg ECP retransmission).
    expect(fired).toBeGreaterThan(3);
  });

  it('armed timers are the ones the step started; a backward move takes no transition', () => {
    for (let i = 1; i < n; i++) {
      const s = stepAt(t, i)!;
      const started = ((s.detail as { timers?: { name: string }[] } | undefined)?.timers ?? []).map((x) => x.name);
      const moved = instancesAt(idx, i, i - 1).filter((x) => x.took.length);
      if (s.kind !== 'state') expect(moved).toEqual([]);
      else expect(moved.flatMap((x) => x.armed)).toEqual([...new Set(started)]);
      for (const inst of instancesAt(idx, i - 1, i)) expect([inst.took, inst.armed, inst.fired]).toEqual([[], [], []]);
    }
  });

  it('a jump shows every transition it crossed, in order, and the state it came from', () => {
    const steps = idx.tracks.find((x) => x.sm === 'ecp/tx' && x.node === 'hostA')!.steps;
    const [a, b] = [steps[1], steps[3]];
    const inst = instancesAt(idx, b, a).find((x) => x.sm === 'ecp/tx' && x.node === 'hostA')!;
    const one = (k: number) => instancesAt(idx, steps[k], steps[k] - 1).find((x) => x.key === inst.key)!;
    expect(inst.took).toEqual([...one(2).took, ...one(3).took]);
    expect(inst.before).toBe(one(1).state);
    expect(inst.state).toBe(one(3).state);
  });
});

describe('VSI policy rows', () => {
  const web = { uuid: 'u1', type: 'web', stage: 'preassoc', vlans: [100] };
  it('marks a policy installed, one that moved from pre-associated to associated, and keeps a removed one', () => {
    const state = new Map<string, unknown>([
      ['sw/port/p1/vsi/52:54:00:00:00:01@100', { ...web, stage: 'assoc' }],
      ['sw/port/p2/vsi/52:54:00:00:00:02@100', web],
      ['sw/fdb/52:54:00:00:00:01@100', 'p1'],
    ]);
    const diff = new Map([
      [
        'sw/port/p1/vsi/52:54:00:00:00:01@100',
        { key: 'sw/port/p1/vsi/52:54:00:00:00:01@100', before: web, after: { ...web, stage: 'assoc' } },
      ],
      ['sw/port/p2/vsi/52:54:00:00:00:02@100', { key: '', before: undefined, after: web }],
      ['sw/port/p3/vsi/52:54:00:00:00:03@200', { key: '', before: { ...web, vlans: [200] }, after: undefined }],
    ]);
    const rows = vsiRows(state, diff);
    expect(rows.map((r) => [r.port, r.mac, r.vlan, r.change, r.what])).toEqual([
      ['p1', '52:54:00:00:00:01', '100', 'changed', 'pre-associated → associated'],
      ['p2', '52:54:00:00:00:02', '100', 'added', 'installed'],
      ['p3', '52:54:00:00:00:03', '200', 'removed', 'removed'],
    ]);
    expect(vsiRows(state, new Map()).every((r) => r.change === undefined)).toBe(true);
  });

  it("associate: the switch installs vm1's policy on p1 in one step, and the diff of that step says so", () => {
    const t = runFile('src/scenarios/vdp/associate.json');
    const si = new StateIndex(t);
    const key = 'sw/port/p1/vsi/52:54:00:12:34:56@100';
    let at = -1;
    for (let i = 0; i < stepCount(t) && at < 0; i++) if (si.at(i).has(key)) at = i;
    expect(at).toBeGreaterThan(0);
    const rows = vsiRows(si.at(at), stateDiff(si, at - 1, at));
    expect(rows.map((r) => [r.port, r.mac, r.change])).toEqual([['p1', '52:54:00:12:34:56', 'added']]);
    expect(vsiRows(si.at(at + 1), stateDiff(si, at, at + 1)).map((r) => r.change)).toEqual([undefined]);
  });
});
