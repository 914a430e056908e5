// The VDP view's maths: statecharts laid out from the machine objects, the sequence model
// read from a trace (frames, losses, retries, timers), and the machine focus at a cursor.
import { describe, expect, it } from 'vitest';
import { allMachines, machineShape } from '../../src/engine/devices/vdp/machines';
import { layoutChart } from '../../src/views/vdp/statechart-layout';
import { sequenceModel, windowAt } from '../../src/views/vdp/sequence';
import { instancesAt, machineIndex, pickDefault } from '../../src/views/vdp/machine-focus';
import { runFile } from './run';

describe('statechart layout from the machine object', () => {
  for (const m of allMachines) {
    it(`${m.id}: one box per state, one path per (non-root) transition, no overlapping boxes`, () => {
      const shape = machineShape(m);
      const l = layoutChart(shape);
      expect(l.boxes.map((b) => b.key).sort()).toEqual(shape.states.map((s) => s.key).sort());
      expect(l.edges.length).toBe(shape.edges.filter((e) => e.source !== '*' && e.target).length);
      for (const a of l.boxes)
        for (const b of l.boxes)
          if (a !== b) expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y).toBe(true);
      expect(l.edges.every((e) => e.d.startsWith('M'))).toBe(true);
    });
  }
});

describe('sequence model', () => {
  it('associate: REQ 1 ASSOC 0x00, ACK 1, REQ 1 ASSOC 0x40, ACK 1, and respWaitDelay ends at the response', () => {
    const t = runFile('src/scenarios/vdp/associate.json', 200e6);
    const m = sequenceModel(t);
    expect(m.lanes).toEqual(['hostA', 'sw']);
    expect(m.messages.slice(0, 4).map((x) => `${x.from}>${x.to} ${x.label}`)).toEqual([
      'hostA>sw ECP REQ 1 ASSOC 0x00',
      'sw>hostA ECP ACK 1',
      'sw>hostA ECP REQ 1 ASSOC 0x40',
      'hostA>sw ECP ACK 1',
    ]);
    const rwd = m.timers.find((x) => x.node === 'hostA' && x.name === 'respWaitDelay')!;
    const answered = t.steps.find((s) => s.node === 'hostA' && (s.detail as any)?.to === 'WAIT_SYSCMD_2')!;
    expect([rwd.start, rwd.end, rwd.fired]).toEqual([1e6, answered.time, false]);
    expect(answered.time - 1e6).toBeLessThan(2.1e6); // 2 ms lldpad hop + wire time
  });
  it('frame loss: lost frames and retransmissions are marked; respWaitDelay of vm2 expires', () => {
    const t = runFile('src/scenarios/vdp/frame-loss.json');
    const m = sequenceModel(t);
    expect(m.messages.filter((x) => x.lost).length).toBeGreaterThan(5);
    expect(m.messages.some((x) => x.retry && x.label.includes('(try 4)'))).toBe(true);
    expect(m.timers.some((x) => x.name === 'respWaitDelay' && x.fired)).toBe(true);
    const last = m.messages.filter((x) => x.t0 <= 1.2e9).at(-1)!;
    const w = windowAt(m, last.step, 1.2e9, 10);
    expect(w.messages.at(-1)).toBe(last);
    expect(w.messages.length).toBeLessThanOrEqual(10);
  });
});

describe('machine focus', () => {
  it('at the station response step: station VSI in WAIT_SYSCMD_2 with its chain taken; switch VSI in BR_WAITCMD', () => {
    const t = runFile('src/scenarios/vdp/associate.json', 200e6);
    const i = t.steps.findIndex((s) => s.node === 'hostA' && (s.detail as any)?.to === 'WAIT_SYSCMD_2');
    const list = instancesAt(machineIndex(t), i, i - 1);
    const st = pickDefault(list, 'station')!;
    expect([st.sm, st.state, st.took[0]]).toEqual(['vsi/vm1', 'WAIT_SYSCMD_2', '*:RESPONSE#0']);
    expect(st.took.length).toBe(6); // the root handler, then 5 moves PROCWAIT → ... → WAIT_SYSCMD_2
    expect(pickDefault(list, 'switch')!.state).toBe('BR_WAITCMD');
  });
});
