// A backplane of 20 agent boards (virtio-boards): one host CPU and DRAM, a board driver and
// virtio-net per board, and the host's bridge over them (Linux br_handle_frame: learn the
// source, forward to the known port, flood an unknown or group destination to every other
// port, never back out of the ingress port; br0's own MAC is a permanent local entry).
// Addresses are the lab's placement (address-map.ts placeOfBoard): rings 1 MiB apart from
// 0x0100_0000, buffers boardSpacing (64 MiB) apart from 0x0400_0000.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/engine/scenario/load';
import { ops, run, types } from './helpers';

const file = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../src/scenarios/virtio/virtio-twenty-boards.json'), 'utf8'),
);

describe('twenty boards, agent to agent through the host', () => {
  const { trace, state } = run(file);
  const at0 = Object.fromEntries(state.at(trace.steps.length - 1));
  const bridge = ops(trace, 'host-bridge');

  it('each board has its own host rings, 1 MiB apart', () => {
    expect((at0['bp/b0/layout/host.tx'] as { base: number }).base).toBe(0x0100_0000);
    expect((at0['bp/b19/layout/host.tx'] as { base: number }).base).toBe(0x0100_0000 + 19 * 0x10_0000);
  });

  it("agent 17's frame for agent 3, not yet known to the bridge, is flooded to the host's stack and the 19 other boards", () => {
    expect(bridge[0].detail).toMatchObject({ from: 17, flooded: true });
    expect((bridge[0].detail!.targets as unknown[]).length).toBe(20);
    const f = trace.fates[0];
    expect(f.delivered.map((d) => d.node)).toEqual(['a3']);
    // Every other stack it reached, the host's and 18 agents', throws it away (PACKET_OTHERHOST).
    expect(trace.steps.filter((s) => s.kind === 'drop' && s.source.startsWith('eth_type_trans')).length).toBe(19);
  });

  it("it crosses the bus twice: up from board 17 by its DMA, then down to board 3 by board 3's DMA", () => {
    const dmas = ops(trace, 'dma');
    const up17 = dmas.find((s) => s.detail?.board === 17 && s.detail.dir === 'agent-to-host')!;
    const down3 = dmas.find((s) => s.detail?.board === 3 && s.detail.dir === 'host-to-agent')!;
    expect(up17.index).toBeLessThan(down3.index);
  });

  it("agent 3's answer goes only to board 17: the bridge learned it from the first frame", () => {
    const answer = bridge.find((s) => s.detail?.from === 3)!;
    expect(answer.detail).toMatchObject({ flooded: false, targets: [17] });
    expect(trace.fates[1].delivered.map((d) => d.node)).toEqual(['a17']);
  });

  it("a frame for the host's own MAC is never flooded: br0's address is a local entry", () => {
    const toHost = bridge.find((s) => s.detail?.from === 19)!;
    expect(toHost.detail).toMatchObject({ flooded: false, targets: ['host'] });
  });

  it('board 19 has its buffers at 0x5000_0000, above the first 1 GiB: its agent moves the window there and back', () => {
    const moves = ops(trace, 'window-move').filter((s) => s.detail?.board === 19);
    expect(moves.some((s) => s.detail!.to === 0x4000_0000)).toBe(true);
    expect(moves.some((s) => s.detail!.to === 0)).toBe(true);
    // Board 3's buffers (0x1000_0000) are inside its home window: it never moves.
    expect(ops(trace, 'window-move').filter((s) => s.detail?.board === 3)).toEqual([]);
  });
});

describe('virtio-boards config checks', () => {
  const base = (config: Record<string, unknown>): unknown => ({
    ...file,
    nodes: file.nodes.map((n: { id: string }) => (n.id === 'bp' ? { ...n, config } : n)),
  });
  const issues = (config: Record<string, unknown>): string[] => {
    const r = loadScenario(base(config), types);
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };
  it('at least 2 boards, at most 32', () => {
    expect(issues({ agents: 1 }).join()).toMatch(/agents: 1 is out of range \[2, 32\]/);
    expect(issues({ agents: 33 }).join()).toMatch(/agents: 33 is out of range/);
  });
  it("the boards' buffers must fit below BAR0", () => {
    expect(issues({ agents: 20, boardSpacing: 0x1000_0000 }).join()).toMatch(/reach past host DRAM/);
  });
  it('every single-backplane setting is checked with its own path', () => {
    expect(issues({ agents: 20, queueSize: 3 }).join()).toMatch(/config\.queueSize: 3 is not a power of 2/);
  });
});
