// The ring's fields by byte and by cache line, computed once per layout: a queue of 256
// entries has over 1,500 fields, and rebuilding them for every line on every step made
// holding → on a big ring freeze the page (ringFields was the top self time in Chromium).
import { ringFields, type RingField, type VringLayout } from '../../../engine/devices/virtio/layout';
import type { RingLayoutState } from './ring-memory';

export interface FieldIndex {
  /** Field holding each byte address. */
  readonly byAddr: ReadonlyMap<number, RingField>;
  /** Short summary of the fields in each cache line ("desc[0], desc[1], desc[2], desc[3]"). */
  readonly lineSummary: ReadonlyMap<number, string>;
}

const cache = new Map<string, FieldIndex>();

const keyOf = (l: RingLayoutState): string =>
  [
    l.kind ?? 'split',
    l.num,
    l.base,
    l.desc,
    l.avail,
    l.availIdx,
    l.usedEvent,
    l.used,
    l.usedIdx,
    l.availEvent,
    l.lineSize,
  ].join('/');

/** Short name of a field for a line summary: desc[3].addr and desc[3].len are both desc[3]. */
export const shortField = (name: string): string => name.replace(/\[(\d+)\]\.(addr|len|flags|next|id)$/, '[$1]');

export function fieldIndex(layout: RingLayoutState): FieldIndex {
  const key = keyOf(layout);
  const hit = cache.get(key);
  if (hit) return hit;
  const byAddr = new Map<number, RingField>();
  const names = new Map<number, string[]>();
  const L = layout.lineSize;
  for (const f of ringFields(layout as unknown as VringLayout)) {
    for (let a = f.addr; a < f.addr + f.size; a++) byAddr.set(a, f);
    for (let line = f.addr - (f.addr % L); line < f.addr + f.size; line += L) {
      const list = names.get(line) ?? [];
      const s = shortField(f.name);
      if (list.at(-1) !== s) list.push(s);
      names.set(line, list);
    }
  }
  const lineSummary = new Map<number, string>();
  for (const [line, list] of names) {
    const uniq = [...new Set(list)];
    lineSummary.set(line, uniq.length > 4 ? `${uniq[0]} … ${uniq[uniq.length - 1]}` : uniq.join(', '));
  }
  const out = { byAddr, lineSummary };
  if (cache.size > 16) cache.clear();
  cache.set(key, out);
  return out;
}
