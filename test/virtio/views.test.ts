// The virtio view's geometry, checked in Node against real traces.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './helpers';
import { backplaneNode, chains, ringView } from '../../src/views/virtio/geometry/ring-memory';
import { dialSlots, indexMarker, packedPosition, pendingSlots } from '../../src/views/virtio/geometry/ring-dial';
import { ringDials } from '../../src/views/virtio/geometry/ring-dials';
import { NO_CHANGES } from '../../src/views/virtio/changes/ring-changes';
import { crossingOf } from '../../src/views/virtio/geometry/crossing';
import { byteRows, fieldRows, stepRanges } from '../../src/views/virtio/geometry/byte-rows';
import { chainArrows } from '../../src/views/virtio/geometry/desc-arrows';
import { chartGeometry } from '../../src/views/virtio/geometry/chart-geometry';

const scen = (f: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../src/scenarios/virtio', f), 'utf8'));

describe('ring memory decoding', () => {
  const { trace, state } = run(scen('virtio-tx-one-frame.json'));
  const node = backplaneNode(trace.topology.nodes)!;
  const at = (text: string): number => trace.steps.findIndex((s) => s.decision.includes(text));
  it('finds the backplane node', () => expect(node).toBe('bp'));
  it('after avail.idx = 1 is written the host cache holds it dirty while DRAM still says 0; after the clean both say 1', () => {
    const w = at('avail.idx = 1 written at 0x00100082');
    const before = ringView(state.under(w, 'bp/'), 'host.tx')!;
    expect(before.avail.idx).toBe(0);
    expect(ringView(state.under(w, 'bp/'), 'host.tx', 'host')!.avail.idx).toBe(1);
    const line = before.lines.find((l) => l.addr === 0x0010_0080)!;
    expect(line.host.state).toBe('dirty');
    const after = ringView(state.under(w + 1, 'bp/'), 'host.tx')!;
    expect(after.avail.idx).toBe(1);
    expect(after.lines.find((l) => l.addr === 0x0010_0080)!.host.state).toBe('clean');
    expect(after.desc[0]).toEqual({ i: 0, addr: 0x0020_0000, len: 10, flags: 1, next: 1 });
    expect(chains(after)).toEqual([{ head: 0, members: [0, 1] }]);
    expect(after.driver.num_free).toBe(6);
  });
  it('the agent local rings are decoded through the agent cache', () => {
    const end = ringView(state.under(trace.steps.length - 1, 'bp/'), 'agent.rx', 'agent')!;
    expect(end.used.idx).toBe(1);
    expect(end.used.ring[0]).toEqual({ id: 0, len: 1526 });
  });
  it('the byte view tags fields with their writer and lights what the step wrote', () => {
    const w = at('avail.idx = 1 written at 0x00100082');
    const v = ringView(state.under(w, 'bp/'), 'host.tx', 'host')!;
    const rows = fieldRows(byteRows(v, 'host', stepRanges(trace.steps[w], v)));
    const idxCells = rows.flatMap((r) => r.cells).filter((c) => c.field === 'avail.idx');
    expect(idxCells.map((c) => c.value)).toEqual([1, 0]);
    expect(idxCells.every((c) => c.written && c.writer === 'driver')).toBe(true);
    expect(idxCells.map((c) => c.differs)).toEqual([true, false]);
    expect(rows.flatMap((r) => r.cells).find((c) => c.field === 'used.idx')!.writer).toBe('device');
  });
});

describe('stale lines', () => {
  it('with noInvalidateUsed the host line over used.idx turns stale once the agent writes it', () => {
    const { trace, state } = run(scen('virtio-stale-used.json'));
    const vi = trace.steps.find((s) => s.detail?.op === 'vring-interrupt' && s.detail?.queue === 'host.tx')!;
    const v = ringView(state.under(vi.index, 'bp/'), 'host.tx')!;
    expect(v.used.idx).toBe(1);
    expect(v.lines.find((l) => l.addr === 0x0010_1000)!.host.state).toBe('stale');
    expect(ringView(state.under(vi.index, 'bp/'), 'host.tx', 'host')!.used.idx).toBe(0);
  });
});

describe('dial, arrows, crossings, chart', () => {
  it('places indexes modulo N', () => {
    expect(dialSlots(8, 40, 60)).toHaveLength(8);
    expect(indexMarker('avail.idx', 9, 8, 70).slot).toBe(1);
    expect(indexMarker('used.idx', 0xffff, 8, 70).slot).toBe(7);
    expect(pendingSlots(0xfffe, 0x0001, 8)).toEqual([6, 7, 0]);
  });
  it('draws one arrow per NEXT link of a live chain', () => {
    const desc = [
      { i: 0, addr: 1, len: 10, flags: 1, next: 1 },
      { i: 1, addr: 2, len: 5, flags: 0, next: 2 },
      { i: 2, addr: 0, len: 0, flags: 1, next: 3 },
    ];
    expect(chainArrows(desc, 20, 100, new Set([0, 1])).map((a) => [a.from, a.to])).toEqual([[0, 1]]);
  });
  it('maps doorbell, INTx and DMA steps to crossings', () => {
    const { trace } = run(scen('virtio-tx-one-frame.json'));
    const kinds = trace.steps.map((s) => crossingOf(s)?.kind).filter(Boolean);
    expect(kinds).toEqual(expect.arrayContaining(['doorbell', 'intx', 'isr-read', 'dma', 'window-read']));
    expect(crossingOf(trace.steps.find((s) => s.detail?.op === 'intx'))).toMatchObject({ from: 'agent', to: 'host' });
  });
  it('chart x grows with size and y with throughput', () => {
    const g = chartGeometry([
      {
        key: 'a',
        points: [
          { frameLen: 64, mbps: 5 },
          { frameLen: 1514, mbps: 70 },
        ],
      },
    ]);
    const [p, q] = g.paths[0].dots;
    expect(q.x).toBeGreaterThan(p.x);
    expect(q.y).toBeLessThan(p.y);
  });
});

describe('which dials a queue gets', () => {
  it('a packed ring: both dials go round the descriptor ring with each side wrap counter; slot 1 of lap 2 sits past N', () => {
    const { trace, state } = run(scen('virtio-packed-ring.json'));
    const end = trace.steps.length - 1;
    const v = ringView(state.under(end, 'bp/'), 'host.tx')!;
    const [avail, used] = ringDials(v, NO_CHANGES);
    expect([avail.writerName, used.writerName]).toEqual(['next_avail_idx', 'used_idx']);
    // 10 frames round 8 slots: the driver is at slot 2 of its second lap (wrap counter 0).
    expect([avail.writerIdx, avail.wraps]).toEqual([2, { writer: 0, reader: 0 }]);
    expect(packedPosition(avail.writerIdx, avail.wraps!.writer, v.layout.num)).toBe(10);
    expect(avail.entries).toHaveLength(8);
  });
  it('a split ring: the avail and used rings with their free-running indexes, no wrap counters', () => {
    const { trace, state } = run(scen('virtio-tx-one-frame.json'));
    const v = ringView(state.under(trace.steps.length - 1, 'bp/'), 'host.tx')!;
    const [avail, used] = ringDials(v, NO_CHANGES);
    expect([avail.writerName, used.writerName, avail.wraps, used.wraps]).toEqual([
      'avail.idx',
      'used.idx',
      undefined,
      undefined,
    ]);
    expect(avail.writerIdx).toBe(v.avail.idx);
  });
});
