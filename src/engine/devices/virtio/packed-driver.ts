// The driver side of a packed virtqueue, following Linux drivers/virtio/virtio_ring.c (v5.10 to
// v5.15): virtqueue_add_packed (the head's flags stored last, after virtio_wmb), the buffer-id
// free list in desc_state[].next, next_avail_idx with avail_wrap_counter and avail_used_flags
// flipped at the end of the ring, virtqueue_kick_prepare_packed (the device area's off_wrap and
// flags), virtqueue_get_buf_ctx_packed and detach_buf_packed (last_used_idx skips the buffer's
// descriptors; used_wrap_counter flips), and the driver area written only while the event flags
// shadow is DESC. Over the non-coherent backplane the same clean/invalidate order as the split
// driver is kept around every shared field (split-driver.ts).
import type { CpuMemory, HeldStore } from './cpu-memory';
import type { Breaks } from './breaks';
import { getLe16, getLe32, hex, le16, le32, le64 } from './ram';
import { VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE } from './layout';
import {
  driverAvailUsed,
  EVENT_FLAG_DESC,
  EVENT_FLAG_DISABLE,
  isDescUsed,
  offWrap,
  packedDescAddr,
  packedEventIndex,
  packedFlagText,
  type PackedLayout,
} from './packed-layout';
import { u16, vringNeedEvent } from './need-event';
import type { Rec } from './record';
import type { ProbeResult, Sg } from './split-driver';
import * as say from './words';
import { roomFor } from './driver-room';
import { driverClean, driverInvalidate } from './cache-maint';

export interface PackedDriverOptions {
  readonly name: string;
  readonly layout: PackedLayout;
  readonly eventIdx: boolean;
  /** VIRTIO_F_INDIRECT_DESC: multi-element buffers use one ring slot and a table at indirectBase + 256*id. */
  readonly indirectBase?: number;
  readonly maintenance: boolean;
  readonly breaks: Breaks;
}

const SRC_ADD = 'virtqueue_add_packed (drivers/virtio/virtio_ring.c)';
const SRC_KICK = 'virtqueue_kick_prepare_packed';
const SRC_GET = 'virtqueue_get_buf_ctx_packed';

export class PackedDriver<T> {
  readonly packed = true;
  numFree: number;
  /** The buffer-id free list (desc_state[].next in v5.10, desc_extra[].next from v5.14). */
  freeHead = 0;
  readonly next: number[];
  /** desc_state[id].num and .last: how many ring slots the buffer took, and its last id. */
  private readonly descsOf: number[];
  private readonly lastOf: number[];
  private readonly tokens: (T | undefined)[];
  nextAvailIdx = 0;
  availWrapCounter = 1;
  /** AVAIL set and USED clear on the first lap; both flip at every wrap. */
  availUsedFlags = driverAvailUsed(1);
  lastUsedIdx = 0;
  usedWrapCounter = 1;
  /** vq->packed.event_flags_shadow: what the driver last wrote to driver_event.flags. */
  eventFlagsShadow = 0;
  numAdded = 0;
  onHeld: (held: HeldStore[]) => void = () => {};
  readonly unlanded: HeldStore[][] = [];

  constructor(
    readonly mem: CpuMemory,
    readonly opts: PackedDriverOptions,
    readonly rec: Rec,
  ) {
    const n = opts.layout.num;
    this.numFree = n;
    // "Put everything in free lists": next = i + 1 for i < num - 1; the last stays 0 (memset).
    this.next = Array.from({ length: n }, (_, i) => (i < n - 1 ? i + 1 : 0));
    this.descsOf = new Array(n).fill(0);
    this.lastOf = new Array(n).fill(0);
    this.tokens = new Array(n).fill(undefined);
  }

  get num(): number {
    return this.opts.layout.num;
  }

  /** The split driver's avail index has no packed twin; callers that count in-flight buffers use this. */
  get availIdxShadow(): number {
    return this.nextAvailIdx;
  }

  landHeld(): number {
    let n = 0;
    for (const h of this.unlanded.splice(0)) {
      this.mem.land(h);
      n += h.length;
    }
    return n;
  }

  publish(): void {
    const q = `vq/${this.opts.name}`;
    this.rec.set(`${q}/num_free`, this.numFree);
    this.rec.set(`${q}/free_head`, this.freeHead);
    this.rec.set(`${q}/next_avail_idx`, this.nextAvailIdx);
    this.rec.set(`${q}/avail_wrap_counter`, this.availWrapCounter);
    this.rec.set(`${q}/last_used_idx`, this.lastUsedIdx);
    this.rec.set(`${q}/used_wrap_counter`, this.usedWrapCounter);
    this.rec.set(`${q}/num_added`, this.numAdded);
  }

  publishCallbacks(): void {
    this.rec.set(`vq/${this.opts.name}/event_flags_shadow`, this.eventFlagsShadow);
  }

  private clean(what: string, addr: number, len: number, skip: boolean, because: string): void {
    driverClean(this.mem, this.rec, this.opts, what, addr, len, skip, because);
  }

  private invalidate(what: string, addr: number, len: number, skip: boolean): void {
    driverInvalidate(this.mem, this.rec, this.opts, what, addr, len, skip);
  }

  private lineOf(a: number): number {
    return this.mem.cache.lineOf(a);
  }

  /** One descriptor; `flags` undefined leaves the flags word for later (the head's). */
  private writeDesc(
    table: number,
    i: number,
    addr: number,
    len: number,
    id: number,
    flags: number,
    head: boolean,
  ): void {
    const d = table + 16 * i;
    const b = new Uint8Array(head ? 14 : 16);
    b.set(le64(addr), 0);
    b.set(le32(len), 8);
    b.set(le16(id), 12);
    if (!head) b.set(le16(flags), 14);
    this.mem.write(d, b);
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.packedDescWritten(
        table === this.opts.layout.desc,
        i,
        hex(addr),
        len,
        id,
        packedFlagText(flags),
        head,
        hex(d),
      ),
      source: table === this.opts.layout.desc ? SRC_ADD : 'virtqueue_add_indirect_packed',
      detail: {
        queue: this.opts.name,
        op: 'write',
        field: `${table === this.opts.layout.desc ? 'desc' : 'indirect'}[${i}]`,
        addr: d,
        len: head ? 14 : 16,
        value: { addr, len, id, flags: head ? undefined : flags },
        side: this.mem.side,
      },
    });
  }

  /**
   * Expose one buffer. Linux takes `total_sg` ring slots and as many ids off the id free list,
   * writes every descriptor but the head's flags, then virtio_wmb and the head's flags.
   */
  add(sgs: readonly Sg[], token: T): number | 'ENOSPC' {
    const l = this.opts.layout;
    const room = roomFor(this.rec, this.opts.name, this.opts.indirectBase, sgs.length, this.numFree, SRC_ADD);
    if (room === 'ENOSPC') return room;
    const { indirect, needed } = room;
    const reorder = this.opts.breaks.noWmb && this.mem.coherent;
    if (reorder) this.mem.holdStores();
    const head = this.nextAvailIdx;
    const id = this.freeHead;
    const startWrap = this.availWrapCounter;
    let headFlags = 0;
    let i = head;
    let curr = id;
    let prev = id;
    const touched: number[] = [];
    const flip = (): void => {
      if (++i >= l.num) {
        i = 0;
        this.availUsedFlags ^= driverAvailUsed(0) | driverAvailUsed(1);
      }
    };
    if (indirect) {
      // virtqueue_add_indirect_packed: the table holds only WRITE flags; ids there are reserved.
      const table = this.opts.indirectBase! + 256 * id;
      sgs.forEach((sg, j) => this.writeDesc(table, j, sg.addr, sg.len, 0, sg.write ? VRING_DESC_F_WRITE : 0, false));
      this.clean(
        `the indirect table at ${hex(table)}`,
        table,
        16 * sgs.length,
        this.opts.breaks.noCleanDesc,
        'noCleanDesc',
      );
      headFlags = VRING_DESC_F_INDIRECT | this.availUsedFlags;
      this.writeDesc(l.desc, head, table, 16 * sgs.length, id, headFlags, true);
      touched.push(packedDescAddr(l, head));
      curr = this.next[id];
      flip();
    } else {
      sgs.forEach((sg, c) => {
        const flags =
          this.availUsedFlags | (c === sgs.length - 1 ? 0 : VRING_DESC_F_NEXT) | (sg.write ? VRING_DESC_F_WRITE : 0);
        if (i === head) headFlags = flags;
        this.writeDesc(l.desc, i, sg.addr, sg.len, id, flags, i === head);
        touched.push(packedDescAddr(l, i));
        prev = curr;
        curr = this.next[curr];
        flip();
      });
    }
    // Ended at or before where it started: it went past the ring's end. v5.10 to v5.15 test
    // i < head, which misses a chain of exactly num descriptors; upstream 1acfe2c12258
    // ("virtio_ring: fix avail_wrap_counter in virtqueue_add_packed", backported to 5.10.y)
    // made it i <= head.
    if (i <= head) this.availWrapCounter ^= 1;
    this.numFree -= needed;
    this.nextAvailIdx = i;
    this.freeHead = curr;
    this.descsOf[id] = needed;
    this.lastOf[id] = indirect ? id : prev;
    this.tokens[id] = token;
    // The rest of the chain reaches memory before the head's flags make it visible.
    const headLine = this.lineOf(packedDescAddr(l, head));
    for (const a of [...new Set(touched.map((x) => this.lineOf(x)))].filter((a) => a !== headLine))
      this.clean(`the descriptor line ${hex(a)}`, a, 16, this.opts.breaks.noCleanDesc, 'noCleanDesc');
    let held: HeldStore[] = [];
    if (reorder) {
      held = this.mem.releaseHeld();
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.packedNoWmb(held.length),
        source: 'break switch noWmb (spec packed-ring.tex: the first descriptor is made available last)',
        detail: { queue: this.opts.name, op: 'no-barrier', held: held.map((h) => h.addr) },
      });
    } else {
      this.mem.barrier();
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.packedWmbBeforeHead(head),
        source: `${SRC_ADD} virtio_wmb`,
        detail: { queue: this.opts.name, op: 'wmb' },
      });
    }
    const fa = packedDescAddr(l, head) + 14;
    this.mem.write(fa, le16(headFlags));
    this.numAdded += needed;
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.packedHeadFlags(
        this.opts.name,
        head,
        packedFlagText(headFlags),
        startWrap,
        id,
        needed,
        this.nextAvailIdx,
        this.availWrapCounter,
        this.numFree,
      ),
      source: SRC_ADD,
      detail: {
        queue: this.opts.name,
        op: 'write',
        field: `desc[${head}].flags`,
        addr: fa,
        len: 2,
        value: headFlags,
        head,
        id,
        slot: head,
        side: this.mem.side,
      },
    });
    this.clean(
      `the head's descriptor line ${hex(headLine)}`,
      headLine,
      16,
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

  /** virtqueue_kick_prepare_packed: read the device area (off_wrap and flags in one 32-bit load). */
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
    const old = u16(this.nextAvailIdx - this.numAdded);
    const nw = this.nextAvailIdx;
    this.numAdded = 0;
    this.invalidate('the device event area', l.deviceEvent, 4, this.opts.breaks.noInvalidateUsed);
    const snap = this.mem.read(l.deviceEvent, 4);
    const ow = getLe16(snap, 0);
    const flags = getLe16(snap, 2);
    let needs: boolean;
    let event: number | undefined;
    if (flags !== EVENT_FLAG_DESC) needs = flags !== EVENT_FLAG_DISABLE;
    else {
      event = packedEventIndex(ow, this.availWrapCounter, l.num);
      needs = vringNeedEvent(event, nw, old);
    }
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.packedKickPrepare(this.opts.name, flags, ow, this.availWrapCounter, old, nw, event, needs),
      source: flags === EVENT_FLAG_DESC ? `${SRC_KICK} / vring_need_event` : SRC_KICK,
      detail: { queue: this.opts.name, op: 'kick-prepare', old, new: nw, needs, flags, offWrap: ow },
      readBytes: [{ start: l.deviceEvent, end: l.deviceEvent + 4 }],
    });
    this.publish();
    return needs;
  }

  /** more_used_packed: is the descriptor at last_used_idx used in this lap? */
  moreUsed(): { more: boolean; usedIdx: number; flags: number } {
    const a = packedDescAddr(this.opts.layout, this.lastUsedIdx);
    this.invalidate(`the descriptor line ${hex(this.lineOf(a))}`, a, 16, this.opts.breaks.noInvalidateUsed);
    const flags = getLe16(this.mem.read(a + 14, 2));
    return { more: isDescUsed(flags, this.usedWrapCounter), usedIdx: this.lastUsedIdx, flags };
  }

  /** What vring_interrupt's more_used check says, for the interrupt handler's step. */
  interruptProbe(): ProbeResult {
    const { more, flags } = this.moreUsed();
    const a = packedDescAddr(this.opts.layout, this.lastUsedIdx) + 14;
    return {
      more,
      seen: { slot: this.lastUsedIdx, flags },
      decision: say.packedInterruptProbe(
        this.opts.name,
        this.lastUsedIdx,
        packedFlagText(flags),
        this.usedWrapCounter,
        more,
      ),
      source: 'vring_interrupt / more_used_packed',
      readBytes: [{ start: a, end: a + 2 }],
    };
  }

  getBuf(): { token: T; len: number; id: number } | undefined | 'bad' {
    const l = this.opts.layout;
    const { more, flags } = this.moreUsed();
    const da = packedDescAddr(l, this.lastUsedIdx);
    if (!more) {
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.packedNotUsed(this.opts.name, this.lastUsedIdx, packedFlagText(flags), this.usedWrapCounter),
        source: `${SRC_GET} more_used_packed / is_used_desc_packed`,
        detail: { queue: this.opts.name, op: 'read', field: `desc[${this.lastUsedIdx}].flags`, value: flags },
        readBytes: [{ start: da + 14, end: da + 16 }],
      });
      return undefined;
    }
    this.mem.barrier();
    const d = this.mem.read(da, 16);
    const id = getLe16(d, 12);
    const len = getLe32(d, 8);
    const slot = this.lastUsedIdx;
    if (id >= l.num || this.tokens[id] === undefined) {
      this.rec.step({
        layer: 'memory',
        kind: 'drop',
        decision: say.packedBadId(this.opts.name, slot, id, l.num),
        source: `${SRC_GET} (BAD_RING)`,
        detail: { queue: this.opts.name, op: 'bad-used', id, len, slot },
      });
      return 'bad';
    }
    const token = this.tokens[id]!;
    this.tokens[id] = undefined;
    // detach_buf_packed: the buffer's ids go back to the front of the free list.
    this.next[this.lastOf[id]] = this.freeHead;
    this.freeHead = id;
    this.numFree += this.descsOf[id];
    const wasWrap = this.usedWrapCounter;
    this.lastUsedIdx += this.descsOf[id];
    if (this.lastUsedIdx >= l.num) {
      this.lastUsedIdx -= l.num;
      this.usedWrapCounter ^= 1;
    }
    this.publish();
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.packedGetBuf(
        this.opts.name,
        slot,
        packedFlagText(flags),
        wasWrap,
        id,
        len,
        this.descsOf[id],
        this.lastUsedIdx,
        this.usedWrapCounter,
        this.numFree,
      ),
      source: `${SRC_GET} / detach_buf_packed`,
      detail: { queue: this.opts.name, op: 'get-buf', id, len, slot },
      readBytes: [{ start: da, end: da + 16 }],
    });
    if (this.eventFlagsShadow === EVENT_FLAG_DESC) {
      const v = offWrap(this.lastUsedIdx, this.usedWrapCounter);
      this.writeEvent(
        'off_wrap',
        v,
        say.packedGetBufOffWrap(this.lastUsedIdx, this.usedWrapCounter, v),
        `${SRC_GET} (virtio_store_mb)`,
      );
      this.mem.barrier();
    }
    this.publish();
    return { token, len, id };
  }

  /** Store one field of the driver event area, record it, clean its line. */
  writeEvent(field: 'off_wrap' | 'flags', value: number, decision: string, source: string): void {
    const addr = this.opts.layout.driverEvent + (field === 'flags' ? 2 : 0);
    this.mem.write(addr, le16(value));
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision,
      source,
      detail: {
        queue: this.opts.name,
        op: 'write',
        field: `driver_event.${field}`,
        addr,
        len: 2,
        value,
        side: this.mem.side,
      },
    });
    this.clean('the driver event area', addr, 2, this.opts.breaks.noCleanAvail, 'noCleanAvail');
  }
}
