// The layer stage's geometry (src/views/stage/layout.ts, place.ts): sizes follow the type
// size, slots keep their stack's order top to bottom, no two label boxes overlap, links
// join the right ports, and a step is placed in the slot its stack declares.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/app/run/build-run';
import type { Topology, Trace } from '../../src/engine/sim/types';
import { stepCount, stepAt } from '../../src/engine/sim/trace-access';
import { columnOrder, layoutStage, route, type StageLayout, type TextBox } from '../../src/views/stage/layout';
import { copiesInFlight, placeOf, shortSource } from '../../src/views/stage/place';
import { STACKS, stackOf } from '../../src/views/stage/stacks';
import { neighbours } from '../../src/views/stage/zoom';

const ROOT = join(import.meta.dirname, '../..');
function trace(file: string): Trace {
  const r = simulate(JSON.parse(readFileSync(join(ROOT, file), 'utf8')));
  if (!r.ok) throw new Error(r.title);
  return r.trace;
}

function labelBoxes(l: StageLayout): TextBox[] {
  return l.columns.flatMap((c) => [c.title, c.subtitle, ...c.slots.map((s) => s.label)]);
}
const overlap = (a: TextBox, b: TextBox) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

const FILES = [
  'lessons/macvlan-01-demux-by-mac/scenario.json',
  'lessons/vepa-04-s-channels/scenario.json',
  'src/scenarios/qeth/eighty-guests.json',
  'lessons/vdp-01-associate-the-happy-path/scenario.json',
  'lessons/virtio-01-a-ring-in-three-parts/scenario.json',
  'src/scenarios/bridge/learning.json',
];

describe('stage layout', () => {
  it('puts guests beside the host they live in', () => {
    const t = trace('lessons/macvlan-01-demux-by-mac/scenario.json');
    expect(columnOrder(t.topology)).toEqual(['gA', 'gB', 'gC', 'H', 'sw', 'ext']);
  });

  it.each(FILES)('%s: no label overlaps, labels inside their boxes, order kept, at 13 and 18 px', (f) => {
    const t = trace(f);
    for (const font of [13, 18]) {
      const l = layoutStage(t.topology, { font });
      expect(l.columns.map((c) => c.id)).toEqual(columnOrder(t.topology));
      const boxes = labelBoxes(l);
      const hits: string[] = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++)
          if (overlap(boxes[i], boxes[j])) hits.push(`${boxes[i].text} × ${boxes[j].text}`);
      expect(hits).toEqual([]);
      for (const c of l.columns) {
        expect(c.slots.map((s) => s.id)).toEqual(stackOf(c.type).slots.map((s) => s.id));
        for (let i = 1; i < c.slots.length; i++)
          expect(c.slots[i].y).toBeGreaterThan(c.slots[i - 1].y + c.slots[i - 1].h);
        for (const s of c.slots) expect(s.label.x + s.label.w).toBeLessThanOrEqual(s.x + s.w);
        expect(c.title.x).toBeGreaterThanOrEqual(c.x - 1);
        expect(c.title.x + c.title.w).toBeLessThanOrEqual(c.x + c.w + 1);
      }
      // Columns do not overlap and every column's wire slot sits on the same line.
      for (let i = 1; i < l.columns.length; i++)
        expect(l.columns[i].x).toBeGreaterThan(l.columns[i - 1].x + l.columns[i - 1].w);
      expect(new Set(l.columns.map((c) => Math.round(c.slots.at(-1)!.y + c.slots.at(-1)!.h))).size).toBe(1);
      expect(l.links.length).toBe(t.topology.links.length);
    }
  });

  it.each(FILES)('%s: wraps into rows where the room is tall enough, never overlapping', (f) => {
    const t = trace(f);
    const one = layoutStage(t.topology, { font: 13 });
    const room = { width: Math.max(600, one.width / 2), height: 2000 };
    const l = layoutStage(t.topology, { font: 13, room });
    if (one.width <= room.width || t.topology.nodes.length < 2) return expect(l.rows.length).toBe(1);
    expect(l.rows.length).toBeGreaterThan(1);
    expect(l.height).toBeLessThanOrEqual(room.height);
    // The same columns in the same order, reading row by row; the stage got narrower.
    expect(l.columns.map((c) => c.id)).toEqual(one.columns.map((c) => c.id));
    expect(l.width).toBeLessThan(one.width);
    type Box = { text?: string; x: number; y: number; w: number; h: number };
    const boxes: Box[] = [...labelBoxes(l), ...l.columns.flatMap((c) => c.slots.map((s) => ({ ...s, text: s.id })))];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        // A label sits inside its own slot; any other pair must not meet.
        const inside = (x: Box, y: Box) => x.x >= y.x && x.x + x.w <= y.x + y.w && x.y >= y.y;
        if (!inside(a, b) && !inside(b, a))
          expect(overlap(a as TextBox, b as TextBox), `${a.text} × ${b.text}`).toBe(false);
      }
    // Every link ends at its two ports, and a link between rows runs past every column.
    const right = Math.max(...l.columns.map((c) => c.x + c.w));
    for (const link of t.topology.links) {
      const p = l.linkById.get(link.id)!;
      expect(p.a).toEqual(l.byId.get(link.a.node)!.ports.get(link.a.port));
      expect(p.b).toEqual(l.byId.get(link.b.node)!.ports.get(link.b.port));
      if (p.a.y !== p.b.y) expect(p.mid.x).toBeGreaterThan(right);
    }
  });

  it('keeps one row, scrolling sideways, when two rows would not fit the height', () => {
    const t = trace('lessons/macvlan-01-demux-by-mac/scenario.json');
    const one = layoutStage(t.topology, { font: 13 });
    const l = layoutStage(t.topology, { font: 13, room: { width: one.width / 2, height: one.height * 1.5 } });
    expect(l.rows.length).toBe(1);
    expect(l.width).toBe(one.width);
  });

  it('a marker going between rows travels along its lane to the right edge and down', () => {
    const t = trace('lessons/macvlan-01-demux-by-mac/scenario.json');
    const l = layoutStage(t.topology, { font: 13, room: { width: 700, height: 2000 } });
    const [first, last] = [l.columns[0], l.columns[l.columns.length - 1]];
    expect(first.slots[0].y).toBeLessThan(l.rows[0].laneY);
    expect(last.slots[0].y).toBeGreaterThan(l.rows[0].bottom);
    const from = { x: first.x + 5, y: first.slots[0].y };
    const to = { x: last.x + 5, y: last.slots[0].y };
    const r = route(l, from, to);
    expect(r[0]).toEqual(from);
    expect(r.at(-1)).toEqual(to);
    expect(Math.max(...r.map((p) => p.x))).toBeGreaterThan(Math.max(...l.columns.map((c) => c.x + c.w)));
  });

  it('shows every declared slot label whole, at laptop and presenter type sizes', () => {
    // One node of each declared type, with a short name: the column is as wide as its longest label.
    const nodes = STACKS.flatMap((s) =>
      s.types.map((type, i) => ({ id: `${type}${i}`, type, label: 'G1', ports: [] })),
    );
    for (const font of [13, 18, 28]) {
      const l = layoutStage({ nodes, links: [] } as unknown as Topology, { font });
      for (const c of l.columns)
        c.slots.forEach((s, i) => expect(s.label.text, `${c.type} at ${font} px`).toBe(stackOf(c.type).slots[i].label));
    }
  });

  it('sizes scale with the type: 18 px is 18/13 of 13 px, never shrunk to fit', () => {
    const t = trace('src/scenarios/qeth/eighty-guests.json');
    const a = layoutStage(t.topology, { font: 13 });
    const b = layoutStage(t.topology, { font: 18 });
    expect(b.height / a.height).toBeCloseTo(18 / 13, 1);
    // 82 columns: far wider than any screen, so the stage scrolls.
    expect(a.width).toBeGreaterThan(82 * 12 * 13);
  });

  it('a link joins the two ports it names, through the lane under the columns', () => {
    const t = trace('lessons/macvlan-01-demux-by-mac/scenario.json');
    const l = layoutStage(t.topology, { font: 13 });
    const up = l.linkById.get('uplink')!;
    expect(up.a).toEqual(l.byId.get('H')!.ports.get('eth0'));
    expect(up.b).toEqual(l.byId.get('sw')!.ports.get('p1'));
    expect(up.trackY).toBeGreaterThan(l.laneY);
    expect(route(l, up.a, up.b)).toHaveLength(4);
  });

  it('walks a received frame up the macvlan host: NIC taps → hash lookup → device, then to the guest', () => {
    const t = trace('lessons/macvlan-01-demux-by-mac/scenario.json');
    const l = layoutStage(t.topology, { font: 13 });
    // Steps 37-40 of this lesson: the echo request for 02:..:0b arrives from the switch.
    const seen: string[] = [];
    for (let i = 0; i < stepCount(t); i++) {
      const s = stepAt(t, i)!;
      if (s.packet?.origin !== 12) continue;
      const p = placeOf(t, l, i)!;
      seen.push(`${p.node}:${p.slot >= 0 ? l.byId.get(p.node)!.slots[p.slot].id : 'link'}`);
    }
    expect(seen.filter((x) => x.startsWith('H:'))).toEqual(['H:taps', 'H:lookup', 'H:dev']);
    expect(seen.at(-1)).toBe('gB:app');
  });

  it('shows broadcast copies still on their links as extra markers', () => {
    const t = trace('lessons/macvlan-01-demux-by-mac/scenario.json');
    const l = layoutStage(t.topology, { font: 13 });
    // After the worker's fan-out to mvC, mvB and mvA (copies to three guests), at the first
    // guest's ARP step the two other copies are still waiting at their guests' ports.
    let first = -1;
    for (let i = 0; i < stepCount(t) && first < 0; i++) if (stepAt(t, i)!.source === 'arp_process') first = i;
    const c = copiesInFlight(t, l, first);
    expect(c.length).toBe(2);
  });

  it('zoom keeps the deciding node and its link neighbours', () => {
    const t = trace('lessons/macvlan-01-demux-by-mac/scenario.json');
    expect([...neighbours(t.topology, 'sw')].sort()).toEqual(['H', 'ext', 'sw']);
  });

  it('names the function a step runs, without arguments or notes', () => {
    expect(shortSource('macvlan_handle_frame → macvlan_hash_lookup(port, eth->h_dest)')).toBe('macvlan_hash_lookup');
    expect(shortSource('lldpad ecp22_txframe; IEEE 802.1Qbg-2012 43.3.6.1 ackTimer')).toBe('lldpad ecp22_txframe');
    expect(shortSource('virtqueue_add_split (drivers/virtio/virtio_ring.c) virtio_wmb')).toBe('virtqueue_add_split');
  });
});
