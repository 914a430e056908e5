// Geometry and bookkeeping behind the views, checked without a DOM.
import { describe, expect, it } from 'vitest';
import { layoutTopology, NODE_H } from '../../src/views/topology/layout';
import { packetMoves, dropsSoFar } from '../../src/views/topology/packets';
import { filterSteps, announce, formatTime } from '../../src/views/steplog/filter';
import { readMarks, fieldAt, hexRows } from '../../src/views/inspector/bytes-map';
import { traceJson } from '../../src/views/inspector/downloads';
import { decodeFrame } from '../../src/engine/frame/decode';
import { findStep } from '../../src/app/lessons/step-query';
import type { Topology } from '../../src/engine/sim/types';
import { learningRun } from './fixtures';

const { trace } = learningRun();

describe('topology layout', () => {
  it('puts every port on its node border and joins links port to port', () => {
    for (const t of [
      trace.topology,
      { ...trace.topology, nodes: trace.topology.nodes.map(({ position: _, ...n }) => n) },
    ] as Topology[]) {
      const l = layoutTopology(t);
      expect(l.ports).toHaveLength(t.nodes.reduce((n, x) => n + x.ports.length, 0));
      for (const p of l.ports) {
        const n = l.nodes.find((k) => k.id === p.node)!;
        const onSide =
          Math.abs(Math.abs(p.x - n.x) - n.w / 2) < 1e-6 || Math.abs(Math.abs(p.y - n.y) - NODE_H / 2) < 1e-6;
        expect(onSide, `${p.node}:${p.port}`).toBe(true);
      }
      for (const n of l.nodes) {
        expect(n.x - n.w / 2).toBeGreaterThanOrEqual(0);
        expect(n.x + n.w / 2).toBeLessThanOrEqual(l.width);
      }
      const l1 = l.links.find((k) => k.id === 'l1')!;
      const h1 = l.ports.find((p) => p.node === 'h1')!;
      expect([l1.x1, l1.y1]).toEqual([h1.x, h1.y]);
      expect(layoutTopology(t)).toEqual(l); // deterministic
    }
  });

  it('keeps nodes of a forced layout apart', () => {
    const nodes = trace.topology.nodes.map(({ position: _, ...n }) => n);
    const l = layoutTopology({ ...trace.topology, nodes });
    for (const a of l.nodes)
      for (const b of l.nodes) if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(60);
  });
});

describe('packet moves and drops', () => {
  const layout = layoutTopology(trace.topology);
  it('animates each link crossing between two cursors, forward only', () => {
    const flood = findStep(trace, { node: 'br0', kind: 'transmit', nth: 2 });
    const moves = packetMoves(trace, layout, flood - 2, flood);
    expect(moves.map((m) => m.step)).toEqual([flood - 1, flood]);
    expect(moves.every((m) => m.animate)).toBe(true);
    const p3 = layout.ports.find((p) => p.node === 'br0' && p.port === 'p3')!;
    expect(moves[1].from).toEqual(p3);
    const back = packetMoves(trace, layout, flood + 1, flood);
    expect(back).toHaveLength(1);
    expect(back[0].animate).toBe(false);
  });
  it('marks the drops of the current frame', () => {
    const drop = findStep(trace, { kind: 'drop' });
    expect(dropsSoFar(trace, drop).map((s) => s.node)).toEqual(['h3']);
    expect(dropsSoFar(trace, drop - 1)).toEqual([]);
  });
});

describe('step log', () => {
  it('shows steps up to the cursor, filtered by node, layer and frame', () => {
    expect(filterSteps(trace, -1, { node: '', layer: '', frame: '' }).rows).toEqual([]);
    const all = filterSteps(trace, 12, { node: '', layer: '', frame: '' }).rows;
    expect(all.map((s) => s.index)).toEqual([...Array(13).keys()]);
    expect(
      filterSteps(trace, 26, { node: 'br0', layer: 'L2', frame: '' }).rows.every(
        (s) => s.node === 'br0' && s.layer === 'L2',
      ),
    ).toBe(true);
    const frame1 = filterSteps(trace, 26, { node: '', layer: '', frame: '1' }).rows;
    expect(frame1.length).toBeGreaterThan(3);
    expect(frame1.every((s) => s.packet?.origin === 1)).toBe(true);
    const capped = filterSteps(trace, 26, { node: '', layer: '', frame: '' }, 5);
    expect([capped.rows.length, capped.hidden, capped.rows.at(-1)!.index]).toEqual([5, 22, 26]);
  });
  it('announces the step in words and formats virtual time', () => {
    expect(announce(trace, -1)).toBe('Before the first step. 27 steps in this trace.');
    expect(announce(trace, 6)).toMatch(/^Step 7 of 27, br0 port p1, decide: Learn: .* Source: br_fdb_update\.$/);
    expect([formatTime(0), formatTime(2672), formatTime(100_000_000), formatTime(2.5e9)]).toEqual([
      '0 ns',
      '2.672 µs',
      '100 ms',
      '2.5 s',
    ]);
  });
});

describe('inspector bytes', () => {
  it('marks the bytes a decision read and finds the field under a byte', () => {
    const learn = trace.steps[findStep(trace, { node: 'br0', kind: 'decide' })];
    const d = decodeFrame(trace.frames[learn.frame!]);
    const m = readMarks(d, learn);
    expect([...m.paths]).toEqual(['eth.src']);
    expect(m.ranges).toEqual([{ start: 6, end: 12 }]);
    expect(fieldAt(d, 12)?.path).toBe('eth.type');
    expect(fieldAt(d, 0)?.path).toBe('eth.dst');
    expect(readMarks(d, { ...learn, reads: ['vlan[0].vid'] }).missing).toEqual(['vlan[0].vid']);
    expect(hexRows(60).map((r) => r.length)).toEqual([16, 16, 16, 12]);
  });
  it('writes the trace as JSON with frames in hex', () => {
    const j = JSON.parse(traceJson(trace));
    expect(j.steps).toHaveLength(27);
    expect(j.frames[0]).toMatch(/^ffffffffffff0200000000010806/);
  });
});
