// Where the qeth lab draws things: the card in the middle, the LAN side above it, and the
// guests on a ring around the card (80 guests fit on one ring). Pure geometry from the
// trace's topology, so a test can check it without a DOM.
import type { Topology } from '../../../engine/sim/types';

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
}

export interface CardLayout {
  readonly width: number;
  readonly height: number;
  readonly card: { readonly id: string; readonly x: number; readonly y: number; readonly r: number };
  readonly lan: readonly { readonly id: string; readonly label: string; readonly x: number; readonly y: number }[];
  readonly guests: readonly GuestSpot[];
  /** Radius of a guest's dot: smaller when there are many. */
  readonly dot: number;
}

export function cardLayout(t: Topology, width = 640, height?: number): CardLayout {
  const card = t.nodes.find((n) => n.type === 'qeth-osa');
  const nGuests = (card?.ports.length ?? 1) - 1;
  // A few guests need less height than a full ring of 80.
  if (height === undefined) height = nGuests > 20 ? 520 : 400;
  const cx = width / 2;
  const cy = height / 2 + 20;
  const cardR = 58;
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
  const ringR = Math.min(width, height - 60) / 2 - 24;
  // Leave the top of the ring free for the LAN link: spread guests over 300 degrees,
  // the first at the top left, going round counter-clockwise (left, bottom, right).
  const start = -Math.PI / 2 - (Math.PI / 180) * 30;
  const span = (Math.PI / 180) * 300;
  const guests = list.map((g, i) => {
    const a = start - (n === 1 ? span / 2 : (span * i) / (n - 1));
    return {
      ...g,
      x: cx + ringR * Math.cos(a),
      y: cy + ringR * Math.sin(a),
      rimX: cx + cardR * Math.cos(a),
      rimY: cy + cardR * Math.sin(a),
    };
  });
  const lan = lanIds.map((l, i) => ({ ...l, x: cx + (i - (lanIds.length - 1) / 2) * 120, y: 24 }));
  return {
    width,
    height,
    card: { id: card?.id ?? '', x: cx, y: cy, r: cardR },
    lan,
    guests,
    dot: n > 40 ? 6 : n > 12 ? 10 : 16,
  };
}
