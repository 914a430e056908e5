// Geometry for the topology view, computed by d3 in plain TypeScript so Node tests can
// check it: node centres (the scenario's position hints, else a force layout run a fixed
// number of ticks: deterministic, no animation), ports on each node's border facing the
// peer they link to, and link segments between ports.
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationNodeDatum } from 'd3';
import type { Topology } from '../../engine/sim/types';

export const NODE_W = 120;
export const NODE_H = 46;

/** Wide enough for the label at the view's font size, within limits. */
export const nodeWidth = (label: string): number => Math.max(96, Math.min(240, label.length * 8.4 + 26));

export interface NodeBox {
  readonly id: string;
  readonly label: string;
  readonly type: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
}
export interface PortPoint {
  readonly node: string;
  readonly port: string;
  readonly x: number;
  readonly y: number;
  /** Unit vector pointing out of the node: where the port's label goes. */
  readonly nx: number;
  readonly ny: number;
}
export interface LinkLine {
  readonly id: string;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}
export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly NodeBox[];
  readonly ports: readonly PortPoint[];
  readonly links: readonly LinkLine[];
}

interface SimNode extends SimulationNodeDatum {
  id: string;
}

const MARGIN = { x: 240 / 2 + 30, y: NODE_H / 2 + 34 };
/** Ports on one side closer than this are spaced evenly along the side. */
const PORT_SPACING = 30;

function sideOf(q: { x: number; y: number }, c: { x: number; y: number }): 'top' | 'bottom' | 'left' | 'right' {
  if (Math.abs(Math.abs(q.y - c.y) - NODE_H / 2) < 1e-6) return q.y < c.y ? 'top' : 'bottom';
  return q.x < c.x ? 'left' : 'right';
}

/**
 * Position hints are fractions of the box; wide labels can still collide. Stretch the
 * drawing horizontally (a wider viewBox, scaled down on screen) until boxes on the same
 * row stand apart.
 */
function spreadApart(
  t: Topology,
  centres: Map<string, { x: number; y: number }>,
  width: number,
): { centres: Map<string, { x: number; y: number }>; width: number } {
  let scale = 1;
  const ns = t.nodes.map((n) => ({ w: nodeWidth(n.label), ...centres.get(n.id)! }));
  for (let i = 0; i < ns.length; i++) {
    for (let j = i + 1; j < ns.length; j++) {
      const [a, b] = [ns[i], ns[j]];
      const dx = Math.abs(a.x - b.x);
      if (Math.abs(a.y - b.y) >= NODE_H + 24 || dx < 1) continue;
      scale = Math.max(scale, ((a.w + b.w) / 2 + 56) / dx);
    }
  }
  scale = Math.min(scale, 6);
  if (scale === 1) return { centres, width };
  const out = new Map<string, { x: number; y: number }>();
  for (const [id, c] of centres) out.set(id, { x: MARGIN.x + (c.x - MARGIN.x) * scale, y: c.y });
  return { centres: out, width: Math.round(MARGIN.x * 2 + (width - 2 * MARGIN.x) * scale) };
}

export function layoutTopology(t: Topology, minWidth = 800, height = 420): Layout {
  const placed = placeNodes(t, minWidth, height);
  const { centres, width } = spreadApart(t, placed, minWidth);
  const ports: PortPoint[] = [];
  const portAt = new Map<string, PortPoint>();
  for (const n of t.nodes) {
    const c = centres.get(n.id)!;
    const linked = n.ports.map((p) => {
      const l = t.links.find((k) => (k.a.node === n.id && k.a.port === p) || (k.b.node === n.id && k.b.port === p));
      const peer = l ? (l.a.node === n.id && l.a.port === p ? l.b.node : l.a.node) : undefined;
      const pc = peer !== undefined ? centres.get(peer) : undefined;
      return { p, angle: pc && peer !== n.id ? Math.atan2(pc.y - c.y, pc.x - c.x) : undefined };
    });
    // Unlinked ports hang below the node; every port starts where the ray to its peer
    // leaves the box, then ports crowded on one side are spaced evenly along that side.
    const unlinked = linked.filter((l) => l.angle === undefined);
    unlinked.forEach((l, i) => (l.angle = Math.PI / 2 + (i - (unlinked.length - 1) / 2) * 0.5));
    const w = nodeWidth(n.label);
    const pts = linked.map(({ p, angle }) => ({ p, angle: angle!, ...onBorder(c.x, c.y, w, angle!) }));
    for (const side of ['top', 'bottom', 'left', 'right'] as const) {
      const on = pts.filter((q) => sideOf(q, c) === side);
      const horizontal = side === 'top' || side === 'bottom';
      const len = horizontal ? w : NODE_H;
      if (on.length < 2) continue;
      on.sort((a, b) => (horizontal ? a.x - b.x : a.y - b.y));
      const gaps = on.slice(1).map((q, i) => (horizontal ? q.x - on[i].x : q.y - on[i].y));
      if (Math.min(...gaps) >= PORT_SPACING) continue;
      on.forEach((q, i) => {
        const t = ((i + 1) / (on.length + 1) - 0.5) * len;
        if (horizontal) q.x = c.x + t;
        else q.y = c.y + t;
      });
    }
    for (const q of pts) {
      const pp = { node: n.id, port: q.p, x: q.x, y: q.y, nx: Math.cos(q.angle), ny: Math.sin(q.angle) };
      ports.push(pp);
      portAt.set(`${n.id}:${q.p}`, pp);
    }
  }
  const links = t.links.map((l) => {
    const a = portAt.get(`${l.a.node}:${l.a.port}`)!;
    const b = portAt.get(`${l.b.node}:${l.b.port}`)!;
    return { id: l.id, x1: a.x, y1: a.y, x2: b.x, y2: b.y };
  });
  const nodes = t.nodes.map((n) => ({
    id: n.id,
    label: n.label,
    type: n.type,
    w: nodeWidth(n.label),
    ...centres.get(n.id)!,
  }));
  return { width, height, nodes, ports, links };
}

function placeNodes(t: Topology, width: number, height: number): Map<string, { x: number; y: number }> {
  const w = width - 2 * MARGIN.x;
  const h = height - 2 * MARGIN.y;
  const hinted = t.nodes.every((n) => n.position);
  const out = new Map<string, { x: number; y: number }>();
  if (hinted) {
    for (const n of t.nodes) out.set(n.id, { x: MARGIN.x + n.position!.x * w, y: MARGIN.y + n.position!.y * h });
    return out;
  }
  // Start on a circle (deterministic), let the forces untangle it, then fit to the box.
  const sim: SimNode[] = t.nodes.map((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, t.nodes.length);
    return {
      id: n.id,
      x: n.position ? n.position.x * w : Math.cos(a) * 200,
      y: n.position ? n.position.y * h : Math.sin(a) * 120,
    };
  });
  const links = t.links.filter((l) => l.a.node !== l.b.node).map((l) => ({ source: l.a.node, target: l.b.node }));
  forceSimulation(sim)
    .force(
      'link',
      forceLink<SimNode, { source: string; target: string }>(links)
        .id((d) => d.id)
        .distance(190)
        .strength(0.7),
    )
    .force('charge', forceManyBody().strength(-900))
    .force('collide', forceCollide(NODE_W * 0.75))
    .force('x', forceX(0).strength(0.04))
    .force('y', forceY(0).strength(0.12))
    .stop()
    .tick(300);
  const xs = sim.map((n) => n.x!);
  const ys = sim.map((n) => n.y!);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (const n of sim) {
    out.set(n.id, {
      x: MARGIN.x + (x1 > x0 ? ((n.x! - x0) / (x1 - x0)) * w : w / 2),
      y: MARGIN.y + (y1 > y0 ? ((n.y! - y0) / (y1 - y0)) * h : h / 2),
    });
  }
  return out;
}

/** Where a ray from the box centre at `angle` leaves the node's rectangle. */
function onBorder(cx: number, cy: number, w: number, angle: number): { x: number; y: number } {
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const t = Math.min(
    Math.abs(dx) > 1e-9 ? w / 2 / Math.abs(dx) : Infinity,
    Math.abs(dy) > 1e-9 ? NODE_H / 2 / Math.abs(dy) : Infinity,
  );
  return { x: cx + dx * t, y: cy + dy * t };
}
