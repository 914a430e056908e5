// T10 (fact sheet §6): ECP-2012 retransmission and a late ACK, on a small virtual clock
// driving the engine's MachineRunner. Standard intent moves on when the ACK arrives;
// lldpad-faithful moves at the next ackTimer expiry (lldpad quirk §2.3).
import { describe, expect, it } from 'vitest';
import { MachineRunner } from '../../src/engine/devices/vdp/runner';
import { ecp22TxMachine, type Behaviour } from '../../src/engine/devices/vdp/machines/ecp22-tx.machine';
import type { DeviceContext } from '../../src/engine/sim/device';

class Clock {
  now = 0;
  private q: { at: number; seq: number; fn: (c: DeviceContext) => void }[] = [];
  private n = 0;
  ctx(): DeviceContext {
    return {
      now: this.now,
      node: 't',
      schedule: (d: number, _l: string, fn: (c: DeviceContext) => void) =>
        this.q.push({ at: this.now + d, seq: this.n++, fn }),
    } as unknown as DeviceContext;
  }
  runUntil(t: number): void {
    for (;;) {
      this.q.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const e = this.q[0];
      if (!e || e.at > t) break;
      this.q.shift();
      this.now = e.at;
      e.fn(this.ctx());
    }
    this.now = t;
  }
}

const T = 2_560_000;

function scenario(behaviour: Behaviour) {
  const clock = new Clock();
  const sends: number[] = [];
  let movedAt: number | undefined;
  const runner: MachineRunner<typeof ecp22TxMachine> = new MachineRunner(ecp22TxMachine, (c, ev) =>
    observe(runner.send(c, ev as never)),
  );
  const observe = (m: ReturnType<typeof runner.send>): void => {
    for (const e of m.effects) if (e.type === 'transmit') sends.push(clock.now);
    if (movedAt === undefined && runner.context.seq === 2) movedAt = clock.now;
  };
  runner.start(clock.ctx(), { behaviour, maxRetries: 3, ackTimerNs: T });
  observe(runner.send(clock.ctx(), { type: 'DATA', payload: new Uint8Array([1]) }));
  clock.runUntil(6_000_000);
  const before = runner.value;
  observe(runner.send(clock.ctx(), { type: 'ACK', seq: 7 })); // wrong seq: ignored
  const afterWrong = runner.value;
  observe(runner.send(clock.ctx(), { type: 'ACK', seq: 1 }));
  clock.runUntil(20_000_000);
  return { sends, movedAt, before, afterWrong, final: runner.value, errors: runner.context.errors };
}

describe('T10 ECP-2012 retransmission and late ACK', () => {
  it('identical retransmissions at t0, t0+2.56 ms, t0+5.12 ms; a wrong-seq ACK is ignored', () => {
    const r = scenario('standard');
    expect(r.sends).toEqual([0, T, 2 * T]);
    expect(r.before).toBe('TXMIT_ECPDU');
    expect(r.afterWrong).toBe('TXMIT_ECPDU');
    expect(r.errors).toBe(0);
  });
  it('standard intent: WAIT_FORREQ (seq := 2) → WAIT_ONDATA at once, t0+6 ms', () => {
    const r = scenario('standard');
    expect(r.movedAt).toBe(6_000_000);
    expect(r.final).toBe('WAIT_ONDATA');
  });
  it('lldpad-faithful: the move happens at the next ack-timer expiry, t0+7.68 ms, with no 4th copy', () => {
    const r = scenario('lldpad');
    expect(r.movedAt).toBe(3 * T);
    expect(r.sends).toEqual([0, T, 2 * T]);
    expect(r.final).toBe('WAIT_ONDATA');
  });
  it('no ACK at all: 1 + maxRetries = 4 sends, failure declared at t0+3T with the 4th copy', () => {
    const clock = new Clock();
    const sends: number[] = [];
    const runner: MachineRunner<typeof ecp22TxMachine> = new MachineRunner(ecp22TxMachine, (c, ev) => {
      for (const e of runner.send(c, ev as never).effects) if (e.type === 'transmit') sends.push(clock.now);
    });
    runner.start(clock.ctx(), { behaviour: 'standard', maxRetries: 3, ackTimerNs: T });
    runner.send(clock.ctx(), { type: 'DATA', payload: new Uint8Array([1]) });
    sends.unshift(0);
    clock.runUntil(20_000_000);
    expect(sends).toEqual([0, T, 2 * T, 3 * T]);
    expect(runner.context.errors).toBe(1);
    expect(runner.context.seq).toBe(2);
  });
});
