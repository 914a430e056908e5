// The device side of a packed virtqueue. Linux's vringh (the split device in vringh.ts) has no
// packed support, so this follows QEMU hw/virtio/virtio.c, the reference device for packed
// rings: virtio_queue_packed_empty_rcu and virtqueue_packed_pop (read the descriptor at
// last_avail_idx, test it with is_desc_avail against last_avail_wrap_counter, walk NEXT through
// consecutive slots, advance by the number of descriptors), virtqueue_packed_fill_desc and
// virtqueue_packed_flush (used descriptors from used_idx in completion order, the first one's
// flags written last after smp_wmb, used_idx and used_wrap_counter advance by the descriptors
// of each buffer), virtio_packed_should_notify (the driver area, signalled_used) and
// virtio_queue_packed_set_notification (the device area). The buffer id is taken from the last
// descriptor of a chain as the spec says (QEMU reads the first; Linux writes the same id into
// every descriptor, so they agree).
import type { CpuMemory } from './cpu-memory';
import type { Breaks } from './breaks';
import { getLe16, getLe32, getLe64, hex, le16, le32 } from './ram';
import { VRING_DESC_F_INDIRECT, VRING_DESC_F_NEXT, VRING_DESC_F_WRITE } from './layout';
import {
  deviceAvailUsed,
  EVENT_FLAG_DESC,
  EVENT_FLAG_DISABLE,
  EVENT_FLAG_ENABLE,
  isDescAvail,
  offWrap,
  packedDescAddr,
  packedEventIndex,
  packedFlagText,
  type PackedLayout,
} from './packed-layout';
import { vringNeedEvent } from './need-event';
import type { Sg } from './split-driver';
import type { Chain } from './vringh';
import type { Rec } from './record';
import * as say from './words';
import { deviceMaint } from './cache-maint';

export interface PackedDeviceOptions {
  readonly name: string;
  readonly layout: PackedLayout;
  readonly eventIdx: boolean;
  readonly maintenance: boolean;
  readonly breaks: Breaks;
  readonly toLocal: (busAddr: number) => number;
}

const MAINT = deviceMaint({
  invalidate: 'before reading what the driver wrote',
  clean: 'after writing for the driver',
});

export class PackedDevice {
  readonly packed = true;
  lastAvailIdx = 0;
  lastAvailWrap = 1;
  usedIdx = 0;
  usedWrap = 1;
  /** Buffers completed since the last notify decision. */
  completed = 0;
  private signalledUsed = 0;
  private signalledUsedValid = false;
  /** Ring slots each taken buffer occupies (QEMU elem->ndescs), by buffer id. */
  private readonly ndescs = new Map<number, number>();
  /** Slots of the chains taken, newest last, so a refused packet can give them back. */
  private readonly taken: number[] = [];

  constructor(
    readonly mem: CpuMemory,
    readonly opts: PackedDeviceOptions,
    private readonly rec: Rec,
  ) {}

  /** The split device's used index name, for code that reports both kinds. */
  get lastUsedIdx(): number {
    return this.usedIdx;
  }

  publish(): void {
    const q = `dev/${this.opts.name}`;
    this.rec.set(`${q}/last_avail_idx`, this.lastAvailIdx);
    this.rec.set(`${q}/last_avail_wrap_counter`, this.lastAvailWrap);
    this.rec.set(`${q}/used_idx`, this.usedIdx);
    this.rec.set(`${q}/used_wrap_counter`, this.usedWrap);
  }

  private inval(what: string, addr: number, len: number): void {
    MAINT.invalidate(this.mem, this.rec, this.opts, what, addr, len);
  }

  private clean(what: string, addr: number, len: number): void {
    MAINT.clean(this.mem, this.rec, this.opts, what, addr, len);
  }

  private readFlags(i: number): number {
    const a = packedDescAddr(this.opts.layout, i);
    this.inval(`the descriptor line ${hex(this.mem.cache.lineOf(a))}`, a, 16);
    return getLe16(this.mem.read(a + 14, 2));
  }

  /** virtio_queue_packed_empty_rcu, for the agent's poll and the re-check after enabling. */
  peek(): { more: boolean; seen: string; read: Record<string, number> } {
    const flags = this.readFlags(this.lastAvailIdx);
    const more = isDescAvail(flags, this.lastAvailWrap);
    return {
      more,
      seen: say.packedPeek(this.lastAvailIdx, packedFlagText(flags), this.lastAvailWrap, more),
      read: { slot: this.lastAvailIdx, flags },
    };
  }

  /** The next buffer's first slot, undefined when that descriptor is not available in this lap. */
  getHead(): number | undefined | string {
    const i = this.lastAvailIdx;
    const a = packedDescAddr(this.opts.layout, i);
    const flags = this.readFlags(i);
    const more = isDescAvail(flags, this.lastAvailWrap);
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.packedDeviceHead(this.opts.name, i, packedFlagText(flags), this.lastAvailWrap, more),
      source: 'virtqueue_packed_pop / is_desc_avail (QEMU hw/virtio/virtio.c)',
      detail: more
        ? { queue: this.opts.name, op: 'get-head', head: i, slot: i, flags }
        : { queue: this.opts.name, op: 'read', field: `desc[${i}].flags`, value: flags, lastAvailIdx: i },
      readBytes: [{ start: a + 14, end: a + 16 }],
    });
    if (!more) return undefined;
    this.mem.barrier();
    return i;
  }

  /** Walk the buffer from slot `head`: consecutive slots while NEXT is set, or one indirect table. */
  getChain(head: number): Chain | string {
    const l = this.opts.layout;
    const riov: Sg[] = [];
    const wiov: Sg[] = [];
    let i = head;
    let n = 0;
    let id: number;
    for (;;) {
      const da = packedDescAddr(l, i);
      if (i !== head) this.inval(`the descriptor line ${hex(this.mem.cache.lineOf(da))}`, da, 16);
      const d = this.mem.read(da, 16);
      const addr = getLe64(d, 0);
      const len = getLe32(d, 8);
      id = getLe16(d, 12);
      const flags = getLe16(d, 14);
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.packedDeviceReads(this.opts.name, i, hex(addr), len, id, packedFlagText(flags)),
        source: 'virtqueue_packed_pop / virtqueue_packed_read_next_desc',
        detail: { queue: this.opts.name, op: 'read-desc', index: i, addr, len, flags, id },
        readBytes: [{ start: da, end: da + 16 }],
      });
      if (++n > l.num) return say.descriptorLoopMoreDescriptors(l.num);
      if (flags & VRING_DESC_F_INDIRECT) {
        if (n > 1) return 'indirect descriptor inside a chain';
        const err = this.indirect(this.opts.toLocal(addr), len, riov, wiov);
        if (err) return err;
      } else if (flags & VRING_DESC_F_WRITE) wiov.push({ addr, len, write: true });
      else {
        if (wiov.length) return 'Readable desc after writable';
        riov.push({ addr, len, write: false });
      }
      if (!(flags & VRING_DESC_F_NEXT) || flags & VRING_DESC_F_INDIRECT) break;
      i = i + 1 >= l.num ? 0 : i + 1;
    }
    this.ndescs.set(id, n);
    this.taken.push(n);
    this.advance(n);
    return { head: id, riov, wiov };
  }

  /** An indirect table: len / 16 entries in order, only WRITE meaningful (spec "Indirect Flag"). */
  private indirect(table: number, len: number, riov: Sg[], wiov: Sg[]): string | undefined {
    this.inval(`the indirect table at ${hex(table)}`, table, len);
    for (let k = 0; k < Math.floor(len / 16); k++) {
      const d = this.mem.read(table + 16 * k, 16);
      const addr = getLe64(d, 0);
      const l = getLe32(d, 8);
      const flags = getLe16(d, 14);
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.packedIndirectReads(this.opts.name, k, hex(addr), l, packedFlagText(flags)),
        source: 'virtqueue_packed_pop (indirect table)',
        detail: { queue: this.opts.name, op: 'read-desc', index: k, addr, len: l, flags, indirect: true },
        readBytes: [{ start: table + 16 * k, end: table + 16 * k + 16 }],
      });
      if (flags & VRING_DESC_F_WRITE) wiov.push({ addr, len: l, write: true });
      else {
        if (wiov.length) return 'Readable desc after writable';
        riov.push({ addr, len: l, write: false });
      }
    }
    return undefined;
  }

  private advance(n: number): void {
    this.lastAvailIdx += n;
    if (this.lastAvailIdx >= this.opts.layout.num) {
      this.lastAvailIdx -= this.opts.layout.num;
      this.lastAvailWrap ^= 1;
    }
    this.publish();
  }

  /** virtqueue_packed_rewind: give back the last `count` buffers taken (a packet that could not be placed). */
  abandon(count: number): void {
    for (let k = 0; k < count; k++) {
      const n = this.taken.pop() ?? 0;
      if (this.lastAvailIdx < n) {
        this.lastAvailIdx = this.opts.layout.num + this.lastAvailIdx - n;
        this.lastAvailWrap ^= 1;
      } else this.lastAvailIdx -= n;
    }
    this.publish();
  }

  complete(head: number, len: number): void {
    this.completeMulti([[head, len]]);
  }

  /**
   * virtqueue_packed_flush: every used descriptor but the first, then smp_wmb and the first,
   * so the driver never sees a multi-buffer request in part. The used descriptor carries the id
   * and the bytes written; WRITE is set when the device wrote into the buffer (spec "Write
   * Flag"; QEMU leaves WRITE clear, and Linux reads len without looking at it).
   */
  completeMulti(entries: readonly (readonly [number, number])[]): void {
    const l = this.opts.layout;
    const slots: { slot: number; wrap: number; id: number; len: number }[] = [];
    let at = this.usedIdx;
    let wrap = this.usedWrap;
    for (const [id, len] of entries) {
      slots.push({ slot: at, wrap, id, len });
      at += this.ndescs.get(id) ?? 1;
      if (at >= l.num) {
        at -= l.num;
        wrap ^= 1;
      }
      this.ndescs.delete(id);
    }
    const write = (s: (typeof slots)[number], first: boolean): void => {
      const da = packedDescAddr(l, s.slot);
      const flags = deviceAvailUsed(s.wrap) | (s.len > 0 ? VRING_DESC_F_WRITE : 0);
      const body = new Uint8Array(6);
      body.set(le32(s.len), 0);
      body.set(le16(s.id), 4);
      this.mem.write(da + 8, body);
      if (first && entries.length > 1) this.mem.barrier();
      this.mem.write(da + 14, le16(flags));
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.packedUsedWritten(
          this.opts.name,
          s.slot,
          s.id,
          s.len,
          packedFlagText(flags),
          s.wrap,
          first && entries.length > 1,
        ),
        source: first
          ? 'virtqueue_packed_fill_desc (strict order) / virtqueue_packed_flush'
          : 'virtqueue_packed_fill_desc',
        detail: {
          queue: this.opts.name,
          op: 'write',
          field: `desc[${s.slot}]`,
          addr: da + 8,
          len: 8,
          value: { id: s.id, len: s.len, flags },
          side: this.mem.side,
        },
      });
      this.clean(`the descriptor line ${hex(this.mem.cache.lineOf(da))}`, da, 16);
    };
    slots.slice(1).forEach((s) => write(s, false));
    write(slots[0], true);
    this.usedIdx = at;
    if (wrap !== this.usedWrap) this.signalledUsedValid = false;
    this.usedWrap = wrap;
    this.completed += entries.length;
    this.publish();
  }

  /** virtio_packed_should_notify: the driver area decides (DISABLE, ENABLE, or DESC with its offset). */
  needNotify(): boolean {
    const l = this.opts.layout;
    this.mem.barrier();
    this.inval('the driver event area', l.driverEvent, 4);
    const e = this.mem.read(l.driverEvent, 4);
    const ow = getLe16(e, 0);
    const flags = getLe16(e, 2);
    const old = this.signalledUsed;
    const nw = (this.signalledUsed = this.usedIdx);
    const valid = this.signalledUsedValid;
    this.signalledUsedValid = true;
    let notify: boolean;
    let event: number | undefined;
    if (flags === EVENT_FLAG_DISABLE) notify = false;
    else if (flags === EVENT_FLAG_ENABLE) notify = true;
    else {
      event = packedEventIndex(ow, this.usedWrap, l.num);
      notify = !valid || vringNeedEvent(event, nw, old);
    }
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.packedNeedNotify(this.opts.name, flags, ow, this.usedWrap, old, nw, valid, event, notify),
      source: 'virtio_packed_should_notify / vring_packed_need_event (QEMU)',
      detail: { queue: this.opts.name, op: 'need-notify', notify, completed: this.completed },
      readBytes: [{ start: l.driverEvent, end: l.driverEvent + 4 }],
    });
    this.completed = 0;
    return notify;
  }

  private writeDeviceEvent(field: 'off_wrap' | 'flags', value: number, decision: string): void {
    const addr = this.opts.layout.deviceEvent + (field === 'flags' ? 2 : 0);
    this.mem.write(addr, le16(value));
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision,
      source: 'virtio_queue_packed_set_notification (QEMU)',
      detail: {
        queue: this.opts.name,
        op: 'write',
        field: `device_event.${field}`,
        addr,
        len: 2,
        value,
        side: this.mem.side,
      },
    });
    this.clean('the device event area', addr, 2);
  }

  /** Ask for notifications again, then look once more: true if the ring is really empty. */
  notifyEnable(): boolean {
    if (this.opts.eventIdx) {
      const v = offWrap(this.lastAvailIdx, this.lastAvailWrap);
      this.writeDeviceEvent(
        'off_wrap',
        v,
        say.packedEnableOffWrap(this.opts.name, this.lastAvailIdx, this.lastAvailWrap, v),
      );
      this.mem.barrier();
    }
    const flags = this.opts.eventIdx ? EVENT_FLAG_DESC : EVENT_FLAG_ENABLE;
    this.writeDeviceEvent('flags', flags, say.packedEnableFlags(this.opts.name, flags));
    this.mem.barrier();
    const { more, seen } = this.peek();
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.packedEnableRecheck(this.opts.name, seen, more),
      source: 'virtio_queue_set_notification then virtio_queue_empty (QEMU: "they could have slipped one in")',
      detail: { queue: this.opts.name, op: 'notify-enable', lastAvailIdx: this.lastAvailIdx, empty: !more },
      readBytes: [
        {
          start: packedDescAddr(this.opts.layout, this.lastAvailIdx) + 14,
          end: packedDescAddr(this.opts.layout, this.lastAvailIdx) + 16,
        },
      ],
    });
    return !more;
  }

  /** QEMU writes DISABLE into the device area whether or not EVENT_IDX was negotiated. */
  notifyDisable(): void {
    this.writeDeviceEvent('flags', EVENT_FLAG_DISABLE, say.packedDisable(this.opts.name));
  }
}
