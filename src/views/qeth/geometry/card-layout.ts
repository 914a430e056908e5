// Where the qeth lab draws things: the card in the middle, the LAN side above it, and the
// guests on a ring around the card. Laid out from the type size (not scaled afterwards):
// the ring grows until no two guest labels, dots or the card overlap, so the drawing gets
// bigger (and its pane scrolls) as guests are added, while text stays at `font` px.
// Pure geometry from the trace's topology, so a test can check it without a DOM.
import type { Topology } from '../../../engine/sim/types';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface GuestSpot {
  readonly id: string;
  readonly label: string;
  /** The card port (DEVNO) the guest is linked to. */
  readonly devno: string;
  readonly x: number;
  readonly y: number;
  /** Where its link meets the card's rim. */
  readonly rimX: number;
  readonly rimY: number;
  /** Its label's anchor point, text-anchor and (estimated) box; no label when there are too many guests. */
  readonly text?: {
    readonly x: number;
    readonly y: number;
    readonly anchor: 'start' | 'middle' | 'end';
    readonly box: Box;
  };
}

export interface CardLayout {
  readonly width: number;
  readonly height: number;
  /** The type size everything was laid out for (CSS px; the SVG is drawn 1:1). */
  readonly font: number;
  readonly card: { readonly id: string; readonly x: number; readonly y: number; readonly r: number };
  readonly lan: readonly {
    readonly id: string;
    readonly label: string;
    readonly x: number;
    readonly y: number;
    readonly w: number;
    readonly h: number;
  }[];
  readonly guests: readonly GuestSpot[];
  /** Radius of a guest's dot: smaller when there are many. */
  readonly dot: number;
}

/** A generous estimate of a label's width at `font` px in the UI's sans-serif face. */
export const textWidth = (s: string, font: number): number => s.length * font * 0.62 + 4;

export const overlaps = (a: Box, b: Box, pad = 0): boolean =>
  a.x < b.x + b.w + pad && b.x < a.x + a.w + pad && a.y < b.y + b.h + pad && b.y < a.y + a.h + pad;

/** Guests labelled on the ring up to this many; beyond, the table names them (the ring would be metres wide). */
export const MAX_LABELLED = 80;

export function cardLayout(t: Topology, font = 12): CardLayout {
  const card = t.nodes.find((n) => n.type === 'qeth-osa');
  const k = font / 12;
  const byPort = new Map<string, { id: string; label: string; devno: string }>();
  const lanIds: { id: string; label: string }[] = [];
  for (const l of t.links) {
    for (const [me, other] of [
      [l.a, l.b],
      [l.b, l.a],
    ] as const) {
      if (me.node !== card?.id) continue;
      const n = t.nodes.find((x) => x.id === other.node)!;
      if (me.port === 'wire') lanIds.push({ id: n.id, label: n.label });
      else byPort.set(me.port, { id: n.id, label: n.label, devno: me.port });
    }
  }
  const ports = (card?.ports ?? []).filter((p) => p !== 'wire');
  const list = ports.map((p) => byPort.get(p) ?? { id: '', label: p, devno: p });
  const n = list.length;
  const dot = (n > 40 ? 6 : n > 12 ? 10 : 16) * k;
  const labelled = n <= MAX_LABELLED;
  const cardLabel = card?.label ?? 'OSA';
  const cardR = Math.max(58 * k, textWidth(cardLabel, font) / 2 + 8 * k);
  const lineH = font * 1.3;
  // Leave the top of the ring free for the LAN link: spread guests over 300 degrees,
  // the first at the top left, going round counter-clockwise (left, bottom, right).
  const start = -Math.PI / 2 - (Math.PI / 180) * 30;
  const span = (Math.PI / 180) * 300;
  const angle = (i: number) => start - (n === 1 ? span / 2 : (span * i) / (n - 1));

  const place = (R: number): GuestSpot[] =>
    list.map((g, i): GuestSpot => {
      const a = angle(i);
      const x = R * Math.cos(a);
      const y = R * Math.sin(a);
      const spot = { ...g, x, y, rimX: cardR * Math.cos(a), rimY: cardR * Math.sin(a) };
      if (!labelled) return spot;
      // Beside the dot on the left and right of the ring, above or below it at the top and bottom.
      const w = textWidth(g.label, font);
      const c = Math.cos(a);
      const gap = dot + 4 * k;
      const anchor: 'start' | 'middle' | 'end' = c > 0.35 ? 'start' : c < -0.35 ? 'end' : 'middle';
      const tx = anchor === 'start' ? x + gap : anchor === 'end' ? x - gap : x;
      const ty = anchor === 'middle' ? (y < 0 ? y - gap - lineH * 0.3 : y + gap + lineH * 0.75) : y + font * 0.35;
      const bx = anchor === 'start' ? tx : anchor === 'end' ? tx - w : tx - w / 2;
      return { ...spot, text: { x: tx, y: ty, anchor, box: { x: bx, y: ty - font * 0.95, w, h: lineH } } };
    });
  const clear = (gs: readonly GuestSpot[]) => {
    const dots = gs.map((g) => ({ x: g.x - dot, y: g.y - dot, w: 2 * dot, h: 2 * dot }));
    const cardBox = { x: -cardR, y: -cardR, w: 2 * cardR, h: 2 * cardR };
    for (let i = 0; i < gs.length; i++) {
      for (let j = i + 1; j < gs.length; j++) if (overlaps(dots[i], dots[j], 2 * k)) return false;
      const b = gs[i].text?.box;
      if (!b) continue;
      if (overlaps(b, cardBox)) return false;
      for (let j = 0; j < gs.length; j++) {
        if (j !== i && overlaps(b, dots[j], 1)) return false;
        const o = gs[j].text?.box;
        if (j > i && o && overlaps(b, o, 2)) return false;
      }
    }
    return true;
  };
  let R = cardR + 2 * dot + 36 * k;
  let guests = place(R);
  for (let tries = 0; tries < 200 && !clear(guests); tries++) guests = place((R += 6 * k));

  // The LAN boxes in a row above the ring's gap, clear of the topmost guest and its label.
  const lanH = lineH + 10 * k;
  const top = Math.min(-cardR, ...guests.map((g) => Math.min(g.y - dot, g.text?.box.y ?? Infinity)));
  const lanW = lanIds.map((l) => textWidth(l.label, font) + 16 * k);
  const lanRow = lanW.reduce((s, w) => s + w, 0) + 16 * k * Math.max(0, lanIds.length - 1);
  let lx = -lanRow / 2;
  const lan = lanIds.map((l, i) => {
    const spot = { ...l, x: lx + lanW[i] / 2, y: top - 28 * k - lanH / 2, w: lanW[i], h: lanH };
    lx += lanW[i] + 16 * k;
    return spot;
  });

  // Shift everything so the drawing starts at a margin from (0, 0).
  const boxes: Box[] = [
    { x: -cardR, y: -cardR, w: 2 * cardR, h: 2 * cardR },
    ...guests.map((g) => ({ x: g.x - dot, y: g.y - dot, w: 2 * dot, h: 2 * dot })),
    ...guests.flatMap((g) => (g.text ? [g.text.box] : [])),
    ...lan.map((l) => ({ x: l.x - l.w / 2, y: l.y - l.h / 2, w: l.w, h: l.h })),
  ];
  const m = 6 * k;
  const minX = Math.min(...boxes.map((b) => b.x)) - m;
  const minY = Math.min(...boxes.map((b) => b.y)) - m;
  const maxX = Math.max(...boxes.map((b) => b.x + b.w)) + m;
  const maxY = Math.max(...boxes.map((b) => b.y + b.h)) + m;
  const dx = -minX;
  const dy = -minY;
  const mv = (b: Box): Box => ({ ...b, x: b.x + dx, y: b.y + dy });
  return {
    width: Math.ceil(maxX - minX),
    height: Math.ceil(maxY - minY),
    font,
    card: { id: card?.id ?? '', x: dx, y: dy, r: cardR },
    lan: lan.map((l) => ({ ...l, x: l.x + dx, y: l.y + dy })),
    guests: guests.map((g) => ({
      ...g,
      x: g.x + dx,
      y: g.y + dy,
      rimX: g.rimX + dx,
      rimY: g.rimY + dy,
      ...(g.text && { text: { ...g.text, x: g.text.x + dx, y: g.text.y + dy, box: mv(g.text.box) } }),
    })),
    dot,
  };
}
