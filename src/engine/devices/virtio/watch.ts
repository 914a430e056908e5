// Turns memory and cache activity over the rings into trace state: DRAM per 64-byte line
// (`mem/<ram>/<line>` = hex), each side's cached copy (`cache/<side>/<ram>/<line>` =
// {state, hex}), and the ring's index fields as numbers (`ring/<queue>/<field>`), so a
// view can colour dirty and stale lines and a checkpoint can ask for avail.idx. It also
// catches false sharing: a write that changes a field the writer does not own.
import type { Cache, Line } from './cache';
import { getLe16, hex, toHex, type Ram } from './ram';
import { ringFields, type RingField } from './layout';
import type { RingLayout } from './ring-api';

interface Region {
  readonly ram: Ram;
  readonly queue: string;
  readonly layout: RingLayout;
  readonly fields: RingField[];
  /** Fields by the line they start in, so a write looks only at its own lines. */
  readonly byLine: Map<number, RingField[]>;
  /** The index and flag fields published as numbers. */
  readonly watched: RingField[];
  /** Who plays driver and device for this ring (CPU side names or 'dma'). */
  readonly driver: string;
  readonly device: string;
  /** For a ring both of whose users share one CPU, values are read as that CPU sees them. */
  readonly view?: Cache;
}

export interface Clobber {
  readonly queue: string;
  readonly field: string;
  readonly writer: string;
  readonly before: number;
  readonly after: number;
  readonly line: number;
}

const WATCHED = [
  'avail.flags',
  'avail.idx',
  'used_event',
  'used.flags',
  'used.idx',
  'avail_event',
  'driver_event.off_wrap',
  'driver_event.flags',
  'device_event.off_wrap',
  'device_event.flags',
];

export class StateWatch {
  private readonly regions: Region[] = [];
  private readonly lines = new Set<string>();
  private readonly cached = new Map<string, { cache: Cache; ram: Ram; addr: number }>();
  readonly clobbers: Clobber[] = [];
  /** Regions whose bytes (or whose viewing cache) changed since the last flush. */
  private readonly dirty = new Set<Region>();

  constructor(readonly lineSize: number) {}

  addRing(ram: Ram, queue: string, layout: RingLayout, driver: string, device: string, view?: Cache): void {
    const fields = ringFields(layout);
    const byLine = new Map<number, RingField[]>();
    for (const f of fields) {
      const la = f.addr - (f.addr % this.lineSize);
      (byLine.get(la) ?? byLine.set(la, []).get(la)!).push(f);
    }
    this.regions.push({
      ram,
      queue,
      layout,
      fields,
      byLine,
      watched: fields.filter((f) => WATCHED.includes(f.name)),
      driver,
      device,
      view,
    });
    for (let a = layout.base; a < layout.base + layout.size; a += this.lineSize)
      this.lines.add(`${ram.name}|${a - (a % this.lineSize)}`);
  }

  private inRing(ram: Ram, addr: number): boolean {
    return this.regions.some(
      (r) => r.ram === ram && addr + this.lineSize > r.layout.base && addr < r.layout.base + r.layout.size,
    );
  }

  /** Listen to a RAM's writes; a RAM shared by several boards' watches tells each of them. */
  listenRam(ram: Ram): void {
    const earlier = ram.listener;
    ram.listener = (addr, len, writer, before) => {
      earlier?.(addr, len, writer, before);
      for (const r of this.regions) {
        if (r.ram !== ram || addr >= r.layout.base + r.layout.size || addr + len <= r.layout.base) continue;
        for (let a = addr - (addr % this.lineSize); a < addr + len; a += this.lineSize)
          this.lines.add(`${ram.name}|${a}`);
        this.dirty.add(r);
        if (r.driver === r.device) continue;
        const near: RingField[] = [];
        for (let a = addr - (addr % this.lineSize) - this.lineSize; a < addr + len; a += this.lineSize)
          near.push(...(r.byLine.get(a) ?? []));
        for (const f of near) {
          if (f.addr >= addr + len || f.addr + f.size <= addr) continue;
          // Packed descriptors have two writers by design; only single-writer fields can be clobbered.
          if (f.writer === 'both') continue;
          const owner = f.writer === 'driver' ? r.driver : r.device;
          if (writer === owner || writer === 'reset' || (f.writer === 'device' && writer === 'dma')) continue;
          const o = f.addr - addr;
          const now = ram.read(f.addr, f.size);
          const was = before.subarray(Math.max(0, o), Math.max(0, o) + f.size);
          if (o < 0 || toHex(now) === toHex(was)) continue;
          const num = (b: Uint8Array): number =>
            f.size === 2 ? getLe16(b) : b.reduce((s, x, i) => s + x * 2 ** (8 * i), 0);
          this.clobbers.push({
            queue: r.queue,
            field: f.name,
            writer,
            before: num(was),
            after: num(now),
            line: addr - (addr % this.lineSize),
          });
        }
      }
    };
  }

  listenCache(cache: Cache): void {
    const earlier = cache.listener;
    cache.listener = (line: Line | undefined, ram: Ram, addr: number) => {
      earlier?.(line, ram, addr);
      if (!this.inRing(ram, addr)) return;
      this.cached.set(`${cache.side}|${ram.name}|${addr}`, { cache, ram, addr });
      for (const r of this.regions) if (r.view === cache && r.ram === ram) this.dirty.add(r);
    };
  }

  /** Emit every changed key through `set`. */
  flush(set: (key: string, value: unknown) => void, rams: readonly Ram[]): void {
    for (const k of this.lines) {
      const [name, a] = k.split('|');
      const ram = rams.find((r) => r.name === name);
      if (!ram) continue;
      set(`mem/${name}/${hex(Number(a))}`, toHex(ram.read(Number(a), this.lineSize)));
    }
    this.lines.clear();
    for (const [k, { cache, ram, addr }] of this.cached) {
      void k;
      const line = cache.get(ram, addr);
      set(
        `cache/${cache.side}/${ram.name}/${hex(addr)}`,
        line ? { state: line.dirty ? 'dirty' : 'clean', hex: toHex(line.data) } : undefined,
      );
    }
    this.cached.clear();
    for (const r of this.dirty) {
      for (const f of r.watched) {
        const la = f.addr - (f.addr % this.lineSize);
        const line = r.view?.get(r.ram, la);
        set(`ring/${r.queue}/${f.name}`, getLe16(line ? line.data : r.ram.read(f.addr, 2), line ? f.addr - la : 0));
      }
    }
    this.dirty.clear();
  }
}
