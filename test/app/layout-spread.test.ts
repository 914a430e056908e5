// Wide labels placed by close position hints are spread apart instead of overlapping.
import { describe, expect, it } from 'vitest';
import { layoutTopology, NODE_H } from '../../src/views/topology/layout';
import type { Topology } from '../../src/engine/sim/types';

describe('layout with crowded hints', () => {
  it('keeps boxes on one row apart and inside the drawing', () => {
    const label = 'A rather long node label here';
    const t: Topology = {
      nodes: ['a', 'b', 'c'].map((id, i) => ({
        id,
        type: 'host',
        label: `${label} ${id}`,
        ports: ['p'],
        position: { x: 0.3 + i * 0.15, y: 0.5 },
      })),
      links: [],
    };
    const l = layoutTopology(t);
    expect(l.width).toBeGreaterThan(800);
    const xs = l.nodes.map((n) => n.x).sort((p, q) => p - q);
    for (let i = 1; i < xs.length; i++) expect(xs[i] - xs[i - 1]).toBeGreaterThanOrEqual(l.nodes[0].w + 20);
    for (const n of l.nodes) expect(n.x + n.w / 2).toBeLessThanOrEqual(l.width);
    expect(l.nodes.every((n) => n.y === l.nodes[0].y && n.y > NODE_H)).toBe(true);
  });
});
