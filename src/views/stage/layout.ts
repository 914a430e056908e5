// Geometry of the layer stage, in CSS pixels derived from the type size (never a viewBox
// that shrinks to fit): one column per device, its stack's slots top to bottom with the
// wire slot last, columns bottom-aligned so every link leaves from a column's foot and runs
// through the lane under them. d3 supplies the scale that spreads ports along a column's
// foot and the path builder; Node tests check the result (order, no overlapping labels).
import { path, scalePoint } from 'd3';
import type { Topology } from '../../engine/sim/types';
import { stackOf } from './stacks';

export interface Point {
  readonly x: number;
  readonly y: number;
}
export interface TextBox {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}
export interface SlotBox {
  readonly id: string;
  readonly label: TextBox;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly wire: boolean;
}
export interface Column {
  readonly id: string;
  readonly type: string;
  readonly x: number;
  readonly w: number;
  readonly title: TextBox;
  readonly subtitle: TextBox;
  readonly slots: readonly SlotBox[];
  readonly ports: ReadonlyMap<string, Point>;
  /** How many characters of monospace text fit on a slot's second line. */
  readonly lineChars: number;
}
export interface LinkPath {
  readonly id: string;
  readonly a: Point;
  readonly b: Point;
  readonly d: string;
  readonly trackY: number;
  readonly mid: Point;
}
export interface StageLayout {
  readonly font: number;
  readonly width: number;
  readonly height: number;
  readonly columns: readonly Column[];
  readonly byId: ReadonlyMap<string, Column>;
  readonly links: readonly LinkPath[];
  readonly linkById: ReadonlyMap<string, LinkPath>;
  /** Top of the lane under the (first row's) columns, where links run. */
  readonly laneY: number;
  /** The rows of columns, top to bottom: one unless the stage was given a width to wrap at. */
  readonly rows: readonly StageRow[];
}
export interface StageRow {
  /** Top of the row's lane, under its columns; the row ends at `bottom`. */
  readonly laneY: number;
  readonly bottom: number;
}

/** Average advance of a sans-serif character, in em; a little generous so estimates never undercount. */
export const SANS_EM = 0.6;
/** Advance of a monospace character, in em. */
export const MONO_EM = 0.62;

export const textWidth = (text: string, font: number, em = SANS_EM): number => text.length * em * font;

/** How many characters of `em` advance fit in `width` px (the epsilon keeps an exact fit from flooring one short). */
const charsIn = (width: number, font: number, em = SANS_EM): number => Math.floor(width / (em * font) + 1e-9);

/** Cuts text to `chars` characters with an ellipsis. */
export const fit = (text: string, chars: number): string =>
  text.length <= chars ? text : text.slice(0, Math.max(1, chars - 1)) + '…';

/**
 * Left to right by each node's `position.x` (what dragging a column in edit mode writes);
 * a node without a position counts as standing at its share of the file order, and equal
 * places keep the file order. A node grouped under another node (guests under their host)
 * comes just before it, so the guests sit beside the host they live in.
 */
export function columnOrder(topology: Topology): string[] {
  const last = Math.max(1, topology.nodes.length - 1);
  const nodes = topology.nodes
    .map((n, i) => ({ n, x: n.position?.x ?? i / last, i }))
    .sort((a, b) => a.x - b.x || a.i - b.i)
    .map((e) => e.n);
  const ids = new Set(nodes.map((n) => n.id));
  const out: string[] = [];
  const placed = new Set<string>();
  const put = (id: string) => {
    if (!placed.has(id)) {
      out.push(id);
      placed.add(id);
    }
  };
  for (const n of nodes) {
    if (n.group && ids.has(n.group) && n.group !== n.id) continue;
    for (const g of nodes) if (g.group === n.id && g.id !== n.id) put(g.id);
    put(n.id);
  }
  for (const n of nodes) put(n.id);
  return out;
}

export interface StageOptions {
  /** Type size in CSS px; every length is a multiple of it. */
  readonly font: number;
  /** Draw only these nodes (presenter zoom on the deciding device and its neighbours). */
  readonly only?: ReadonlySet<string>;
  /** The slot deciding at the cursor: drawn a line taller, for the function it runs. */
  readonly open?: { readonly node: string; readonly slot: number };
  /**
   * The room the stage has, in px. When one row of columns is wider, the columns wrap into
   * as few rows as fit the width, as long as the rows fit the height too (a wide screen's
   * empty space under one row is used rather than scrolling sideways). Never shrinks type.
   */
  readonly room?: { readonly width: number; readonly height: number };
}

/** Lengths in units of the type size. */
const SLOT_H = 1.75;
const OPEN_H = 2.95;
const SLOT_GAP = 0.3;
const HEAD_H = 2.6;
const TRACKS = 2;
const TRACK_STEP = 0.75;

export function layoutStage(topology: Topology, options: StageOptions): StageLayout {
  const order = columnOrder(topology).filter((id) => !options.only || options.only.has(id));
  const one = layoutRows(topology, [order], options);
  const room = options.room;
  if (!room || one.width <= room.width || order.length < 2) return one;
  // Fewest rows that fit the width; if none of those fits the height, the most rows that do.
  let best = one;
  for (let r = 2; r <= Math.min(order.length, 4); r++) {
    const l = layoutRows(topology, splitRows(topology, order, r, options.font), options);
    if (l.height > room.height) break;
    best = l;
    if (l.width <= room.width) break;
  }
  return best;
}

/** `order` cut into `r` consecutive rows of about equal width (columns keep their order). */
function splitRows(topology: Topology, order: readonly string[], r: number, f: number): string[][] {
  const nodes = new Map(topology.nodes.map((n) => [n.id, n]));
  const widths = order.map((id) => columnWidth(nodes.get(id)!, f) + 1.6 * f);
  const target = widths.reduce((a, b) => a + b, 0) / r;
  const rows: string[][] = [[]];
  let used = 0;
  order.forEach((id, i) => {
    const row = rows[rows.length - 1];
    // Start a new row when this column would pass the target by more than half its width.
    if (row.length && rows.length < r && used + widths[i] / 2 > target) {
      rows.push([]);
      used = 0;
    }
    rows[rows.length - 1].push(id);
    used += widths[i];
  });
  return rows;
}

/** Wide enough for the longest slot label, within limits; the marker keeps 1.6em on the right. */
function columnWidth(n: Topology['nodes'][number], f: number): number {
  const stack = stackOf(n.type);
  const longest = Math.max(n.label.length * 1.1, n.type.length, ...stack.slots.map((s) => s.label.length));
  return Math.min(19 * f, Math.max(12 * f, longest * SANS_EM * f + 2.6 * f));
}

function layoutRows(topology: Topology, rowOrders: readonly string[][], { font: f, open }: StageOptions): StageLayout {
  const pad = f;
  const gap = 1.6 * f;
  const slotH = SLOT_H * f;
  const slotGap = SLOT_GAP * f;
  const headH = HEAD_H * f;
  const extra = (OPEN_H - SLOT_H) * f;
  const nodes = new Map(topology.nodes.map((n) => [n.id, n]));
  const columns: Column[] = [];
  const rows: StageRow[] = [];
  const rowOf = new Map<string, number>();
  let right = 0;
  let rowTop = 0;
  for (const order of rowOrders) {
    const depth = Math.max(1, ...order.map((id) => stackOf(nodes.get(id)!.type).slots.length));
    // Room above the tallest stack for one open slot, so opening one never moves the others.
    const foot = rowTop + pad + headH + depth * (slotH + slotGap) - slotGap + extra;
    let x = pad;
    for (const id of order) {
      rowOf.set(id, rows.length);
      const c = layoutColumn(nodes.get(id)!, x, foot);
      columns.push(c);
      x += c.w + gap;
    }
    right = Math.max(right, x - gap);
    const laneY = foot + 0.2 * f;
    rows.push({ laneY, bottom: laneY + (TRACKS + 1) * TRACK_STEP * f });
    rowTop = rows[rows.length - 1].bottom;
  }

  function layoutColumn(n: Topology['nodes'][number], x: number, foot: number): Column {
    const id = n.id;
    const stack = stackOf(n.type);
    const w = columnWidth(n, f);
    const inner = w - 2.6 * f;
    const chars = charsIn(inner, f);
    const opened = open?.node === id ? open.slot : -1;
    const top = foot - stack.slots.length * (slotH + slotGap) + slotGap - (opened >= 0 ? extra : 0);
    const titleText = fit(n.label, charsIn(w, f * 1.1));
    const title: TextBox = {
      text: titleText,
      x: x + w / 2 - textWidth(titleText, f * 1.1) / 2,
      y: top - headH,
      w: textWidth(titleText, f * 1.1),
      h: 1.3 * f,
    };
    const subText = fit(n.type, chars + 2);
    const subtitle: TextBox = {
      text: subText,
      x: x + w / 2 - textWidth(subText, f) / 2,
      y: top - headH + 1.35 * f,
      w: textWidth(subText, f),
      h: 1.2 * f,
    };
    const slots: SlotBox[] = stack.slots.map((s, i) => {
      const y = top + i * (slotH + slotGap) + (opened >= 0 && i > opened ? extra : 0);
      const text = fit(s.label, chars);
      return {
        id: s.id,
        x,
        y,
        w,
        h: i === opened ? slotH + extra : slotH,
        wire: i === stack.slots.length - 1,
        label: { text, x: x + 0.6 * f, y: y + 0.28 * f, w: textWidth(text, f), h: 1.2 * f },
      };
    });
    const px = scalePoint<string>()
      .domain(n.ports)
      .range([x + 0.8 * f, x + w - 0.8 * f])
      .padding(0.5);
    const ports = new Map(n.ports.map((p) => [p, { x: px(p) ?? x + w / 2, y: foot } as Point]));
    return { id, type: n.type, x, w, title, subtitle, slots, ports, lineChars: charsIn(inner, f, MONO_EM) };
  }

  const byId = new Map(columns.map((c) => [c.id, c]));
  // A link between rows leaves its row's lane at the right, past every column, and enters
  // the other row's lane there.
  const edge = right + 0.6 * f;
  const links: LinkPath[] = [];
  topology.links.forEach((l, i) => {
    const a = byId.get(l.a.node)?.ports.get(l.a.port);
    const b = byId.get(l.b.node)?.ports.get(l.b.port);
    if (!a || !b) return;
    const track = ((i % TRACKS) + 1) * TRACK_STEP * f;
    const ya = rows[rowOf.get(l.a.node)!].laneY + track;
    const yb = rows[rowOf.get(l.b.node)!].laneY + track;
    const p = path();
    p.moveTo(a.x, a.y);
    p.lineTo(a.x, ya);
    if (ya === yb) p.lineTo(b.x, yb);
    else {
      p.lineTo(edge, ya);
      p.lineTo(edge, yb);
      p.lineTo(b.x, yb);
    }
    p.lineTo(b.x, b.y);
    const mid = ya === yb ? { x: (a.x + b.x) / 2, y: ya } : { x: edge, y: (ya + yb) / 2 };
    links.push({ id: l.id, a, b, d: p.toString(), trackY: ya, mid });
  });
  return {
    font: f,
    width: Math.max((rows.length > 1 ? edge + 0.6 * f : right) + pad, 10 * f),
    height: rows[rows.length - 1]?.bottom ?? 0,
    columns,
    byId,
    links,
    linkById: new Map(links.map((l) => [l.id, l])),
    laneY: rows[0]?.laneY ?? 0,
    rows,
  };
}

/** Where a marker sits in a slot: its right end, clear of the slot's label. */
export const markerAt = (c: Column, slot: number, f: number): Point => {
  const s = c.slots[slot];
  return { x: s.x + s.w - 0.95 * f, y: s.y + 0.88 * f };
};

/**
 * The way a marker travels from one place to another: straight within a column, else
 * down its column, along the lane under the columns and up the other one.
 */
export function route(layout: StageLayout, from: Point, to: Point): Point[] {
  const ra = rowAt(layout, from.y);
  const rb = rowAt(layout, to.y);
  const ya = layout.rows[ra].laneY + 0.35 * layout.font;
  if (ra === rb) {
    if (Math.abs(from.x - to.x) < layout.font * 2) return [from, to];
    return [from, { x: from.x, y: ya }, { x: to.x, y: ya }, to];
  }
  // Between rows: along the lane to the right edge, where links change rows.
  const yb = layout.rows[rb].laneY + 0.35 * layout.font;
  const x = layout.width - 1.6 * layout.font;
  return [from, { x: from.x, y: ya }, { x, y: ya }, { x, y: yb }, { x: to.x, y: yb }, to];
}

/** The row a point's y lies in (a point on a lane belongs to the row above it). */
function rowAt(layout: StageLayout, y: number): number {
  const i = layout.rows.findIndex((r) => y <= r.bottom);
  return i < 0 ? layout.rows.length - 1 : i;
}
