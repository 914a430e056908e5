// The device side of a split virtqueue, following Linux drivers/vhost/vringh.c: the ring
// logic is separate from how the ring is reached (vringh_*_kern, _user, _iotlb), so the
// same code serves the agent's own rings (local memory) and the host's rings (through the
// agent's outbound window onto host DRAM). __vringh_get_head, __vringh_iov,
// __vringh_complete, __vringh_need_notify, __vringh_notify_enable/disable.
// When the host ring is reached through a *cached* window, every read of a host-written
// field is preceded by an invalidate and every write followed by a clean (OpenAMP
// virtqueue_get_available_buffer / virtqueue_add_consumed_buffer).
import type { CpuMemory } from './cpu-memory';
import type { Breaks } from './breaks';
import { getLe16, getLe32, getLe64, hex, le16, le32 } from './ram';
import {
  availRingAddr,
  descAddr,
  usedRingAddr,
  VRING_AVAIL_F_NO_INTERRUPT,
  VRING_DESC_F_INDIRECT,
  VRING_DESC_F_NEXT,
  VRING_DESC_F_WRITE,
  VRING_USED_F_NO_NOTIFY,
  type VringLayout,
} from './layout';
import { pending, u16, vringNeedEvent } from './need-event';
import type { Sg } from './split-driver';
import type { Rec } from './record';
import * as say from './words';
import { deviceMaint } from './cache-maint';

export interface DeviceOptions {
  readonly name: string;
  /** The ring's addresses in the device CPU's own address space (window addresses for host rings). */
  readonly layout: VringLayout;
  readonly eventIdx: boolean;
  /** Invalidate/clean around ring fields: true when the ring is reached through a cached window. */
  readonly maintenance: boolean;
  readonly breaks: Breaks;
  /** Translate a buffer address found in a descriptor into the device CPU's address space. */
  readonly toLocal: (busAddr: number) => number;
}

const MAINT = deviceMaint({ invalidate: 'virtqueue_get_available_buffer', clean: 'virtqueue_add_consumed_buffer' });

export interface Chain {
  readonly head: number;
  readonly riov: Sg[];
  readonly wiov: Sg[];
}

export class VringhDevice {
  lastAvailIdx = 0;
  lastUsedIdx = 0;
  completed = 0;

  constructor(
    readonly mem: CpuMemory,
    readonly opts: DeviceOptions,
    private readonly rec: Rec,
  ) {}

  publish(): void {
    this.rec.set(`dev/${this.opts.name}/last_avail_idx`, this.lastAvailIdx);
    this.rec.set(`dev/${this.opts.name}/last_used_idx`, this.lastUsedIdx);
  }

  private inval(what: string, addr: number, len: number): void {
    MAINT.invalidate(this.mem, this.rec, this.opts, what, addr, len);
  }

  private clean(what: string, addr: number, len: number): void {
    MAINT.clean(this.mem, this.rec, this.opts, what, addr, len);
  }

  /** Read avail.idx (after invalidating when needed). */
  readAvailIdx(): number {
    const l = this.opts.layout;
    this.inval('the avail.idx line', l.availIdx, 2);
    return getLe16(this.mem.read(l.availIdx, 2));
  }

  /** Is there a buffer the device has not taken? (the agent's poll reads avail.idx for it). */
  peek(): { more: boolean; seen: string; read: Record<string, number> } {
    const idx = this.readAvailIdx();
    return { more: idx !== this.lastAvailIdx, seen: say.splitPeek(idx, this.lastAvailIdx), read: { availIdx: idx } };
  }

  /** vringh_abandon: give back the last `count` heads taken. */
  abandon(count: number): void {
    this.lastAvailIdx = u16(this.lastAvailIdx - count);
    this.publish();
  }

  /** __vringh_get_head: the next head, undefined if the ring is empty, or an error string. */
  getHead(): number | undefined | string {
    const l = this.opts.layout;
    const availIdx = this.readAvailIdx();
    const n = pending(availIdx, this.lastAvailIdx);
    if (n === 0) {
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.availIdxEqualsLast(this.opts.name, availIdx, this.lastAvailIdx),
        source: '__vringh_get_head',
        detail: {
          queue: this.opts.name,
          op: 'read',
          field: 'avail.idx',
          value: availIdx,
          lastAvailIdx: this.lastAvailIdx,
        },
        readBytes: [{ start: l.availIdx, end: l.availIdx + 2 }],
      });
      return undefined;
    }
    if (n > l.num) return say.availIdxAheadLast(availIdx, n, this.lastAvailIdx);
    this.mem.barrier();
    const slot = this.lastAvailIdx & (l.num - 1);
    this.inval(`the avail.ring[${slot}] line`, availRingAddr(l, slot), 2);
    const head = getLe16(this.mem.read(availRingAddr(l, slot), 2));
    const prev = this.lastAvailIdx;
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.availIdxLastAvail(this.opts.name, availIdx, prev, n, slot, head),
      source: '__vringh_get_head',
      detail: { queue: this.opts.name, op: 'get-head', availIdx, head, slot, pending: n },
      readBytes: [
        { start: l.availIdx, end: l.availIdx + 2 },
        { start: availRingAddr(l, slot), end: availRingAddr(l, slot) + 2 },
      ],
    });
    if (head >= l.num) return say.availRingDescriptorIndex(slot, head, l.num);
    this.lastAvailIdx = u16(this.lastAvailIdx + 1);
    this.publish();
    return head;
  }

  /** __vringh_iov: walk the chain into readable and writable pieces (one level of indirect). */
  getChain(head: number): Chain | string {
    const l = this.opts.layout;
    const riov: Sg[] = [];
    const wiov: Sg[] = [];
    let table = l.desc;
    let tableMax = l.num;
    let i = head;
    let count = 0;
    let indirect = false;
    for (;;) {
      const da = table + 16 * i;
      this.inval(`the descriptor line ${hex(this.mem.cache.lineOf(da))}`, da, 16);
      const d = this.mem.read(da, 16);
      const addr = getLe64(d, 0);
      const len = getLe32(d, 8);
      const flags = getLe16(d, 12);
      const next = getLe16(d, 14);
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.readAddrLenFlags(indirect, flags, this.opts.name, i, hex(da), hex(addr), len, next),
        source: '__vringh_iov',
        detail: { queue: this.opts.name, op: 'read-desc', index: i, addr, len, flags, next },
        readBytes: [{ start: da, end: da + 16 }],
      });
      if (++count > tableMax) return say.descriptorLoopMoreDescriptors(tableMax);
      if (flags & VRING_DESC_F_INDIRECT) {
        if (indirect) return 'nested indirect descriptor';
        indirect = true;
        table = this.opts.toLocal(addr);
        tableMax = Math.floor(len / 16);
        i = 0;
        count = 0;
        continue;
      }
      if (len > 0 || addr !== 0) {
        if (flags & VRING_DESC_F_WRITE) wiov.push({ addr, len, write: true });
        else {
          if (wiov.length) return 'Readable desc after writable';
          riov.push({ addr, len, write: false });
        }
      } else if (!(flags & VRING_DESC_F_WRITE)) riov.push({ addr, len, write: false });
      if (!(flags & VRING_DESC_F_NEXT)) break;
      if (next >= tableMax) return `next ${next} is out of range`;
      i = next;
    }
    return { head, riov, wiov };
  }

  /** __vringh_complete for one buffer. */
  complete(head: number, len: number): void {
    this.completeMulti([[head, len]]);
  }

  /**
   * __vringh_complete(vrh, used, num_used): every used element at (last_used_idx + completed
   * + k) % num, one barrier, then one used.idx store for all of them, as vringh_complete_multi_user
   * and vhost_add_used_n do, so the driver never sees a mergeable packet's first buffers without
   * the rest. As in the kernel, last_used_idx itself moves only in need_notify.
   */
  completeMulti(entries: readonly (readonly [number, number])[]): void {
    const l = this.opts.layout;
    const base = u16(this.lastUsedIdx + this.completed);
    entries.forEach(([head, len], k) => {
      const slot = u16(base + k) & (l.num - 1);
      const ea = usedRingAddr(l, slot);
      const e = new Uint8Array(8);
      e.set(le32(head), 0);
      e.set(le32(len), 4);
      this.mem.write(ea, e);
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.usedRingIdLen2(
          this.opts.name,
          slot,
          head,
          len,
          hex(ea),
          this.lastUsedIdx,
          this.completed + k,
          l.num - 1,
        ),
        source: '__vringh_complete',
        detail: {
          queue: this.opts.name,
          op: 'write',
          field: `used.ring[${slot}]`,
          addr: ea,
          len: 8,
          value: { id: head, len },
          side: this.mem.side,
        },
      });
      this.clean(`the used.ring[${slot}] line`, ea, 8);
    });
    this.mem.barrier();
    this.completed += entries.length;
    const nw = u16(base + entries.length);
    this.mem.write(l.usedIdx, le16(nw));
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision:
        entries.length === 1
          ? say.virtioWmbMakeSure(nw, hex(l.usedIdx))
          : say.usedIdxForMany(nw, hex(l.usedIdx), entries.length),
      source: '__vringh_complete',
      detail: {
        queue: this.opts.name,
        op: 'write',
        field: 'used.idx',
        addr: l.usedIdx,
        len: 2,
        value: nw,
        side: this.mem.side,
        entries: entries.length,
      },
    });
    this.clean('the used.idx line', l.usedIdx, 2);
    this.publish();
  }

  /** __vringh_need_notify: should the driver be interrupted for what was completed? */
  needNotify(): boolean {
    const l = this.opts.layout;
    this.mem.barrier();
    let notify: boolean;
    let why: string;
    const old = this.lastUsedIdx;
    const nw = u16(this.lastUsedIdx + this.completed);
    if (!this.opts.eventIdx) {
      this.inval('the avail.flags line', l.availFlags, 2);
      const flags = getLe16(this.mem.read(l.availFlags, 2));
      notify = !(flags & VRING_AVAIL_F_NO_INTERRUPT);
      why = `avail.flags = ${flags}: ${notify ? 'NO_INTERRUPT clear, interrupt' : say.interruptSetInterrupt()}`;
    } else {
      this.inval('the used_event line', l.usedEvent, 2);
      const ev = getLe16(this.mem.read(l.usedEvent, 2));
      notify = this.completed > 0xffff || vringNeedEvent(ev, nw, old);
      why = say.usedEventUsedMoved(ev, old, nw, notify);
    }
    this.lastUsedIdx = nw;
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.needNotifyVirtioMb(this.opts.name, why),
      source: this.opts.eventIdx ? '__vringh_need_notify / vring_need_event' : '__vringh_need_notify',
      detail: { queue: this.opts.name, op: 'need-notify', notify, completed: this.completed },
      readBytes: [
        {
          start: this.opts.eventIdx ? l.usedEvent : l.availFlags,
          end: (this.opts.eventIdx ? l.usedEvent : l.availFlags) + 2,
        },
      ],
    });
    this.completed = 0;
    this.publish();
    return notify;
  }

  /** __vringh_notify_enable: ask for kicks again; true if the ring is really empty. */
  notifyEnable(): boolean {
    const l = this.opts.layout;
    if (this.opts.eventIdx) {
      this.mem.write(l.availEvent, le16(this.lastAvailIdx));
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.notifyEnableAvailEvent(this.opts.name, this.lastAvailIdx),
        source: '__vringh_notify_enable',
        detail: {
          queue: this.opts.name,
          op: 'write',
          field: 'avail_event',
          addr: l.availEvent,
          len: 2,
          value: this.lastAvailIdx,
          side: this.mem.side,
        },
      });
      this.clean('the avail_event line', l.availEvent, 2);
    } else {
      this.mem.write(l.usedFlags, le16(0));
      this.rec.step({
        layer: 'memory',
        kind: 'decide',
        decision: say.notifyEnableUsedFlags(this.opts.name),
        source: '__vringh_notify_enable',
        detail: {
          queue: this.opts.name,
          op: 'write',
          field: 'used.flags',
          addr: l.usedFlags,
          len: 2,
          value: 0,
          side: this.mem.side,
        },
      });
      this.clean('the used.flags line', l.usedFlags, 2);
    }
    this.mem.barrier();
    const availIdx = this.readAvailIdx();
    const empty = availIdx === this.lastAvailIdx;
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.notifyEnableVirtioMb(empty, this.opts.name, availIdx),
      source: '__vringh_notify_enable ("They could have slipped one in as we were doing that")',
      detail: { queue: this.opts.name, op: 'notify-enable', availIdx, lastAvailIdx: this.lastAvailIdx, empty },
      readBytes: [{ start: l.availIdx, end: l.availIdx + 2 }],
    });
    return empty;
  }

  /** __vringh_notify_disable: without EVENT_IDX, set NO_NOTIFY while busy. */
  notifyDisable(): void {
    if (this.opts.eventIdx) return;
    const l = this.opts.layout;
    this.mem.write(l.usedFlags, le16(VRING_USED_F_NO_NOTIFY));
    this.rec.step({
      layer: 'memory',
      kind: 'decide',
      decision: say.notifyDisableUsedFlags(this.opts.name),
      source: '__vringh_notify_disable',
      detail: {
        queue: this.opts.name,
        op: 'write',
        field: 'used.flags',
        addr: l.usedFlags,
        len: 2,
        value: 1,
        side: this.mem.side,
      },
    });
    this.clean('the used.flags line', l.usedFlags, 2);
  }
}

export { descAddr };
