// Decodes one virtqueue from the device state at a step: the DRAM bytes of each 64-byte
// line of the ring, each side's cached copy of it (clean, dirty or stale: clean but no
// longer equal to DRAM), and the ring's fields as both DRAM and each cache hold them.
// Pure: it reads the flat state map the engine recorded, so Node tests can check it.

export interface RingLayoutState {
  /** 'packed' for a VIRTIO_F_RING_PACKED ring; the split fields below are then absent. */
  readonly kind?: 'packed';
  readonly driverEvent?: number;
  readonly deviceEvent?: number;
  readonly num: number;
  readonly base: number;
  readonly desc: number;
  readonly avail: number;
  readonly availIdx: number;
  readonly usedEvent: number;
  readonly used: number;
  readonly usedIdx: number;
  readonly availEvent: number;
  readonly size: number;
  readonly ram: 'host' | 'agent';
  readonly lineSize: number;
}

export type LineState = 'invalid' | 'clean' | 'dirty' | 'stale';

export interface LineView {
  readonly addr: number;
  readonly dram: Uint8Array;
  readonly host: { state: LineState; bytes?: Uint8Array };
  readonly agent: { state: LineState; bytes?: Uint8Array };
}

export interface Desc {
  readonly i: number;
  readonly addr: number;
  readonly len: number;
  readonly flags: number;
  /** Split: next in the chain. Packed: the buffer id. */
  readonly next: number;
}

/** A packed ring's two event suppression areas as the chosen reader sees them. */
export interface PackedEvents {
  readonly driver: { offWrap: number; flags: number };
  readonly device: { offWrap: number; flags: number };
}

export interface RingView {
  readonly queue: string;
  readonly layout: RingLayoutState;
  readonly lines: LineView[];
  readonly desc: Desc[];
  readonly packed?: PackedEvents;
  readonly avail: { flags: number; idx: number; ring: number[]; usedEvent: number };
  readonly used: { flags: number; idx: number; ring: { id: number; len: number }[]; availEvent: number };
  /** Driver-private and device-private indexes (not in shared memory). */
  readonly driver: Record<string, number>;
  readonly device: Record<string, number>;
}

export const hex = (v: number, d = 8): string => `0x${v.toString(16).padStart(d, '0')}`;

export function fromHex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const eq = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

type CacheEntry = { state: 'clean' | 'dirty'; hex: string };

/**
 * The same line content gives the same LineView object, and the same descriptor the same
 * Desc: the views key their rows by these objects, so a step that leaves a line or a
 * descriptor alone re-renders nothing for it (a 256-entry ring has ~100 lines and 256
 * descriptors, and rebuilding them all on each step cost more than a frame).
 */
const memo = <V>(limit: number) => {
  const m = new Map<string, V>();
  return (key: string, make: () => V): V => {
    let v = m.get(key);
    if (v === undefined) {
      if (m.size >= limit) m.clear();
      m.set(key, (v = make()));
    }
    return v;
  };
};
const lineMemo = memo<LineView>(4096);
const descMemo = memo<Desc>(4096);

function lineView(a: number, L: number, dramHex?: string, host?: CacheEntry, agent?: CacheEntry): LineView {
  const key = `${a}|${L}|${dramHex ?? ''}|${host?.state}:${host?.hex ?? ''}|${agent?.state}:${agent?.hex ?? ''}`;
  return lineMemo(key, () => {
    const dram = dramHex ? fromHex(dramHex) : new Uint8Array(L);
    const side = (c: CacheEntry | undefined): LineView['host'] => {
      if (!c) return { state: 'invalid' };
      const bytes = fromHex(c.hex);
      return { state: c.state === 'dirty' ? 'dirty' : eq(bytes, dram) ? 'clean' : 'stale', bytes };
    };
    return { addr: a, dram, host: side(host), agent: side(agent) };
  });
}

const descEntry = (i: number, addr: number, len: number, flags: number, next: number): Desc =>
  descMemo(`${i}|${addr}|${len}|${flags}|${next}`, () => ({ i, addr, len, flags, next }));

/** The virtio node's id in a trace (the first virtio-backplane or virtio-boards). */
export function backplaneNode(nodes: readonly { id: string; type: string }[]): string | undefined {
  return nodes.find((n) => n.type === 'virtio-backplane' || n.type === 'virtio-boards')?.id;
}

/** Every virtio node's id, in topology order. */
export function backplaneNodes(nodes: readonly { id: string; type: string }[]): string[] {
  return nodes.filter((n) => n.type === 'virtio-backplane' || n.type === 'virtio-boards').map((n) => n.id);
}

/** How many boards a multi-board backplane has (0 for a single backplane): its agent<k> ports. */
export function boardCount(nodes: readonly { type: string; ports: readonly string[] }[]): number {
  const n = nodes.find((x) => x.type === 'virtio-boards');
  return n ? n.ports.filter((p) => /^agent\d+$/.test(p)).length : 0;
}

export const QUEUES = ['host.tx', 'host.rx', 'agent.rx', 'agent.tx'] as const;

/**
 * `st` is `state.under(cursor, '<node>/')`. `view` chooses whose bytes the fields are
 * decoded from: DRAM (what a non-snooping reader sees) or one side's cache where it has
 * the line (what that CPU sees).
 */
export function ringView(
  st: Record<string, unknown>,
  queue: string,
  view: 'dram' | 'host' | 'agent' = 'dram',
): RingView | undefined {
  const layout = st[`layout/${queue}`] as RingLayoutState | undefined;
  if (!layout) return undefined;
  const L = layout.lineSize;
  const lines: LineView[] = [];
  for (let a = layout.base - (layout.base % L); a < layout.base + layout.size; a += L) {
    const dramHex = st[`mem/${layout.ram}/${hex(a)}`] as string | undefined;
    const host = st[`cache/host/${layout.ram}/${hex(a)}`] as CacheEntry | undefined;
    const agent = st[`cache/agent/${layout.ram}/${hex(a)}`] as CacheEntry | undefined;
    lines.push(lineView(a, L, dramHex, host, agent));
  }
  const byte = (addr: number): number => {
    const line = lines[Math.floor((addr - lines[0].addr) / L)];
    if (!line) return 0;
    const src = view !== 'dram' && line[view].bytes ? line[view].bytes! : line.dram;
    return src[addr - line.addr];
  };
  const u16 = (a: number): number => byte(a) | (byte(a + 1) << 8);
  const u32 = (a: number): number => (u16(a) | (u16(a + 2) << 16)) >>> 0;
  const u64 = (a: number): number => u32(a) + u32(a + 4) * 2 ** 32;
  const desc: Desc[] = [];
  for (let i = 0; i < layout.num; i++) {
    const d = layout.desc + 16 * i;
    // Split: flags at 12, next at 14. Packed (struct pvirtq_desc): id at 12, flags at 14.
    if (layout.kind === 'packed') desc.push(descEntry(i, u64(d), u32(d + 8), u16(d + 14), u16(d + 12)));
    else desc.push(descEntry(i, u64(d), u32(d + 8), u16(d + 12), u16(d + 14)));
  }
  const num = (prefix: string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(st))
      if (k.startsWith(prefix) && typeof v === 'number') out[k.slice(prefix.length)] = v;
    return out;
  };
  if (layout.kind === 'packed') {
    const ev = (a: number) => ({ offWrap: u16(a), flags: u16(a + 2) });
    return {
      queue,
      layout,
      lines,
      desc,
      packed: { driver: ev(layout.driverEvent!), device: ev(layout.deviceEvent!) },
      avail: { flags: 0, idx: 0, ring: [], usedEvent: 0 },
      used: { flags: 0, idx: 0, ring: [], availEvent: 0 },
      driver: num(`vq/${queue}/`),
      device: num(`dev/${queue}/`),
    };
  }
  return {
    queue,
    layout,
    lines,
    desc,
    avail: {
      flags: u16(layout.avail),
      idx: u16(layout.availIdx),
      ring: Array.from({ length: layout.num }, (_, i) => u16(layout.avail + 4 + 2 * i)),
      usedEvent: u16(layout.usedEvent),
    },
    used: {
      flags: u16(layout.used),
      idx: u16(layout.usedIdx),
      ring: Array.from({ length: layout.num }, (_, i) => ({
        id: u32(layout.used + 4 + 8 * i),
        len: u32(layout.used + 8 + 8 * i),
      })),
      availEvent: u16(layout.availEvent),
    },
    driver: num(`vq/${queue}/`),
    device: num(`dev/${queue}/`),
  };
}

/** Chains as the driver exposed them: from each head in the avail ring, follow NEXT. */
export function chains(v: RingView): { head: number; members: number[] }[] {
  const out: { head: number; members: number[] }[] = [];
  const inFlight = Math.min(v.layout.num, (v.avail.idx - v.used.idx) & 0xffff);
  for (let k = 0; k < inFlight; k++) {
    const head = v.avail.ring[(v.used.idx + k) & (v.layout.num - 1)];
    if (head >= v.layout.num) continue;
    const members = [head];
    let d = v.desc[head];
    while (d && d.flags & 1 && members.length <= v.layout.num) {
      members.push(d.next);
      d = v.desc[d.next];
    }
    out.push({ head, members });
  }
  return out;
}
