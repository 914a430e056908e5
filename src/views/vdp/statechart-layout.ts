// Geometry of a statechart drawn from the machine's own definition (machineShape reads
// states and transitions off the XState machine object): states in layers by their
// distance from the initial state, edges as curves, self-loops as arcs. Pure maths;
// StatechartView.svelte draws it.
import { line, curveBasis } from 'd3-shape';
import type { MachineShape, MachineEdge } from '../../engine/devices/vdp/machines/kit';

export interface StateBox {
  key: string;
  x: number;
  y: number;
  w: number;
  h: number;
  final: boolean;
  description?: string;
}

export interface EdgePath {
  id: string;
  d: string;
  /** Control points of the curve (its bounding box contains the curve). */
  pts: [number, number][];
  /** The event and guard, for the text that lists the transitions taken. */
  label: string;
  edge: MachineEdge;
}

export interface ChartLayout {
  width: number;
  height: number;
  boxes: StateBox[];
  edges: EdgePath[];
}

/** Advance of one monospace character in em (DejaVu Sans Mono is 0.602), rounded up. */
export const MONO_EM = 0.62;

/** Layer of every state: BFS distance from the initial state over the machine's edges. */
export function layers(shape: MachineShape): Map<string, number> {
  const depth = new Map<string, number>([[shape.initial, 0]]);
  const queue = [shape.initial];
  while (queue.length) {
    const s = queue.shift()!;
    for (const e of shape.edges) {
      if (e.source !== s || !e.target || depth.has(e.target)) continue;
      depth.set(e.target, depth.get(s)! + 1);
      queue.push(e.target);
    }
  }
  // States reachable only through root ("*") edges go after the rest.
  let max = Math.max(0, ...depth.values());
  for (const st of shape.states) if (!depth.has(st.key)) depth.set(st.key, ++max);
  return depth;
}

export const shortEvent = (e: MachineEdge): string => {
  const ev = e.event.startsWith('xstate.after.') ? `after(${e.event.split('.')[2]})` : e.event;
  if (ev === 'always') return e.guard ? `[${e.guard}]` : '';
  return e.guard ? `${ev} [${e.guard}]` : ev;
};

const curve = line<[number, number]>().curve(curveBasis);

/**
 * Lay out a machine at a type size (CSS px): boxes wide enough for the longest state name
 * at that size, rows by layer (top to bottom), states of one layer side by side. The
 * drawing is used 1:1 (width and height in CSS px), never scaled down to fit a pane.
 */
export function layoutChart(shape: MachineShape, font = 12): ChartLayout {
  const depth = layers(shape);
  const byLayer = new Map<number, string[]>();
  for (const s of shape.states) {
    const d = depth.get(s.key)!;
    if (!byLayer.has(d)) byLayer.set(d, []);
    byLayer.get(d)!.push(s.key);
  }
  const longest = Math.max(...shape.states.map((s) => s.key.length));
  const boxWidth = Math.ceil(longest * MONO_EM * font + 1.6 * font);
  const BOX_H = Math.round(font * 2);
  const ROW = BOX_H + Math.round(font * 1.4);
  const COL = boxWidth + font;
  const widest = Math.max(...[...byLayer.values()].map((l) => l.length));
  const span = widest * COL - font;
  const boxes = new Map<string, StateBox>();
  const layerKeys = [...byLayer.keys()].sort((a, b) => a - b);
  layerKeys.forEach((d, row) => {
    const keys = byLayer.get(d)!;
    keys.forEach((k, i) => {
      const cx = span / 2 + (i - (keys.length - 1) / 2) * COL;
      const s = shape.states.find((x) => x.key === k)!;
      boxes.set(k, {
        key: k,
        x: cx - boxWidth / 2,
        y: font + row * ROW,
        w: boxWidth,
        h: BOX_H,
        final: s.final,
        description: s.description,
      });
    });
  });
  const height = font + layerKeys.length * ROW;
  const edges: EdgePath[] = [];
  const pairCount = new Map<string, number>();
  for (const e of shape.edges) {
    if (e.source === '*' || !e.target) continue;
    const a = boxes.get(e.source)!;
    const b = boxes.get(e.target)!;
    const k = `${e.source}>${e.target}`;
    const n = pairCount.get(k) ?? 0;
    pairCount.set(k, n + 1);
    let pts: [number, number][];
    if (a === b) {
      const x = a.x + a.w;
      const y = a.y + a.h / 2;
      const r = font * 1.2 + font * 0.5 * n;
      pts = [
        [x, y - 6],
        [x + r, y - r],
        [x + r, y + r],
        [x, y + 6],
      ];
    } else {
      const x1 = a.x + a.w / 2;
      const x2 = b.x + b.w / 2;
      const down = b.y >= a.y;
      const y1 = down ? a.y + a.h : a.y;
      const y2 = down ? b.y : b.y + b.h;
      // Backward edges bow out past the column's boxes (a basis curve gets about 2/3 of the
      // way to its middle control point), parallel edges further, so they do not overlap.
      const bow = (down ? 0 : 1.5 * (boxWidth / 2 + font)) + n * 1.5 * font;
      const side = x2 >= x1 ? 1 : -1;
      const mx = (x1 + x2) / 2 + side * bow + (Math.abs(b.y - a.y) > ROW && down ? 3.3 * font * side : 0);
      pts = [
        [x1, y1],
        [mx, (y1 + y2) / 2],
        [x2, y2],
      ];
    }
    edges.push({ id: e.id, pts, d: '', label: shortEvent(e), edge: e });
  }
  // Backward edges and self-loops bow out past the boxes: shift everything right so the
  // leftmost control point is inside the drawing, and make it wide enough for the rightmost.
  const xs = [...boxes.values()].flatMap((b) => [b.x, b.x + b.w]).concat(edges.flatMap((e) => e.pts.map((p) => p[0])));
  const dx = 4 - Math.min(...xs);
  for (const b of boxes.values()) b.x += dx;
  for (const e of edges) {
    e.pts = e.pts.map(([x, y]) => [x + dx, y]);
    e.d = curve(e.pts) ?? '';
  }
  const width = Math.ceil(Math.max(...xs) + dx + 4);
  return { width, height, boxes: [...boxes.values()], edges };
}

/** Root-level ("*") transitions, listed beside the chart (any state accepts them). */
export const rootEdges = (shape: MachineShape): MachineEdge[] => shape.edges.filter((e) => e.source === '*');
