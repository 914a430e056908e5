// What one move of the cursor did to a virtqueue, from the state difference between the
// two cursors (src/views/state-diff.ts): which ring fields got new bytes (in DRAM or in a
// CPU's cache), which cache lines changed state on either side, which private indexes
// moved, and whether the doorbell/interrupt registers changed. The view outlines these
// and tags them "new", so a student sees what the step did rather than only its result.
import type { KeyChange } from '../../state-diff';
import { fieldIndex } from '../geometry/field-index';
import { fromHex, type RingLayoutState } from '../geometry/ring-memory';

export interface LineChange {
  /** DRAM bytes of the line changed (a DMA, a write-back, a non-snooped store). */
  readonly dram: boolean;
  /** Cache state of the line on each side before → after, when it changed ('invalid' when absent). */
  readonly host?: readonly [string, string];
  readonly agent?: readonly [string, string];
}

export interface RingChanges {
  /** Ring field names whose bytes changed anywhere (desc[3].len, avail.idx, used.ring[0].id). */
  readonly fields: ReadonlySet<string>;
  readonly lines: ReadonlyMap<number, LineChange>;
  /** Driver-private (vq/…) and device-private (dev/…) indexes that moved, by name. */
  readonly driver: ReadonlySet<string>;
  readonly device: ReadonlySet<string>;
  readonly descRows: ReadonlySet<number>;
  readonly availSlots: ReadonlySet<number>;
  readonly usedSlots: ReadonlySet<number>;
}

export const NO_CHANGES: RingChanges = {
  fields: new Set(),
  lines: new Map(),
  driver: new Set(),
  device: new Set(),
  descRows: new Set(),
  availSlots: new Set(),
  usedSlots: new Set(),
};

type CacheEntry = { state: string; hex: string } | undefined;

const bytesOf = (v: unknown, L: number): Uint8Array =>
  typeof v === 'string'
    ? fromHex(v)
    : v && typeof v === 'object' && 'hex' in v
      ? fromHex(String(v.hex))
      : new Uint8Array(L);

/**
 * `diff` is `stateDiff(state, previous, cursor, '<node>/')`: keys relative to the backplane
 * node (`mem/<ram>/<line>`, `cache/<side>/<ram>/<line>`, `vq/<queue>/<name>`, `dev/<queue>/<name>`).
 */
export function ringChanges(diff: ReadonlyMap<string, KeyChange>, layout: RingLayoutState, queue: string): RingChanges {
  if (diff.size === 0) return NO_CHANGES;
  const { byAddr } = fieldIndex(layout);
  const L = layout.lineSize;
  const lo = layout.base - (layout.base % L);
  const hi = layout.base + layout.size;
  const fields = new Set<string>();
  const lines = new Map<number, { dram: boolean; host?: [string, string]; agent?: [string, string] }>();
  const driver = new Set<string>();
  const device = new Set<string>();
  const lineOf = (addr: number) => {
    let l = lines.get(addr);
    if (!l) lines.set(addr, (l = { dram: false }));
    return l;
  };
  const changedBytes = (line: number, before: unknown, after: unknown) => {
    const a = bytesOf(before, L);
    const b = bytesOf(after, L);
    for (let i = 0; i < L; i++)
      if (a[i] !== b[i]) {
        const f = byAddr.get(line + i);
        if (f) fields.add(f.name);
      }
  };
  const memPrefix = `mem/${layout.ram}/`;
  for (const [k, c] of diff) {
    if (k.startsWith(`vq/${queue}/`)) driver.add(k.slice(`vq/${queue}/`.length));
    else if (k.startsWith(`dev/${queue}/`)) device.add(k.slice(`dev/${queue}/`.length));
    else if (k.startsWith(memPrefix)) {
      const line = parseInt(k.slice(memPrefix.length), 16);
      if (!(line >= lo && line < hi)) continue;
      lineOf(line).dram = true;
      changedBytes(line, c.before, c.after);
    } else {
      const m = /^cache\/(host|agent)\/(host|agent)\/(0x[0-9a-f]+)$/.exec(k);
      if (!m || m[2] !== layout.ram) continue;
      const line = parseInt(m[3], 16);
      if (line < lo || line >= hi) continue;
      const b = c.before as CacheEntry;
      const a = c.after as CacheEntry;
      const side = m[1] as 'host' | 'agent';
      const from = b?.state ?? 'invalid';
      const to = a?.state ?? 'invalid';
      lineOf(line)[side] = [from, to];
      // A line filled from DRAM or invalidated shows no new field value; a store into the cache does.
      if (b && a) changedBytes(line, b, a);
    }
  }
  const pick = (re: RegExp): Set<number> => {
    const out = new Set<number>();
    for (const f of fields) {
      const m = re.exec(f);
      if (m) out.add(Number(m[1]));
    }
    return out;
  };
  return {
    fields,
    lines,
    driver,
    device,
    descRows: pick(/^desc\[(\d+)\]/),
    availSlots: pick(/^avail\.ring\[(\d+)\]/),
    usedSlots: pick(/^used\.ring\[(\d+)\]/),
  };
}

/** One line of text for a cache line's change ("host cache: dirty → clean; DRAM rewritten"). */
export function lineChangeText(c: LineChange): string {
  const parts: string[] = [];
  if (c.host) parts.push(`host cache ${c.host[0]} → ${c.host[1]}`);
  if (c.agent) parts.push(`agent cache ${c.agent[0]} → ${c.agent[1]}`);
  if (c.dram) parts.push('DRAM bytes rewritten');
  return parts.join('; ');
}
