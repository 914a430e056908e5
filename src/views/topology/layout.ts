// Geometry for the topology view, computed by d3 in plain TypeScript so Node tests can
// check it: node centres (the scenario's position hints, else a force layout run a fixed
// number of ticks: deterministic, no animation), ports on each node's border facing the
// peer they link to, and link segments between ports.
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationNodeDatum } from 'd3';
import type { Topology } from '../../engine/sim/types';

export const NODE_W = 120;
export const NODE_H = 46;

/** Wide enough for the label at the view's font size, within limits. */
export const nodeWidth = (label: string): number => Math.max(96, Math.min(210, label.length * 8.4 + 26));

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

const MARGIN = { x: 210 / 2 + 30, y: NODE_H / 2 + 34 };

export function layoutTopology(t: Topology, width = 800, height = 420): Layout {
  const centres = placeNodes(t, width, height);
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
    // Ports facing the same peer direction are fanned out so they do not overlap.
    const unlinked = linked.filter((l) => l.angle === undefined);
    unlinked.forEach((l, i) => (l.angle = Math.PI / 2 + (i - (unlinked.length - 1) / 2) * 0.5));
    const sorted = [...linked].sort((a, b) => a.angle! - b.angle!);
    for (let i = 1; i < sorted.length; i++) if (sorted[i].angle! - sorted[i - 1].angle! < 0.28) sorted[i].angle = sorted[i - 1].angle! + 0.28;
    for (const { p, angle } of linked) {
      const pt = onBorder(c.x, c.y, nodeWidth(n.label), angle!);
      const pp = { node: n.id, port: p, ...pt, nx: Math.cos(angle!), ny: Math.sin(angle!) };
      ports.push(pp);
      portAt.set(`${n.id}:${p}`, pp);
    }
  }
  const links = t.links.map((l) => {
    const a = portAt.get(`${l.a.node}:${l.a.port}`)!;
    const b = portAt.get(`${l.b.node}:${l.b.port}`)!;
    return { id: l.id, x1: a.x, y1: a.y, x2: b.x, y2: b.y };
  });
  const nodes = t.nodes.map((n) => ({ id: n.id, label: n.label, type: n.type, w: nodeWidth(n.label), ...centres.get(n.id)! }));
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
    return { id: n.id, x: n.position ? n.position.x * w : Math.cos(a) * 200, y: n.position ? n.position.y * h : Math.sin(a) * 120 };
  });
  const links = t.links.filter((l) => l.a.node !== l.b.node).map((l) => ({ source: l.a.node, target: l.b.node }));
  forceSimulation(sim)
    .force('link', forceLink<SimNode, { source: string; target: string }>(links).id((d) => d.id).distance(190).strength(0.7))
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
  const t = Math.min(Math.abs(dx) > 1e-9 ? w / 2 / Math.abs(dx) : Infinity, Math.abs(dy) > 1e-9 ? NODE_H / 2 / Math.abs(dy) : Infinity);
  return { x: cx + dx * t, y: cy + dy * t };
}
