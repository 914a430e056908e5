// Geometry of the VEPA view: the host box on the left holding the guests, the macvlan
// host(s) and the optional EVB station (S-channels); the uplink wire; the adjacent switch
// on the right with any outside hosts beyond it. Roles come from device types and links,
// so every VEPA scenario lays out the same way. A bridge drawn in a host's group is that
// host's own Linux bridge (the in-host switch VEPA replaces), and each host's software
// switch gets a box of its own with its guests. Pure: Node tests check it.
import type { Topology, TopologyLink } from '../../../engine/sim/types';

export type Role = 'guest' | 'macvlan' | 'hostbridge' | 'hypervisor' | 'station' | 'switch' | 'external';
export type LinkRole = 'uplink' | 'inside' | 'access';

export interface Point {
  readonly x: number;
  readonly y: number;
}
export interface NodeGeom extends Point {
  readonly id: string;
  readonly label: string;
  readonly type: string;
  readonly role: Role;
}
export interface LinkGeom {
  readonly id: string;
  readonly role: LinkRole;
  readonly a: Point & { node: string; port: string };
  readonly b: Point & { node: string; port: string };
}
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}
export interface VepaLayout {
  readonly width: number;
  readonly height: number;
  /** Scale from the 13 px design (1 on a lab page, 18/13 presenting); text sizes follow it. */
  readonly k: number;
  /** A node's box, centred on its point. */
  readonly box: { readonly w: number; readonly h: number };
  readonly nodes: ReadonlyMap<string, NodeGeom>;
  readonly links: readonly LinkGeom[];
  /** Around every host: the union of `hosts`. */
  readonly hostBox: Box;
  /** One box per host's software switch (macvlan host or in-host bridge) with its guests. */
  readonly hosts: readonly (Box & { readonly label: string })[];
}

export const COL = {
  guest: 64,
  macvlan: 188,
  hostbridge: 188,
  hypervisor: 188,
  station: 312,
  switch: 448,
  external: 572,
} as const;

/** Columns for a topology: without an EVB station the switch moves in by the station's column. */
export function columnsFor(hasStation: boolean): Record<Role, number> {
  const d = hasStation ? 0 : COL.station - COL.macvlan;
  return { ...COL, switch: COL.switch - d, external: COL.external - d };
}
const ROW = 70;
const TOP = 60;

export function roleOf(type: string, group?: string): Role | undefined {
  if (type === 'bridge') return group ? 'hostbridge' : 'switch';
  // The VDP lab's devices in a VEPA drawing: the hypervisor (libvirt, lldpad, macvtap) and
  // the switch with its VSI manager.
  if (type === 'vdp-switch') return 'switch';
  if (type === 'vdp-station') return 'hypervisor';
  if (type === 'evb-station') return 'station';
  if (type.startsWith('macvlan')) return 'macvlan';
  return undefined;
}

const peer = (l: TopologyLink, node: string): string => (l.a.node === node ? l.b.node : l.a.node);

/**
 * The layout for type at `k` times the 13 px design: columns, rows and boxes scale with
 * the type, so the drawing is shown 1:1 and grows (the pane scrolls) instead of the text
 * shrinking with a viewBox.
 */
export function vepaLayout(t: Topology, k = 1): VepaLayout {
  const type = new Map(t.nodes.map((n) => [n.id, n.type]));
  const role = new Map<string, Role>();
  for (const n of t.nodes) {
    const r = roleOf(n.type, n.group);
    if (r) role.set(n.id, r);
  }
  for (const n of t.nodes) {
    if (role.has(n.id)) continue;
    const near = t.links.filter((l) => l.a.node === n.id || l.b.node === n.id).map((l) => role.get(peer(l, n.id)));
    role.set(
      n.id,
      near.includes('macvlan') || near.includes('hostbridge') || near.includes('hypervisor') || near.includes('station')
        ? 'guest'
        : 'external',
    );
  }
  const ids = (r: Role) => t.nodes.filter((n) => role.get(n.id) === r).map((n) => n.id);
  const y = new Map<string, number>();
  let row = 0;
  // Guests in rows, grouped under the host switch they hang off; half a row between hosts.
  const switches = t.nodes
    .filter((n) => ['macvlan', 'hostbridge', 'hypervisor'].includes(role.get(n.id)!))
    .map((n) => n.id);
  const members = new Map<string, string[]>();
  switches.forEach((m, i) => {
    if (i > 0) row += 0.5;
    const gs = t.links
      .filter((l) => l.a.node === m || l.b.node === m)
      .map((l) => peer(l, m))
      .filter((p) => role.get(p) === 'guest' && !y.has(p));
    const first = row;
    for (const g of gs) y.set(g, TOP + ROW * row++);
    if (row === first) row++;
    y.set(m, TOP + (ROW * (first + row - 1)) / 2);
    members.set(m, [m, ...gs]);
  });
  for (const g of ids('guest')) if (!y.has(g)) y.set(g, TOP + ROW * row++);
  const rows = Math.max(row, 1);
  const mid = TOP + (ROW * (rows - 1)) / 2;
  for (const s of ids('station')) y.set(s, mid);
  ids('switch').forEach((s, i) => y.set(s, mid + i * ROW));
  const ext = ids('external');
  ext.forEach((e, i) => y.set(e, mid + (i - (ext.length - 1) / 2) * ROW));
  const col = columnsFor(ids('station').length > 0);
  const nodes = new Map<string, NodeGeom>();
  for (const n of t.nodes) {
    const r = role.get(n.id)!;
    nodes.set(n.id, { id: n.id, label: n.label, type: n.type, role: r, x: col[r] * k, y: (y.get(n.id) ?? mid) * k });
  }
  const links: LinkGeom[] = t.links.map((l) => {
    const ra = role.get(l.a.node)!;
    const rb = role.get(l.b.node)!;
    const inside = (r: Role) =>
      r === 'guest' || r === 'macvlan' || r === 'hostbridge' || r === 'hypervisor' || r === 'station';
    const lr: LinkRole =
      (ra === 'switch' && inside(rb) && rb !== 'guest') || (rb === 'switch' && inside(ra) && ra !== 'guest')
        ? 'uplink'
        : inside(ra) && inside(rb)
          ? 'inside'
          : 'access';
    const A = nodes.get(l.a.node)!;
    const B = nodes.get(l.b.node)!;
    return { id: l.id, role: lr, a: { x: A.x, y: A.y, ...l.a }, b: { x: B.x, y: B.y, ...l.b } };
  });
  const insideYs = t.nodes
    .filter((n) => ['guest', 'macvlan', 'hostbridge', 'hypervisor', 'station'].includes(role.get(n.id)!))
    .map((n) => nodes.get(n.id)!.y);
  const right = ids('station').length ? COL.station : COL.macvlan;
  const yMin = Math.min(...insideYs, mid * k) - 40 * k;
  const yMax = Math.max(...insideYs, mid * k) + 40 * k;
  const byId = new Map(t.nodes.map((n) => [n.id, n]));
  const hosts =
    switches.length > 1
      ? switches.map((m) => {
          const ys = members.get(m)!.map((id) => nodes.get(id)!.y);
          const top = Math.min(...ys) - 40 * k;
          const n = byId.get(m)!;
          const guestGroup = members
            .get(m)!
            .map((id) => byId.get(id)!.group)
            .find((g) => g);
          return {
            x: 8 * k,
            y: top,
            w: (COL.macvlan + 64 - 8) * k,
            h: Math.max(...ys) + 30 * k - top,
            label: n.group ?? guestGroup ?? n.label,
          };
        })
      : [{ x: 8 * k, y: yMin, w: (right + 64 - 8) * k, h: yMax - yMin, label: 'physical host' }];
  // Room under the lowest node for the notes drawn below a node (policy, 48 px down).
  const height = Math.max(yMax, ...[...nodes.values()].map((n) => n.y + 58 * k)) + 10 * k;
  void type;
  return {
    width: (col.external + 64) * k,
    height,
    k,
    box: { w: 108 * k, h: 38 * k },
    nodes,
    links,
    hostBox: { x: 8 * k, y: yMin, w: (right + 64 - 8) * k, h: yMax - yMin },
    hosts,
  };
}
