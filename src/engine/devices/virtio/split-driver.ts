// The driver side of a split virtqueue, following Linux drivers/virtio/virtio_ring.c
// (v5.15): free list in driver-private desc_extra[].next, chains with NEXT, num_free,
// avail->idx published on every add and one kick per batch (virtqueue_add_split,
// virtqueue_kick_prepare_split), reclaim by detach_buf_split (LIFO by chain).
// Linux allocates rings coherent and does no cache maintenance; over a non-coherent
// backplane this driver adds the OpenAMP order around every shared field
// (lib/virtio/virtqueue.c vq_ring_update_avail / virtqueue_get_buffer): write, clean,
// barrier, publish the index, clean it; invalidate before reading the peer's fields.
import type { CpuMemory, HeldStore } from './cpu-memory';
import type { Breaks } from './breaks';
import { hex, le16, le32, le64, getLe16, getLe32 } from './ram';
import {
  availRingAddr,
  descAddr,
  usedRingAddr,
  VRING_DESC_F_INDIRECT,
  VRING_DESC_F_NEXT,
  VRING_DESC_F_WRITE,
  VRING_AVAIL_F_NO_INTERRUPT,
  VRING_USED_F_NO_NOTIFY,
  type VringLayout,
} from './layout';
import { u16, vringNeedEvent } from './need-event';
import type { Rec } from './record';
import * as say from './words';
import { roomFor } from './driver-room';
import { driverClean, driverInvalidate } from './cache-maint';

/** What vring_interrupt found on one queue, with the fields it read. */
export interface ProbeResult {
  readonly more: boolean;
  readonly seen: Record<string, number>;
  readonly decision: string;
  readonly source: string;
  readonly readBytes: { start: number; end: number }[];
}

export interface Sg {
  readonly addr: number;
  readonly len: number;
  readonly write: boolean;
}

export interface DriverOptions {
  /** Queue name in the trace, e.g. "host.tx". */
  readonly name: string;
  readonly layout: VringLayout;
  readonly eventIdx: boolean;
  /** VIRTIO_F_INDIRECT_DESC: multi-element buffers use one slot and a table at indirectBase + 256*head. */
  readonly indirectBase?: number;
  /** Clean/invalidate around shared fields (the device is another computer that does not snoop this cache). */
  readonly maintenance: boolean;
  readonly breaks: Breaks;
}

const SRC_ADD = 'virtqueue_add_split (drivers/virtio/virtio_ring.c)';
const SRC_KICK = 'virtqueue_kick_prepare_split';
const SRC_GET = 'virtqueue_get_buf_ctx_split';

export class SplitDriver<T> {
  numFree: number;
  freeHead = 0;
  readonly next: number[];
  availIdxShadow = 0;
  numAdded = 0;
  lastUsedIdx = 0;
  private readonly tokens: (T | undefined)[];
  /** Where stores held by a missing barrier go (the device lands them later). */
  onHeld: (held: HeldStore[]) => void = () => {};
  /** Held stores not yet in memory; a full barrier (virtio_mb in kick_prepare) lands them. */
  readonly unlanded: HeldStore[][] = [];

  /** Land held stores now (returns how many). */
  landHeld(): number {
    let n = 0;
    for (const h of this.unlanded.splice(0)) {
      this.mem.land(h);
      n += h.length;
    }
    return n;
  }

  /** VRING_AVAIL_F_NO_INTERRUPT while callbacks are off (split.avail_flags_shadow; callbacks.ts). */
  availFlagsShadow = 0;

  constructor(
    readonly mem: CpuMemory,
    readonly opts: DriverOptions,
    readonly rec: Rec,
  ) {
    const n = opts.layout.num;
    this.numFree = n;
    // vring_alloc_desc_extra: memset 0, then next = i + 1 for i < num - 1, so the last is 0.
    this.next = Array.from({ length: n }, (_, i) => (i < n - 1 ? i + 1 : 0));
    this.tokens = new Array(n).fill(undefined);
  }

  get num(): number {
    return this.opts.layout.num;
  }

  /** Publish the driver-private state for views and checkpoints. */
  publish(): void {
    const q = `vq/${this.opts.name}`;
    this.rec.set(`${q}/num_free`, this.numFree);
    this.rec.set(`${q}/free_head`, this.freeHead);
    this.rec.set(`${q}/avail_idx_shadow`, this.availIdxShadow);
    this.rec.set(`${q}/last_used_idx`, this.lastUsedIdx);
    this.rec.set(`${q}/num_added`, this.numAdded);
  }

  /** split.avail_flags_shadow (NO_INTERRUPT while callbacks are off); published once callbacks are toggled. */
  publishCallbacks(): void {
    this.rec.set(`vq/${this.opts.name}/avail_flags_shadow`, this.availFlagsShadow);
  }

  private cleanStep(what: string, addr: number, len: number, skip: boolean, because: string): void {
    driverClean(this.mem, this.rec, this.opts, what, addr, len, skip, because);
  }

  private invalidateStep(what: string, addr: number, len: number, skip: boolean): void {
    driverInvalidate(this.mem, this.rec, this.opts, what, addr, len, skip);
  }

  private writeDesc(
    tableAddr: number,
    i: number,
    addr: number,
    len: number,
    flags: number,
    next: number,
    where: string,
  ): void {
    const d = tableAddr + 16 * i;
    const b = new Uint8Array(16);
    b.set(le64(addr), 0);
    b.set(le32(len), 8);
    b.set(le16(flags), 12);
    b.set(le16(next), 14);
    this.mem.write(d, b);
    const f =
      [
        flags & VRING_DESC_F_NEXT ? 'NEXT' : '',
        flags & VRING_DESC_F_WRITE ? 'WRITE' : '',
        flags & VRING_DESC_F_INDIRECT ? 'INDIRECT' : '',
      ]
        .filter(Boolean)
        .join('|') || '0';
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.addrLenFlagsNext(
        this.opts.maintenance,
        flags,
        where,
        next,
        i,
        hex(addr),
        len,
        f,
        hex(d),
        this.mem.side,
      ),
      source: SRC_ADD,
      detail: {
        queue: this.opts.name,
        op: 'write',
        field: `${where}[${i}]`,
        addr: d,
        len: 16,
        value: { addr, len, flags, next },
        side: this.mem.side,
      },
    });
  }

  /**
   * Expose one buffer (readable parts first, then writable). Returns the head, or
   * 'ENOSPC' when there are fewer free descriptors than it needs.
   */
  add(sgs: readonly Sg[], token: T): number | 'ENOSPC' {
    const l = this.opts.layout;
    const room = roomFor(this.rec, this.opts.name, this.opts.indirectBase, sgs.length, this.numFree, SRC_ADD);
    if (room === 'ENOSPC') return room;
    const { indirect: useIndirect, needed } = room;
    // The missing barrier shows where stores go straight to memory (coherent mode); with
    // write-back caches the cleans below are what publish, in the order they are done.
    const reorder = this.opts.breaks.noWmb && this.mem.coherent;
    if (reorder) this.mem.holdStores();
    const head = this.freeHead;
    let i = head;
    if (useIndirect) {
      const table = this.opts.indirectBase! + 256 * head;
      sgs.forEach((sg, j) =>
        this.writeDesc(
          table,
          j,
          sg.addr,
          sg.len,
          (j < sgs.length - 1 ? VRING_DESC_F_NEXT : 0) | (sg.write ? VRING_DESC_F_WRITE : 0),
          j + 1,
          'indirect',
        ),
      );
      this.cleanStep(
        `the indirect table at ${hex(table)}`,
        table,
        16 * sgs.length,
        this.opts.breaks.noCleanDesc,
        'noCleanDesc',
      );
      this.writeDesc(l.desc, head, table, 16 * sgs.length, VRING_DESC_F_INDIRECT, this.next[head], 'desc');
      i = this.next[head];
    } else {
      sgs.forEach((sg, j) => {
        const last = j === sgs.length - 1;
        // Linux writes NEXT on every element and clears it on the last after the loop; the
        // bytes end the same, so the final flags are written at once here.
        this.writeDesc(
          l.desc,
          i,
          sg.addr,
          sg.len,
          (last ? 0 : VRING_DESC_F_NEXT) | (sg.write ? VRING_DESC_F_WRITE : 0),
          this.next[i],
          'desc',
        );
        i = this.next[i];
      });
    }
    this.numFree -= needed;
    this.freeHead = i;
    this.tokens[head] = token;
    const slot = this.availIdxShadow & (l.num - 1);
    this.mem.write(availRingAddr(l, slot), le16(head));
    this.publish();
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.availRingSlotAvail(
        slot,
        head,
        this.availIdxShadow,
        l.num - 1,
        this.numFree + needed,
        this.numFree,
        this.freeHead,
      ),
      source: SRC_ADD,
      detail: {
        queue: this.opts.name,
        op: 'write',
        field: `avail.ring[${slot}]`,
        addr: availRingAddr(l, slot),
        len: 2,
        value: head,
        head,
        slot,
        side: this.mem.side,
      },
    });
    const descLines = useIndirect ? [descAddr(l, head)] : this.chainAddrs(head, sgs.length);
    for (const a of [...new Set(descLines.map((x) => this.mem.cache.lineOf(x)))])
      this.cleanStep(`the descriptor line ${hex(a)}`, a, 16, this.opts.breaks.noCleanDesc, 'noCleanDesc');
    this.cleanStep(
      `the avail.ring line ${hex(this.mem.cache.lineOf(availRingAddr(l, slot)))}`,
      availRingAddr(l, slot),
      2,
      this.opts.breaks.noCleanAvail,
      'noCleanAvail',
    );
    let held: HeldStore[] = [];
    if (reorder) {
      held = this.mem.releaseHeld();
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.brokenVirtioWmbBefore(held.length, held.length === 1 ? '' : 's'),
        source: 'break switch noWmb (spec "Updating idx": MUST perform a suitable memory barrier)',
        detail: { queue: this.opts.name, op: 'no-barrier', held: held.map((h) => h.addr) },
      });
    } else {
      this.mem.barrier();
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.virtioWmbDescriptorsRing(),
        source: SRC_ADD + ' virtio_wmb',
        detail: { queue: this.opts.name, op: 'wmb' },
      });
    }
    this.availIdxShadow = u16(this.availIdxShadow + 1);
    this.mem.write(l.availIdx, le16(this.availIdxShadow));
    this.numAdded++;
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.availIdxWrittenBuffer(this.availIdxShadow, hex(l.availIdx), head, this.numAdded),
      source: SRC_ADD,
      detail: {
        queue: this.opts.name,
        op: 'write',
        field: 'avail.idx',
        addr: l.availIdx,
        len: 2,
        value: this.availIdxShadow,
        side: this.mem.side,
      },
    });
    this.cleanStep(
      `the avail.idx line ${hex(this.mem.cache.lineOf(l.availIdx))}`,
      l.availIdx,
      2,
      this.opts.breaks.noCleanAvail,
      'noCleanAvail',
    );
    if (held.length) {
      this.unlanded.push(held);
      this.onHeld(held);
    }
    this.publish();
    return head;
  }

  private chainAddrs(head: number, n: number): number[] {
    const out: number[] = [];
    let i = head;
    for (let k = 0; k < n; k++) {
      out.push(descAddr(this.opts.layout, i));
      i = this.next[i];
    }
    return out;
  }

  /** virtqueue_kick_prepare_split: true if the device must be notified. */
  kickPrepare(): boolean {
    const l = this.opts.layout;
    this.mem.barrier();
    const landed = this.landHeld();
    if (landed)
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.virtioMbKickPrepare(landed),
        source: `${SRC_KICK} virtio_mb`,
        detail: { queue: this.opts.name, op: 'land' },
      });
    const old = u16(this.availIdxShadow - this.numAdded);
    const nw = this.availIdxShadow;
    this.numAdded = 0;
    let needs: boolean;
    let why: string;
    if (this.opts.eventIdx) {
      this.invalidateStep('the avail_event line', l.availEvent, 2, this.opts.breaks.noInvalidateUsed);
      const ev = getLe16(this.mem.read(l.availEvent, 2));
      needs = vringNeedEvent(ev, nw, old);
      why = say.virtioMbOldNew(needs, old, nw, ev);
    } else {
      this.invalidateStep('the used.flags line', l.usedFlags, 2, this.opts.breaks.noInvalidateUsed);
      const flags = getLe16(this.mem.read(l.usedFlags, 2));
      needs = !(flags & VRING_USED_F_NO_NOTIFY);
      why = say.virtioMbOldNew2(needs, old, nw, flags);
    }
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.kickPrepare(this.opts.name, why),
      source: this.opts.eventIdx ? `${SRC_KICK} / vring_need_event` : SRC_KICK,
      detail: { queue: this.opts.name, op: 'kick-prepare', old, new: nw, needs },
      readBytes: [
        {
          start: this.opts.eventIdx ? l.availEvent : l.usedFlags,
          end: (this.opts.eventIdx ? l.availEvent : l.usedFlags) + 2,
        },
      ],
    });
    this.publish();
    return needs;
  }

  /** more_used: does used.idx differ from last_used_idx? Reads (after invalidating) used.idx. */
  moreUsed(): { more: boolean; usedIdx: number } {
    const l = this.opts.layout;
    this.invalidateStep('the used.idx line', l.usedIdx, 2, this.opts.breaks.noInvalidateUsed);
    const usedIdx = getLe16(this.mem.read(l.usedIdx, 2));
    return { more: usedIdx !== this.lastUsedIdx, usedIdx };
  }

  /** What vring_interrupt's more_used check says, for the interrupt handler's step. */
  interruptProbe(): ProbeResult {
    const { more, usedIdx } = this.moreUsed();
    const a = this.opts.layout.usedIdx;
    return {
      more,
      seen: { usedIdx },
      decision: say.vringInterrupt(this.opts.name, usedIdx, this.lastUsedIdx, more),
      source: 'vring_interrupt / more_used_split',
      readBytes: [{ start: a, end: a + 2 }],
    };
  }

  /** virtqueue_get_buf: one used buffer, or undefined when used.idx == last_used_idx. */
  getBuf(): { token: T; len: number; id: number } | undefined | 'bad' {
    const l = this.opts.layout;
    const { more, usedIdx } = this.moreUsed();
    if (!more) {
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.usedIdxEqualsLast(this.opts.name, usedIdx, this.lastUsedIdx),
        source: `${SRC_GET} more_used`,
        detail: { queue: this.opts.name, op: 'read', field: 'used.idx', value: usedIdx, lastUsedIdx: this.lastUsedIdx },
        readBytes: [{ start: l.usedIdx, end: l.usedIdx + 2 }],
      });
      return undefined;
    }
    this.mem.barrier();
    const slot = this.lastUsedIdx & (l.num - 1);
    const ea = usedRingAddr(l, slot);
    this.invalidateStep(`the used.ring[${slot}] line`, ea, 8, this.opts.breaks.noInvalidateUsed);
    const e = this.mem.read(ea, 8);
    const id = getLe32(e, 0);
    const len = getLe32(e, 4);
    if (id >= l.num || this.tokens[id] === undefined) {
      this.rec.step({
        layer: 'memory',
        kind: 'drop',
        decision: say.usedRingIdLen(this.opts.name, slot, id, len),
        source: `${SRC_GET} (BAD_RING)`,
        detail: { queue: this.opts.name, op: 'bad-used', id, len, slot },
      });
      this.lastUsedIdx = u16(this.lastUsedIdx + 1);
      return 'bad';
    }
    const token = this.tokens[id]!;
    this.tokens[id] = undefined;
    // detach_buf_split: walk the chain, count descriptors, push it at the front of the free list.
    let i = id;
    let count = 1;
    for (;;) {
      const flags = getLe16(this.mem.read(descAddr(l, i) + 12, 2));
      if (!(flags & VRING_DESC_F_NEXT)) break;
      i = this.next[i];
      count++;
    }
    this.next[i] = this.freeHead;
    this.freeHead = id;
    this.numFree += count;
    const prevLast = this.lastUsedIdx;
    this.lastUsedIdx = u16(this.lastUsedIdx + 1);
    this.publish();
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.usedIdxLastUsed(
        this.opts.name,
        usedIdx,
        prevLast,
        slot,
        id,
        len,
        count,
        i,
        this.next[i],
        this.numFree,
        this.lastUsedIdx,
      ),
      source: `${SRC_GET} / detach_buf_split`,
      detail: { queue: this.opts.name, op: 'get-buf', id, len, slot, usedIdx },
      readBytes: [
        { start: l.usedIdx, end: l.usedIdx + 2 },
        { start: ea, end: ea + 8 },
      ],
    });
    // "If we expect an interrupt for the next entry, tell host": whenever callbacks are on,
    // with or without EVENT_IDX (a device without it never reads the field).
    if (!(this.availFlagsShadow & VRING_AVAIL_F_NO_INTERRUPT)) {
      this.mem.write(l.usedEvent, le16(this.lastUsedIdx));
      this.mem.barrier();
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.usedEventVirtioStore(this.lastUsedIdx, this.opts.eventIdx),
        source: `${SRC_GET} (vring_used_event)`,
        detail: {
          queue: this.opts.name,
          op: 'write',
          field: 'used_event',
          addr: l.usedEvent,
          len: 2,
          value: this.lastUsedIdx,
          side: this.mem.side,
        },
      });
      this.cleanStep('the used_event line', l.usedEvent, 2, this.opts.breaks.noCleanAvail, 'noCleanAvail');
    }
    this.publish();
    return { token, len, id };
  }

  /** Store one u16 ring field the driver owns, record it, and clean its line (callbacks.ts). */
  writeField(field: 'avail.flags' | 'used_event', value: number, decision: string, source: string): void {
    const l = this.opts.layout;
    const addr = field === 'avail.flags' ? l.availFlags : l.usedEvent;
    this.mem.write(addr, le16(value));
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision,
      source,
      detail: { queue: this.opts.name, op: 'write', field, addr, len: 2, value, side: this.mem.side },
    });
    this.cleanStep(`the ${field} line`, addr, 2, this.opts.breaks.noCleanAvail, 'noCleanAvail');
  }
}
