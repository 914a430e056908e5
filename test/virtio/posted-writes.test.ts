// The agent's posted writes to host DRAM with a landing latency (costs.windowWriteLatencyNs),
// checked against PCI's ordering rules (PCI Local Bus 3.0 section 3.2.5; PCIe Base
// "Transaction Ordering"): writes land in issue order, a read request does not pass a posted
// write, a read completion does not pass one either. INTx is a wire and is not ordered with
// them, which is why both sides' reads matter.
import { describe, expect, it } from 'vitest';
import { PostedWrites } from '../../src/engine/devices/virtio/posted-writes';
import { Ram } from '../../src/engine/devices/virtio/ram';
import { ops, run, scenario, xmit } from './helpers';

describe('PostedWrites: order and draining', () => {
  it('a later write never lands before an earlier one, even when issued by a faster writer', () => {
    const ram = new Ram('host', 1 << 20);
    const p = new PostedWrites(1000, 'agent');
    const due: number[] = [];
    p.schedule = (at) => due.push(at);
    p.issue(ram, 0x100, new Uint8Array([1]), 500); // lands at 1500
    p.issue(ram, 0x200, new Uint8Array([2]), 100, 'dma'); // would land at 1100, but may not pass
    expect(due).toEqual([1500, 1500]);
    expect(ram.read(0x100, 1)[0]).toBe(0);
    expect(p.landDue(1499).count).toBe(0);
    const l = p.landDue(1500);
    expect(l.addrs).toEqual([0x100, 0x200]);
    expect([...ram.read(0x100, 1), ...ram.read(0x200, 1)]).toEqual([1, 2]);
  });

  it('drain lands everything at once and says when the last was due', () => {
    const ram = new Ram('host', 1 << 20);
    const p = new PostedWrites(800, 'agent');
    p.issue(ram, 0x10, new Uint8Array([7]), 0);
    p.issue(ram, 0x20, new Uint8Array([8]), 300);
    const l = p.drain();
    expect(l).toEqual({ count: 2, addrs: [0x10, 0x20], lastAt: 1100 });
    expect(p.inFlight).toBe(0);
    expect(ram.read(0x20, 1)[0]).toBe(8);
  });
});

describe('a frame from the agent to the host with slow posted writes', () => {
  const traffic = [xmit('agentstack', '20us')];
  const LATENCY = 5000;
  // Legacy layout: host RX ring at 0x0010_2000, used ring one 4096-byte page on.
  const HOST_RX_USED_LINE = 0x0010_3000;

  it('with no latency nothing is in flight and no step mentions posted writes', () => {
    const { trace } = run(scenario({}, traffic));
    expect(ops(trace, 'posted-land')).toEqual([]);
    expect(ops(trace, 'posted-drain')).toEqual([]);
  });

  it("the agent's need_notify read waits for its used-ring writes: they land before INTx is raised", () => {
    const { trace } = run(scenario({ costs: { windowWriteLatencyNs: LATENCY } }, traffic));
    const intx = ops(trace, 'intx').find((s) => s.detail?.queue === 'host.rx')!;
    const drain = ops(trace, 'posted-drain').filter((s) => s.index < intx.index);
    expect(drain.flatMap((s) => s.detail!.addrs as number[])).toContain(HOST_RX_USED_LINE);
    // Nothing the agent wrote is still on its way when the host takes the interrupt.
    expect(ops(trace, 'isr-read')[0].detail).toMatchObject({ drained: 0 });
    expect(trace.fates.filter((f) => f.delivered.length === 1)).toHaveLength(1);
  });

  it('the wait costs the frame at least the latency minus one read round trip', () => {
    const at = (cfg: Record<string, unknown>): number => {
      const { trace } = run(scenario(cfg, traffic));
      return ops(trace, 'up').find((s) => s.detail?.side === 'host')!.time;
    };
    const slow = at({ costs: { windowWriteLatencyNs: LATENCY } });
    const fast = at({});
    // Without latency the read completes within nonPostedReadNs (1000); with it, not before the write lands.
    expect(slow - fast).toBeGreaterThanOrEqual(LATENCY - 1000);
  });

  it('until it lands, host DRAM holds the old bytes: the landing is a step of its own', () => {
    const { trace } = run(scenario({ costs: { windowWriteLatencyNs: LATENCY } }, traffic));
    const land = ops(trace, 'posted-land');
    expect(land.length).toBeGreaterThan(0);
    expect(land[0].decision).toMatch(/5000 ns after issue/);
  });
});
